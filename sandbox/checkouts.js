// The Checkout API (checkouts.v3.yml): a checkout is a cart plus a billing address, consignments (shipping
// address, items, chosen shipping option), coupons and a customer message. The checkout id is the cart id.
// The hosted checkout pages call the same functions, so both paths apply the same rules.
import { randomBytes } from 'node:crypto';
import {
  cartEmail, checkVersion, lineOptions, priceCart, productItemFields, renderGiftCertificate, requireCart, touch,
} from './carts.js';
import { couponRefusal, findCoupon, isShippingCoupon, shippingDiscount } from './coupons.js';
import { quoteConsignment } from './shipping.js';
import { taxOn, taxRateFor } from './taxes.js';
import { ApiError, invalidJson, missingFields, notFound, unprocessable } from './errors.js';
import { includesOf, storeJson, readStoreJson, requireObject } from './store-http.js';
import { toNumber } from './money.js';

export const COUNTRIES = {
  US: 'United States', CA: 'Canada', GB: 'United Kingdom', IE: 'Ireland', DE: 'Germany', FR: 'France',
  NL: 'Netherlands', BE: 'Belgium', ES: 'Spain', IT: 'Italy', AT: 'Austria', AU: 'Australia', NZ: 'New Zealand',
};

// ISO 3166-2 subdivisions of the countries whose zones and tax rates go by state: a request may name a state by
// code or by name (the hosted checkout sends the name), and the other is filled in, as BigCommerce stores both.
export const SUBDIVISIONS = {
  US: {
    AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
    DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
    KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
    MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
    NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon',
    PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
    VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico',
  },
  CA: {
    AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island', QC: 'Quebec',
    SK: 'Saskatchewan', YT: 'Yukon',
  },
};

const iso = (ms) => new Date(ms).toISOString();
const ADDRESS_FIELDS = ['first_name', 'last_name', 'email', 'company', 'address1', 'address2', 'city', 'state_or_province', 'state_or_province_code', 'country_code', 'postal_code', 'phone'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** What a consignment holds: the value of its goods after item discounts, its units and its weight in pounds. */
function consignmentGoods(priced, consignment) {
  let goods = 0;
  let units = 0;
  let pounds = 0;
  for (const entry of consignment.items) {
    const line = priced.lines.find((l) => l.item.id === entry.item_id);
    if (!line) continue;
    goods += Math.round(((line.extended - line.coupon) * entry.quantity) / line.item.quantity);
    units += entry.quantity;
    pounds += (line.product?.weight ?? 0) * entry.quantity;
  }
  return { goods, units, pounds };
}

/** The quotes the consignment's address and contents get now (shipping.js); `priced` is priceCart's, when known. */
export function shippingOptions(ctx, cart, consignment, priced = priceCart(ctx, cart)) {
  if (!consignment.address) return [];
  return quoteConsignment({ consignmentId: consignment.id, address: consignment.address, currency: cart.currency, ...consignmentGoods(priced, consignment) });
}

/** A selection that the consignment's address or contents no longer offer is dropped (the shopper chooses again). */
function keepSelectionIfOffered(ctx, cart, consignment) {
  if (consignment.selected && !shippingOptions(ctx, cart, consignment).some((o) => o.key === consignment.selected)) consignment.selected = null;
}

/**
 * An address from a request, reduced to the AddressProperties fields. Phone numbers lose their spaces and
 * dashes and must then match the schema's pattern (E.164-like: ^\+?[1-9]\d{1,14}).
 */
function readAddress(raw, required = ['email', 'country_code']) {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalidJson({ address: 'error.expected.jsobject' });
  const address = {};
  for (const field of ADDRESS_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw invalidJson({ [field]: 'error.expected.jsstring' });
    if (value.length > 255) throw missingFields({ [field]: `${field} is too long` });
    address[field] = value.trim();
  }
  const missing = required.filter((f) => !address[f]);
  if (missing.length) throw missingFields(Object.fromEntries(missing.map((f) => [f, `${f} is required`])));
  if (address.email && !EMAIL.test(address.email)) throw missingFields({ email: 'email is not a valid email address' });
  if (address.country_code) {
    address.country_code = address.country_code.toUpperCase();
    if (!/^[A-Z]{2}$/.test(address.country_code)) throw missingFields({ country_code: 'country_code must be an ISO 3166-1 alpha-2 code' });
  }
  normaliseState(address);
  if (address.phone) {
    const phone = address.phone.replace(/[\s().-]/g, '');
    if (!/^\+?[1-9]\d{1,14}$/.test(phone)) throw missingFields({ phone: 'phone must be a phone number such as +15125550100' });
    address.phone = phone;
  }
  if (raw.custom_fields !== undefined && !Array.isArray(raw.custom_fields)) throw invalidJson({ custom_fields: 'error.expected.jsarray' });
  address.custom_fields = (raw.custom_fields ?? [])
    .filter((f) => f && typeof f.field_id === 'string')
    .map((f) => ({ field_id: f.field_id, field_value: typeof f.field_value === 'string' ? f.field_value : JSON.stringify(f.field_value ?? '') }));
  return address;
}

/** state_or_province and state_or_province_code completed from each other where the country's subdivisions are known. */
function normaliseState(address) {
  const known = SUBDIVISIONS[address.country_code];
  if (!known) return;
  const byCode = address.state_or_province_code?.toUpperCase();
  const byName = address.state_or_province?.toLowerCase();
  const code = (byCode && known[byCode] ? byCode : null)
    ?? Object.keys(known).find((c) => known[c].toLowerCase() === byName || c === address.state_or_province?.toUpperCase());
  if (!code) {
    if (address.state_or_province || address.state_or_province_code) {
      throw missingFields({ state_or_province: `${address.state_or_province ?? address.state_or_province_code} is not a state or province of ${COUNTRIES[address.country_code]}` });
    }
    return;
  }
  address.state_or_province = known[code];
  address.state_or_province_code = code;
}

function renderAddress(address) {
  const out = { id: address.id };
  for (const field of ADDRESS_FIELDS) if (address[field] !== undefined) out[field] = address[field];
  if (address.country_code && COUNTRIES[address.country_code]) out.country = COUNTRIES[address.country_code];
  out.custom_fields = address.custom_fields ?? [];
  return out;
}

const nextAddressId = (ctx) => String(ctx.state.counters.address++);

// ---- changes (shared by the REST API and the hosted checkout) -------------------------------------------

export function setBillingAddress(ctx, cart, raw) {
  const address = readAddress(raw);
  address.id = cart.checkout.billing?.id ?? nextAddressId(ctx);
  cart.checkout.billing = address;
}

function readConsignmentItems(cart, raw, { exceptConsignment } = {}) {
  if (!Array.isArray(raw) || !raw.length) throw missingFields({ line_items: 'line_items must list the physical items of the consignment' });
  const items = [];
  for (const entry of raw) {
    const item = cart.items.find((i) => i.id === entry?.item_id);
    if (!item || item.kind !== 'product') throw missingFields({ line_items: `${entry?.item_id} is not a physical item of this checkout` });
    if (!Number.isInteger(entry.quantity) || entry.quantity < 1) throw missingFields({ line_items: 'quantity must be a positive integer' });
    const elsewhere = cart.checkout.consignments
      .filter((c) => c !== exceptConsignment)
      .flatMap((c) => c.items)
      .filter((e) => e.item_id === item.id)
      .reduce((sum, e) => sum + e.quantity, 0);
    if (elsewhere + entry.quantity > item.quantity) throw missingFields({ line_items: `More of ${item.id} than the cart holds is assigned to consignments` });
    items.push({ item_id: item.id, quantity: entry.quantity });
  }
  return items;
}

function addConsignment(ctx, cart, raw) {
  if (!raw || typeof raw !== 'object') throw invalidJson({ consignment: 'error.expected.jsobject' });
  // CreateConsignmentRequest requires country_code, email, state_or_province and postal_code.
  const address = readAddress(raw.address, ['country_code', 'email', 'state_or_province', 'postal_code']);
  address.id = nextAddressId(ctx);
  const consignment = { id: randomBytes(7).toString('hex'), address, items: [], selected: null };
  consignment.items = readConsignmentItems(cart, raw.line_items, { exceptConsignment: consignment });
  cart.checkout.consignments.push(consignment);
  return consignment;
}

function updateConsignment(ctx, cart, consignmentId, raw) {
  const consignment = cart.checkout.consignments.find((c) => c.id === consignmentId);
  if (!consignment) throw notFound('Consignment not found');
  const hasShipping = raw.shipping_option_id !== undefined;
  const hasOther = raw.address !== undefined || raw.line_items !== undefined;
  // UpdateConsignmentRequest: "shipping_option_id has to be updated in a separate request".
  if (hasShipping && hasOther) throw unprocessable('Update the shipping option in a separate request from the address and line items.');
  if (!hasShipping && !hasOther) throw missingFields({ consignment: 'Send address and line_items, or shipping_option_id' });
  if (hasShipping) {
    const option = shippingOptions(ctx, cart, consignment).find((o) => o.id === raw.shipping_option_id);
    if (!option) throw missingFields({ shipping_option_id: 'This shipping option is not available for the consignment' });
    consignment.selected = option.key;
    return;
  }
  if (raw.address !== undefined) {
    const address = readAddress(raw.address);
    address.id = consignment.address.id;
    consignment.address = address;
  }
  if (raw.line_items !== undefined) consignment.items = readConsignmentItems(cart, raw.line_items, { exceptConsignment: consignment });
  // A new address or weight can change the quotes: the chosen method stays only while it is still offered.
  keepSelectionIfOffered(ctx, cart, consignment);
}

/** The hosted checkout's single consignment: every physical item to one address, with one option. */
export function shipEverythingTo(ctx, cart, rawAddress, optionKey) {
  const address = readAddress(rawAddress, ['country_code', 'email', 'first_name', 'last_name', 'address1', 'city', 'postal_code']);
  const items = cart.items.filter((i) => i.kind === 'product' && isPhysical(ctx, i)).map((i) => ({ item_id: i.id, quantity: i.quantity }));
  let consignment = cart.checkout.consignments[0];
  if (!consignment) {
    consignment = { id: randomBytes(7).toString('hex'), address: null, items: [], selected: null };
    cart.checkout.consignments = [consignment];
  } else {
    cart.checkout.consignments = [consignment];
  }
  address.id = consignment.address?.id ?? nextAddressId(ctx);
  consignment.address = address;
  consignment.items = items;
  consignment.selected = optionKey ?? consignment.selected;
  keepSelectionIfOffered(ctx, cart, consignment);
}

function isPhysical(ctx, item) {
  return ctx.state.products.find((p) => p.id === item.product_id)?.type === 'physical';
}

export function applyCoupon(ctx, cart, rawCode) {
  if (typeof rawCode !== 'string' || !rawCode.trim()) throw missingFields({ coupon_code: 'coupon_code is required' });
  const code = rawCode.trim();
  if (code.length > 50) throw missingFields({ coupon_code: 'Coupon codes have a 50-character limit' });
  const coupon = findCoupon(ctx, code);
  const refusal = couponRefusal(ctx, cart, coupon, priceCart(ctx, cart).lines, { code });
  if (refusal) throw refusal;
  if (!cart.coupons.includes(coupon.code)) cart.coupons.push(coupon.code);
  return coupon;
}

function removeCoupon(cart, rawCode) {
  const index = cart.coupons.findIndex((c) => c.toLowerCase() === String(rawCode).toLowerCase());
  if (index < 0) throw notFound('This coupon is not applied to the checkout');
  cart.coupons.splice(index, 1);
}

// ---- rendering (Checkout) --------------------------------------------------------------------------------

/**
 * Totals of a checkout: the cart's goods after item coupons, each consignment's chosen shipping and handling less
 * what shipping coupons take off, and tax (taxes.js) on the goods at the address they ship to (the billing address,
 * else the first consignment's, for goods no consignment carries) and on shipping and handling at the
 * consignment's address. Everything is integer minor units; grand total = goods + shipping + handling + tax.
 */
export function priceCheckout(ctx, cart) {
  const priced = priceCart(ctx, cart);
  const shippingCoupons = priced.coupons.filter((c) => isShippingCoupon(c.coupon));
  const taxes = new Map();
  const addTax = (rate, amount) => {
    if (rate && amount) taxes.set(rate.name, (taxes.get(rate.name) ?? 0) + amount);
    return amount;
  };
  let itemsTax = 0;
  let assignedGoods = 0;
  const consignments = cart.checkout.consignments.map((consignment) => {
    const options = shippingOptions(ctx, cart, consignment, priced);
    const selected = consignment.selected ? options.find((o) => o.key === consignment.selected) ?? null : null;
    const shipping = selected?.cost ?? 0;
    const handling = selected?.handling ?? 0;
    const couponDiscounts = [];
    let discount = 0;
    for (const entry of shippingCoupons) {
      const amount = shippingDiscount(entry.coupon, shipping - discount);
      if (!amount) continue;
      discount += amount;
      entry.amount += amount;
      couponDiscounts.push({ code: entry.coupon.code, amount });
    }
    const rate = taxRateFor(consignment.address);
    const { goods } = consignmentGoods(priced, consignment);
    assignedGoods += goods;
    itemsTax += addTax(rate, taxOn(goods, rate));
    const shippingTax = addTax(rate, taxOn(shipping - discount, rate));
    const handlingTax = addTax(rate, taxOn(handling, rate));
    return { consignment, options, selected, shipping, handling, discount, couponDiscounts, shippingTax, handlingTax };
  });
  const taxableGoods = priced.lines.filter((l) => l.item.kind !== 'gift').reduce((sum, l) => sum + l.extended - l.coupon, 0);
  const restRate = taxRateFor(cart.checkout.billing ?? cart.checkout.consignments[0]?.address);
  itemsTax += addTax(restRate, taxOn(taxableGoods - assignedGoods, restRate));
  const sum = (key) => consignments.reduce((total, c) => total + c[key], 0);
  const shipping = sum('shipping');
  const handling = sum('handling');
  const shippingDiscountTotal = sum('discount');
  const taxTotal = itemsTax + sum('shippingTax') + sum('handlingTax');
  return {
    ...priced,
    couponTotal: priced.couponTotal + shippingDiscountTotal,
    itemCouponTotal: priced.couponTotal,
    consignments,
    shipping,
    handling,
    shippingDiscount: shippingDiscountTotal,
    itemsTax,
    taxTotal,
    taxes: [...taxes].map(([name, amount]) => ({ name, amount })),
    grandTotal: priced.cartAmount + shipping + handling - shippingDiscountTotal + taxTotal,
  };
}

function renderCheckout(ctx, cart, includes = new Set()) {
  const priced = priceCheckout(ctx, cart);
  const physical = [];
  const digital = [];
  for (const line of priced.lines) {
    if (line.item.kind !== 'product') continue;
    const out = {
      ...productItemFields(ctx, cart, line),
      is_taxable: true,
      comparison_price: toNumber(line.unit.original),
      extended_comparison_price: toNumber(line.unit.original * line.item.quantity),
    };
    const isDigital = line.product.type === 'digital';
    if (includes.has(isDigital ? 'cart.line_items.digital_items.options' : 'cart.line_items.physical_items.options')) out.options = lineOptions(line);
    (isDigital ? digital : physical).push(out);
  }
  // checkouts.v3.yml's examples name the coupon type ("percentage_discount"); Cart_Full uses its number.
  const coupons = priced.coupons.map(({ coupon, amount }) => ({
    code: coupon.code, id: coupon.id, coupon_type: coupon.type, discounted_amount: toNumber(amount), display_name: coupon.name,
  }));
  const out = {
    id: cart.id,
    cart: {
      id: cart.id,
      customer_id: cart.customer_id,
      email: cartEmail(ctx, cart),
      currency: { code: cart.currency },
      tax_included: false,
      base_amount: toNumber(priced.baseAmount),
      channel_id: cart.channel_id,
      discount_amount: 0,
      cart_amount_inc_tax: toNumber(priced.cartAmount + priced.itemsTax),
      cart_amount_ex_tax: toNumber(priced.cartAmount),
      coupons,
      discounts: priced.itemCouponTotal ? [{ id: 'coupon', discounted_amount: toNumber(priced.itemCouponTotal) }] : [],
      line_items: {
        physical_items: physical,
        digital_items: digital,
        gift_certificates: priced.lines.filter((l) => l.item.kind === 'gift').map((l) => renderGiftCertificate(l.item)),
        custom_items: priced.lines.filter((l) => l.item.kind === 'custom').map((l) => {
          const item = { quantity: l.item.quantity, id: l.item.id, extended_list_price: toNumber(l.extended), list_price: toNumber(l.item.list_price), sku: l.item.sku, name: l.item.name };
          if (l.item.image_url) item.image_url = l.item.image_url;
          return item;
        }),
      },
      created_time: iso(cart.created_at),
      updated_time: iso(cart.updated_at),
    },
    consignments: priced.consignments.map(({ consignment: c, options, selected, shipping, handling, couponDiscounts, shippingTax, handlingTax }) => {
      const out = {
        id: c.id,
        address: renderAddress(c.address),
        coupon_discounts: couponDiscounts.map(({ code, amount }) => ({ code, amount: toNumber(amount) })),
        discounts: [],
        shipping_cost_inc_tax: toNumber(shipping + shippingTax),
        shipping_cost_ex_tax: toNumber(shipping),
        handling_cost_inc_tax: toNumber(handling + handlingTax),
        handling_cost_ex_tax: toNumber(handling),
        line_item_ids: c.items.map((e) => e.item_id),
      };
      const view = ({ key, cost, handling: _handling, ...rest }) => ({ ...rest, cost: toNumber(cost) });
      if (includes.has('consignments.available_shipping_options')) out.available_shipping_options = options.map(view);
      if (selected) out.selected_shipping_option = view(selected);
      return out;
    }),
    taxes: priced.taxes.map(({ name, amount }) => ({ name, amount: toNumber(amount) })),
    coupons,
    fees: [],
    // checkouts.v3.yml types order_id as a nullable string.
    order_id: cart.checkout.order_id ? String(cart.checkout.order_id) : null,
    shipping_cost_total_inc_tax: toNumber(priced.shipping + priced.consignments.reduce((t, c) => t + c.shippingTax, 0)),
    shipping_cost_total_ex_tax: toNumber(priced.shipping),
    handling_cost_total_inc_tax: toNumber(priced.handling + priced.consignments.reduce((t, c) => t + c.handlingTax, 0)),
    handling_cost_total_ex_tax: toNumber(priced.handling),
    tax_total: toNumber(priced.taxTotal),
    subtotal_inc_tax: toNumber(priced.baseAmount + priced.itemsTax),
    subtotal_ex_tax: toNumber(priced.baseAmount),
    grand_total: toNumber(priced.grandTotal),
    created_time: iso(cart.created_at),
    updated_time: iso(cart.updated_at),
    customer_message: cart.checkout.customer_message,
    version: cart.version,
  };
  if (cart.checkout.billing) out.billing_address = renderAddress(cart.checkout.billing);
  return out;
}

// ---- REST ------------------------------------------------------------------------------------------------

/** checkouts.v3.yml 404: the checkout id is a cart id that does not exist (any more). */
export function requireCheckout(ctx, id) {
  try {
    return requireCart(ctx, id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound('Checkout not found');
    throw error;
  }
}

export function registerCheckoutRoutes(router, ctx) {
  const answer = (cart, url) => storeJson(200, { data: renderCheckout(ctx, cart, includesOf(url)), meta: {} });

  /** A checkout change: version check, change, new version, the checkout as it now is. */
  const change = (request, url, params, apply) => readStoreJson(request, {}).then((body) =>
    ctx.transact(() => {
      const cart = requireCheckout(ctx, params.checkoutId);
      checkVersion(cart, Array.isArray(body) ? body[0] : body);
      apply(cart, body);
      touch(ctx, cart);
      return answer(cart, url);
    }));

  router.add('GET', '/v3/checkouts/:checkoutId', async ({ url, params }) => answer(requireCheckout(ctx, params.checkoutId), url));

  router.add('PUT', '/v3/checkouts/:checkoutId', ({ request, url, params }) => change(request, url, params, (cart, body) => {
    requireObject(body);
    if (typeof body.customer_message !== 'string') throw missingFields({ customer_message: 'customer_message is required' });
    if (body.customer_message.length > 2000) throw missingFields({ customer_message: 'The customer message is limited to 2000 characters' });
    cart.checkout.customer_message = body.customer_message;
  }));

  router.add('POST', '/v3/checkouts/:checkoutId/billing-address', ({ request, url, params }) =>
    change(request, url, params, (cart, body) => setBillingAddress(ctx, cart, requireObject(body))));

  router.add('PUT', '/v3/checkouts/:checkoutId/billing-address/:addressId', ({ request, url, params }) =>
    change(request, url, params, (cart, body) => {
      if (!cart.checkout.billing || cart.checkout.billing.id !== params.addressId) throw notFound('Billing address not found');
      setBillingAddress(ctx, cart, requireObject(body));
    }));

  router.add('POST', '/v3/checkouts/:checkoutId/consignments', ({ request, url, params }) =>
    change(request, url, params, (cart, body) => {
      if (!Array.isArray(body) || !body.length) throw invalidJson({ body: 'error.expected.jsarray' });
      for (const raw of body) addConsignment(ctx, cart, raw);
    }));

  router.add('PUT', '/v3/checkouts/:checkoutId/consignments/:consignmentId', ({ request, url, params }) =>
    change(request, url, params, (cart, body) => updateConsignment(ctx, cart, params.consignmentId, requireObject(body))));

  router.add('DELETE', '/v3/checkouts/:checkoutId/consignments/:consignmentId', ({ request, url, params }) =>
    change(request, url, params, (cart) => {
      const index = cart.checkout.consignments.findIndex((c) => c.id === params.consignmentId);
      if (index < 0) throw notFound('Consignment not found');
      cart.checkout.consignments.splice(index, 1);
    }));

  router.add('POST', '/v3/checkouts/:checkoutId/coupons', ({ request, url, params }) =>
    change(request, url, params, (cart, body) => {
      applyCoupon(ctx, cart, requireObject(body).coupon_code);
    }));

  router.add('DELETE', '/v3/checkouts/:checkoutId/coupons/:couponCode', ({ request, url, params }) =>
    change(request, url, params, (cart) => removeCoupon(cart, params.couponCode)));

  // POST /v3/checkouts/{checkoutId}/orders is in orders.js, with the rest of making an order.
}
