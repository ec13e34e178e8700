// Contract tests: what the sandbox store answers and what the server stub sends it must match BigCommerce's
// own OpenAPI files (carts.v3.yml, checkouts.v3.yml, ...), read by openapi-contract.mjs from their committed
// extract in bigcommerce-openapi/ (openapi-extract.test.mjs keeps it current). Three parts:
//   1. The stub (createHandler) in front of the sandbox: every request it sends is recorded, its JSON body is
//      checked against the request schema of that operation and the sandbox's answer against the response
//      schema of its status.
//   2. The sandbox's REST API called directly, one documented operation after another.
//   3. The validator itself: wrong bodies are refused, with a message that says where and why.
// A mismatch fails the test that found it, with the spec's location in the message. Exceptions are only the
// KNOWN_GAPS of openapi-contract.mjs (and GET /v2/time, which no reference file documents: see below).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadDetailsCore, loadServerCore } from '../../dist/node.js';
import { createHandler, loadConfig } from '../../server/index.js';
import { createSandbox } from '../../sandbox/index.js';
import {
  KNOWN_GAPS, addSpec, assertConforms, resolveOperation, validateRequestBody, validateResponse, validateSchema,
} from './openapi-contract.mjs';

const ORIGIN = 'http://localhost:8081'; // the sandbox's own origin (its hosted pages and redirect URLs)
const STOREFRONT = 'https://shop.example.com';
const SANDBOX = {
  storeHash: 'contract1',
  accessToken: 'contract-token-7Yq2Lm9Rx4',
  clientId: 'contract-client-id',
  clientSecret: 'contract-client-secret-3Hd8Kp1Zw6',
  origin: ORIGIN,
  siteUrl: 'http://127.0.0.1:8080',
  paymentsOrigin: 'http://localhost:8082', // the Payments API's own host, as BC_PAYMENTS_URL names it
};
const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const CART_INCLUDE = 'redirect_urls,line_items.physical_items.options,line_items.digital_items.options';
const ADDRESS = {
  first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', company: 'Fieldhouse', address1: '1 Main St',
  address2: 'Suite 4', city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US',
  postal_code: '78751', phone: '+15125550100',
};

// Operations that no reference file documents. The stub calls GET /v2/time (Store Information API,
// store_information.v2.yml in bigcommerce/docs) to learn the store's clock for Customer Login JWTs, but that
// file is not among the references, so there is no schema to check it against.
// Likewise the Gift Certificates API (marketing.v2.yml), the Payments API's methods and access tokens
// (payments.v3.yml, access-tokens_payments.v3.yml) and the payment itself (process_payments.yml, on its own host),
// which the checkout-details routes call.
const UNDOCUMENTED = new Set(['GET /v2/time', 'GET /v2/gift_certificates', 'GET /v3/payments/methods', 'POST /v3/payments/access_tokens', 'POST /payments']);

/** Every documented operation exercised, with the statuses seen: "file METHOD template" -> Set(status). */
const covered = new Map();
const undocumentedSeen = new Set();
const samples = new Map(); // "file METHOD template status" -> a real 2xx answer with a body schema, for part 3
const gapUses = new Map(); // known gap id -> how many exchanges it allowed something in
const undescribed = new Set(); // "file METHOD template status": documented without a body schema, nothing to check

function cover(specFile, method, template, status) {
  const key = `${specFile} ${method} ${template}`;
  if (!covered.has(key)) covered.set(key, new Set());
  covered.get(key).add(status);
}

let sandbox;

before(async () => {
  sandbox = createSandbox({ ...SANDBOX, log: () => {} });
});

after(async () => {
  await sandbox?.close();
  const lines = [...covered].sort(([a], [b]) => a.localeCompare(b)).map(([op, statuses]) => `  ${op}  [${[...statuses].sort().join(', ')}]`);
  console.log(`contract coverage: ${covered.size} documented operations\n${lines.join('\n')}`);
  if (undocumentedSeen.size) console.log(`called but documented in no reference file: ${[...undocumentedSeen].join(', ')}`);
  if (gapUses.size) console.log(`known gaps used: ${[...gapUses].map(([id, n]) => `${id} x${n}`).join(', ')}`);
  if (undescribed.size) console.log(`documented without a body schema (body not checked): ${[...undescribed].join('; ')}`);
});

/**
 * Checks one HTTP exchange with the sandbox against the spec, as a subtest named after it: the request body
 * against the operation's request schema, the answer against the response schema of its status.
 */
async function checkExchange(t, exchange) {
  const { method, path, requestBody, status, responseBody, badRequest = false } = exchange;
  const local = path.replace(`/stores/${SANDBOX.storeHash}`, '').split('?')[0];
  const name = `${method} ${local}${path.includes('?') ? `?${path.split('?')[1]}` : ''} -> ${status}`;
  await t.test(name, () => {
    const op = resolveOperation(method, path);
    if (!op) {
      const key = `${method} ${local}`;
      assert.ok(UNDOCUMENTED.has(key), `${key} is documented in no reference file and is not in the UNDOCUMENTED list`);
      undocumentedSeen.add(key);
      return;
    }
    cover(op.specFile, method, op.template, status);
    const problems = [];
    const request = validateRequestBody(op.specFile, method, op.template, requestBody);
    if (badRequest) {
      // The test sends a body the spec forbids on purpose, to get an error answer: it must be refused here too.
      if (request.valid) problems.push(`the deliberately wrong request body is valid for ${request.operation}`);
    } else if (!request.valid) {
      problems.push(request.message);
    }
    const response = validateResponse(op.specFile, method, op.template, status, responseBody);
    if (!response.valid) problems.push(response.message);
    for (const { gap } of [...request.allowed, ...response.allowed]) gapUses.set(gap, (gapUses.get(gap) ?? 0) + 1);
    if (response.valid && !response.schemaPointer && status !== 204) undescribed.add(`${op.specFile} ${method} ${op.template} ${status}`);
    const sampleKey = `${op.specFile} ${method} ${op.template} ${status}`;
    if (response.valid && response.schemaPointer && status < 300 && !samples.has(sampleKey)) {
      samples.set(sampleKey, { specFile: op.specFile, method, template: op.template, status, body: structuredClone(responseBody) });
    }
    assert.ok(problems.length === 0, problems.join('\n'));
  });
}

/** Calls the sandbox's REST API directly; checks the exchange against the spec (subtest) and the status. */
async function rest(t, method, path, { body, expect, badRequest } = {}) {
  const url = `${ORIGIN}/stores/${SANDBOX.storeHash}${path}`;
  const headers = { 'X-Auth-Token': SANDBOX.accessToken, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await sandbox.fetch(new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (expect !== undefined) assert.equal(response.status, expect, `${method} ${path}: expected ${expect}, got ${response.status} ${text.slice(0, 400)}`);
  await checkExchange(t, { method, path: new URL(url).pathname + new URL(url).search, requestBody: body, status: response.status, responseBody: parsed, badRequest });
  return { status: response.status, body: parsed, headers: response.headers };
}

// ---- 1. the server stub in front of the sandbox ---------------------------------------------------------------

describe('1. server stub -> sandbox: every request body and every answer match the spec', () => {
  const exchanges = [];
  let stub;

  /** The stub's fetch: forwards to the sandbox and records method, path, JSON body, status and answer. */
  async function recordingFetch(input, init = {}) {
    const request = new Request(input, init);
    const url = new URL(request.url);
    let requestBody;
    if (typeof init.body === 'string') requestBody = JSON.parse(init.body);
    else if (init.body !== undefined && init.body !== null) throw new Error(`the stub sent a non-JSON body to ${url.pathname}`);
    const response = await sandbox.fetch(request);
    const text = await response.clone().text();
    exchanges.push({ method: request.method, path: url.pathname + url.search, requestBody, status: response.status, responseBody: text ? JSON.parse(text) : null });
    return response;
  }

  before(async () => {
    const config = loadConfig({
      BC_STORE_HASH: SANDBOX.storeHash,
      BC_ACCESS_TOKEN: SANDBOX.accessToken,
      BC_CLIENT_ID: SANDBOX.clientId,
      BC_CLIENT_SECRET: SANDBOX.clientSecret,
      BC_CHANNEL_ID: '1',
      BC_API_URL: ORIGIN,
      BC_STORE_URL: ORIGIN,
      ALLOWED_ORIGINS: STOREFRONT,
      SESSION_SECRET: 'contract-session-secret-5Tg7Wq2Nc8Vb4Xz1',
      CUSTOM_ITEMS: JSON.stringify({ items: [{ sku: 'GIFT-WRAP', name: 'Gift wrap', prices: { USD: 500 } }] }),
      CHECKOUT_ORDERS: 'true',
      BC_PAYMENTS_URL: SANDBOX.paymentsOrigin,
    });
    const handler = createHandler(config, { core: await loadServerCore(), detailsCore: loadDetailsCore(), fetch: recordingFetch, log: () => {} });
    stub = {
      async request(method, path, { json, cookie, token } = {}) {
        const headers = { Origin: STOREFRONT, Accept: 'application/json' };
        if (json !== undefined) headers['Content-Type'] = 'application/json';
        if (cookie) headers.Cookie = cookie;
        if (token) headers['X-Cart-Token'] = token;
        const response = await handler(new Request(`https://stub.example.net/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }), { clientAddress: '198.51.100.7' });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null, text, cookies: response.headers.getSetCookie() };
      },
    };
  });

  /** Runs stub requests, then checks every exchange they caused (at least one). */
  async function through(t, run) {
    const mark = exchanges.length;
    const result = await run();
    const caused = exchanges.slice(mark);
    assert.ok(caused.length > 0, 'the stub called the sandbox');
    for (const exchange of caused) await checkExchange(t, exchange);
    return { result, caused };
  }

  const saved = (lines, extra = {}) => ({ version: 2, currency: 'USD', nextLine: lines.length + 1, lines, ...extra });
  const giftCertificate = {
    id: 'l5', type: 'giftCertificate', quantity: 1, name: 'Happy birthday', theme: 'Birthday', amount: 5000,
    sender: { name: 'Ann Lee', email: 'ann@example.com' }, recipient: { name: 'Bo Lee', email: 'bo@example.com' }, message: 'Enjoy!',
  };
  const firstLines = [
    { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 1 }, // a variant by id
    { id: 'l2', type: 'product', productId: 95, quantity: 1, optionSelections: [{ optionId: 120, optionValue: 'For Sam' }, { optionId: 121, optionValue: 212 }] }, // text modifier + dropdown modifier
    { id: 'l3', type: 'product', productId: 99, quantity: 1, optionSelections: [{ optionId: 110, optionValue: 207 }] }, // a variant by its option value
    { id: 'l4', type: 'custom', quantity: 2, sku: 'GIFT-WRAP', name: 'Gift wrap', listPrice: 500 },
    giftCertificate,
  ];
  let cartId;
  let cartToken; // the one the last POST /api/cart gave
  let cookie;

  test('POST /api/cart: a new cart with variants, option selections (text modifier), a custom item and a gift certificate', async (t) => {
    const { result } = await through(t, () => stub.request('POST', '/cart', { json: saved(firstLines) }));
    assert.equal(result.status, 200, result.text);
    cartId = result.body.cartId;
    cartToken = result.body.cartToken;
    assert.equal(result.body.cart.lines.length, 5);
  });

  test('POST /api/cart: the same cart changed (quantities up, a line removed, a product added)', async (t) => {
    const lines = [{ ...firstLines[0], quantity: 3 }, { ...firstLines[1], quantity: 2 }, firstLines[3], giftCertificate, { id: 'l6', type: 'product', productId: 81, quantity: 2 }];
    const { result, caused } = await through(t, () => stub.request('POST', '/cart', { json: { ...saved(lines, { cartId, nextLine: 7 }), cartToken } }));
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.cartId, cartId);
    const kinds = caused.map((e) => `${e.method} ${e.path.split('?')[0].replace(/\/stores\/[^/]+/, '').replace(/[0-9a-f-]{36}/g, '{id}')}`);
    for (const expected of ['GET /v3/carts/{id}', 'PUT /v3/carts/{id}/items/{id}', 'DELETE /v3/carts/{id}/items/{id}', 'POST /v3/carts/{id}/items']) {
      assert.ok(kinds.includes(expected), `the stub sent ${expected} (it sent ${kinds.join(', ')})`);
    }
  });

  test('POST /api/cart: a digital product and a second currency (EUR) in a cart of their own', async (t) => {
    const lines = [
      { id: 'l1', type: 'product', productId: 98, quantity: 1 },
      { id: 'l2', type: 'product', productId: 101, variantId: 91, quantity: 2 },
    ];
    const { result } = await through(t, () => stub.request('POST', '/cart', { json: { ...saved(lines), currency: 'EUR' } }));
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.cart.currency, 'EUR');
  });

  test('POST /api/cart: a line the store refuses (over the per-order maximum) -> 422 from the sandbox, line_rejected', async (t) => {
    const lines = [
      { id: 'l1', type: 'product', productId: 81, quantity: 1 },
      { id: 'l2', type: 'product', productId: 96, quantity: 3 }, // order_quantity_maximum 2
    ];
    const { result, caused } = await through(t, () => stub.request('POST', '/cart', { json: saved(lines) }));
    assert.equal(result.status, 422, result.text);
    assert.equal(result.body.error.code, 'line_rejected');
    assert.ok(caused.some((e) => e.status === 422));
  });

  test('POST /api/session: the seeded shopper signs in (validate-credentials, then the customer profile)', async (t) => {
    const { result } = await through(t, () => stub.request('POST', '/session', { json: SHOPPER }));
    assert.equal(result.status, 200, result.text);
    cookie = result.cookies[0].split(';')[0];
  });

  test('POST /api/session: a wrong password (is_valid false) -> 401', async (t) => {
    const { result } = await through(t, () => stub.request('POST', '/session', { json: { email: SHOPPER.email, password: 'not-the-password' } }));
    assert.equal(result.status, 401, result.text);
  });

  test('POST /api/cart signed in: the cart is given to the customer (PUT /carts/{id} customer_id)', async (t) => {
    const lines = [{ ...firstLines[0], quantity: 3 }, { ...firstLines[1], quantity: 2 }, firstLines[3], giftCertificate, { id: 'l6', type: 'product', productId: 81, quantity: 2 }];
    const { result, caused } = await through(t, () => stub.request('POST', '/cart', { json: { ...saved(lines, { cartId, nextLine: 7 }), cartToken }, cookie }));
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.cart.customerId, 1);
    assert.ok(caused.some((e) => e.method === 'PUT' && /\/v3\/carts\/[^/]+$/.test(e.path.split('?')[0])), 'PUT /v3/carts/{id} was sent');
  });

  test('POST /api/cart signed in: a new cart is created for the customer (customer_id in POST /carts)', async (t) => {
    const { result } = await through(t, () => stub.request('POST', '/cart', { json: saved([{ id: 'l1', type: 'product', productId: 86, quantity: 1 }]), cookie }));
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.cart.customerId, 1);
  });

  test('POST /api/checkout: redirect and embedded, signed out and signed in; the login JWT matches customer_login.yml', async (t) => {
    for (const mode of ['redirect', 'embedded']) {
      const { result: out } = await through(t, () => stub.request('POST', '/checkout', { json: { cartId, cartToken, mode } }));
      assert.equal(out.status, 200, out.text);
      assert.equal(out.body.signedIn, false);
      const { result: signed } = await through(t, () => stub.request('POST', '/checkout', { json: { cartId, cartToken, mode }, cookie }));
      assert.equal(signed.status, 200, signed.text);
      assert.equal(signed.body.signedIn, true);
      const jwt = signed.body.url.split('/login/token/')[1];
      assert.ok(jwt, signed.body.url);
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
      await t.test(`${mode}: the Customer Login JWT claims`, () => {
        assertConforms(validateSchema('customer_login.yml', '#/components/schemas/customerLoginSSO', claims));
        assert.equal(claims.operation, 'customer_login', 'customerLoginSSO.operation: "Must contain the string customer_login"');
      });
    }
  });

  test('GET /api/catalog/products and /api/catalog/products/{id}', async (t) => {
    const { result: list } = await through(t, () => stub.request('GET', '/catalog/products?limit=5&page=2'));
    assert.equal(list.status, 200, list.text);
    const { result: one } = await through(t, () => stub.request('GET', '/catalog/products/95'));
    assert.equal(one.status, 200, one.text);
  });

  test('checkout details: every Checkouts API body the stub sends (billing address, consignments, shipping option, coupons, order)', async (t) => {
    const address = {
      firstName: 'Sam', lastName: 'Shopper', email: 'shopper@example.com', company: 'Fieldhouse', address1: '1 Main St', address2: 'Suite 4',
      city: 'Austin', stateOrProvince: 'TX', countryCode: 'US', postalCode: '78751', phone: '+15125550100',
    };
    const { result: made } = await through(t, () => stub.request('POST', '/cart', { json: saved([{ id: 'l1', type: 'product', productId: 81, quantity: 2 }]) }));
    assert.equal(made.status, 200, made.text);
    const token = made.body.cartToken;
    const base = `/checkouts/${made.body.cartId}`;
    const sent = (caused) => caused.map((e) => `${e.method} ${e.path.split('?')[0].replace(/\/stores\/[^/]+/, '').replace(made.body.cartId, '{id}').replace(/\/(billing-address|consignments)\/[^/]+$/, '/$1/{id}')}`);
    // POST billing-address, POST consignments, POST coupons
    const { result: put, caused: first } = await through(t, () => stub.request('PUT', base, { token, json: { details: { billing: address, consignments: [{ address }], coupons: ['SAVE10'] } } }));
    assert.equal(put.status, 200, put.text);
    for (const call of ['POST /v3/checkouts/{id}/billing-address', 'POST /v3/checkouts/{id}/consignments', 'POST /v3/checkouts/{id}/coupons']) {
      assert.ok(sent(first).includes(call), `the stub sent ${call} (it sent ${sent(first).join(', ')})`);
    }
    // PUT billing-address/{id} and PUT consignments/{id} (address and line items)
    const moved = { ...address, address1: '9 Elm Rd', postalCode: '78752' };
    const { result: changed, caused: second } = await through(t, () => stub.request('PUT', `${base}/addresses`, { token, json: { billing: moved, shipping: moved } }));
    assert.equal(changed.status, 200, changed.text);
    for (const call of ['PUT /v3/checkouts/{id}/billing-address/{id}', 'PUT /v3/checkouts/{id}/consignments/{id}']) {
      assert.ok(sent(second).includes(call), `the stub sent ${call} (it sent ${sent(second).join(', ')})`);
    }
    // PUT consignments/{id} with the shipping option alone
    const optionId = changed.body.checkout.consignments[0].shippingOptions[0].id;
    const { result: chosen } = await through(t, () => stub.request('PUT', `${base}/shipping`, { token, json: { optionId } }));
    assert.equal(chosen.status, 200, chosen.text);
    const { result: removed } = await through(t, () => stub.request('DELETE', `${base}/coupons/SAVE10`, { token }));
    assert.equal(removed.status, 200, removed.text);
    const { result: order } = await through(t, () => stub.request('POST', `${base}/orders`, { token, json: {} }));
    assert.equal(order.status, 200, order.text);
  });

  test('a saved-card payment: stored instruments (customers.v3.yml), the order, and a gift certificate looked up', async (t) => {
    const address = { firstName: 'Sam', lastName: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin', stateOrProvince: 'TX', countryCode: 'US', postalCode: '78751' };
    const { result: made } = await through(t, () => stub.request('POST', '/cart', { json: saved([{ id: 'l1', type: 'product', productId: 81, quantity: 1 }]), cookie }));
    assert.equal(made.status, 200, made.text);
    const token = made.body.cartToken;
    const base = `/checkouts/${made.body.cartId}`;
    const { result: set } = await through(t, () => stub.request('PUT', `${base}/addresses`, { cookie, token, json: { billing: address, shipping: address } }));
    assert.equal(set.status, 200, set.text);
    const optionId = set.body.checkout.consignments[0].shippingOptions[0].id;
    await through(t, () => stub.request('PUT', `${base}/shipping`, { cookie, token, json: { optionId } }));
    const { result: gift } = await through(t, () => stub.request('POST', `${base}/gift-certificates`, { cookie, token, json: { code: 'GC-7YQ2-4FFA' } }));
    assert.equal(gift.status, 200, gift.text);
    const { result: cards } = await through(t, () => stub.request('GET', `${base}/saved-cards`, { cookie, token }));
    assert.equal(cards.status, 200, cards.text);
    const card = cards.body.cards.find((c) => c.last4 === '4242');
    const { result: paid, caused } = await through(t, () => stub.request('POST', `${base}/payments`, { cookie, token, json: { cardId: card.id } }));
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.status, 'paid');
    assert.ok(caused.some((e) => e.path.endsWith('/payments') && e.method === 'POST'), 'the payment reached the Payments API host');
  });

  test('every call the stub made was checked', () => {
    assert.ok(exchanges.length >= 20, `recorded ${exchanges.length} exchanges`);
  });
});

// ---- 2. the sandbox's REST API, called directly --------------------------------------------------------------

describe('2. sandbox REST API: every answer matches the spec', () => {
  let cartId;
  let itemIds;

  test('carts: create (include=redirect_urls and options), get, update, line items, redirect URLs, delete', async (t) => {
    const created = await rest(t, 'POST', `/v3/carts?include=${CART_INCLUDE}`, {
      expect: 201,
      body: {
        customer_id: 0,
        channel_id: 1,
        currency: { code: 'USD' },
        locale: 'en-US',
        line_items: [
          { quantity: 1, product_id: 80, variant_id: 64 },
          { quantity: 2, product_id: 95, option_selections: [{ option_id: 120, option_value: 'To Pat' }, { option_id: 121, option_value: 212 }] },
          { quantity: 1, product_id: 98 },
        ],
        custom_items: [{ sku: 'ENGRAVE-SVC', name: 'Engraving service', quantity: 1, list_price: 12.5, image_url: 'https://cdn.example.com/engrave.png' }],
        gift_certificates: [{ name: 'Thank you', theme: 'General', amount: 25, quantity: 1, sender: { name: 'Ann', email: 'ann@example.com' }, recipient: { name: 'Bo', email: 'bo@example.com' }, message: 'Thanks!' }],
      },
    });
    cartId = created.body.data.id;
    assert.ok(created.body.data.redirect_urls, 'include=redirect_urls gives redirect_urls');
    itemIds = created.body.data.line_items.physical_items.map((i) => i.id);

    await rest(t, 'GET', `/v3/carts/${cartId}`, { expect: 200 });
    await rest(t, 'GET', `/v3/carts/${cartId}?include=${CART_INCLUDE}`, { expect: 200 });
    let version = (await rest(t, 'PUT', `/v3/carts/${cartId}?include=line_items.physical_items.options`, { expect: 201, body: { customer_id: 1, version: created.body.data.version } })).body.data.version;

    const added = await rest(t, 'POST', `/v3/carts/${cartId}/items?include=${CART_INCLUDE}`, {
      expect: 201,
      body: { line_items: [{ quantity: 1, product_id: 94, variant_id: 71 }, { quantity: 1, product_id: 101, option_selections: [{ option_id: 111, option_value: 209 }] }], version },
    });
    version = added.body.data.version;
    const custom = await rest(t, 'POST', `/v3/carts/${cartId}/items`, { expect: 201, body: { custom_items: [{ sku: 'RUSH', name: 'Rush handling', quantity: 1, list_price: 4 }] } });
    version = custom.body.data.version;
    const gift = await rest(t, 'POST', `/v3/carts/${cartId}/items`, {
      expect: 201,
      body: { gift_certificates: [{ name: 'Congrats', theme: 'Celebration', amount: 40, quantity: 1, sender: { name: 'Ann', email: 'ann@example.com' }, recipient: { name: 'Cy', email: 'cy@example.com' } }] },
    });
    version = gift.body.data.version;

    const updated = await rest(t, 'PUT', `/v3/carts/${cartId}/items/${itemIds[0]}?include=${CART_INCLUDE}`, {
      expect: 200,
      body: { line_item: { quantity: 2, product_id: 80, variant_id: 64 }, version },
    });
    version = updated.body.data.version;
    const modifierLine = updated.body.data.line_items.physical_items.find((i) => i.product_id === 95);
    const relabelled = await rest(t, 'PUT', `/v3/carts/${cartId}/items/${modifierLine.id}`, {
      expect: 200,
      body: { line_item: { quantity: 3, product_id: 95, option_selections: [{ option_id: 120, option_value: 'To Pat' }, { option_id: 121, option_value: 212 }] } },
    });
    version = relabelled.body.data.version;

    const removed = await rest(t, 'DELETE', `/v3/carts/${cartId}/items/${itemIds[0]}?include=${CART_INCLUDE}`, { expect: 200 });
    version = removed.body.data.version;
    await rest(t, 'DELETE', `/v3/carts/${cartId}/items/${modifierLine.id}`, { expect: 200, body: { version } });

    await rest(t, 'POST', `/v3/carts/${cartId}/redirect_urls`, { expect: 201 });
    await rest(t, 'POST', `/v3/carts/${cartId}/redirect_urls`, { expect: 201, body: { query_params: { utm_source: 'contract', utm_medium: 'test' } } });
  });

  test('carts: 409 on a stale version (PUT cart, PUT item, DELETE item, POST items) -> the conflict error schemas', async (t) => {
    const { body } = await rest(t, 'GET', `/v3/carts/${cartId}`, { expect: 200 });
    const stale = body.data.version - 1;
    const item = body.data.line_items.physical_items[0];
    await rest(t, 'PUT', `/v3/carts/${cartId}`, { expect: 409, body: { customer_id: 0, version: stale } });
    await rest(t, 'PUT', `/v3/carts/${cartId}/items/${item.id}`, { expect: 409, body: { line_item: { quantity: 1, product_id: item.product_id, variant_id: item.variant_id }, version: stale } });
    await rest(t, 'DELETE', `/v3/carts/${cartId}/items/${item.id}`, { expect: 409, body: { version: stale } });
    // addCartLineItems documents no 409 although it takes `version` (KNOWN_GAPS cart-items-post-409-undocumented).
    await rest(t, 'POST', `/v3/carts/${cartId}/items`, { expect: 409, body: { line_items: [{ quantity: 1, product_id: 81 }], version: stale } });
  });

  test('carts: 422 refusals (guide-documented, see KNOWN_GAPS cart-422-undocumented) -> ErrorResponse', async (t) => {
    // "This product has options; variant ID is required [422]"
    await rest(t, 'POST', '/v3/carts', { expect: 422, body: { line_items: [{ quantity: 1, product_id: 80 }] } });
    // over order_quantity_maximum
    await rest(t, 'POST', '/v3/carts', { expect: 422, body: { line_items: [{ quantity: 3, product_id: 96 }] } });
    // out of stock
    await rest(t, 'POST', `/v3/carts/${cartId}/items`, { expect: 422, body: { line_items: [{ quantity: 1, product_id: 97 }] } });
    // "Missing line_items in request body [422]"
    await rest(t, 'POST', '/v3/carts', { expect: 422, body: { channel_id: 1 } });
    const { body } = await rest(t, 'GET', `/v3/carts/${cartId}`, { expect: 200 });
    const item = body.data.line_items.physical_items[0];
    await rest(t, 'PUT', `/v3/carts/${cartId}/items/${item.id}`, { expect: 422, body: { line_item: { quantity: 0, product_id: item.product_id, variant_id: item.variant_id } } });
    await rest(t, 'PUT', `/v3/carts/${cartId}`, { expect: 422, body: { customer_id: 999 } });
  });

  test('carts: get and delete; 404 for a cart that is gone; deleting the last item deletes the cart (204)', async (t) => {
    await rest(t, 'DELETE', `/v3/carts/${cartId}`, { expect: 204 });
    await rest(t, 'GET', `/v3/carts/${cartId}`, { expect: 404 });
    const single = await rest(t, 'POST', '/v3/carts', { expect: 201, body: { line_items: [{ quantity: 1, product_id: 88 }] } });
    const only = single.body.data.line_items.physical_items[0].id;
    await rest(t, 'DELETE', `/v3/carts/${single.body.data.id}/items/${only}`, { expect: 204 });
  });

  let checkoutId;
  let orderId;

  test('checkouts: get, billing address, consignments with shipping options, shipping option, coupons, message, order', async (t) => {
    const cart = await rest(t, 'POST', `/v3/carts?include=${CART_INCLUDE}`, {
      expect: 201,
      body: {
        customer_id: 1,
        line_items: [{ quantity: 2, product_id: 81 }, { quantity: 1, product_id: 80, variant_id: 65 }, { quantity: 1, product_id: 98 }],
        custom_items: [{ sku: 'WRAP', name: 'Gift wrap', quantity: 1, list_price: 5 }],
      },
    });
    checkoutId = cart.body.data.id;
    const physical = cart.body.data.line_items.physical_items;

    await rest(t, 'GET', `/v3/checkouts/${checkoutId}`, { expect: 200 });
    await rest(t, 'GET', `/v3/checkouts/${checkoutId}?include=cart.line_items.physical_items.options,cart.line_items.digital_items.options,consignments.available_shipping_options`, { expect: 200 });
    const billed = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/billing-address`, { expect: 200, body: ADDRESS });
    const billingId = billed.body.data.billing_address.id;
    await rest(t, 'PUT', `/v3/checkouts/${checkoutId}/billing-address/${billingId}`, { expect: 200, body: { ...ADDRESS, address2: 'Suite 5', custom_fields: [{ field_id: 'field_25', field_value: 'Leave at door' }] } });

    // Two consignments: the spec's field is `address` (a guide says `shipping_address`: the spec is followed).
    const shippingAddress = { first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '78751', phone: '+15125550100' };
    const withOptions = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/consignments?include=consignments.available_shipping_options`, {
      expect: 200,
      body: [
        { address: shippingAddress, line_items: [{ item_id: physical[0].id, quantity: 2 }] },
        { address: { ...shippingAddress, first_name: 'Pat', address1: '9 Elm St', postal_code: '78752' }, line_items: [{ item_id: physical[1].id, quantity: 1 }] },
      ],
    });
    const consignments = withOptions.body.data.consignments;
    assert.equal(consignments.length, 2);
    assert.ok(consignments[0].available_shipping_options?.length, 'include=consignments.available_shipping_options lists the quotes');

    let latest;
    for (const consignment of consignments) {
      latest = await rest(t, 'PUT', `/v3/checkouts/${checkoutId}/consignments/${consignment.id}?include=consignments.available_shipping_options`, {
        expect: 200,
        body: { shipping_option_id: consignment.available_shipping_options[1].id },
      });
    }
    assert.ok(latest.body.data.consignments.every((c) => c.selected_shipping_option));
    // Address and items of the second consignment changed (shipping must then be chosen again).
    const second = consignments[1];
    const moved = await rest(t, 'PUT', `/v3/checkouts/${checkoutId}/consignments/${second.id}`, {
      expect: 200,
      body: { address: { ...shippingAddress, address1: '11 Elm St' }, line_items: [{ item_id: physical[1].id, quantity: 1 }] },
    });
    const again = moved.body.data.consignments.find((c) => c.id === second.id);
    const quotes = await rest(t, 'GET', `/v3/checkouts/${checkoutId}?include=consignments.available_shipping_options`, { expect: 200 });
    const options = quotes.body.data.consignments.find((c) => c.id === again.id).available_shipping_options;
    await rest(t, 'PUT', `/v3/checkouts/${checkoutId}/consignments/${second.id}`, { expect: 200, body: { shipping_option_id: options[0].id } });

    await rest(t, 'POST', `/v3/checkouts/${checkoutId}/coupons`, { expect: 200, body: { coupon_code: 'TAKE5' } });
    await rest(t, 'DELETE', `/v3/checkouts/${checkoutId}/coupons/TAKE5`, { expect: 200 });
    await rest(t, 'POST', `/v3/checkouts/${checkoutId}/coupons`, { expect: 200, body: { coupon_code: 'SAVE10' } });
    // A shipping coupon: its discount is listed on each consignment (coupon_discounts).
    const freeShipping = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/coupons`, { expect: 200, body: { coupon_code: 'FREESHIP' } });
    assert.ok(freeShipping.body.data.consignments.some((c) => c.coupon_discounts.length), 'FREESHIP takes the shipping off');
    assert.ok(freeShipping.body.data.taxes.length, 'Texas tax on the checkout');
    await rest(t, 'DELETE', `/v3/checkouts/${checkoutId}/coupons/FREESHIP`, { expect: 200 });
    const messaged = await rest(t, 'PUT', `/v3/checkouts/${checkoutId}`, { expect: 200, body: { customer_message: 'Please ring twice.' } });
    await rest(t, 'PUT', `/v3/checkouts/${checkoutId}`, { expect: 409, body: { customer_message: 'Stale.', version: messaged.body.data.version - 1 } });
    await rest(t, 'POST', `/v3/checkouts/${checkoutId}/coupons`, { expect: 409, body: { coupon_code: 'TAKE5', version: messaged.body.data.version - 1 } });

    // A third consignment added and deleted again.
    const spare = await rest(t, 'POST', `/v3/carts/${checkoutId}/items`, { expect: 201, body: { line_items: [{ quantity: 1, product_id: 88 }] } });
    const towel = spare.body.data.line_items.physical_items.find((i) => i.product_id === 88);
    const third = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/consignments`, { expect: 200, body: [{ address: shippingAddress, line_items: [{ item_id: towel.id, quantity: 1 }] }] });
    const extra = third.body.data.consignments.find((c) => c.line_item_ids.includes(towel.id));
    await rest(t, 'DELETE', `/v3/checkouts/${checkoutId}/consignments/${extra.id}`, { expect: 200 });
    await rest(t, 'DELETE', `/v3/carts/${checkoutId}/items/${towel.id}`, { expect: 200 });
    // Shipping was cleared by the item changes: choose it again for both consignments.
    const state = await rest(t, 'GET', `/v3/checkouts/${checkoutId}?include=consignments.available_shipping_options`, { expect: 200 });
    for (const c of state.body.data.consignments) {
      await rest(t, 'PUT', `/v3/checkouts/${checkoutId}/consignments/${c.id}`, { expect: 200, body: { shipping_option_id: c.available_shipping_options[0].id } });
    }

    const order = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/orders`, { expect: 200 });
    orderId = order.body.data.id;
    // An Incomplete order keeps the cart ("Once the order is paid, the cart is deleted"); order_id is a string.
    const withOrder = await rest(t, 'GET', `/v3/checkouts/${checkoutId}`, { expect: 200 });
    assert.equal(withOrder.body.data.order_id, String(orderId));
    const remade = await rest(t, 'POST', `/v3/checkouts/${checkoutId}/orders`, { expect: 200 });
    assert.equal(remade.body.data.id, orderId, 'making the order again updates the same Incomplete order');
  });

  test('orders (v2): GET /v2/orders/{id}, /v2/orders/{id}/products, 404', async (t) => {
    assert.ok(orderId, 'the checkout test made an order');
    await rest(t, 'GET', `/v2/orders/${orderId}`, { expect: 200 });
    await rest(t, 'GET', `/v2/orders/${orderId}/products`, { expect: 200 });
    await rest(t, 'GET', '/v2/orders/999999', { expect: 404 });
  });

  test('catalog: products with include=variants,options,modifiers, one product, variants, 404', async (t) => {
    await rest(t, 'GET', '/v3/catalog/products', { expect: 200 });
    await rest(t, 'GET', '/v3/catalog/products?include=variants,options,modifiers', { expect: 200 });
    await rest(t, 'GET', '/v3/catalog/products?include=variants,options,modifiers&page=2', { expect: 200 });
    await rest(t, 'GET', '/v3/catalog/products?include=images,primary_image,custom_fields,bulk_pricing_rules,videos&id:in=80,95,101&is_visible=true', { expect: 200 });
    for (const id of [80, 95, 98, 101]) {
      await rest(t, 'GET', `/v3/catalog/products/${id}?include=variants,options,modifiers,images,primary_image`, { expect: 200 });
    }
    await rest(t, 'GET', '/v3/catalog/products/999999', { expect: 404 });
    for (const id of [80, 81, 101]) await rest(t, 'GET', `/v3/catalog/products/${id}/variants`, { expect: 200 });
    await rest(t, 'GET', '/v3/catalog/products/999999/variants', { expect: 404 });
  });

  test('customers: validate-credentials (valid, invalid, 422, 429) and GET /customers', async (t) => {
    const ok = await rest(t, 'POST', '/v3/customers/validate-credentials', { expect: 200, body: { email: SHOPPER.email, password: SHOPPER.password, channel_id: 1 } });
    assert.equal(ok.body.is_valid, true);
    const wrong = await rest(t, 'POST', '/v3/customers/validate-credentials', { expect: 200, body: { email: SHOPPER.email, password: 'nope-nope', channel_id: 1 } });
    assert.equal(wrong.body.is_valid, false);
    await rest(t, 'POST', '/v3/customers/validate-credentials', { expect: 200, body: { email: 'nobody@example.com', password: 'whatever1' } });
    // A wrong type (password a number): a request the spec forbids, answered with its documented 422.
    await rest(t, 'POST', '/v3/customers/validate-credentials', { expect: 422, badRequest: true, body: { email: SHOPPER.email, password: 12345 } });
    // "This endpoint has special rate limiting protections": failures for one email end in the documented 429.
    let last;
    for (let i = 0; i < 8 && last?.status !== 429; i++) {
      last = await rest(t, 'POST', '/v3/customers/validate-credentials', { body: { email: 'target@example.com', password: `guess-${i}` } });
    }
    assert.equal(last.status, 429, 'repeated failures are rate limited');

    await rest(t, 'GET', '/v3/customers', { expect: 200 });
    await rest(t, 'GET', '/v3/customers?id:in=1,2', { expect: 200 });
    await rest(t, 'GET', `/v3/customers?email:in=${encodeURIComponent(SHOPPER.email)}`, { expect: 200 });
    // The seeded shoppers' stored cards (CardInstrument): the token, never the card number.
    const cards = await rest(t, 'GET', '/v3/customers/1/stored-instruments', { expect: 200 });
    assert.deepEqual(cards.body.map((c) => c.last_4), ['4242', '0002', '3184']);
    await rest(t, 'GET', '/v3/customers/2/stored-instruments', { expect: 200 });
  });

  test('channels: list, one (with currencies), the channel site, its checkout URL (PUT, 422, DELETE), 404', async (t) => {
    await rest(t, 'GET', '/v3/channels', { expect: 200 });
    await rest(t, 'GET', '/v3/channels/1', { expect: 200 });
    await rest(t, 'GET', '/v3/channels/1?include=currencies', { expect: 200 });
    await rest(t, 'GET', '/v3/channels/1/site', { expect: 200 });
    // The site URL is on 127.0.0.1, so only a checkout URL there is on its main domain.
    await rest(t, 'PUT', '/v3/channels/1/site/checkout-url', { expect: 200, body: { url: 'http://127.0.0.1:9090' } });
    await rest(t, 'PUT', '/v3/channels/1/site/checkout-url', { expect: 422, body: { url: 'https://checkout.example.com' } });
    await rest(t, 'DELETE', '/v3/channels/1/site/checkout-url', { expect: 200 });
    await rest(t, 'GET', '/v3/channels/4242', { expect: 404 });
  });

  test('sites and routes: GET sites, GET site, routes GET/POST/PUT/GET one/DELETE, 422', async (t) => {
    const sites = await rest(t, 'GET', '/v3/sites', { expect: 200 });
    const siteId = sites.body.data[0].id;
    await rest(t, 'GET', '/v3/sites?channel_id:in=1', { expect: 200 });
    await rest(t, 'GET', `/v3/sites/${siteId}`, { expect: 200 });
    await rest(t, 'GET', `/v3/sites/${siteId}/routes`, { expect: 200 });
    const created = await rest(t, 'POST', `/v3/sites/${siteId}/routes`, { expect: 201, body: { type: 'product', matching: '*', route: '/products/{slug}' } });
    const routeId = created.body.data.id;
    await rest(t, 'POST', `/v3/sites/${siteId}/routes`, { expect: 422, badRequest: true, body: { type: 'nonsense', matching: '*', route: '/x' } });
    await rest(t, 'PUT', `/v3/sites/${siteId}/routes`, {
      expect: 200,
      body: [{ id: routeId, type: 'product', matching: '*', route: '/shop/{slug}' }, { type: 'cart', matching: '*', route: '/cart' }],
    });
    await rest(t, 'PUT', `/v3/sites/${siteId}/routes`, { expect: 422, body: [{ type: 'product', matching: '', route: '/x' }] });
    await rest(t, 'GET', `/v3/sites/${siteId}/routes?type=product`, { expect: 200 });
    await rest(t, 'GET', `/v3/sites/${siteId}/routes/${routeId}`, { expect: 200 });
    await rest(t, 'DELETE', `/v3/sites/${siteId}/routes/${routeId}`, { expect: 204 });
  });

  test('scripts: POST, GET list, GET one, PUT, DELETE, 404 and 422', async (t) => {
    const created = await rest(t, 'POST', '/v3/content/scripts', {
      expect: 200,
      body: {
        name: 'Contract analytics', description: 'Loads the analytics tag', src: 'https://cdn.example.com/analytics.js', auto_uninstall: true,
        load_method: 'defer', location: 'footer', visibility: 'all_pages', kind: 'src', consent_category: 'analytics', enabled: true, channel_id: 1,
        integrity_hashes: ['sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'],
      },
    });
    const uuid = created.body.data.uuid;
    const inline = await rest(t, 'POST', '/v3/content/scripts', {
      expect: 200,
      body: { name: 'Inline banner', html: '<script>console.log("{{page_type}}")</script>', kind: 'script_tag', location: 'head', visibility: 'storefront', load_method: 'default' },
    });
    await rest(t, 'GET', '/v3/content/scripts', { expect: 200 });
    await rest(t, 'GET', '/v3/content/scripts?channel_id:in=1&sort=name&direction=desc', { expect: 200 });
    await rest(t, 'GET', `/v3/content/scripts/${uuid}`, { expect: 200 });
    await rest(t, 'PUT', `/v3/content/scripts/${uuid}`, { expect: 200, body: { name: 'Contract analytics v2', enabled: false, visibility: 'checkout' } });
    await rest(t, 'POST', '/v3/content/scripts', { expect: 422, badRequest: true, body: { name: 'Broken', kind: 'src', src: 'https://cdn.example.com/x.js', location: 'middle' } });
    await rest(t, 'PUT', `/v3/content/scripts/${uuid}`, { expect: 422, badRequest: true, body: { load_method: 'eager' } });
    await rest(t, 'DELETE', `/v3/content/scripts/${uuid}`, { expect: 204 });
    await rest(t, 'DELETE', `/v3/content/scripts/${inline.body.data.uuid}`, { expect: 204 });
    await rest(t, 'GET', `/v3/content/scripts/${uuid}`, { expect: 404 });
  });

  test('GET /v2/time: documented in no reference file (store_information.v2.yml is not among them)', async (t) => {
    assert.equal(resolveOperation('GET', `/stores/${SANDBOX.storeHash}/v2/time`), null, 'if a reference file documents /v2/time now, check it against that file');
    const { body } = await rest(t, 'GET', '/v2/time', { expect: 200 });
    // Not a contract check: only that the stub's use of it (body.time, seconds) is satisfiable.
    assert.ok(Number.isInteger(body.time) && Math.abs(body.time - Date.now() / 1000) < 60, JSON.stringify(body));
  });
});

// ---- 3. the validator is not vacuous ---------------------------------------------------------------------

describe('3. the validator refuses bodies the spec forbids, saying where and why', () => {
  let cart;

  before(async () => {
    const response = await sandbox.fetch(new Request(`${ORIGIN}/stores/${SANDBOX.storeHash}/v3/carts?include=${CART_INCLUDE}`, {
      method: 'POST',
      headers: { 'X-Auth-Token': SANDBOX.accessToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ line_items: [{ quantity: 1, product_id: 81 }], custom_items: [{ sku: 'WRAP', name: 'Gift wrap', quantity: 1, list_price: 5 }] }),
    }));
    assert.equal(response.status, 201);
    cart = await response.json();
  });

  const copy = () => structuredClone(cart);
  const rejected = (body, pattern, { status = 201, template = '/carts', method = 'POST' } = {}) => {
    const result = validateResponse('carts.v3.yml', method, template, status, body);
    assert.equal(result.valid, false, 'the wrong body is refused');
    assert.match(result.message, pattern);
    return result;
  };

  test('the unchanged cart is valid (the baseline of the tests below)', () => {
    assertConforms(validateResponse('carts.v3.yml', 'POST', '/carts', 201, cart));
  });

  test('Cart_Full.id as a number -> "data.id: must be string"', () => {
    const body = copy();
    body.data.id = 12345;
    const result = rejected(body, /data\.id: must be string, got 12345 {2}\[spec: #\/components\/schemas\/Cart_Full\/properties\/id\/type\]/);
    assert.equal(result.errors.length, 1);
  });

  test('currency.code as a number -> "data.currency.code: must be string"', () => {
    const body = copy();
    body.data.currency.code = 840;
    rejected(body, /data\.currency\.code: must be string, got 840/);
  });

  test('a physical item quantity as a string -> refused at line_items.physical_items[0].quantity', () => {
    const body = copy();
    body.data.line_items.physical_items[0].quantity = '1';
    rejected(body, /data\.line_items\.physical_items\[0\]\.quantity: must be number, got "1"/);
  });

  test('a custom item quantity as a number -> refused (ItemCustomGet types it as a string)', () => {
    const body = copy();
    body.data.line_items.custom_items[0].quantity = 1;
    rejected(body, /data\.line_items\.custom_items\[0\]\.quantity: must be string, got 1 {2}\[spec: #\/components\/schemas\/ItemCustomGet\/properties\/quantity\/type\]/);
  });

  test('every error is reported, not only the first', () => {
    const body = copy();
    body.data.id = 1;
    body.data.version = 'one';
    body.data.tax_included = 'no';
    const result = rejected(body, /data\.id/);
    assert.match(result.message, /data\.version: must be integer/);
    assert.match(result.message, /data\.tax_included: must be boolean/);
    assert.equal(result.errors.length, 3);
  });

  test('the redirect_urls known gap is narrow: its URLs must still be strings (CartRedirectResponse)', () => {
    const body = copy();
    body.data.redirect_urls.checkout_url = 42;
    rejected(body, /data\.redirect_urls\.checkout_url: must be string.*via known gap cart-redirect-urls/);
    const missing = copy();
    delete missing.data.redirect_urls.embedded_checkout_url;
    rejected(missing, /data\.redirect_urls: must have property 'embedded_checkout_url'/);
  });

  test('request bodies: a quantity as a string in POST /carts line_items is refused', () => {
    const result = validateRequestBody('carts.v3.yml', 'POST', '/carts', { line_items: [{ quantity: '2', product_id: 81 }] });
    assert.equal(result.valid, false);
    assert.match(result.message, /line_items\[0\]\.quantity: must be number, got "2"/);
  });

  test('request bodies: the oneOf known gaps allow only bodies that match a branch', () => {
    const good = validateRequestBody('carts.v3.yml', 'PUT', '/carts/{cartId}/items/{itemId}', { line_item: { quantity: 2, product_id: 81 } });
    assert.equal(good.valid, true, good.message);
    assert.equal(good.allowed.length, 1, 'the overlap is reported as allowed, not hidden');
    const bad = validateRequestBody('carts.v3.yml', 'PUT', '/carts/{cartId}/items/{itemId}', { line_item: { quantity: 'two', product_id: 81 } });
    assert.equal(bad.valid, false);
    assert.match(bad.message, /line_item\.quantity: must be number/);
    const post = validateRequestBody('carts.v3.yml', 'POST', '/carts/{cartId}/items', { line_items: [{ quantity: 1, product_id: '81' }] });
    assert.equal(post.valid, false);
  });

  test('request bodies: consignments need `address` with its required fields (not a guide\'s `shipping_address`)', () => {
    const result = validateRequestBody('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/consignments', [
      { shipping_address: { country_code: 'US', email: 'a@example.com', state_or_province: 'Texas', postal_code: '78751' }, line_items: [{ item_id: 'x', quantity: 1 }] },
      { address: { country_code: 'US', email: 'a@example.com' }, line_items: [{ item_id: 'x', quantity: 1 }] },
    ]);
    // The schema does not forbid unknown fields, so `shipping_address` alone is not an error; a missing
    // required field of `address` is.
    assert.equal(result.valid, false);
    assert.match(result.message, /\[1\]\.address: must have required property 'state_or_province'/);
    assert.match(result.message, /\[1\]\.address: must have required property 'postal_code'/);
  });

  test('statuses: an undocumented status and a 204 with a body are refused; a known-gap 422 still needs ErrorResponse', () => {
    assert.match(validateResponse('carts.v3.yml', 'GET', '/carts/{cartId}', 418, {}).message, /status 418 is not documented/);
    assert.match(validateResponse('carts.v3.yml', 'DELETE', '/carts/{cartId}', 204, { data: {} }).message, /204 response has no body/);
    const gap = validateResponse('carts.v3.yml', 'POST', '/carts', 422, { status: '422', title: 7 });
    assert.equal(gap.valid, false);
    assert.match(gap.message, /status: must be integer/);
    assert.match(gap.message, /title: must be string/);
  });

  test('nullable (OpenAPI 3.0) is honoured both ways', () => {
    assert.equal(validateSchema('carts.v3.yml', '#/components/schemas/ChannelCartSettings', { allow_purchasing: null }).valid, true);
    assert.equal(validateSchema('carts.v3.yml', '#/components/schemas/ChannelCartSettings', { allow_purchasing: 'yes' }).valid, false);
    assert.equal(validateSchema('carts.v3.yml', '#/components/schemas/Cart_Full', { version: null }).valid, false, 'not nullable unless the spec says so');
  });

  test('Swagger 2.0 documents: #/definitions $refs (recursive too), body parameters, response schemas, draft-4 bounds', () => {
    addSpec('inline-swagger2.yml', {
      swagger: '2.0',
      basePath: '/api/v2',
      paths: {
        '/orders/{order_id}': {
          parameters: [{ name: 'order_id', in: 'path', required: true, type: 'integer' }],
          get: { responses: { 200: { description: 'An order', schema: { $ref: '#/definitions/Order' } }, 404: { description: 'Not found' } } },
          put: {
            parameters: [{ $ref: '#/parameters/OrderBody' }],
            responses: { 200: { description: 'The order', schema: { $ref: '#/definitions/Order' } } },
          },
        },
      },
      parameters: { OrderBody: { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/OrderPut' } } },
      definitions: {
        Order: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['Pending', 'Shipped'] }, products: { type: 'array', items: { $ref: '#/definitions/Product' } } } },
        Product: { type: 'object', properties: { id: { type: 'integer' }, bundle_parent: { $ref: '#/definitions/Product' } } },
        OrderPut: { type: 'object', properties: { status_id: { type: 'integer', minimum: 0, exclusiveMinimum: true } } },
      },
    });
    assert.deepEqual(resolveOperation('PUT', '/api/v2/orders/7', ['inline-swagger2.yml']), { specFile: 'inline-swagger2.yml', template: '/orders/{order_id}', params: 1 });
    assertConforms(validateResponse('inline-swagger2.yml', 'GET', '/orders/{order_id}', 200, { id: 7, status: 'Pending', products: [{ id: 1, bundle_parent: { id: 2 } }] }));
    const deep = validateResponse('inline-swagger2.yml', 'GET', '/orders/{order_id}', 200, { id: 7, status: 'Lost', products: [{ id: 1, bundle_parent: { id: 'two' } }] });
    assert.match(deep.message, /status: must be one of \["Pending","Shipped"\]/);
    assert.match(deep.message, /products\[0\]\.bundle_parent\.id: must be integer, got "two" {2}\[spec: #\/definitions\/Product\/properties\/id\/type\]/);
    assert.equal(validateResponse('inline-swagger2.yml', 'GET', '/orders/{order_id}', 404, null).valid, true);
    assertConforms(validateRequestBody('inline-swagger2.yml', 'PUT', '/orders/{order_id}', { status_id: 11 }));
    assert.match(validateRequestBody('inline-swagger2.yml', 'PUT', '/orders/{order_id}', { status_id: 0 }).message, /status_id: must be > 0/);
    assert.match(validateRequestBody('inline-swagger2.yml', 'PUT', '/orders/{order_id}', undefined).message, /requires a body/);
  });

  test('the known gaps are few, explicit and explained', () => {
    for (const gap of KNOWN_GAPS) {
      assert.ok(gap.id && gap.spec && gap.direction && gap.reason.length > 80, `gap ${gap.id} is complete`);
      assert.ok(gap.instancePath || gap.schemaPath || gap.status, `gap ${gap.id} says exactly what it allows`);
      assert.ok(!gap.status || gap.validateWith?.pointer || gap.replaceSchema, `gap ${gap.id} gives its status a schema`);
    }
    assert.deepEqual(KNOWN_GAPS.map((g) => g.id).sort(), [
      'cart-422-undocumented', 'cart-item-delete-unwrapped', 'cart-item-options', 'cart-item-put-oneof-overlap', 'cart-items-post-409-undocumented',
      'cart-items-post-oneof-overlap', 'cart-redirect-urls', 'product-include-variants',
    ]);
  });
});

// ---- how much each answer's schema constrains -------------------------------------------------------------

/** Every leaf (scalar or empty container) of a JSON value, as a path of keys. */
function leaves(value, path = []) {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (!entries.length) return [path];
  return entries.flatMap(([key, v]) => leaves(v, [...path, key]));
}

function replaced(body, path, value) {
  const out = structuredClone(body);
  let node = out;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return out;
}

describe('3b. every real answer checked above is really constrained by its schema', () => {
  test('a wrong type in place of each field of each 2xx answer is refused (per operation: caught/fields)', async (t) => {
    assert.ok(samples.size >= 30, `part 2 collected ${samples.size} answers`);
    const report = [];
    for (const [key, sample] of samples) {
      const paths = leaves(sample.body).filter((p) => p.length > 0);
      let caught = 0;
      const loose = [];
      for (const path of paths) {
        const current = path.reduce((node, k) => node[k], sample.body);
        // A value of a type no typed field accepts in its place: a nested array for scalars, a string otherwise.
        const wrong = current !== null && typeof current === 'object' ? 'not-a-container' : [[Symbol.for('x').description]];
        const result = validateResponse(sample.specFile, sample.method, sample.template, sample.status, replaced(sample.body, path, wrong));
        if (!result.valid) caught++;
        else loose.push(path.join('.'));
      }
      report.push({ key, caught, total: paths.length, loose });
      await t.test(`${key}: ${caught}/${paths.length} fields typed by the spec`, () => {
        assert.ok(caught > 0, `no field of ${key} is constrained; unchecked: ${loose.slice(0, 10).join(', ')}`);
      });
    }
    const collapse = (paths) => [...new Set(paths.map((p) => p.replace(/\.\d+(?=\.|$)/g, '[]')))];
    const weak = report.filter((r) => r.caught < r.total).map((r) => `${r.key}: ${collapse(r.loose).join(', ')}`);
    if (weak.length) console.log(`fields the spec leaves untyped (any value passes):\n  ${weak.join('\n  ')}`);
  });
});
