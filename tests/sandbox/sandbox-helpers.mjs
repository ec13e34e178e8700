// What the checkout-details and payments tests share: a sandbox with fixed credentials, its REST API, its pages
// and the session cookie a cart link sets.
import assert from 'node:assert/strict';
import { createSandbox } from '../../sandbox/index.js';

export const CREDS = {
  storeHash: 'sbdetails1',
  accessToken: 'access-token-for-details',
  clientId: 'client-id-for-details',
  clientSecret: 'client-secret-for-details',
  channelId: 1,
  origin: 'http://localhost:8081',
  siteUrl: 'http://127.0.0.1:8080',
};
export const PAYMENTS_ORIGIN = 'https://payments.bigcommerce.com';

export const makeSandbox = (options = {}) => createSandbox({ ...CREDS, log: () => {}, ...options });

export async function api(sb, method, path, body) {
  const headers = { Accept: 'application/json', 'X-Auth-Token': CREDS.accessToken };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await sb.fetch(new Request(`${CREDS.origin}/stores/${CREDS.storeHash}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function page(sb, path, { method = 'GET', form, cookie } = {}) {
  const init = { method, headers: {} };
  if (cookie) init.headers.Cookie = cookie;
  if (form) {
    init.body = new URLSearchParams(form).toString();
    init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.headers.Origin = CREDS.origin;
  }
  const response = await sb.fetch(new Request(new URL(path, CREDS.origin), init));
  return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
}

export async function createCart(sb, body) {
  const response = await api(sb, 'POST', '/v3/carts?include=redirect_urls', body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.data;
}

/** Follows a cart link (checkout_url or embedded_checkout_url) and returns the store session cookie it sets. */
export async function sessionFor(sb, link) {
  const url = new URL(link);
  const entry = await page(sb, url.pathname + url.search);
  assert.equal(entry.status, 302);
  const cookie = entry.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('SHOP_SESSION_TOKEN=') && c.length > 'SHOP_SESSION_TOKEN='.length);
  assert.ok(cookie, 'the cart link sets the session cookie');
  return { cookie, location: entry.location };
}

export const TEXAS = {
  first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin',
  state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '78751', phone: '+15125550100',
};

/** A cart with billing address, one consignment for every physical line and a chosen option (by description). */
export async function readyCheckout(sb, { customerId = 1, lines = [{ product_id: 80, variant_id: 64, quantity: 1 }], address = TEXAS, option = 'Express' } = {}) {
  const cart = await createCart(sb, { customer_id: customerId, line_items: lines });
  assert.equal((await api(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, address)).status, 200);
  const checkout = await api(sb, 'GET', `/v3/checkouts/${cart.id}`);
  const physical = checkout.body.data.cart.line_items.physical_items;
  const added = await api(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [
    { address, line_items: physical.map((i) => ({ item_id: i.id, quantity: i.quantity })) },
  ]);
  assert.equal(added.status, 200, JSON.stringify(added.body));
  const consignment = added.body.data.consignments[0];
  const chosen = consignment.available_shipping_options.find((o) => o.description === option);
  const selected = await api(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: chosen.id });
  assert.equal(selected.status, 200);
  return { cart, checkout: selected.body.data, consignment, option: chosen };
}
