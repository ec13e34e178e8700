// The stub's checkout-details routes (server/checkout-details.js) against the sandbox store over loopback HTTP:
// the sandbox listens (listenSandbox), the stub runs in-process (createHandler) with the real core and details
// module, and its upstream fetch goes to the sandbox through a switch that can fail a chosen call, so a 5xx, a
// 409 or a store that never settles can be put in the middle of the plan loop.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadDetailsCore, loadServerCore } from '../../dist/node.js';
import { createHandler, loadConfig } from '../../server/index.js';
import { MAX_PLAN_ROUNDS } from '../../server/checkout-details.js';
import { listenSandbox } from '../../sandbox/index.js';
import { readResponse } from './server-fixtures.mjs';

const STORE = {
  storeHash: 'details1',
  accessToken: 'details-token-8Hq3Vx6Lp2Zr',
  clientId: 'details-client',
  clientSecret: 'details-client-secret-5Nb7Tc4Wq9',
  siteUrl: 'http://127.0.0.1:8080',
};
const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const OTHER_SHOPPER = { email: 'pat@example.com', password: 'Another-Passw0rd!' };
const BILLING = {
  firstName: 'Sam', lastName: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin',
  stateOrProvince: 'TX', countryCode: 'US', postalCode: '78751', phone: '+15125550100',
};
const SHIPPING = { ...BILLING, firstName: 'Bo', address1: '9 Elm Rd' };
const ESTIMATE = { countryCode: 'US', stateOrProvince: 'Texas', postalCode: '78751', email: 'shopper@example.com' };

let served;
let core;
let detailsCore;
/** Chosen failures: { match(method, path) -> boolean, answer(request) -> Response | Promise<Response>, times }. */
const faults = [];
const calls = [];

async function upstreamFetch(input, init = {}) {
  const url = new URL(String(input));
  const method = (init.method ?? 'GET').toUpperCase();
  const path = url.pathname.replace(`/stores/${STORE.storeHash}`, '') + url.search;
  calls.push(`${method} ${path.split('?')[0]}`);
  const fault = faults.find((f) => f.times > 0 && f.match(method, path));
  if (fault) {
    fault.times--;
    return fault.answer(input, init);
  }
  return fetch(input, init);
}

function makeStub(env = {}) {
  const config = loadConfig({
    BC_STORE_HASH: STORE.storeHash,
    BC_ACCESS_TOKEN: STORE.accessToken,
    BC_CLIENT_ID: STORE.clientId,
    BC_CLIENT_SECRET: STORE.clientSecret,
    BC_API_URL: served.apiUrl,
    BC_STORE_URL: served.origin,
    BC_PAYMENTS_URL: served.paymentsUrl,
    SESSION_SECRET: 'details-session-secret-4Kd8Ws2Qz6Xm9Vb1',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const handler = createHandler(config, { core, detailsCore, fetch: upstreamFetch, sleep: async () => {}, log: () => {} });
  return async (method, path, { json, token, cookie } = {}) => {
    const headers = { Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['X-Cart-Token'] = token;
    if (cookie) headers.Cookie = cookie;
    const response = await handler(new Request(`http://127.0.0.1:3000/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }), { clientAddress: '127.0.0.1' });
    return readResponse(response);
  };
}

let api; // CHECKOUT_ORDERS=true
let apiNoOrders; // the default: orders off

before(async () => {
  [core, detailsCore] = await Promise.all([loadServerCore(), loadDetailsCore()]);
  served = await listenSandbox({ ...STORE, log: () => {} });
  api = makeStub({ CHECKOUT_ORDERS: 'true' });
  apiNoOrders = makeStub();
});

after(async () => {
  await served?.close();
});

const saved = (lines, extra = {}) => ({ version: 3, currency: 'USD', nextLine: lines.length + 1, lines, ...extra });
const BOARD = { id: 'l1', type: 'product', productId: 81, quantity: 1 };
const MUG = { id: 'l2', type: 'product', productId: 101, variantId: 91, quantity: 2 };

/** A new cart in the sandbox through POST /api/cart: { cartId, token, cart }. */
async function newCart(lines = [BOARD], { cookie, stub = api } = {}) {
  const res = await stub('POST', '/cart', { json: saved(lines), cookie });
  assert.equal(res.status, 200, res.text);
  return { cartId: res.body.cartId, token: res.body.cartToken, cart: saved(lines, { cartId: res.body.cartId }) };
}

async function signIn(who = SHOPPER) {
  const res = await api('POST', '/session', { json: who });
  assert.equal(res.status, 200, res.text);
  return res.headers.getSetCookie()[0].split(';')[0];
}

/** Counts the BigCommerce calls `run` makes. */
async function counted(run) {
  const mark = calls.length;
  const result = await run();
  return { result, made: calls.slice(mark) };
}

describe('cart token and input checks come before any BigCommerce call', () => {
  test('no token -> 403 cart_token_required; another cart\'s token -> 403 cart_token_invalid; a bad id -> 400', async () => {
    const a = await newCart();
    const b = await newCart();
    const { made, result: missing } = await counted(() => api('GET', `/checkouts/${a.cartId}`));
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error.code, 'cart_token_required');
    assert.deepEqual(made, []);
    const other = await api('PUT', `/checkouts/${a.cartId}/addresses`, { token: b.token, json: { billing: BILLING } });
    assert.equal(other.status, 403);
    assert.equal(other.body.error.code, 'cart_token_invalid');
    const bad = await api('GET', '/checkouts/not%20a%20cart', { token: a.token });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_cart_id');
  });

  test('a bad address -> 400 invalid_address naming the field, and nothing is sent to the store', async () => {
    const { cartId, token } = await newCart();
    const { made, result } = await counted(() => api('PUT', `/checkouts/${cartId}/addresses`, { token, json: { billing: { ...BILLING, email: 'not an email' } } }));
    assert.equal(result.status, 400, result.text);
    assert.equal(result.body.error.code, 'invalid_address');
    assert.ok(result.body.error.fields.some((f) => /email/.test(f.field) && f.code === 'invalid_email'), result.text);
    assert.deepEqual(made, []);
  });

  test('a stub without the details module answers 501 checkout_details_unavailable', async () => {
    const config = loadConfig({
      BC_STORE_HASH: STORE.storeHash, BC_ACCESS_TOKEN: STORE.accessToken, BC_CLIENT_ID: STORE.clientId, BC_CLIENT_SECRET: STORE.clientSecret,
      BC_API_URL: served.apiUrl, BC_STORE_URL: served.origin, SESSION_SECRET: 'details-session-secret-4Kd8Ws2Qz6Xm9Vb1',
    });
    const handler = createHandler(config, { core, fetch: upstreamFetch, log: () => {} });
    const res = await readResponse(await handler(new Request('http://127.0.0.1:3000/api/checkouts/abc'), {}));
    assert.equal(res.status, 501);
    assert.equal(res.body.error.code, 'checkout_details_unavailable');
    // A module that failed to load: the same code, the cause only in the log, and the rest of the stub works.
    const logs = [];
    const broken = createHandler(config, { core, detailsCore: Promise.reject(new Error('ENOENT: /srv/app/dist/bc-checkout-details.wasm')), fetch: upstreamFetch, log: (line) => logs.push(line) });
    const failed = await readResponse(await broken(new Request('http://127.0.0.1:3000/api/checkouts/abc'), {}));
    assert.equal(failed.status, 501);
    assert.equal(failed.body.error.code, 'checkout_details_unavailable');
    assert.ok(!failed.text.includes('/srv/app'), failed.text);
    assert.ok(logs.some((line) => line.includes('checkout details module failed to load') && line.includes('ENOENT')));
    const health = await readResponse(await broken(new Request('http://127.0.0.1:3000/api/health'), {}));
    assert.equal(health.status, 200);
  });
});

describe('GET and PUT /checkouts/:cartId (the plan loop)', () => {
  test('GET: the CheckoutView of a new checkout (totals in minor units, no addresses yet)', async () => {
    const { cartId, token } = await newCart([BOARD, MUG]);
    const res = await api('GET', `/checkouts/${cartId}`, { token });
    assert.equal(res.status, 200, res.text);
    const { checkout } = res.body;
    assert.equal(checkout.id, cartId);
    assert.equal(checkout.currency, 'USD');
    assert.equal(checkout.billingAddress, null);
    assert.deepEqual(checkout.consignments, []);
    assert.ok(Number.isInteger(checkout.totals.grandTotal) && checkout.totals.grandTotal > 0);
  });

  test('PUT: billing, a consignment and coupons in one call; a coupon the store refuses is reported, the rest applied', async () => {
    const { cartId, token, cart } = await newCart([BOARD, MUG]);
    const details = { billing: BILLING, consignments: [{ address: SHIPPING }], coupons: ['SAVE10', 'NO-SUCH-CODE'] };
    const res = await api('PUT', `/checkouts/${cartId}`, { token, json: { details, cart } });
    assert.equal(res.status, 200, res.text);
    const { checkout, rejected } = res.body;
    assert.equal(checkout.billingAddress.firstName, 'Sam');
    assert.equal(checkout.billingAddress.stateOrProvinceCode, 'TX');
    assert.equal(checkout.consignments.length, 1);
    assert.equal(checkout.consignments[0].address.address1, '9 Elm Rd');
    assert.deepEqual(checkout.coupons.map((c) => c.code), ['SAVE10']);
    assert.deepEqual(rejected.map((r) => [r.code, r.error.code]), [['NO-SUCH-CODE', 'coupon_not_found']]);
    assert.deepEqual(res.body.details.coupons, ['SAVE10']);
    // The shipping option chosen by id, then the same details again: nothing left to do.
    const optionId = checkout.consignments[0].shippingOptions.find((o) => o.description === 'Express').id;
    const chosen = { ...res.body.details, consignments: [{ address: SHIPPING, shippingOptionId: optionId }] };
    const again = await api('PUT', `/checkouts/${cartId}`, { token, json: { details: chosen, cart } });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.checkout.consignments[0].selectedOptionId, optionId);
    assert.ok(again.body.checkout.totals.shipping > 0);
    const { made } = await counted(() => api('PUT', `/checkouts/${cartId}`, { token, json: { details: again.body.details, cart } }));
    assert.deepEqual(made, ['GET /v3/checkouts/' + cartId], 'a checkout already in line costs one read');
  });

  test('PUT: an unknown country in the details -> 400 invalid_details naming the field, nothing sent', async () => {
    const { cartId, token } = await newCart();
    const { made, result } = await counted(() => api('PUT', `/checkouts/${cartId}`, { token, json: { details: { billing: { ...BILLING, countryCode: 'XX' } } } }));
    assert.equal(result.status, 400, result.text);
    assert.equal(result.body.error.code, 'invalid_details');
    assert.deepEqual(result.body.error.fields.map((f) => [f.field, f.code]), [['billing.countryCode', 'invalid_country']]);
    assert.deepEqual(made, []);
  });

  test('PUT addresses: a bad shipping address -> 400 invalid_address, the field named as the body names it', async () => {
    const { cartId, token } = await newCart();
    const one = await api('PUT', `/checkouts/${cartId}/addresses`, { token, json: { shipping: { ...SHIPPING, postalCode: 'not a zip' } } });
    assert.equal(one.status, 400, one.text);
    assert.equal(one.body.error.code, 'invalid_address');
    assert.ok(one.body.error.fields.some((f) => f.field === 'shipping.postalCode' && f.code === 'invalid_postal_code'), one.text);
    const list = await api('PUT', `/checkouts/${cartId}/addresses`, { token, json: { shipping: [{ address: SHIPPING, lineIds: ['l1'] }, { address: { ...SHIPPING, city: '' } }] } });
    assert.equal(list.status, 400, list.text);
    assert.ok(list.body.error.fields.some((f) => f.field === 'shipping[1].address.city'), list.text);
  });

  test('a 503 from the store in the middle of the plan loop: a clear code, and the same PUT again finishes with nothing lost', async () => {
    const { cartId, token, cart } = await newCart();
    faults.push({ times: 3, match: (m, p) => m === 'POST' && p.includes('/consignments'), answer: () => new Response('{"status":503,"title":"Service Unavailable"}', { status: 503 }) });
    const details = { billing: BILLING, consignments: [{ address: SHIPPING }], coupons: ['SAVE10'] };
    const failed = await api('PUT', `/checkouts/${cartId}`, { token, json: { details, cart } });
    faults.length = 0;
    assert.equal(failed.status, 502, failed.text);
    assert.equal(failed.body.error.code, 'upstream_unavailable');
    const done = await api('PUT', `/checkouts/${cartId}`, { token, json: { details, cart } });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.checkout.billingAddress.lastName, 'Shopper');
    assert.equal(done.body.checkout.consignments.length, 1);
    assert.deepEqual(done.body.checkout.coupons.map((c) => c.code), ['SAVE10']);
  });

  test('a 429 that outlasts the wait in the middle of the loop -> 429 upstream_rate_limited with Retry-After', async () => {
    const { cartId, token, cart } = await newCart();
    faults.push({ times: 10, match: (m, p) => m === 'POST' && p.includes('/coupons'), answer: () => new Response('{"status":429,"title":"Too many requests"}', { status: 429, headers: { 'Retry-After': '30' } }) });
    const res = await api('PUT', `/checkouts/${cartId}`, { token, json: { details: { coupons: ['SAVE10'] }, cart } });
    faults.length = 0;
    assert.equal(res.status, 429, res.text);
    assert.equal(res.body.error.code, 'upstream_rate_limited');
    assert.ok(res.headers.get('retry-after'));
  });

  test('a 409 (the checkout changed meanwhile) is read again and retried once', async () => {
    const { cartId, token, cart } = await newCart();
    faults.push({ times: 1, match: (m, p) => m === 'POST' && p.includes('/billing-address'), answer: () => new Response('{"status":409,"title":"The request cannot be processed due to a possible conflict."}', { status: 409 }) });
    const res = await api('PUT', `/checkouts/${cartId}`, { token, json: { details: { billing: BILLING }, cart } });
    faults.length = 0;
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.checkout.billingAddress.city, 'Austin');
  });

  test(`a store that never settles: after ${MAX_PLAN_ROUNDS} rounds -> 502 checkout_sync_stalled`, async () => {
    const { cartId, token, cart } = await newCart();
    // Every billing-address write is answered with the checkout as it was: the plan never empties.
    faults.push({
      times: 100,
      match: (m, p) => m === 'POST' && p.includes('/billing-address'),
      answer: (input) => fetch(String(input).replace(/\/billing-address.*$/, `?include=${detailsCore.checkoutInclude}`), { headers: { 'X-Auth-Token': STORE.accessToken, Accept: 'application/json' } }),
    });
    const res = await api('PUT', `/checkouts/${cartId}`, { token, json: { details: { billing: BILLING }, cart } });
    faults.length = 0;
    assert.equal(res.status, 502, res.text);
    assert.equal(res.body.error.code, 'checkout_sync_stalled');
  });
});

describe('coupons', () => {
  test('POST applies a coupon in one call; an expired, unknown or malformed code gets its own code', async () => {
    const { cartId, token } = await newCart();
    const { made, result: ok } = await counted(() => api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'SAVE10' } }));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(made.length, 1);
    assert.deepEqual(ok.body.checkout.coupons.map((c) => c.code), ['SAVE10']);
    assert.ok(ok.body.checkout.totals.discount > 0);
    // sandbox seed: SUMMER2020 expired on 2020-09-01
    const expired = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'SUMMER2020' } });
    assert.equal(expired.status, 422, expired.text);
    assert.equal(expired.body.error.code, 'coupon_expired');
    assert.equal(expired.body.error.message, 'This coupon has expired');
    const unknown = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'NOPE' } });
    assert.equal(unknown.body.error.code, 'coupon_not_found');
    assert.equal(unknown.body.error.message, 'This coupon code is not valid');
    const malformed = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'a\u0007b' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'invalid_coupon_code');
  });

  test('the store\'s coupon rules, each with its code and the shopper\'s words (sandbox seed: TENOFF min $50, TOWEL2 one product, WELCOME20 used up)', async () => {
    const { cartId, token } = await newCart(); // one Oak Serving Board, $29.99
    const minimum = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'TENOFF' } });
    assert.equal(minimum.status, 422, minimum.text);
    assert.equal(minimum.body.error.code, 'coupon_minimum_not_met');
    assert.equal(minimum.body.error.message, 'Spend at least $50.00 to use this coupon');
    const other = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'TOWEL2' } });
    assert.equal(other.body.error.code, 'coupon_not_applicable');
    assert.equal(other.body.error.message, 'This coupon is not valid for these items');
    const used = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'WELCOME20' } });
    assert.equal(used.body.error.code, 'coupon_limit_reached');
    const disabled = await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'RETIRED' } });
    assert.equal(disabled.body.error.code, 'coupon_not_found');
  });

  test('DELETE removes it (the code %-encoded), and removing one not applied is not an error', async () => {
    const { cartId, token } = await newCart();
    await api('POST', `/checkouts/${cartId}/coupons`, { token, json: { code: 'TAKE5' } });
    const removed = await api('DELETE', `/checkouts/${cartId}/coupons/TAKE5`, { token });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(removed.body.checkout.coupons, []);
    const again = await api('DELETE', `/checkouts/${cartId}/coupons/${encodeURIComponent('TAKE 5')}`, { token });
    assert.equal(again.status, 200, again.text);
  });
});

describe('addresses and shipping', () => {
  test('PUT addresses: billing and one shipping address; the consignment ships every physical line', async () => {
    const { cartId, token } = await newCart([BOARD, MUG]);
    const res = await api('PUT', `/checkouts/${cartId}/addresses`, { token, json: { billing: BILLING, shipping: SHIPPING } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.checkout.billingAddress.address1, '1 Main St');
    assert.equal(res.body.checkout.consignments.length, 1);
    assert.equal(res.body.checkout.consignments[0].lineItemIds.length, 2);
  });

  test('POST shipping-options: an estimate from country, state, postal code and email lists the options; PUT shipping picks one', async () => {
    const { cartId, token } = await newCart();
    const estimate = await api('POST', `/checkouts/${cartId}/shipping-options`, { token, json: { address: ESTIMATE } });
    assert.equal(estimate.status, 200, estimate.text);
    assert.ok(estimate.body.options.length >= 1);
    for (const option of estimate.body.options) assert.ok(Number.isInteger(option.cost), 'cost in minor units');
    const option = estimate.body.options.at(-1);
    const chosen = await api('PUT', `/checkouts/${cartId}/shipping`, { token, json: { optionId: option.id } });
    assert.equal(chosen.status, 200, chosen.text);
    assert.equal(chosen.body.checkout.consignments[0].selectedOptionId, option.id);
    assert.equal(chosen.body.checkout.totals.shipping, option.cost);
    const unknown = await api('PUT', `/checkouts/${cartId}/shipping`, { token, json: { optionId: 'f'.repeat(32) } });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'shipping_option_unavailable');
    const hostile = await api('PUT', `/checkouts/${cartId}/shipping`, { token, json: { optionId: '../../x' } });
    assert.equal(hostile.status, 400);
    assert.equal(hostile.body.error.code, 'invalid_shipping_option');
  });

  test('PUT shipping before any address -> 422 checkout_incomplete', async () => {
    const { cartId, token } = await newCart();
    const res = await api('PUT', `/checkouts/${cartId}/shipping`, { token, json: { optionId: 'a'.repeat(32) } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'checkout_incomplete');
  });
});

describe('orders', () => {
  test('orders are off unless CHECKOUT_ORDERS=true: 403 orders_disabled', async () => {
    const { cartId, token } = await newCart([BOARD], { stub: apiNoOrders });
    const res = await apiNoOrders('POST', `/checkouts/${cartId}/orders`, { token, json: {} });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'orders_disabled');
  });

  test('an incomplete checkout -> 422 checkout_incomplete naming what is missing; complete -> an incomplete order', async () => {
    const { cartId, token } = await newCart();
    const missing = await api('POST', `/checkouts/${cartId}/orders`, { token, json: {} });
    assert.equal(missing.status, 422, missing.text);
    assert.equal(missing.body.error.code, 'checkout_incomplete');
    assert.deepEqual(missing.body.error.missing, ['billing_address', 'shipping_address', 'shipping_option']);
    const est = await api('PUT', `/checkouts/${cartId}/addresses`, { token, json: { billing: BILLING, shipping: SHIPPING } });
    await api('PUT', `/checkouts/${cartId}/shipping`, { token, json: { optionId: est.body.checkout.consignments[0].shippingOptions[0].id } });
    const order = await api('POST', `/checkouts/${cartId}/orders`, { token, json: {} });
    assert.equal(order.status, 200, order.text);
    assert.ok(Number.isInteger(order.body.orderId));
    assert.equal(order.body.status, 'incomplete');
  });
});

describe('saved cards', () => {
  test('a guest -> 401 sign_in_required', async () => {
    const { cartId, token } = await newCart();
    const res = await api('GET', `/checkouts/${cartId}/saved-cards`, { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'sign_in_required');
  });

  test('signed in: opaque ids, never the instrument token', async () => {
    const cookie = await signIn();
    const { cartId, token } = await newCart([BOARD], { cookie });
    const res = await api('GET', `/checkouts/${cartId}/saved-cards`, { token, cookie });
    assert.equal(res.status, 200, res.text);
    for (const card of res.body.cards) {
      assert.match(card.id, /^card_[A-Za-z0-9_-]{32}$/);
      assert.deepEqual(Object.keys(card).sort(), ['brand', 'expiryMonth', 'expiryYear', 'id', 'isDefault', 'last4']);
    }
  });
});

describe('gift certificates (Gift Certificates API; the Checkouts API has none)', () => {
  test('a good code: its balance in minor units, currency and expiry; the others get their own code', async () => {
    const { cartId, token } = await newCart();
    const good = await api('POST', `/checkouts/${cartId}/gift-certificates`, { token, json: { code: 'GC-7YQ2-4FFA' } });
    assert.equal(good.status, 200, good.text);
    assert.equal(good.body.giftCertificate.code, 'GC-7YQ2-4FFA');
    assert.equal(good.body.giftCertificate.balance, 6000);
    assert.equal(good.body.giftCertificate.currency, 'USD');
    assert.ok(good.body.giftCertificate.expiresAt === null || !Number.isNaN(Date.parse(good.body.giftCertificate.expiresAt)));
    for (const [code, expected] of [['GC-NONE-9999', 'gift_certificate_not_found'], ['GC-USED-0000', 'gift_certificate_used_up'],
      ['GC-EXPD-2020', 'gift_certificate_expired'], ['GC-DSBL-0001', 'gift_certificate_disabled'], ['GC-PEND-0002', 'gift_certificate_disabled'],
      ['GC-EURO-5050', 'gift_certificate_currency']]) {
      const res = await api('POST', `/checkouts/${cartId}/gift-certificates`, { token, json: { code } });
      assert.equal(res.status, 422, `${code}: ${res.text}`);
      assert.equal(res.body.error.code, expected, code);
    }
    const malformed = await api('POST', `/checkouts/${cartId}/gift-certificates`, { token, json: { code: 'GC 7YQ2; DROP' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'invalid_gift_certificate_code');
  });
});

describe('payments with a saved card (CHECKOUT_ORDERS=true, signed in)', () => {
  let cookie;
  before(async () => {
    cookie = await signIn();
  });

  /** A signed-in cart with billing, shipping and an option: ready for an order. */
  async function readyCart(lines = [BOARD]) {
    const cart = await newCart(lines, { cookie });
    const set = await api('PUT', `/checkouts/${cart.cartId}/addresses`, { cookie, token: cart.token, json: { billing: BILLING, shipping: SHIPPING } });
    assert.equal(set.status, 200, set.text);
    const chosen = await api('PUT', `/checkouts/${cart.cartId}/shipping`, { cookie, token: cart.token, json: { optionId: set.body.checkout.consignments[0].shippingOptions[0].id } });
    assert.equal(chosen.status, 200, chosen.text);
    return cart;
  }

  async function cardsOf(cart, who = cookie) {
    const res = await api('GET', `/checkouts/${cart.cartId}/saved-cards`, { cookie: who, token: cart.token });
    assert.equal(res.status, 200, res.text);
    return Object.fromEntries(res.body.cards.map((c) => [c.last4, c]));
  }

  test('the shopper\'s cards (sandbox seed: VISA 4242 pays, MASTERCARD 0002 declines, VISA 3184 needs 3-D Secure)', async () => {
    const cart = await readyCart();
    const cards = await cardsOf(cart);
    assert.deepEqual(Object.keys(cards).sort(), ['0002', '3184', '4242']);
    assert.equal(cards['4242'].brand, 'VISA');
    assert.equal(cards['4242'].isDefault, true);
  });

  test('a declined card -> payment_required card_declined with the order; the same order then paid with another card', async () => {
    const cart = await readyCart();
    const cards = await cardsOf(cart);
    const declined = await api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { cardId: cards['0002'].id } });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.body.status, 'payment_required');
    assert.equal(declined.body.reason, 'card_declined');
    assert.ok(declined.body.message);
    assert.ok(Number.isInteger(declined.body.orderId));
    const paid = await api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { cardId: cards['4242'].id } });
    assert.equal(paid.status, 200, paid.text);
    assert.deepEqual(paid.body, { status: 'paid', orderId: declined.body.orderId });
  });

  test('a card that needs 3-D Secure -> payment_required three_d_secure_required (the hosted payment step finishes it)', async () => {
    const cart = await readyCart();
    const cards = await cardsOf(cart);
    const res = await api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { cardId: cards['3184'].id } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'payment_required');
    assert.equal(res.body.reason, 'three_d_secure_required');
  });

  test('another customer\'s card id -> 403 card_not_yours, and no order is made', async () => {
    const otherCookie = await signIn(OTHER_SHOPPER);
    const otherCart = await newCart([BOARD], { cookie: otherCookie });
    const [amex] = Object.values(await cardsOf(otherCart, otherCookie));
    const cart = await readyCart();
    const { made, result } = await counted(() => api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { cardId: amex.id } }));
    assert.equal(result.status, 403, result.text);
    assert.equal(result.body.error.code, 'card_not_yours');
    assert.ok(!made.some((c) => c.endsWith('/orders')), made.join(', '));
  });

  test('payments need a session and CHECKOUT_ORDERS: 401 sign_in_required, 403 orders_disabled', async () => {
    const guest = await newCart();
    const res = await api('POST', `/checkouts/${guest.cartId}/payments`, { token: guest.token, json: { cardId: `card_${'A'.repeat(32)}` } });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'sign_in_required');
    const off = await apiNoOrders('POST', `/checkouts/${guest.cartId}/payments`, { token: guest.token, cookie, json: { cardId: `card_${'A'.repeat(32)}` } });
    assert.equal(off.status, 403);
    assert.equal(off.body.error.code, 'orders_disabled');
  });

  test('a gift certificate that covers the order pays it; one that does not leaves it to the hosted payment step', async () => {
    const cart = await readyCart([{ ...BOARD, quantity: 3 }]); // $89.97 and shipping: more than GC-7YQ2-4FFA's $60
    const partial = await api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { giftCertificates: ['GC-7YQ2-4FFA'] } });
    assert.equal(partial.status, 200, partial.text);
    assert.equal(partial.body.status, 'payment_required');
    assert.equal(partial.body.reason, 'gift_certificates_partial');
    const paid = await api('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.token, json: { giftCertificates: ['GC-BIG0-5000'] } });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.status, 'paid');
  });
});

describe('POST /checkout with the saved details: the hosted checkout opens prefilled', () => {
  test('the checkout has the billing address, consignment and coupon, and the hosted checkout page shows them', async () => {
    const lines = [BOARD];
    const checkout = { billing: BILLING, consignments: [{ address: SHIPPING }], coupons: ['SAVE10'] };
    const res = await api('POST', '/checkout', { json: { cart: saved(lines, { checkout }), mode: 'redirect', login: false } });
    assert.equal(res.status, 200, res.text);
    const { cartId, cartToken } = res.body;
    const view = await api('GET', `/checkouts/${cartId}`, { token: cartToken });
    assert.equal(view.body.checkout.billingAddress.firstName, 'Sam');
    assert.equal(view.body.checkout.consignments[0].address.firstName, 'Bo');
    assert.deepEqual(view.body.checkout.coupons.map((c) => c.code), ['SAVE10']);
    // The shopper's browser follows the URL: the sandbox's hosted checkout page carries the values.
    const load = await fetch(res.body.url, { redirect: 'manual' });
    const cookie = load.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const page = await fetch(new URL(load.headers.get('location'), res.body.url), { headers: { Cookie: cookie } });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /value="9 Elm Rd"/);
    assert.match(html, /value="1 Main St"/);
    assert.match(html, /SAVE10/);
  });

  test('a saved checkout section that is not valid -> 400 saved_checkout_invalid before any BigCommerce call', async () => {
    const { made, result: res } = await counted(() => api('POST', '/checkout', { json: { cart: saved([BOARD], { checkout: { billing: { ...BILLING, phone: 'call me' } } }), mode: 'redirect' } }));
    assert.deepEqual(made, []);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'saved_checkout_invalid');
  });
});
