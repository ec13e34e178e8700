// The hosted one-page checkout, in two modes, both on the store's session cookie (shopper-sessions.js):
//   hosted    /checkout: a top-level page.
//   embedded  /embedded-checkout: the same checkout inside the Checkout SDK's iframe, where that cookie is a
//             third-party cookie; without it the frame gets BigCommerce's 403 "Cannot start checkout session
//             with an empty cart". The page talks to its parent with postMessage (pages/browser/
//             embedded-checkout.js) and may only be framed by the channel site (Content-Security-Policy:
//             frame-ancestors <site URL>, as BigCommerce sends). Once the order is placed the frame shows
//             /embedded-checkout/order-confirmation, with no order id and no query, as checkout-js does
//             (bigcommerce/checkout-js, Checkout.tsx navigateToOrderConfirmation).
// Both apply the Checkout API's own functions, then create the order and delete the cart.
import { findCart, priceCart, lineOptions, setCustomer, touch } from '../carts.js';
import { COUNTRIES, SUBDIVISIONS, applyCoupon, priceCheckout, setBillingAddress, shippingOptions, shipEverythingTo } from '../checkouts.js';
import { checkCredentials, findCustomer } from '../customers.js';
import { ApiError } from '../errors.js';
import { html, readForm, redirect } from '../store-http.js';
import { formatMoney, toDecimalString } from '../money.js';
import { createOrder } from '../orders.js';
import { errorPage, h, jsonForScript, raw, renderPage } from './layout.js';

const EMPTY_CART = 'Cannot start checkout session with an empty cart'; // BigCommerce's 403 (embedded checkout guide)
// checkout-js's words when no shipping zone takes the address (shipping.unavailable_shipping_options).
const NO_SHIPPING = "Unfortunately one or more items in your cart can't be shipped to your location. Please choose a different shipping address.";
const BILLING_FIELDS = ['email', 'first_name', 'last_name', 'address1', 'city', 'country_code', 'postal_code'];
const ADDRESS_INPUTS = [
  { field: 'first_name', label: 'First name', autocomplete: 'given-name', required: true },
  { field: 'last_name', label: 'Last name', autocomplete: 'family-name', required: true },
  { field: 'company', label: 'Company (optional)', autocomplete: 'organization' },
  { field: 'address1', label: 'Address', autocomplete: 'address-line1', required: true },
  { field: 'address2', label: 'Apartment, suite, etc. (optional)', autocomplete: 'address-line2' },
  { field: 'city', label: 'City', autocomplete: 'address-level2', required: true },
  { field: 'state_or_province', label: 'State or province (optional)', autocomplete: 'address-level1' },
  { field: 'postal_code', label: 'Postal code', autocomplete: 'postal-code', required: true },
  { field: 'country_code', label: 'Country', autocomplete: 'country', required: true },
  { field: 'phone', label: 'Phone (optional)', autocomplete: 'tel', type: 'tel' },
];

const siteOrigin = (ctx) => new URL(ctx.options.siteUrl).origin;

function headersFor(ctx, mode) {
  return mode === 'embedded'
    // same-origin: the frame's own form posts send Origin, and nothing of the store's URLs leaves the store.
    ? { 'Content-Security-Policy': `frame-ancestors ${siteOrigin(ctx)}`, 'Referrer-Policy': 'same-origin' }
    : { 'Content-Security-Policy': "frame-ancestors 'self'", 'Referrer-Policy': 'same-origin' };
}

/** Where a checkout form posts, in either mode. */
function pathFor(mode, suffix = '') {
  return mode === 'embedded' ? `/embedded-checkout${suffix}` : `/checkout${suffix}`;
}

/** A whole checkout page around the #checkout-app element the embedded script reads. */
function checkoutDocument(ctx, { mode, title, pageType, app, status = 200, session }) {
  const embedded = mode === 'embedded';
  const page = renderPage(ctx, {
    title,
    pageType,
    session,
    bare: true,
    bodyClass: embedded ? 'embedded' : '',
    head: embedded ? raw(`<script type="application/json" id="checkout-config">${jsonForScript({ parentOrigin: siteOrigin(ctx) })}</script>`) : '',
    body: app,
    footer: embedded
      ? raw('<script src="/embedded-checkout/iframeResizer.contentWindow.min.js"></script>\n<script src="/embedded-checkout/embedded-checkout.js"></script>')
      : '',
  });
  return html(status, page, headersFor(ctx, mode));
}

/**
 * The embedded checkout's "cannot load" page: it posts FRAME_ERROR {message} to the parent instead of
 * FRAME_LOADED, so the SDK's embedCheckout promise rejects (not_embeddable / missing_content).
 */
export function embeddedErrorPage(ctx, status, message) {
  const app = h`<div id="checkout-app" data-iframe-height data-state="error" data-message="${message}">
    <h1>Checkout unavailable</h1><p class="notice error" role="alert">${message}</p></div>`;
  return checkoutDocument(ctx, { mode: 'embedded', title: 'Checkout unavailable', pageType: 'checkout', app, status });
}

// ---- values and validation ------------------------------------------------------------------------------

function addressValues(prefix, address = {}) {
  const out = {};
  for (const { field } of ADDRESS_INPUTS) out[`${prefix}${field}`] = address?.[field] ?? '';
  if (!out[`${prefix}country_code`]) out[`${prefix}country_code`] = 'US';
  return out;
}

function sameAddress(a, b) {
  return Boolean(a && b) && ADDRESS_INPUTS.every(({ field }) => (a[field] ?? '') === (b[field] ?? ''));
}

/** The form's values for a fresh render: what the checkout already holds, else the customer's name. */
function storedValues(ctx, cart, session) {
  const customer = session.customer_id ? findCustomer(ctx.state, session.customer_id) : null;
  const consignment = cart.checkout.consignments[0];
  const billing = cart.checkout.billing;
  const ship = consignment?.address ?? (customer ? { first_name: customer.first_name, last_name: customer.last_name } : {});
  return {
    email: customer?.email ?? billing?.email ?? consignment?.address?.email ?? '',
    ...addressValues('ship_', ship),
    ...addressValues('bill_', billing ?? ship),
    billing_same: !billing || !consignment || sameAddress(billing, consignment.address) ? 'on' : '',
    shipping_option: consignment?.selected ?? '',
    customer_message: cart.checkout.customer_message,
    coupon_code: '',
  };
}

function postedValues(form) {
  const out = {};
  for (const [key, value] of form) if (typeof value === 'string') out[key] = value.slice(0, 2000);
  return out;
}

const hasPhysical = (ctx, cart) => cart.items.some((i) => i.kind === 'product' && ctx.state.products.find((p) => p.id === i.product_id)?.type === 'physical');

function readAddressFields(values, prefix, email, errors, what) {
  const address = { email };
  for (const { field, label, required } of ADDRESS_INPUTS) {
    const value = (values[`${prefix}${field}`] ?? '').trim();
    if (required && !value) errors[`${prefix}${field}`] = `Enter the ${what} ${label.toLowerCase()}`;
    if (value) address[field] = value;
  }
  if (address.country_code && !COUNTRIES[address.country_code]) errors[`${prefix}country_code`] = `Choose a country for the ${what}`;
  if (address.phone && !/^\+?[1-9]\d{1,14}$/.test(address.phone.replace(/[\s().-]/g, ''))) {
    errors[`${prefix}phone`] = `Enter the ${what} phone number with digits only, such as +15125550100`;
  }
  return address;
}

// ---- rendering ---------------------------------------------------------------------------------------

function fieldError(errors, name) {
  return errors[name] ? h`<p id="${name}-error" class="field-error">${errors[name]}</p>` : '';
}

function inputAttrs(errors, name) {
  return errors[name] ? raw(`aria-invalid="true" aria-describedby="${name}-error"`) : '';
}

function addressFieldset(prefix, legend, values, errors, { required = true } = {}) {
  return h`<fieldset id="${prefix}address"><legend>${legend}</legend>
    ${ADDRESS_INPUTS.map(({ field, label, autocomplete, type = 'text', required: fieldRequired }) => {
      const name = `${prefix}${field}`;
      const shipping = prefix === 'ship_' ? 'shipping' : 'billing';
      if (field === 'country_code') {
        return h`<label for="${name}">${label}</label>
          <select id="${name}" name="${name}" autocomplete="${shipping} ${autocomplete}" ${inputAttrs(errors, name)}>
            ${Object.entries(COUNTRIES).map(([code, country]) => h`<option value="${code}" ${values[name] === code ? raw('selected') : ''}>${country}</option>`)}
          </select>${fieldError(errors, name)}`;
      }
      return h`<label for="${name}">${label}</label>
        <input id="${name}" name="${name}" type="${type}" autocomplete="${shipping} ${autocomplete}" value="${values[name] ?? ''}"
          ${required && fieldRequired ? raw('required') : ''} ${inputAttrs(errors, name)}>${fieldError(errors, name)}`;
    })}
  </fieldset>`;
}

/**
 * The consignment the form's options are quoted for: the checkout's first, else every physical item to the
 * address the form holds (country and state), so the list follows what the shopper has typed so far.
 */
function quotedConsignment(ctx, cart, values) {
  const stored = cart.checkout.consignments[0];
  const typed = { country_code: values.ship_country_code || 'US', state_or_province: values.ship_state_or_province || '' };
  const sameCountry = stored?.address && stored.address.country_code === typed.country_code && (stored.address.state_or_province ?? '') === typed.state_or_province;
  if (stored && sameCountry) return stored;
  const items = cart.items.filter((i) => i.kind === 'product').map((i) => ({ item_id: i.id, quantity: i.quantity }));
  return { id: stored?.id ?? 'preview', address: stateCoded(typed), items };
}

/** A typed state given its ISO code too, where the country's subdivisions are known (zones and taxes go by code). */
function stateCoded(address) {
  const known = SUBDIVISIONS[address.country_code];
  const typed = address.state_or_province.trim().toLowerCase();
  const code = known && Object.keys(known).find((c) => c.toLowerCase() === typed || known[c].toLowerCase() === typed);
  return code ? { ...address, state_or_province: known[code], state_or_province_code: code } : address;
}

const amount = (minor) => toDecimalString(minor);

/** The order summary, with data-* hooks a test or a script can read: totals in decimal units, coupon codes. */
function summary(ctx, cart, values, physical) {
  const priced = priceCheckout(ctx, cart);
  const money = (minor) => formatMoney(minor, cart.currency);
  let shipping = priced.shipping + priced.handling - priced.shippingDiscount;
  if (physical && !priced.consignments.some((c) => c.selected)) {
    const preview = shippingOptions(ctx, cart, quotedConsignment(ctx, cart, values)).find((o) => o.key === values.shipping_option);
    shipping = preview ? preview.cost + preview.handling : 0;
  }
  const total = priced.cartAmount + shipping + priced.taxTotal;
  return h`<section class="summary panel" aria-labelledby="summary-heading" data-currency="${cart.currency}">
    <h2 id="summary-heading">Order summary</h2>
    <table>
      <caption class="visually-hidden">Items in this order</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col" class="amount">Total</th></tr></thead>
      <tbody>${priced.lines.map((line) => {
        const item = line.item;
        const name = item.kind === 'product' ? line.product.name : item.kind === 'custom' ? item.name : `Gift certificate: ${item.name}`;
        const options = item.kind === 'product' ? lineOptions(line) : [];
        return h`<tr><th scope="row">${name}${options.length ? h`<br><small>${options.map((o) => `${o.name}: ${o.value}`).join(', ')}</small>` : ''}</th>
          <td>${item.kind === 'gift' ? 1 : item.quantity}</td><td class="amount">${money(line.extended)}</td></tr>`;
      })}</tbody>
      <tfoot>
        <tr><th scope="row" colspan="2">Subtotal</th><td class="amount" data-subtotal="${amount(priced.baseAmount)}">${money(priced.baseAmount)}</td></tr>
        ${priced.coupons.map(({ coupon, amount: off }) => h`<tr data-coupon-code="${coupon.code}" data-coupon-discount="${amount(off)}"><th scope="row" colspan="2">Coupon ${coupon.code} (${coupon.name})</th><td class="amount">−${money(off)}</td></tr>`)}
        ${physical ? h`<tr><th scope="row" colspan="2">Shipping</th><td class="amount" data-shipping="${amount(shipping)}">${money(shipping)}</td></tr>` : ''}
        ${priced.taxes.map(({ name, amount: tax }) => h`<tr data-tax-name="${name}"><th scope="row" colspan="2">${name}</th><td class="amount" data-tax="${amount(tax)}">${money(tax)}</td></tr>`)}
        <tr><th scope="row" colspan="2">Total (${cart.currency})</th><td class="amount" data-grand-total="${amount(total)}"><strong>${money(total)}</strong></td></tr>
      </tfoot>
    </table>
  </section>`;
}

function signInForm(mode, session, { error, heading, open = true } = {}) {
  const form = h`<form method="post" action="${pathFor(mode, '/sign-in')}" data-enhance>
      ${error ? h`<p class="notice error" role="alert" data-focus>${error}</p>` : ''}
      <label for="signin-email">Account email</label>
      <input id="signin-email" name="email" type="email" autocomplete="email" required>
      <label for="signin-password">Password</label>
      <input id="signin-password" name="password" type="password" autocomplete="current-password" required>
      <p><button type="submit">Sign in</button></p>
    </form>`;
  return open ? h`<section class="panel"><h2>${heading}</h2>${form}</section>` : h`<details class="panel"><summary>${heading}</summary>${form}</details>`;
}

/**
 * The checkout opens on its payment step, as checkout-js does, when every step before it is done: a complete
 * billing address, and every physical item in a consignment with an address and a shipping option still offered.
 */
export function readyForPayment(ctx, cart) {
  const billing = cart.checkout.billing;
  if (!billing || BILLING_FIELDS.some((f) => !billing[f])) return false;
  const priced = priceCheckout(ctx, cart);
  for (const line of priced.lines.filter((l) => l.item.kind === 'product' && l.product.type === 'physical')) {
    const assigned = cart.checkout.consignments.flatMap((c) => c.items).filter((e) => e.item_id === line.item.id).reduce((t, e) => t + e.quantity, 0);
    if (assigned < line.item.quantity) return false;
  }
  return priced.consignments.every((c) => c.selected && c.consignment.address?.address1);
}

const addressLine = (a) => [[a.first_name, a.last_name].filter(Boolean).join(' '), a.company, a.address1, a.address2, a.city,
  [a.state_or_province, a.postal_code].filter(Boolean).join(' '), COUNTRIES[a.country_code] ?? a.country_code].filter(Boolean).join(', ');

/** The payment step: what the checkout holds, read-only, and the one button that pays. */
function paymentPanel(ctx, mode, cart) {
  const priced = priceCheckout(ctx, cart);
  const money = (minor) => formatMoney(minor, cart.currency);
  const billing = cart.checkout.billing;
  return h`<section class="panel" id="payment-step" aria-labelledby="payment-heading">
    <h2 id="payment-heading" data-focus>Payment</h2>
    <dl class="review">
      <dt>Billing address</dt>
      <dd data-billing-address data-billing-email="${billing.email}" data-billing-country="${billing.country_code}" data-billing-postal-code="${billing.postal_code ?? ''}">${billing.email}<br>${addressLine(billing)}</dd>
      ${priced.consignments.map(({ consignment, selected, shipping, handling }) => h`<dt>Ship to</dt>
        <dd data-consignment-id="${consignment.id}" data-shipping-country="${consignment.address.country_code}" data-shipping-postal-code="${consignment.address.postal_code ?? ''}">${addressLine(consignment.address)}</dd>
        <dt>Shipping method</dt>
        <dd data-selected-shipping="${selected.id}" data-selected-shipping-description="${selected.description}">${selected.description} — ${money(shipping + handling)}</dd>`)}
      ${priced.coupons.length ? h`<dt>Coupons</dt><dd>${priced.coupons.map(({ coupon }) => h`<span data-applied-coupon="${coupon.code}">${coupon.code}</span> `)}</dd>` : ''}
    </dl>
    <form method="post" action="${pathFor(mode)}" data-enhance>
      <p><button type="submit" name="intent" value="pay">Pay ${money(priced.grandTotal)}</button></p>
    </form>
    <p class="muted">This sandbox takes no card here: paying records the order as paid with a test gateway.</p>
  </section>`;
}

/** The checkout itself: contact, shipping, billing, comments, place order, coupon, summary. */
function checkoutApp(ctx, { mode, session, cart, values, errors = {}, notice, checkoutError, signInError }) {
  const physical = hasPhysical(ctx, cart);
  const customer = session.customer_id ? findCustomer(ctx.state, session.customer_id) : null;
  const errorList = Object.entries(errors);
  const money = (minor) => formatMoney(minor, cart.currency);
  const options = shippingOptions(ctx, cart, quotedConsignment(ctx, cart, values));
  const chosen = options.some((o) => o.key === values.shipping_option) ? values.shipping_option : options[0]?.key;
  const paymentStep = readyForPayment(ctx, cart) && !errorList.length;
  // CHECKOUT_ERROR {message, type} for the parent, read by the embedded script: checkout-js posts step errors,
  // a failed sign-in among them, through its handleError (bigcommerce/checkout-js, Checkout.tsx).
  const reported = checkoutError ?? (signInError ? { message: signInError, type: 'sign_in_failed' } : null);
  const attributes = reported ? h`data-checkout-error="${reported.message}" data-checkout-error-type="${reported.type}"` : '';
  return h`<div id="checkout-app" data-iframe-height data-state="checkout" data-step="${paymentStep ? 'payment' : 'details'}" ${attributes}>
  <h1>Checkout</h1>
  ${notice ? h`<p class="notice ok" role="status" data-focus>${notice}</p>` : ''}
  ${checkoutError ? h`<p class="notice error" role="alert" data-focus>${checkoutError.message}</p>` : ''}
  ${errorList.length ? h`<div class="notice error" role="alert" data-focus><h2>There is a problem</h2><ul>
      ${errorList.map(([name, message]) => h`<li><a href="#${name}">${message}</a></li>`)}</ul></div>` : ''}
  <div class="checkout-grid"><div>
  <section class="panel" aria-labelledby="customer-heading">
    <h2 id="customer-heading">Customer</h2>
    ${customer
      ? h`<p>Signed in as <strong class="signed-in-email">${customer.email}</strong></p>
        <form method="post" action="${pathFor(mode, '/sign-out')}" data-enhance><button type="submit" class="secondary">Sign out</button></form>`
      : h`<p>Checking out as a guest.</p>`}
  </section>
  ${customer ? '' : signInForm(mode, session, { heading: 'Have an account? Sign in', open: Boolean(signInError), error: signInError })}
  ${paymentStep ? paymentPanel(ctx, mode, cart) : ''}
  <form method="post" action="${pathFor(mode)}" data-enhance novalidate>
    ${paymentStep ? raw('<details id="checkout-details"><summary>Change the addresses or shipping</summary>') : ''}
    ${customer ? '' : h`<label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" value="${values.email}" required ${inputAttrs(errors, 'email')}>${fieldError(errors, 'email')}`}
    ${physical ? addressFieldset('ship_', 'Shipping address', values, errors) : ''}
    ${physical ? h`<fieldset id="shipping_option"><legend>Shipping method</legend>
        ${options.length ? '' : h`<p class="notice error">${NO_SHIPPING}</p>`}
        ${options.map((o) => h`<label class="choice"><input type="radio" name="shipping_option" value="${o.key}" data-shipping-option-id="${o.id}" ${chosen === o.key ? raw('checked') : ''}>
            ${o.description} — ${money(o.cost)}${o.handling ? ` + ${money(o.handling)} handling` : ''} (${o.transit_time})</label>`)}${fieldError(errors, 'shipping_option')}</fieldset>` : ''}
    ${physical ? h`<label class="choice"><input type="checkbox" id="billing_same" name="billing_same" ${values.billing_same ? raw('checked') : ''}>
        Bill to the shipping address</label>
        <p class="muted">Uncheck to enter a different billing address below; it is used only then.</p>` : ''}
    ${addressFieldset('bill_', physical ? 'Billing address (if different)' : 'Billing address', values, errors, { required: !physical })}
    <label for="customer_message">Order comments (optional)</label>
    <textarea id="customer_message" name="customer_message" rows="3" maxlength="2000">${values.customer_message ?? ''}</textarea>
    <p><button type="submit" name="intent" value="place-order">Place order</button></p>
    ${paymentStep ? raw('</details>') : ''}
    <fieldset><legend>Coupon</legend>
      <label for="coupon_code">Coupon code</label>
      <input id="coupon_code" name="coupon_code" type="text" value="${values.coupon_code ?? ''}" ${inputAttrs(errors, 'coupon_code')}>${fieldError(errors, 'coupon_code')}
      <p><button type="submit" class="secondary" name="intent" value="apply-coupon" formnovalidate>Apply coupon</button></p>
    </fieldset>
    <p class="muted">This sandbox takes no payment: placing the order records it as paid with a test gateway.</p>
  </form>
  </div>
  ${summary(ctx, cart, values, physical)}
  </div>
</div>`;
}

function respondCheckout(ctx, view, status = 200) {
  return checkoutDocument(ctx, { mode: view.mode, title: 'Checkout', pageType: 'checkout', app: checkoutApp(ctx, view), status, session: view.mode === 'hosted' ? view.session : null });
}

/** A cart that belongs to a customer account is only shown to that customer (its addresses are theirs). */
function signInRequired(ctx, { mode, session, error, status = 200 }) {
  const reported = error ? h`data-checkout-error="${error}" data-checkout-error-type="sign_in_failed"` : '';
  const app = h`<div id="checkout-app" data-iframe-height data-state="checkout" ${reported}>
    <h1>Checkout</h1>
    <p>This cart belongs to a customer account. Sign in to check out.</p>
    ${signInForm(mode, session, { heading: 'Sign in', error })}
  </div>`;
  return checkoutDocument(ctx, { mode, title: 'Sign in to check out', pageType: 'checkout', app, status, session: mode === 'hosted' ? session : null });
}

function emptyCart(ctx, mode, session) {
  if (mode === 'embedded') return embeddedErrorPage(ctx, 403, EMPTY_CART);
  const app = h`<div id="checkout-app" data-iframe-height data-state="empty"><h1>Checkout</h1><p>Your cart is empty.</p><p><a href="${ctx.options.siteUrl}/">Continue shopping</a></p></div>`;
  return checkoutDocument(ctx, { mode, title: 'Checkout', pageType: 'checkout', app, session });
}

// ---- flow --------------------------------------------------------------------------------------------

/** The session's cart when checkout can start: claims a guest cart for a signed-in shopper. */
function checkoutCart(ctx, session) {
  const cart = session ? findCart(ctx, session.cart_id) : null;
  if (!cart || !cart.items.length) return { cart: null };
  if (cart.customer_id && cart.customer_id !== session.customer_id) return { cart, locked: true };
  if (!cart.customer_id && session.customer_id) {
    ctx.transact(() => {
      setCustomer(ctx, cart, session.customer_id);
      touch(ctx, cart);
    });
  }
  return { cart };
}

function showCheckout(ctx, mode, session) {
  const { cart, locked } = checkoutCart(ctx, session);
  if (!cart) return emptyCart(ctx, mode, session);
  if (locked) return signInRequired(ctx, { mode, session });
  return respondCheckout(ctx, { mode, session, cart, values: storedValues(ctx, cart, session) });
}

async function submitCheckout(ctx, mode, request, session, info) {
  const { cart, locked } = checkoutCart(ctx, session);
  if (!cart) return emptyCart(ctx, mode, session);
  if (locked) return signInRequired(ctx, { mode, session, status: 403 });
  const form = await readForm(request);
  const values = postedValues(form);
  const intent = form.get('intent') ?? 'place-order';
  const coupon = (values.coupon_code ?? '').trim();

  // A coupon is applied and shown before any order: Enter in the coupon field never places an order unseen.
  if (intent === 'apply-coupon' || (coupon && !cart.coupons.some((c) => c.toLowerCase() === coupon.toLowerCase()))) {
    if (!coupon) return respondCheckout(ctx, { mode, session, cart, values, errors: { coupon_code: 'Enter a coupon code' } }, 422);
    try {
      ctx.transact(() => {
        const applied = applyCoupon(ctx, cart, coupon);
        touch(ctx, cart);
        return applied;
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return respondCheckout(ctx, { mode, session, cart, values, errors: { coupon_code: error.title } }, 422);
    }
    return respondCheckout(ctx, { mode, session, cart, values: { ...values, coupon_code: '' }, notice: `Coupon ${coupon.toUpperCase()} applied. Check the total, then place your order.` });
  }

  if (intent === 'pay') return payCheckout(ctx, mode, session, cart, info);
  const physical = hasPhysical(ctx, cart);
  const customer = session.customer_id ? findCustomer(ctx.state, session.customer_id) : null;
  const errors = {};
  const email = customer?.email ?? (values.email ?? '').trim();
  if (!customer && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = 'Enter an email address such as name@example.com';
  let shipping = null;
  if (physical) {
    shipping = readAddressFields(values, 'ship_', email, errors, 'shipping');
    const offered = shippingOptions(ctx, cart, quotedConsignment(ctx, cart, { ...values, ship_state_or_province: shipping.state_or_province ?? '' }));
    if (!offered.length) errors.shipping_option = NO_SHIPPING;
    else if (!offered.some((o) => o.key === values.shipping_option)) errors.shipping_option = 'Choose a shipping method';
  }
  const billing = physical && values.billing_same ? { ...shipping } : readAddressFields(values, 'bill_', email, errors, 'billing');
  if (Object.keys(errors).length) return respondCheckout(ctx, { mode, session, cart, values, errors }, 422);

  return placeOrder(ctx, mode, session, cart, info, () => {
    setBillingAddress(ctx, cart, billing);
    if (physical) shipEverythingTo(ctx, cart, shipping, values.shipping_option);
    cart.checkout.customer_message = values.customer_message ?? '';
  }, values);
}

/** The payment step's button: the checkout as it stands becomes a paid order (the Incomplete one, when there is one). */
function payCheckout(ctx, mode, session, cart, info) {
  if (!readyForPayment(ctx, cart)) {
    return respondCheckout(ctx, { mode, session, cart, values: storedValues(ctx, cart, session), checkoutError: { message: 'Complete the billing address and shipping first.', type: 'order_not_created' } }, 422);
  }
  return placeOrder(ctx, mode, session, cart, info, () => {});
}

function placeOrder(ctx, mode, session, cart, info, prepare, values) {
  let order;
  try {
    order = ctx.transact(() => {
      prepare();
      touch(ctx, cart);
      const created = createOrder(ctx, cart, { source: 'checkout', ipAddress: info?.clientAddress ?? '' });
      session.order_ids.push(created.id);
      session.cart_id = null;
      session.seen_at = ctx.now();
      return created;
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fresh = findCart(ctx, cart.id);
    if (!fresh) return emptyCart(ctx, mode, session);
    return respondCheckout(ctx, { mode, session, cart: fresh, values: values ?? storedValues(ctx, fresh, session), checkoutError: { message: error.title, type: 'order_not_created' } }, error.status);
  }
  return redirect(mode === 'embedded' ? '/embedded-checkout/order-confirmation' : `/checkout/order-confirmation/${order.id}`, 303);
}

/** The order confirmation: the hosted one names its order; the embedded one shows the session's last order. */
function confirmation(ctx, mode, session, rawId) {
  const orderId = mode === 'embedded' ? String(session?.order_ids.at(-1) ?? '') : rawId;
  const order = /^\d{1,10}$/.test(orderId) && session?.order_ids.includes(Number(orderId)) ? ctx.state.orders[orderId] : null;
  if (!order) {
    if (mode === 'embedded') return embeddedErrorPage(ctx, 404, 'This order confirmation is not available.');
    return html(404, errorPage(ctx, { title: 'Order not found', message: 'This order confirmation is not available in this browser session.', session }));
  }
  const money = (minor) => formatMoney(minor, order.currency_code);
  const app = h`<div id="checkout-app" data-iframe-height data-state="complete" data-order-id="${order.id}">
    <h1 data-focus>Thank you for your order</h1>
    <p class="notice ok" role="status">Your order number is <strong class="order-id">${order.id}</strong>.</p>
    <p>A confirmation would be sent to ${order.billing_address.email}.</p>
    <div class="summary panel"><table>
      <caption>Order ${order.id}</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col" class="amount">Total</th></tr></thead>
      <tbody>${order.products.map((p) => h`<tr><th scope="row">${p.name}${p.options.length ? h`<br><small>${p.options.map((o) => `${o.name}: ${o.value}`).join(', ')}</small>` : ''}</th><td>${p.quantity}</td><td class="amount">${money(p.total)}</td></tr>`)}</tbody>
      <tfoot>
        ${order.coupon_discount ? h`<tr><th scope="row" colspan="2">Coupons</th><td class="amount">−${money(order.coupon_discount)}</td></tr>` : ''}
        ${order.shipping_addresses.length ? h`<tr><th scope="row" colspan="2">Shipping (${order.shipping_addresses[0].method})</th><td class="amount">${money(order.shipping)}</td></tr>` : ''}
        <tr><th scope="row" colspan="2">Total</th><td class="amount"><strong>${money(order.total)}</strong></td></tr>
      </tfoot>
    </table></div>
    ${mode === 'hosted' ? h`<p><a href="${ctx.options.siteUrl}/">Continue shopping</a></p>` : ''}
  </div>`;
  return checkoutDocument(ctx, { mode, title: `Order ${order.id} confirmed`, pageType: 'order_confirmation', app, session: mode === 'hosted' ? session : null });
}

const signInLimiterKey = (email) => `checkout:${String(email).trim().toLowerCase()}`;

async function signIn(ctx, mode, request, session) {
  const form = await readForm(request);
  const email = form.get('email') ?? '';
  const key = signInLimiterKey(email);
  const cart = session ? findCart(ctx, session.cart_id) : null;
  const fail = (message) => {
    if (cart && cart.items.length && !(cart.customer_id && cart.customer_id !== session.customer_id)) {
      return respondCheckout(ctx, { mode, session, cart, values: storedValues(ctx, cart, session), signInError: message }, 401);
    }
    return signInRequired(ctx, { mode, session, error: message, status: 401 });
  };
  if (!session) return emptyCart(ctx, mode, session);
  if (ctx.loginLimiter.blocked(key)) return fail('Too many sign-in attempts. Wait a minute and try again.');
  const customerId = checkCredentials(ctx.state, { email, password: form.get('password') ?? '', channelId: ctx.options.channelId });
  if (customerId === null) {
    ctx.loginLimiter.fail(key);
    return fail('The email or password is not right.');
  }
  ctx.loginLimiter.succeed(key);
  if (cart && cart.customer_id && cart.customer_id !== customerId) return fail('This cart belongs to another customer account.');
  const next = ctx.transact(() => ctx.sessions.signIn(request, customerId));
  return redirect(pathFor(mode), 303, { 'Set-Cookie': ctx.sessions.cookieFor(next) });
}

function signOut(ctx, mode, session) {
  // The cart stays the customer's, for their next sign-in.
  if (session) ctx.transact(() => ctx.sessions.end(session));
  if (mode === 'hosted') return redirect('/checkout', 303, { 'Set-Cookie': ctx.sessions.clearCookie() });
  const app = h`<div id="checkout-app" data-iframe-height data-state="signed-out"><h1 data-focus>Signed out</h1>
    <p>You have signed out. Your cart is kept in your account for next time.</p></div>`;
  const page = checkoutDocument(ctx, { mode, title: 'Signed out', pageType: 'checkout', app });
  page.headers.append('Set-Cookie', ctx.sessions.clearCookie());
  return page;
}

/**
 * /embedded-checkout/allow-cookie?returnUrl=..: back to the storefront, and only to it (no open redirect). A return
 * address elsewhere is refused with a page that says which site the store has and how to change it, and offers
 * the shopper a link back only when the browser's Referer shows they came from that very origin: a link to where
 * the shopper just was gives a forged returnUrl nothing, and the page never redirects there by itself.
 */
function allowCookie(ctx, request, url) {
  const raw = url.searchParams.get('returnUrl') ?? '';
  let target = null;
  try {
    target = new URL(raw);
  } catch {
    target = null;
  }
  const web = target && ['http:', 'https:'].includes(target.protocol) && !target.username && !target.password;
  if (!web || target.origin !== siteOrigin(ctx)) {
    const site = siteOrigin(ctx);
    const from = web ? target.origin : null;
    const cameFrom = from && refererOrigin(request) === from;
    const fix = from
      ? `If ${from} is your storefront, make it the channel's site URL: SITE_URL (the sandbox's siteUrl option) for the sandbox, or on a real store the channel's site (PUT /v3/channels/${ctx.options.channelId}/site with {"url": "${from}"}; Channels > Sites & Routes). Embedded checkout needs it too: the store talks to the embedding page only at the channel site's origin.`
      : 'The Checkout SDK sends the address of the page that embeds the checkout (returnUrl); this one is not a web address.';
    return html(400, errorPage(ctx, {
      title: 'Return address not allowed',
      message: `This page was asked to send you back to ${from ?? JSON.stringify(raw.slice(0, 200))}, but this store's channel site is ${site}, and it sends shoppers back only to pages of that site. ${fix}`,
      link: cameFrom ? { href: target.href, text: `Back to the page you came from (${from})` } : { href: `${site}/`, text: `Go to the store's site (${site})` },
    }), { 'Content-Security-Policy': "frame-ancestors 'self'", 'Referrer-Policy': 'no-referrer' });
  }
  // A first-party visit: the cookie set here is what Safari's storage rules ask for.
  return redirect(target.href, 302, { 'Set-Cookie': 'SANDBOX_COOKIES_ALLOWED=1; Path=/; SameSite=Lax; Max-Age=31536000' });
}

/** The origin in the request's Referer header, or null. */
function refererOrigin(request) {
  try {
    const { origin } = new URL(request.headers.get('referer') ?? '');
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function registerCheckoutPageRoutes(pages, ctx) {
  pages.add('GET', '/checkout', async ({ session }) => showCheckout(ctx, 'hosted', session));
  pages.add('GET', '/checkout/', async ({ url }) => redirect(`/checkout${url.search}`, 301));
  pages.add('POST', '/checkout', async ({ request, session, info }) => submitCheckout(ctx, 'hosted', request, session, info));
  pages.add('POST', '/checkout/sign-in', async ({ request, session }) => signIn(ctx, 'hosted', request, session));
  pages.add('POST', '/checkout/sign-out', async ({ session }) => signOut(ctx, 'hosted', session));
  pages.add('GET', '/checkout/order-confirmation/:orderId', async ({ params, session }) => confirmation(ctx, 'hosted', session, params.orderId));

  // The frame's session is the store's cookie (set by cart.php or /login/token); a frame whose cookies the
  // browser blocks has none, and BigCommerce answers it with the empty-cart 403.
  pages.add('GET', '/embedded-checkout', async ({ session }) => (session ? showCheckout(ctx, 'embedded', session) : embeddedErrorPage(ctx, 403, EMPTY_CART)));
  pages.add('POST', '/embedded-checkout', async ({ request, session, info }) =>
    (session ? submitCheckout(ctx, 'embedded', request, session, info) : embeddedErrorPage(ctx, 403, EMPTY_CART)));
  pages.add('POST', '/embedded-checkout/sign-in', async ({ request, session }) =>
    (session ? signIn(ctx, 'embedded', request, session) : embeddedErrorPage(ctx, 403, EMPTY_CART)));
  pages.add('POST', '/embedded-checkout/sign-out', async ({ session }) => signOut(ctx, 'embedded', session));
  pages.add('GET', '/embedded-checkout/order-confirmation', async ({ session }) => confirmation(ctx, 'embedded', session));
  pages.add('GET', '/embedded-checkout/allow-cookie', async ({ request, url }) => allowCookie(ctx, request, url));
}
