// Orders: made from a checkout (POST /v3/checkouts/{id}/orders or the hosted "Place order"), read with the
// v2 Orders API (orders.v2.oas2.yml: money as 4-decimal strings, RFC 2822 dates).
import { findProduct, stockOf, takeStock } from './catalog.js';
import { deleteCart, lineOptions, outOfStock, touch } from './carts.js';
import { COUNTRIES, priceCheckout, requireCheckout } from './checkouts.js';
import { ApiError, NOT_FOUND_TITLE, unprocessable } from './errors.js';
import { storeJson } from './store-http.js';
import { toDecimalString } from './money.js';

const STATUSES = { 0: 'Incomplete', 11: 'Awaiting Fulfillment' };
const rfc2822 = (ms) => new Date(ms).toUTCString().replace('GMT', '+0000');
const money = (minor) => toDecimalString(minor, 4);
// orders.v2.oas2.yml 404_Resp: the v2 API answers with an array.
const orderNotFound = () => new ApiError(404, NOT_FOUND_TITLE, { body: [{ status: 404, message: NOT_FOUND_TITLE }] });

function requireComplete(address, fields, title) {
  if (!address || fields.some((f) => !address[f])) throw unprocessable(title);
}

function v2Address(address) {
  return {
    first_name: address.first_name ?? '',
    last_name: address.last_name ?? '',
    company: address.company ?? '',
    street_1: address.address1 ?? '',
    street_2: address.address2 ?? '',
    city: address.city ?? '',
    state: address.state_or_province ?? '',
    zip: address.postal_code ?? '',
    country: COUNTRIES[address.country_code] ?? address.country_code ?? '',
    country_iso2: address.country_code ?? '',
    phone: address.phone ?? '',
    email: address.email ?? '',
  };
}

/**
 * Turns a checkout into an order: checks that it is complete and in stock. `source` 'api' makes an Incomplete
 * order and keeps the cart (checkouts.v3.yml createOrder: "Orders created will be set to incomplete order status",
 * "Once the order is paid, the cart is deleted"); the checkout's order_id names it, and making the order again, or
 * finishing the checkout on that cart, updates that same order rather than making another. 'checkout' is the
 * hosted checkout's test payment: the order is paid at once (completeOrder).
 */
export function createOrder(ctx, cart, { source, ipAddress = '' }) {
  const priced = priceCheckout(ctx, cart);
  requireComplete(cart.checkout.billing, ['email', 'first_name', 'last_name', 'address1', 'city', 'country_code', 'postal_code'],
    'A billing address for this order is incomplete');
  const physical = priced.lines.filter((l) => l.item.kind === 'product' && l.product.type === 'physical');
  for (const line of physical) {
    const assigned = cart.checkout.consignments.flatMap((c) => c.items).filter((e) => e.item_id === line.item.id).reduce((s, e) => s + e.quantity, 0);
    if (assigned < line.item.quantity) throw unprocessable('A shipping address for this order is incomplete');
  }
  for (const { consignment, selected } of priced.consignments) {
    requireComplete(consignment.address, ['email', 'first_name', 'last_name', 'address1', 'city', 'country_code'], 'A shipping address for this order is incomplete');
    if (!selected) throw unprocessable('A shipping method must be selected for every consignment');
  }
  checkStock(ctx, priced.lines.filter((l) => l.item.kind === 'product').map((l) => ({ product: l.product, variant: l.variant, quantity: l.item.quantity })));

  const now = ctx.now();
  const previous = cart.checkout.order_id ? ctx.state.orders[cart.checkout.order_id] : null;
  const reuse = previous && previous.status_id === 0 ? previous : null;
  const id = reuse?.id ?? ctx.state.counters.order++;
  const shippingAddresses = priced.consignments.map(({ consignment: c, selected, shipping, handling, discount }) => (
    { id: Number(c.address.id), address: c.address, method: selected.description, cost: shipping, handling, discount, item_ids: c.items.map((e) => e.item_id) }));
  const products = priced.lines.map((line) => {
    const item = line.item;
    const base = { id: ctx.state.counters.orderProduct++, quantity: item.kind === 'gift' ? 1 : item.quantity, coupon: line.coupon };
    const addressId = shippingAddresses.find((a) => a.item_ids.includes(item.id))?.id ?? 0;
    if (item.kind === 'product') {
      const brand = ctx.state.brands.find((b) => b.id === line.product.brand_id);
      return {
        ...base, product_id: line.product.id, variant_id: line.variant.id, name: line.product.name, sku: line.variant.sku,
        type: line.product.type, unit: line.unit.list, total: line.extended, weight: line.product.weight, brand: brand?.name ?? '',
        options: lineOptions(line), address_id: addressId,
      };
    }
    if (item.kind === 'custom') {
      return { ...base, product_id: 0, variant_id: 0, name: item.name, sku: item.sku, type: 'physical', unit: item.list_price, total: line.extended, weight: 0, brand: '', options: [], address_id: addressId };
    }
    return { ...base, product_id: 0, variant_id: 0, name: item.name, sku: '', type: 'giftcertificate', unit: item.amount, total: item.amount, weight: 0, brand: '', options: [], address_id: 0 };
  });
  const order = {
    id,
    cart_id: cart.id,
    customer_id: cart.customer_id,
    channel_id: cart.channel_id,
    status_id: 0,
    date_created: reuse?.date_created ?? now,
    date_modified: now,
    currency_code: cart.currency,
    exchange_rate: ctx.state.currencies.find((c) => c.code === cart.currency)?.exchange_rate ?? 1,
    billing_address: { ...cart.checkout.billing },
    shipping_addresses: shippingAddresses,
    products,
    subtotal: priced.baseAmount,
    subtotal_tax: priced.itemsTax,
    coupon_discount: priced.couponTotal,
    coupons: priced.coupons.map(({ coupon, amount }) => ({ code: coupon.code, amount })),
    coupon_codes: priced.coupons.map(({ coupon }) => coupon.code),
    shipping: priced.shipping - priced.shippingDiscount,
    shipping_tax: priced.consignments.reduce((t, c) => t + c.shippingTax, 0),
    handling: priced.handling,
    handling_tax: priced.consignments.reduce((t, c) => t + c.handlingTax, 0),
    total_tax: priced.taxTotal,
    total: priced.grandTotal,
    gift_certificate_amount: 0,
    items_total: products.reduce((s, p) => s + p.quantity, 0),
    payment_method: '',
    payment_status: '',
    customer_message: cart.checkout.customer_message,
    ip_address: (ipAddress || reuse?.ip_address || '').slice(0, 30),
    // The Payments API guide: orders made and paid through the API show the source "Checkout API".
    order_source: source === 'api' ? 'checkout_api' : 'www',
    is_digital: physical.length === 0 && products.every((p) => p.type !== 'physical'),
  };
  ctx.state.orders[id] = order;
  cart.checkout.order_id = id;
  if (source !== 'api') completeOrder(ctx, order, { paymentMethod: 'Test Payment Gateway' });
  return order;
}

/** Refuses an order for more than the store holds; `wanted` lists { product, variant, quantity }. */
function checkStock(ctx, wanted) {
  const taken = new Map();
  for (const { product, variant, quantity } of wanted) {
    const key = product.inventory_tracking === 'product' ? `p${product.id}` : `v${variant.id}`;
    const total = (taken.get(key) ?? 0) + quantity;
    taken.set(key, total);
    if (total > stockOf(product, variant)) throw outOfStock(product);
  }
}

/**
 * An order paid: Awaiting Fulfillment, stock taken, its coupons counted (num_uses) and its cart deleted ("Once the
 * order is paid, the cart is deleted", checkouts.v3.yml createOrder). Stock is checked again: it may have gone
 * since the order was made.
 */
export function completeOrder(ctx, order, { paymentMethod, giftCertificateAmount = 0 }) {
  const lines = order.products.filter((p) => p.product_id).map((p) => {
    const product = findProduct(ctx.state, p.product_id);
    return { product, variant: product.variants.find((v) => v.id === p.variant_id), quantity: p.quantity };
  });
  checkStock(ctx, lines);
  for (const { product, variant, quantity } of lines) {
    takeStock(ctx, product, variant, quantity);
    product.total_sold = (product.total_sold ?? 0) + quantity;
  }
  for (const code of order.coupon_codes ?? []) {
    const coupon = ctx.state.coupons.find((c) => c.code === code);
    if (coupon) coupon.num_uses += 1;
  }
  Object.assign(order, {
    status_id: 11,
    date_modified: ctx.now(),
    payment_method: paymentMethod,
    payment_status: 'captured',
    gift_certificate_amount: giftCertificateAmount,
  });
  deleteCart(ctx, order.cart_id);
}

const renderOrderId = (order) => ({ id: order.id });

function renderOrderV2(ctx, order) {
  const base = `${ctx.options.origin}/stores/${ctx.options.storeHash}/v2/orders/${order.id}`;
  const currency = ctx.state.currencies.find((c) => c.code === order.currency_code);
  return {
    id: order.id,
    customer_id: order.customer_id,
    date_created: rfc2822(order.date_created),
    date_modified: rfc2822(order.date_modified),
    date_shipped: '',
    status_id: order.status_id,
    status: STATUSES[order.status_id] ?? 'Pending',
    cart_id: order.cart_id,
    channel_id: order.channel_id,
    subtotal_ex_tax: money(order.subtotal),
    subtotal_inc_tax: money(order.subtotal + (order.subtotal_tax ?? 0)),
    subtotal_tax: money(order.subtotal_tax ?? 0),
    base_shipping_cost: money(order.shipping),
    shipping_cost_ex_tax: money(order.shipping),
    shipping_cost_inc_tax: money(order.shipping + (order.shipping_tax ?? 0)),
    shipping_cost_tax: money(order.shipping_tax ?? 0),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: money(order.handling ?? 0),
    handling_cost_ex_tax: money(order.handling ?? 0),
    handling_cost_inc_tax: money((order.handling ?? 0) + (order.handling_tax ?? 0)),
    handling_cost_tax: money(order.handling_tax ?? 0),
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: money(0),
    wrapping_cost_ex_tax: money(0),
    wrapping_cost_inc_tax: money(0),
    wrapping_cost_tax: money(0),
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: money(order.total - (order.total_tax ?? 0)),
    total_inc_tax: money(order.total),
    total_tax: money(order.total_tax ?? 0),
    items_total: order.items_total,
    items_shipped: 0,
    payment_method: order.payment_method,
    payment_provider_id: '',
    payment_status: order.payment_status,
    refunded_amount: money(0),
    order_is_digital: order.is_digital,
    store_credit_amount: money(0),
    gift_certificate_amount: money(order.gift_certificate_amount ?? 0),
    ip_address: order.ip_address,
    ip_address_v6: '',
    geoip_country: '',
    geoip_country_iso2: '',
    currency_id: currency?.code === 'EUR' ? 2 : 1,
    currency_code: order.currency_code,
    currency_exchange_rate: order.exchange_rate.toFixed(10),
    default_currency_id: 1,
    default_currency_code: 'USD',
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: order.exchange_rate.toFixed(10),
    staff_notes: '',
    customer_message: order.customer_message,
    discount_amount: money(0),
    coupon_discount: money(order.coupon_discount),
    shipping_address_count: order.shipping_addresses.length,
    is_deleted: false,
    is_email_opt_in: false,
    is_tax_inclusive_pricing: false,
    ebay_order_id: '0',
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    order_source: order.order_source,
    customer_locale: 'en',
    billing_address: { ...v2Address(order.billing_address), form_fields: [] },
    products: { url: `${base}/products`, resource: `/orders/${order.id}/products` },
    shipping_addresses: { url: `${base}/shipping_addresses`, resource: `/orders/${order.id}/shipping_addresses` },
    coupons: { url: `${base}/coupons`, resource: `/orders/${order.id}/coupons` },
  };
}

/** orderProducts has additionalProperties: false, so exactly its fields. */
function renderOrderProduct(order, p) {
  return {
    id: p.id,
    order_id: order.id,
    product_id: p.product_id,
    variant_id: p.variant_id,
    order_pickup_method_id: 0,
    order_address_id: p.address_id,
    name: p.name,
    name_customer: p.name,
    name_merchant: p.name,
    sku: p.sku,
    upc: '',
    type: p.type,
    base_price: money(p.unit),
    price_ex_tax: money(p.unit),
    price_inc_tax: money(p.unit),
    price_tax: money(0),
    base_total: money(p.total),
    total_ex_tax: money(p.total),
    total_inc_tax: money(p.total),
    total_tax: money(0),
    discounted_total_inc_tax: money(p.total - p.coupon),
    weight: p.weight,
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    quantity: p.quantity,
    base_cost_price: money(0),
    cost_price_inc_tax: money(0),
    cost_price_ex_tax: money(0),
    cost_price_tax: money(0),
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: money(0),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: null,
    base_wrapping_cost: money(0),
    wrapping_cost_ex_tax: money(0),
    wrapping_cost_inc_tax: money(0),
    wrapping_cost_tax: money(0),
    wrapping_message: '',
    quantity_shipped: 0,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: money(0),
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: p.brand,
    gift_certificate_id: null,
    applied_discounts: order.coupons.length && p.coupon
      ? [{ id: 'coupon', amount: money(p.coupon), name: order.coupons.map((c) => c.code).join(', '), code: order.coupons[0].code, target: 'order' }]
      : [],
    product_options: p.options.map((o, i) => ({
      id: p.id * 100 + i,
      option_id: o.nameId,
      order_product_id: p.id,
      product_option_id: o.nameId,
      display_name: o.name,
      display_name_customer: o.name,
      display_name_merchant: o.name,
      display_value: o.value,
      display_value_customer: o.value,
      display_value_merchant: o.value,
      value: o.valueId !== undefined ? String(o.valueId) : o.value,
      type: o.valueId !== undefined ? 'Multiple choice' : 'Text field',
      name: o.name,
      display_style: o.valueId !== undefined ? 'Rectangle' : '',
    })),
    configurable_fields: [],
  };
}

function requireOrder(ctx, rawId) {
  const order = /^\d{1,10}$/.test(rawId) ? ctx.state.orders[rawId] : null;
  if (!order) throw orderNotFound();
  return order;
}

export function registerOrderRoutes(router, ctx) {
  // checkouts.v3.yml answers with the order id only; the order itself is read with the v2 API.
  router.add('POST', '/v3/checkouts/:checkoutId/orders', async ({ params, info }) =>
    ctx.transact(() => {
      const cart = requireCheckout(ctx, params.checkoutId);
      const order = createOrder(ctx, cart, { source: 'api', ipAddress: info?.clientAddress });
      touch(ctx, cart);
      return storeJson(200, { data: renderOrderId(order), meta: {} });
    }));
  router.add('GET', '/v2/orders/:orderId', async ({ params }) => storeJson(200, renderOrderV2(ctx, requireOrder(ctx, params.orderId))));
  router.add('GET', '/v2/orders/:orderId/products', async ({ params }) => {
    const order = requireOrder(ctx, params.orderId);
    return storeJson(200, order.products.map((p) => renderOrderProduct(order, p)));
  });
  router.add('GET', '/v2/time', async () => storeJson(200, { time: Math.floor(ctx.now() / 1000) }));
}
