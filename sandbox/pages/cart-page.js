// /cart.php: the hosted cart page, the add-to-cart URLs (guides/storefront_cart-checkout_guide_add-to-cart-url.mdx)
// and the cart redirect URLs (?action=load|loadInCheckout[&embedded=1]&id=..&token=..), whose single-use
// token is consumed here before the shopper lands on the cart, the checkout or the embedded checkout.
import { findProduct } from '../catalog.js';
import {
  addItems, consumeRedirectToken, findCart, lineOptions, newCart, priceCart, removeItem, setCustomer, touch, updateItem,
} from '../carts.js';
import { ApiError, MISSING_FIELDS_TITLE } from '../errors.js';
import { html, readForm, redirect } from '../store-http.js';
import { formatMoney } from '../money.js';
import { embeddedErrorPage } from './checkout-page.js';
import { h, renderPage } from './layout.js';
import { productPage } from './storefront.js';

/** The session's cart, created on first use (inside a transaction); `session` is created too when missing. */
function sessionCart(ctx, request, session) {
  let current = session;
  const headers = {};
  if (!current) {
    current = ctx.sessions.create();
    headers['Set-Cookie'] = ctx.sessions.cookieFor(current);
  }
  let cart = findCart(ctx, current.cart_id);
  if (!cart) {
    cart = newCart(ctx, { channelId: ctx.options.channelId, currency: ctx.state.store.default_currency, customerId: current.customer_id });
    current.cart_id = cart.id;
  }
  return { session: current, cart, headers };
}

/** attribute[<id>] fields of the product form as Cart API option_selections. */
function selectionsFrom(form, product) {
  const selections = [];
  for (const [key, value] of form) {
    const match = /^attribute\[(\d{1,10})\]$/.exec(key);
    if (!match || value === '') continue;
    const optionId = Number(match[1]);
    const modifier = product.modifiers.find((m) => m.id === optionId);
    const isText = modifier && (modifier.type === 'text' || modifier.type === 'multi_line_text');
    selections.push({ option_id: optionId, option_value: isText ? value : Number(value) });
  }
  return selections;
}

function quantityFrom(value) {
  const quantity = Number(value ?? 1);
  return Number.isInteger(quantity) && quantity > 0 ? quantity : NaN;
}

function cartPage(ctx, session, { error, status = 200 } = {}) {
  const cart = session ? findCart(ctx, session.cart_id) : null;
  if (!cart || !cart.items.length) {
    const body = h`<h1>Your cart</h1>${error ? h`<p class="notice error" role="alert">${error}</p>` : ''}<p>Your cart is empty.</p><p><a href="/">Continue shopping</a></p>`;
    return html(status, renderPage(ctx, { title: 'Your cart', pageType: 'cart', body, session }));
  }
  const priced = priceCart(ctx, cart);
  const money = (minor) => formatMoney(minor, cart.currency);
  const rows = priced.lines.map((line) => {
    const item = line.item;
    const name = item.kind === 'product' ? line.product.name : item.kind === 'custom' ? item.name : `Gift certificate: ${item.name}`;
    const options = item.kind === 'product' ? lineOptions(line) : [];
    const editable = item.kind === 'product';
    return h`<tr>
      <th scope="row">${item.kind === 'product' ? h`<a href="/${line.product.slug}/">${name}</a>` : name}
        ${options.length ? h`<br><small>${options.map((o) => `${o.name}: ${o.value}`).join(', ')}</small>` : ''}</th>
      <td>${editable ? h`<form method="post" action="/cart.php" class="inline-form">
          <input type="hidden" name="action" value="update"><input type="hidden" name="item_id" value="${item.id}">
          <label class="visually-hidden" for="qty-${item.id}">Quantity of ${name}</label>
          <input id="qty-${item.id}" name="qty" type="number" min="1" value="${item.quantity}">
          <button type="submit" class="secondary">Update<span class="visually-hidden"> ${name}</span></button>
        </form>` : item.kind === 'gift' ? '1' : String(item.quantity)}</td>
      <td class="amount">${money(line.extended)}</td>
      <td><form method="post" action="/cart.php" class="inline-form">
          <input type="hidden" name="action" value="remove"><input type="hidden" name="item_id" value="${item.id}">
          <button type="submit" class="secondary">Remove<span class="visually-hidden"> ${name}</span></button>
        </form></td>
    </tr>`;
  });
  const body = h`<h1>Your cart</h1>
    ${error ? h`<p class="notice error" role="alert" data-focus>${error}</p>` : ''}
    <div class="summary panel"><table>
      <caption class="visually-hidden">Items in your cart</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col" class="amount">Total</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody>${rows}</tbody>
      <tfoot>
        ${priced.coupons.map(({ coupon, amount }) => h`<tr><th scope="row" colspan="2">Coupon ${coupon.code}</th><td class="amount">−${money(amount)}</td><td></td></tr>`)}
        <tr><th scope="row" colspan="2">Subtotal</th><td class="amount">${money(priced.cartAmount)}</td><td></td></tr>
      </tfoot>
    </table></div>
    <p><a class="button" href="/checkout">Check out</a> <a href="/">Continue shopping</a></p>`;
  return html(status, renderPage(ctx, { title: 'Your cart', pageType: 'cart', body, session }));
}

/**
 * ?action=load|loadInCheckout[&embedded=1]&id=..&token=..: consume the token, put the cart in the browser's
 * session (the store's cookie, set here as BigCommerce sets it), go on to the cart, the checkout or the embedded
 * checkout. Inside the embedded checkout's frame that cookie is a third-party cookie: where the browser blocks
 * it, the frame arrives at /embedded-checkout without a session and gets the store's 403.
 */
function loadFromRedirectUrl(ctx, request, url, session) {
  const action = url.searchParams.get('action');
  const embedded = url.searchParams.get('embedded') === '1' && action === 'loadInCheckout';
  const cartId = url.searchParams.get('id') ?? '';
  const token = url.searchParams.get('token') ?? '';
  const outcome = ctx.transact(() => {
    const result = consumeRedirectToken(ctx, cartId, token);
    if (!result.cart) return result;
    let current = session;
    const headers = {};
    if (!current) {
      current = ctx.sessions.create();
      headers['Set-Cookie'] = ctx.sessions.cookieFor(current);
    }
    current.cart_id = result.cart.id;
    current.seen_at = ctx.now();
    if (result.cart.customer_id === 0 && current.customer_id) {
      setCustomer(ctx, result.cart, current.customer_id);
      touch(ctx, result.cart);
    }
    const location = embedded ? '/embedded-checkout' : action === 'loadInCheckout' ? '/checkout' : '/cart.php';
    return { location, headers };
  });
  if (outcome.location) return redirect(outcome.location, 302, outcome.headers ?? {});
  if (embedded) return embeddedErrorPage(ctx, outcome.status, outcome.reason);
  return html(outcome.status, renderPage(ctx, {
    title: 'Cart link not valid', pageType: 'cart', session,
    body: h`<h1>Cart link not valid</h1><p class="notice error" role="alert">${outcome.reason}</p><p><a href="/">Back to the store</a></p>`,
  }));
}

/** ?action=add|buy&product_id=..|sku=..&qty=..: one product into the session's cart (add-to-cart URLs). */
function addFromUrl(ctx, request, url, session) {
  const sku = url.searchParams.get('sku');
  let product = null;
  let variantId;
  if (sku) {
    product = ctx.state.products.find((p) => p.sku === sku || p.variants.some((v) => v.sku === sku));
    variantId = product?.variants.find((v) => v.sku === sku)?.id;
  } else {
    product = findProduct(ctx.state, Number(url.searchParams.get('product_id')));
  }
  if (!product) return cartPage(ctx, session, { error: 'That product does not exist.', status: 404 });
  try {
    const { headers } = ctx.transact(() => {
      const result = sessionCart(ctx, request, session);
      addItems(ctx, result.cart, { line_items: [{ product_id: product.id, variant_id: variantId, quantity: quantityFrom(url.searchParams.get('qty')) }] });
      touch(ctx, result.cart);
      return result;
    });
    return redirect(url.searchParams.get('action') === 'buy' ? '/checkout' : '/cart.php', 303, headers);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return productPage(ctx, product, { session, error: refusal(error), status: error.status });
  }
}

/** A Cart API refusal in words for a shopper. */
function refusal(error) {
  const detail = error.errors ? Object.values(error.errors).filter((v) => typeof v === 'string') : [];
  return detail.length && error.title === MISSING_FIELDS_TITLE ? detail.join('. ') : error.title;
}

export function registerCartPageRoutes(pages, ctx) {
  pages.add('GET', '/cart.php', async ({ request, url, session }) => {
    const action = url.searchParams.get('action');
    if (action === 'load' || action === 'loadInCheckout') return loadFromRedirectUrl(ctx, request, url, session);
    if (action === 'add' || action === 'buy') return addFromUrl(ctx, request, url, session);
    return cartPage(ctx, session);
  });

  pages.add('POST', '/cart.php', async ({ request, session }) => {
    const form = await readForm(request);
    const action = form.get('action');
    if (action === 'add') {
      const product = findProduct(ctx.state, Number(form.get('product_id')));
      if (!product) return cartPage(ctx, session, { error: 'That product does not exist.', status: 404 });
      try {
        const { headers } = ctx.transact(() => {
          const result = sessionCart(ctx, request, session);
          addItems(ctx, result.cart, { line_items: [{ product_id: product.id, quantity: quantityFrom(form.get('qty')), option_selections: selectionsFrom(form, product) }] });
          touch(ctx, result.cart);
          return result;
        });
        return redirect('/cart.php', 303, headers);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return productPage(ctx, product, { session, error: refusal(error), status: error.status });
      }
    }
    if (action === 'update' || action === 'remove') {
      const cart = session ? findCart(ctx, session.cart_id) : null;
      if (!cart) return cartPage(ctx, session, { error: 'Your cart has expired.', status: 404 });
      try {
        ctx.transact(() => {
          if (action === 'remove') {
            if (!removeItem(ctx, cart, form.get('item_id'))) touch(ctx, cart);
            return;
          }
          const item = cart.items.find((i) => i.id === form.get('item_id'));
          updateItem(ctx, cart, form.get('item_id'), { quantity: quantityFrom(form.get('qty')), product_id: item?.product_id });
          touch(ctx, cart);
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return cartPage(ctx, session, { error: refusal(error), status: error.status });
      }
      return redirect('/cart.php', 303);
    }
    return cartPage(ctx, session, { error: 'Unknown cart action.', status: 400 });
  });
}
