// The stub's cart sync (server/cart-sync.js) when BigCommerce refuses a purchase quantity, which it answers as 409
// in its cart guide (storefront_cart-checkout_guide_rest-management.mdx) and as 422 in captured answers
// (vercel/commerce issue 628): both become 422 line_rejected naming the shopper's line, while a genuine version
// conflict 409 (carts.v3.yml CartConflictErrorResponse) is still read again and re-planned once. First against the
// sandbox store in this process with either status (createSandbox maxQuantityStatus), then against a scripted
// upstream for the cases the sandbox cannot stage (a write racing ours).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../../sandbox/index.js';
import {
  API_URL, ENV, INCLUDE, STORE_HASH, createStub, createTranscript, failing, fakeUpstream, bcCart, reply, savedCart,
} from './server-fixtures.mjs';

const transcript = createTranscript();
const SANDBOX_ORIGIN = 'http://sandbox.invalid';
const CREATE_PATH = `/v3/carts?include=${INCLUDE}`;
const CART_PATH = `/v3/carts/cart-1?include=${INCLUDE}`;
// These carts hold products only: no custom item list.
const NO_CUSTOM_ITEMS = { CUSTOM_ITEMS: '' };
const CONFLICT_TITLE = 'The request cannot be processed due to a possible conflict. Please review the changes and try again.';

/** A stub whose BigCommerce is a sandbox in this process, answering purchase limits with `status`. */
async function stubOnSandbox(status) {
  const sandbox = createSandbox({
    storeHash: STORE_HASH, accessToken: ENV.BC_ACCESS_TOKEN, clientId: ENV.BC_CLIENT_ID, clientSecret: ENV.BC_CLIENT_SECRET,
    channelId: 1, origin: SANDBOX_ORIGIN, siteUrl: 'https://shop.example.com', maxQuantityStatus: status, log: () => {},
  });
  const calls = [];
  const upstream = {
    calls,
    async fetch(input, init = {}) {
      const url = String(input).replace(API_URL, SANDBOX_ORIGIN);
      const response = await sandbox.fetch(new Request(url, init));
      calls.push(`${init.method ?? 'GET'} ${new URL(url).pathname.replace(`/stores/${STORE_HASH}`, '')} ${response.status}`);
      return response;
    },
  };
  // The sandbox answers in this process; the fixtures' 50 ms upstream budget is for the scripted fake.
  const stub = await createStub({ transcript, upstream, env: { ...NO_CUSTOM_ITEMS, UPSTREAM_TIMEOUT_MS: '10000' } });
  return { stub, calls };
}

function assertLineRejected(res, { lineId, productId, title }) {
  assert.equal(res.status, 422, res.text);
  assert.equal(res.body.error.code, 'line_rejected', res.text);
  assert.equal(res.body.error.lineId, lineId);
  assert.equal(res.body.error.productId, productId);
  assert.match(res.body.error.message, title);
}

describe('a refused purchase quantity against the sandbox, as 409 and as 422', () => {
  for (const status of [409, 422]) {
    test(`${status} on a new cart of two lines: 422 line_rejected names the refused line, the good line is in the cart`, async () => {
      const { stub, calls } = await stubOnSandbox(status);
      const saved = savedCart({ lines: [
        { id: 'l1', type: 'product', productId: 81, quantity: 1 },
        { id: 'l2', type: 'product', productId: 96, quantity: 3 },
      ] });
      const res = await stub.request('POST', '/api/cart', { json: saved });
      assertLineRejected(res, { lineId: 'l2', productId: 96, title: /^You can only purchase a maximum of 2 of the Night Garden Print per order\.$/ });
      assert.equal(typeof res.body.error.cartId, 'string', 'the cart with the good line');
      assert.ok(calls.some((c) => c.endsWith(` ${status}`)), `the sandbox answered ${status}: ${calls.join(', ')}`);
      assert.ok(!calls.some((c) => c.startsWith('GET /v3/carts/')), `a refusal is not re-read as a conflict: ${calls.join(', ')}`);
    });

    test(`${status} on raising a line over the maximum: line_rejected names that line, with no re-plan`, async () => {
      const { stub, calls } = await stubOnSandbox(status);
      const first = await stub.request('POST', '/api/cart', { json: savedCart({ lines: [{ id: 'l1', type: 'product', productId: 96, quantity: 2 }] }) });
      assert.equal(first.status, 200, first.text);
      calls.length = 0;
      const more = savedCart({ cartId: first.body.cartId, cartToken: first.body.cartToken, lines: [{ id: 'l1', type: 'product', productId: 96, quantity: 3 }] });
      const res = await stub.request('POST', '/api/cart', { json: more });
      assertLineRejected(res, { lineId: 'l1', productId: 96, title: /maximum of 2 of the Night Garden Print/ });
      assert.equal(res.body.error.cartId, first.body.cartId);
      assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['GET', 'PUT'], `one read, one refused write: ${calls.join(', ')}`);
    });

    test(`${status} under a minimum: line_rejected with BigCommerce's sentence`, async () => {
      const { stub } = await stubOnSandbox(status);
      const res = await stub.request('POST', '/api/cart', { json: savedCart({ lines: [{ id: 'l1', type: 'product', productId: 100, quantity: 1 }] }) });
      assertLineRejected(res, { lineId: 'l1', productId: 100, title: /minimum of 2 of the Beeswax Candle Set/ });
    });
  }
});

describe('telling a version conflict from a refusal (scripted upstream)', () => {
  const line = (quantity) => ({ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity });
  const remote = (version, quantity) => bcCart({ id: 'cart-1', version, items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity, list_price: 19.99 }] });

  test('a 409 with the conflict title is read again and re-planned once, then succeeds', async () => {
    const upstream = fakeUpstream()
      .on('GET', CART_PATH, reply(200, { data: remote(1, 2) }), reply(200, { data: remote(2, 2) }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, failing(409, CONFLICT_TITLE), reply(200, { data: remote(3, 3) }));
    const stub = await createStub({ transcript, upstream, env: NO_CUSTOM_ITEMS });
    const res = await stub.request('POST', '/api/cart', { json: savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [line(3)] }) });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(upstream.log().map((l) => l.split(' ')[0]), ['GET', 'PUT', 'GET', 'PUT']);
    assert.equal(res.body.cart.version, 3);
  });

  test('a 409 titled as a purchase limit is the line refused at once: no re-read', async () => {
    const upstream = fakeUpstream()
      .on('GET', CART_PATH, reply(200, { data: remote(1, 2) }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, failing(409, 'You can only purchase a maximum of 2 of the Orbit Terrarium per order.'));
    const stub = await createStub({ transcript, upstream, env: NO_CUSTOM_ITEMS });
    const res = await stub.request('POST', '/api/cart', { json: savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [line(3)] }) });
    assertLineRejected(res, { lineId: 'l1', productId: 80, title: /^You can only purchase a maximum of 2 of the Orbit Terrarium per order\.$/ });
    assert.equal(res.body.error.cartId, 'cart-1');
    assert.deepEqual(upstream.log().map((l) => l.split(' ')[0]), ['GET', 'PUT']);
  });

  test('a 409 on createCart cannot be a version conflict: the line is refused, whatever the title', async () => {
    const upstream = fakeUpstream().on('POST', CREATE_PATH, failing(409, 'Something about this item'));
    const stub = await createStub({ transcript, upstream, env: NO_CUSTOM_ITEMS });
    const res = await stub.request('POST', '/api/cart', { json: savedCart({ lines: [line(5)] }) });
    assertLineRejected(res, { lineId: 'l1', productId: 80, title: /Something about this item/ });
    assert.deepEqual(upstream.log(), [`POST ${CREATE_PATH}`]);
  });

  test('a conflict 409 again right after the re-plan: the line it carries is named, no third attempt', async () => {
    const upstream = fakeUpstream()
      .on('GET', CART_PATH, reply(200, { data: remote(1, 2) }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, failing(409, CONFLICT_TITLE));
    const stub = await createStub({ transcript, upstream, env: NO_CUSTOM_ITEMS });
    const res = await stub.request('POST', '/api/cart', { json: savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [line(3)] }) });
    assertLineRejected(res, { lineId: 'l1', productId: 80, title: /possible conflict/ });
    assert.deepEqual(upstream.log().map((l) => l.split(' ')[0]), ['GET', 'PUT', 'GET', 'PUT']);
  });

  test('nothing BigCommerce sent in other fields reaches the answer', () => {
    const leaked = transcript.responses.filter((r) => r.text.includes(ENV.BC_ACCESS_TOKEN) || r.text.includes('X-Auth-Token'));
    assert.ok(transcript.responses.length > 0);
    assert.deepEqual(leaked, []);
  });
});
