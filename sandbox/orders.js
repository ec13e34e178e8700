// Orders: made from a checkout (POST /v3/checkouts/{id}/orders or the hosted "Place order"), read with the
// v2 Orders API (orders.v2.oas2.yml: money as 4-decimal strings, RFC 2822 dates).
import { stockOf, takeStock } from './catalog.js';
import { deleteCart, lineOptions, outOfStock } from './carts.js';
import { COUNTRIES, priceCheckout, requireCheckout, shippingOptions } from './checkouts.js';
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
 * Turns a checkout into an order: checks that it is complete and in stock, takes the stock, and deletes the
 * cart. `source` 'api' makes an Incomplete order (checkouts.v3.yml: "Orders created will be set to
 * incomplete order status"); 'checkout' is the hosted checkout's test payment, Awaiting Fulfillment.
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
  for (const consignment of cart.checkout.consignments) {
    requireComplete(consignment.address, ['email', 'first_name', 'last_name', 'address1', 'city', 'country_code'], 'A shipping address for this order is incomplete');
    if (!consignment.selected) throw unprocessable('A shipping method must be selected for every consignment');
  }
  // Stock is checked again: it may have gone since the item was added.
  const taken = new Map();
  for (const line of priced.lines.filter((l) => l.item.kind === 'product')) {
    const key = line.product.inventory_tracking === 'product' ? `p${line.product.id}` : `v${line.variant.id}`;
    const total = (taken.get(key) ?? 0) + line.item.quantity;
    taken.set(key, total);
    if (total > stockOf(line.product, line.variant)) throw outOfStock(line.product);
  }

  const now = ctx.now();
  const id = ctx.state.counters.order++;
  const shippingAddresses = cart.checkout.consignments.map((c) => {
    const option = shippingOptions(cart, c).find((o) => o.key === c.selected);
    return { id: Number(c.address.id), address: c.address, method: option.description, cost: option.cost, item_ids: c.items.map((e) => e.item_id) };
  });
  const products = priced.lines.map((line) => {
    const item = line.item;
    const base = { id: ctx.state.counters.orderProduct++, quantity: item.kind === 'gift' ? 1 : item.quantity, coupon: line.coupon };
    const addressId = shippingAddresses.find((a) => a.item_ids.includes(item.id))?.id ?? 0;
    if (item.kind === 'product') {
      takeStock(ctx, line.product, line.variant, item.quantity);
      line.product.total_sold = (line.product.total_sold ?? 0) + item.quantity;
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
  const statusId = source === 'api' ? 0 : 11;
  const order = {
    id,
    cart_id: cart.id,
    customer_id: cart.customer_id,
    channel_id: cart.channel_id,
    status_id: statusId,
    date_created: now,
    date_modified: now,
    currency_code: cart.currency,
    exchange_rate: ctx.state.currencies.find((c) => c.code === cart.currency)?.exchange_rate ?? 1,
    billing_address: { ...cart.checkout.billing },
    shipping_addresses: shippingAddresses,
    products,
    subtotal: priced.baseAmount,
    coupon_discount: priced.couponTotal,
    coupons: priced.coupons.map(({ coupon, amount }) => ({ code: coupon.code, amount })),
    shipping: priced.shipping,
    total: priced.grandTotal,
    items_total: products.reduce((s, p) => s + p.quantity, 0),
    payment_method: source === 'api' ? '' : 'Test Payment Gateway',
    payment_status: source === 'api' ? '' : 'captured',
    customer_message: cart.checkout.customer_message,
    ip_address: ipAddress.slice(0, 30),
    order_source: source === 'api' ? 'external' : 'www',
    is_digital: physical.length === 0 && products.every((p) => p.type !== 'physical'),
  };
  ctx.state.orders[id] = order;
  // The sandbox deletes the cart once the order exists, so a storefront's cart empties after checkout.
  deleteCart(ctx, cart.id);
  return order;
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
    subtotal_inc_tax: money(order.subtotal),
    subtotal_tax: money(0),
    base_shipping_cost: money(order.shipping),
    shipping_cost_ex_tax: money(order.shipping),
    shipping_cost_inc_tax: money(order.shipping),
    shipping_cost_tax: money(0),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: money(0),
    handling_cost_ex_tax: money(0),
    handling_cost_inc_tax: money(0),
    handling_cost_tax: money(0),
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: money(0),
    wrapping_cost_ex_tax: money(0),
    wrapping_cost_inc_tax: money(0),
    wrapping_cost_tax: money(0),
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: money(order.total),
    total_inc_tax: money(order.total),
    total_tax: money(0),
    items_total: order.items_total,
    items_shipped: 0,
    payment_method: order.payment_method,
    payment_provider_id: '',
    payment_status: order.payment_status,
    refunded_amount: money(0),
    order_is_digital: order.is_digital,
    store_credit_amount: money(0),
    gift_certificate_amount: money(0),
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
      return storeJson(200, { data: renderOrderId(order), meta: {} });
    }));
  router.add('GET', '/v2/orders/:orderId', async ({ params }) => storeJson(200, renderOrderV2(ctx, requireOrder(ctx, params.orderId))));
  router.add('GET', '/v2/orders/:orderId/products', async ({ params }) => {
    const order = requireOrder(ctx, params.orderId);
    return storeJson(200, order.products.map((p) => renderOrderProduct(order, p)));
  });
  router.add('GET', '/v2/time', async () => storeJson(200, { time: Math.floor(ctx.now() / 1000) }));
}
