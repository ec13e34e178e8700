// The server stub (server/handler.js) driven in-process with a scripted fake BigCommerce API passed as
// createHandler(config, { core, fetch, sleep, now, log }): every route, every error path with its exact
// status and code, the hardening (CORS, body limits, rate limits, upstream retries and time-outs), a scan of
// everything the stub said for its secrets, and the configuration checks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { ConfigError, listen, loadConfig } from '../../server/index.js';
import { isLoopbackHostname } from '../../server/loopback.js';
import {
  API_URL, ENV, HANG, INCLUDE, NETWORK_ERROR, SECRETS, STORE_HASH, STORE_URL, STOREFRONT, STUB,
  bcCart, core, createStub, createTranscript, failing, parseSetCookie, problem, redirectUrls, reply, savedCart, signIn,
} from './server-fixtures.mjs';

// Every stub of this file records into one transcript; the secrets scan at the end reads all of it.
const transcript = createTranscript();
const newStub = (options = {}) => createStub({ transcript, ...options });
const LISTINGS = /^\/v3\/channels\/1\/listings\?/;
const catalogCalls = (stub) => stub.upstream.calls.filter((c) => c.path.startsWith('/v3/catalog/'));

const CART_PATH = `/v3/carts/cart-1?include=${INCLUDE}`;
const CREATE_PATH = `/v3/carts?include=${INCLUDE}`;

/** Asserts the stub's error shape: { error: { code, message } } with this status and code. */
function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${res.text}`);
  assert.ok(res.body && res.body.error, `an error body: ${res.text}`);
  assert.equal(res.body.error.code, code, res.text);
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
}

/** The Cart API calls a plan of the core becomes (paths relative to /stores/{hash}). */
function planned(requests) {
  return requests.map((r) => `${r.method} /v3${r.path}`);
}

// ---------------------------------------------------------------------------------------------------------
describe('GET /api/health', () => {
  test('answers 200 with the channel and store URL, without calling BigCommerce', async () => {
    const stub = await newStub();
    const res = await stub.request('GET', '/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ok: true, channelId: 1, storeUrl: STORE_URL });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('unknown routes and paths outside /api are 404 not_found', async () => {
    const stub = await newStub();
    assertError(await stub.request('GET', '/api/nope'), 404, 'not_found');
    assertError(await stub.request('GET', '/health'), 404, 'not_found');
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('a known path with another method is 405 method_not_allowed, with Allow naming its methods', async () => {
    const stub = await newStub();
    const put = await stub.request('PUT', '/api/cart', { json: {} });
    assertError(put, 405, 'method_not_allowed');
    assert.equal(put.headers.get('allow'), 'POST');
    const post = await stub.request('POST', '/api/session/', { json: {} });
    assertError(post, 404, 'not_found');
    const patch = await stub.request('PATCH', '/api/session', { json: {} });
    assertError(patch, 405, 'method_not_allowed');
    assert.equal(patch.headers.get('allow'), 'GET, POST, DELETE');
    const del = await stub.request('DELETE', '/api/cart/abc');
    assert.equal(del.headers.get('allow'), 'GET');
    assert.deepEqual(stub.upstream.calls, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('POST /api/cart', () => {
  const LINES = [
    { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2, price: 1999, name: 'Orbit Terrarium' },
    { id: 'l2', type: 'product', productId: 81, quantity: 1 },
    { id: 'l3', type: 'custom', sku: 'ENGRAVE', name: 'Engraving', quantity: 1, listPrice: 500 },
  ];

  test('no cartId: creates the cart with the planned POST /v3/carts and returns it normalised, amounts in minor units', async () => {
    const stub = await newStub();
    const saved = savedCart({ lines: LINES });
    const plan = (await core()).planCartSync(saved, null, { channelId: 1, customItems: stub.config.customItems }).requests;
    stub.upstream.on('POST', CREATE_PATH, reply(201, {
      data: bcCart({
        id: 'c-new',
        version: 1,
        items: [
          { id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99, sale_price: 17.5 },
          { id: 'li-2', product_id: 81, variant_id: 810, quantity: 1, list_price: 5.5 },
        ],
        custom: [{ id: 'ci-1', sku: 'ENGRAVE', name: 'Engraving', quantity: 1, list_price: 5 }],
      }),
    }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stub.upstream.log(), planned(plan));
    assert.deepEqual(stub.upstream.log(), [`POST ${CREATE_PATH}`]);
    const call = stub.upstream.calls[0];
    assert.deepEqual(call.body, plan[0].body);
    assert.equal(call.body.channel_id, 1);
    assert.ok(!('customer_id' in call.body), 'a guest cart has no customer_id');
    assert.equal(call.headers.get('x-auth-token'), SECRETS.BC_ACCESS_TOKEN);
    assert.equal(call.headers.get('accept'), 'application/json');
    assert.equal(call.headers.get('content-type'), 'application/json');
    assert.equal(call.url.startsWith(`${API_URL}/stores/${STORE_HASH}/v3/carts?`), true);

    assert.equal(res.body.cartId, 'c-new');
    const cart = res.body.cart;
    assert.equal(cart.id, 'c-new');
    assert.equal(cart.currency, 'USD');
    assert.equal(cart.version, 1);
    assert.equal(cart.customerId, 0);
    // 17.50 * 2 + 5.50 + 5.00 = 45.50
    assert.equal(cart.baseAmount, 4550);
    assert.equal(cart.cartAmount, 4550);
    assert.equal(cart.discountAmount, 0);
    assert.deepEqual(cart.coupons, []);
    assert.equal(cart.lines.length, 3);
    const [a, b, c] = cart.lines;
    assert.deepEqual(
      { id: a.id, kind: a.kind, productId: a.productId, variantId: a.variantId, quantity: a.quantity, listPrice: a.listPrice, salePrice: a.salePrice, extendedSalePrice: a.extendedSalePrice },
      { id: 'li-1', kind: 'physical', productId: 80, variantId: 64, quantity: 2, listPrice: 1999, salePrice: 1750, extendedSalePrice: 3500 },
    );
    assert.equal(b.listPrice, 550);
    assert.equal(b.extendedSalePrice, 550);
    assert.deepEqual(c, { id: 'ci-1', kind: 'custom', sku: 'ENGRAVE', name: 'Engraving', quantity: 1, listPrice: 500, extendedListPrice: 500 });
    for (const line of cart.lines) for (const key of ['listPrice', 'salePrice', 'extendedSalePrice', 'extendedListPrice']) {
      if (key in line) assert.ok(Number.isInteger(line[key]), `${key} is an integer of minor units`);
    }
  });

  test('minor units follow the currency: a JPY cart keeps whole yen', async () => {
    const stub = await newStub();
    const saved = savedCart({ currency: 'JPY', lines: [{ id: 'l1', type: 'product', productId: 80, quantity: 2 }] });
    stub.upstream.on('POST', CREATE_PATH, reply(201, {
      data: bcCart({ id: 'c-jpy', currency: 'JPY', items: [{ id: 'li-1', product_id: 80, quantity: 2, list_price: 1500 }] }),
    }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stub.upstream.calls[0].body.currency, { code: 'JPY' });
    assert.equal(res.body.cart.currency, 'JPY');
    assert.equal(res.body.cart.lines[0].listPrice, 1500);
    assert.equal(res.body.cart.cartAmount, 3000);
  });

  test('the saved cart may come wrapped as { cart }, and a signed-in shopper\'s cart carries customer_id', async () => {
    const stub = await newStub();
    const cookie = await signIn(stub, { customerId: 7 });
    stub.upstream.on('POST', CREATE_PATH, (call) => reply(201, {
      data: bcCart({ id: 'c-7', customerId: call.body.customer_id, items: [{ id: 'li-1', product_id: 81, quantity: 1, list_price: 5 }] }),
    }));
    const res = await stub.request('POST', '/api/cart', { json: { cart: savedCart({ lines: [LINES[1]] }) }, cookie });
    assert.equal(res.status, 200, res.text);
    const create = stub.upstream.calls.find((c) => c.path === CREATE_PATH);
    assert.equal(create.body.customer_id, 7);
    assert.equal(res.body.cart.customerId, 7);
  });

  test('an existing cart: GET it, then exactly the planned POST/PUT/DELETE requests; the answer is the last cart', async () => {
    const stub = await newStub();
    const saved = savedCart({
      cartId: 'cart-1',
      cartToken: await stub.cartToken('cart-1'),
      lines: [
        { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 3 },
        { id: 'l2', type: 'product', productId: 81, quantity: 1 },
      ],
    });
    const remote = bcCart({
      id: 'cart-1',
      version: 4,
      items: [
        { id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 },
        { id: 'li-9', product_id: 99, variant_id: 990, quantity: 1, list_price: 1 },
      ],
    });
    const plan = (await core()).planCartSync(saved, remote, { channelId: 1 }).requests;
    assert.deepEqual(plan.map((r) => r.method).sort(), ['DELETE', 'POST', 'PUT'], 'the fixture exercises all three kinds');
    const final = bcCart({
      id: 'cart-1',
      version: 7,
      items: [
        { id: 'li-1', product_id: 80, variant_id: 64, quantity: 3, list_price: 19.99 },
        { id: 'li-2', product_id: 81, variant_id: 810, quantity: 1, list_price: 5.5 },
      ],
    });
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: remote }))
      .on('POST', /^\/v3\/carts\/cart-1\/items\?/, reply(201, { data: { ...remote, version: 5 } }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, reply(200, { data: { ...remote, version: 6 } }))
      .on('DELETE', /^\/v3\/carts\/cart-1\/items\/li-9/, reply(200, { data: final }));
    // The planned order is the core's; answer the last planned request with the final cart whatever it is.
    const last = plan[plan.length - 1];
    stub.upstream.on(last.method, `/v3${last.path}`, reply(200, { data: final }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stub.upstream.log(), [`GET ${CART_PATH}`, ...planned(plan)]);
    stub.upstream.calls.slice(1).forEach((call, i) => {
      if (plan[i].body === null) assert.equal(call.body, undefined, 'a DELETE has no body');
      else assert.deepEqual(call.body, plan[i].body);
    });
    assert.equal(res.body.cartId, 'cart-1');
    assert.equal(res.body.cart.version, 7);
    assert.deepEqual(res.body.cart.lines.map((l) => [l.id, l.productId, l.quantity, l.listPrice]), [['li-1', 80, 3, 1999], ['li-2', 81, 1, 550]]);
  });

  test('an existing cart that already matches: the GET only', async () => {
    const stub = await newStub();
    const saved = savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 }] });
    const remote = bcCart({ id: 'cart-1', items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 }] });
    stub.upstream.on('GET', CART_PATH, reply(200, { data: remote }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stub.upstream.log(), [`GET ${CART_PATH}`]);
    assert.equal(res.body.cartId, 'cart-1');
    assert.equal(res.body.cart.lines[0].extendedSalePrice, 3998);
  });

  test('the cart is gone (GET 404): a new one is created and its id returned', async () => {
    const stub = await newStub();
    const saved = savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 }] });
    stub.upstream
      .on('GET', CART_PATH, failing(404, 'Cart not found'))
      .on('POST', CREATE_PATH, reply(201, { data: bcCart({ id: 'c-fresh', items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 }] }) }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(stub.upstream.log(), [`GET ${CART_PATH}`, `POST ${CREATE_PATH}`]);
    assert.deepEqual(stub.upstream.calls[1].body.line_items, [{ quantity: 2, product_id: 80, variant_id: 64 }]);
    assert.equal(res.body.cartId, 'c-fresh');
    assert.equal(res.body.cart.id, 'c-fresh');
  });

  test('409 on a planned request: the cart is read again and re-planned once against the new version', async () => {
    const stub = await newStub();
    const saved = savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 3 }] });
    const v1 = bcCart({ id: 'cart-1', version: 1, items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 }] });
    // Meanwhile another tab added product 99: the re-plan must see it and delete it.
    const v2 = bcCart({
      id: 'cart-1',
      version: 2,
      items: [
        { id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 },
        { id: 'li-5', product_id: 99, variant_id: 990, quantity: 1, list_price: 1 },
      ],
    });
    const done = bcCart({ id: 'cart-1', version: 4, items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 3, list_price: 19.99 }] });
    const replan = (await core()).planCartSync(saved, v2, { channelId: 1 }).requests;
    assert.ok(replan.some((r) => r.method === 'DELETE' && r.path.includes('li-5')), 'the fixture makes the re-plan differ');
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: v1 }), reply(200, { data: v2 }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, failing(409, 'The cart version is out of date'), reply(200, { data: { ...v2, version: 3 } }))
      .on('DELETE', /^\/v3\/carts\/cart-1\/items\/li-5/, reply(200, { data: done }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    const firstPlan = (await core()).planCartSync(saved, v1, { channelId: 1 }).requests;
    assert.deepEqual(stub.upstream.log(), [`GET ${CART_PATH}`, planned(firstPlan)[0], `GET ${CART_PATH}`, ...planned(replan)]);
    assert.equal(res.body.cart.version, 4);
    assert.deepEqual(res.body.cart.lines.map((l) => [l.productId, l.quantity]), [[80, 3]]);
  });

  test('409 again after the re-plan: no third attempt, an error', async () => {
    const stub = await newStub();
    const saved = savedCart({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 3 }] });
    const remote = bcCart({ id: 'cart-1', items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 }] });
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: remote }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-1\?/, failing(409, 'The cart version is out of date'));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assert.ok(res.status >= 400, `an error, got ${res.status}`);
    assert.ok(res.body.error && typeof res.body.error.code === 'string');
    assert.deepEqual(stub.upstream.log().map((l) => l.split(' ')[0]), ['GET', 'PUT', 'GET', 'PUT']);
  });

  test('422 on a multi-item create: items are added one by one and line_rejected names the refused line and the cart', async () => {
    const stub = await newStub();
    const saved = savedCart({
      lines: [
        { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 },
        { id: 'l2', type: 'product', productId: 81, quantity: 5 },
        { id: 'l3', type: 'product', productId: 82, quantity: 1 },
      ],
    });
    const limit = problem(422, 'You can only purchase a maximum of 2 of the Product 81 per order.');
    stub.upstream
      .on('POST', CREATE_PATH, (call) => {
        if (call.body.line_items.length > 1) return reply(422, limit);
        if (call.body.line_items[0].product_id === 80) {
          return reply(201, { data: bcCart({ id: 'c-part', items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 }] }) });
        }
        return reply(500, problem(500, 'the test did not expect this create'));
      })
      .on('POST', `/v3/carts/c-part/items?include=${INCLUDE}`, (call) =>
        call.body.line_items[0]?.product_id === 81 ? reply(422, limit) : reply(500, problem(500, 'unexpected item')));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.equal(res.body.error.lineId, 'l2');
    assert.equal(res.body.error.productId, 81);
    assert.equal(res.body.error.cartId, 'c-part');
    assert.match(res.body.error.message, /maximum of 2/);
    assert.deepEqual(stub.upstream.log(), [`POST ${CREATE_PATH}`, `POST ${CREATE_PATH}`, `POST /v3/carts/c-part/items?include=${INCLUDE}`]);
    assert.equal(stub.upstream.calls[0].body.line_items.length, 3);
    const single = stub.upstream.calls[1].body;
    assert.deepEqual(single.line_items, [{ quantity: 2, product_id: 80, variant_id: 64 }]);
    assert.equal(single.channel_id, 1);
    assert.deepEqual(single.currency, { code: 'USD' });
    assert.deepEqual(stub.upstream.calls[2].body.line_items, [{ quantity: 5, product_id: 81 }]);
  });

  test('422 on the second of two lines of the same product (different options): line_rejected names the second line', async () => {
    const stub = await newStub();
    const saved = savedCart({
      lines: [
        { id: 'l1', type: 'product', productId: 95, quantity: 1, optionSelections: [{ optionId: 120, optionValue: 'For Ann' }] },
        { id: 'l2', type: 'product', productId: 95, quantity: 1, optionSelections: [{ optionId: 120, optionValue: 'An engraving that is far too long' }] },
      ],
    });
    const refused = problem(422, 'Engraving must be at most 30 characters');
    stub.upstream
      .on('POST', CREATE_PATH, (call) => {
        if (call.body.line_items.length > 1) return reply(422, refused);
        return reply(201, { data: bcCart({ id: 'c-opt', items: [{ id: 'li-1', product_id: 95, quantity: 1, list_price: 59 }] }) });
      })
      .on('POST', `/v3/carts/c-opt/items?include=${INCLUDE}`, reply(422, refused));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.deepEqual(stub.upstream.calls[2].body.line_items[0].option_selections, [{ option_id: 120, option_value: 'An engraving that is far too long' }]);
    assert.equal(res.body.error.productId, 95);
    assert.equal(res.body.error.cartId, 'c-opt');
    assert.equal(res.body.error.lineId, 'l2', 'the line whose item was refused, not the first line of that product');
  });

  test('422 on an add of two custom items with one SKU: line_rejected names the line the plan sent the refused item for', async () => {
    // Matching on the item (the SKU) cannot tell these lines apart; the plan's lineIds can.
    const stub = await newStub();
    const saved = savedCart({
      cartId: 'cart-1',
      cartToken: await stub.cartToken('cart-1'),
      lines: [
        { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 1 },
        { id: 'l2', type: 'custom', sku: 'ENGRAVE', name: 'Engraving, front', quantity: 1, listPrice: 500 },
        { id: 'l3', type: 'custom', sku: 'ENGRAVE', name: 'Engraving, back', quantity: 2, listPrice: 700 },
      ],
    });
    const remote = bcCart({ id: 'cart-1', items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 1, list_price: 19.99 }] });
    const plan = (await core()).planCartSync(saved, remote, { channelId: 1, customItems: stub.config.customItems }).requests;
    assert.deepEqual(plan.map((r) => [r.kind, r.lineIds]), [['addItems', ['l2', 'l3']]]);
    const refused = problem(422, 'Custom item name is not allowed');
    const added = bcCart({
      id: 'cart-1',
      items: [{ id: 'li-1', product_id: 80, variant_id: 64, quantity: 1, list_price: 19.99 }],
      custom: [{ id: 'ci-1', sku: 'ENGRAVE', name: 'Engraving', quantity: 1, list_price: 5 }],
    });
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: remote }))
      .on('POST', `/v3/carts/cart-1/items?include=${INCLUDE}`, (call) => {
        if (call.body.custom_items.length > 1 || call.body.custom_items[0].quantity === 2) return reply(422, refused);
        return reply(201, { data: added });
      });
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.equal(res.body.error.lineId, 'l3');
    assert.equal(res.body.error.productId, null);
    assert.equal(res.body.error.cartId, 'cart-1');
    // Named and priced from the store's list, whatever the lines said.
    assert.deepEqual(stub.upstream.calls.slice(2).map((c) => c.body.custom_items.map((i) => [i.name, i.list_price, i.quantity])), [[['Engraving', 5, 1]], [['Engraving', 5, 2]]]);
  });

  test('422 when the first item of a create is refused: line_rejected names it, cartId null', async () => {
    const stub = await newStub();
    const saved = savedCart({
      lines: [
        { id: 'l1', type: 'product', productId: 80, quantity: 1 },
        { id: 'l2', type: 'product', productId: 81, quantity: 1 },
      ],
    });
    stub.upstream.on('POST', CREATE_PATH, failing(422, 'Missing or incorrect required fields', { extra: { errors: { variant: 'This product has options, variant ID is required' } } }));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.equal(res.body.error.lineId, 'l1');
    assert.equal(res.body.error.productId, 80);
    assert.equal(res.body.error.cartId, null);
    assert.match(res.body.error.message, /variant ID is required/);
    assert.equal(stub.upstream.calls.length, 2);
  });

  test('422 on a PUT names the line being changed, with the cart id', async () => {
    const stub = await newStub();
    const saved = savedCart({
      cartId: 'cart-1',
      cartToken: await stub.cartToken('cart-1'),
      lines: [
        { id: 'l1', type: 'product', productId: 81, quantity: 1 },
        { id: 'l2', type: 'product', productId: 80, variantId: 64, quantity: 5 },
      ],
    });
    const remote = bcCart({
      id: 'cart-1',
      items: [
        { id: 'li-a', product_id: 81, variant_id: 810, quantity: 1, list_price: 5 },
        { id: 'li-b', product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99 },
      ],
    });
    const plan = (await core()).planCartSync(saved, remote, { channelId: 1 }).requests;
    assert.deepEqual(plan.map((r) => r.method), ['PUT']);
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: remote }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-b\?/, failing(422, 'You can only purchase a maximum of 2 of the Product 80 per order.'));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.equal(res.body.error.lineId, 'l2');
    assert.equal(res.body.error.productId, 80);
    assert.equal(res.body.error.cartId, 'cart-1');
    assert.match(res.body.error.message, /maximum of 2/);
    assert.deepEqual(stub.upstream.log(), [`GET ${CART_PATH}`, ...planned(plan)]);
  });

  test('422 on a PUT of a line saved without a variantId (a simple product) still names the line', async () => {
    // The planned PUT carries the variant_id BigCommerce gave the item (the product's base variant); the
    // shopper's line has none. The refusal must still be pinned on the shopper's line.
    const stub = await newStub();
    const saved = savedCart({
      cartId: 'cart-1',
      cartToken: await stub.cartToken('cart-1'),
      lines: [
        { id: 'l1', type: 'product', productId: 81, quantity: 1 },
        { id: 'l2', type: 'product', productId: 96, quantity: 5 },
      ],
    });
    const remote = bcCart({
      id: 'cart-1',
      items: [
        { id: 'li-a', product_id: 81, variant_id: 150, quantity: 1, list_price: 29.99 },
        { id: 'li-b', product_id: 96, variant_id: 155, quantity: 2, list_price: 45 },
      ],
    });
    const plan = (await core()).planCartSync(saved, remote, { channelId: 1 }).requests;
    assert.deepEqual(plan.map((r) => r.method), ['PUT']);
    assert.equal(plan[0].body.line_item.variant_id, 155, 'the fixture: the PUT names the remote variant');
    stub.upstream
      .on('GET', CART_PATH, reply(200, { data: remote }))
      .on('PUT', /^\/v3\/carts\/cart-1\/items\/li-b\?/, failing(422, 'You can only purchase a maximum of 2 of the Night Garden Print per order.'));
    const res = await stub.request('POST', '/api/cart', { json: saved });
    assertError(res, 422, 'line_rejected');
    assert.equal(res.body.error.productId, 96);
    assert.equal(res.body.error.cartId, 'cart-1');
    assert.equal(res.body.error.lineId, 'l2', 'the refused line is named');
  });

  test("a malformed saved cart: 400 with the core's code, and BigCommerce is not called", async () => {
    const c = await core();
    const documents = [
      { version: 2, currency: 'USD', nextLine: 1, lines: 'x' },
      { version: 99, currency: 'USD', nextLine: 1, lines: [] },
      savedCart({ lines: [{ id: 'l1', type: 'product', productId: -1, quantity: 1 }] }),
      savedCart({ lines: [{ id: 'l1', type: 'product', productId: 80, quantity: 0 }] }),
      savedCart({ currency: 'XYZ', lines: [] }),
    ];
    for (const doc of documents) {
      let expected;
      assert.throws(() => c.planCartSync(doc, null, { channelId: 1 }), (error) => {
        expected = error.code;
        return true;
      });
      assert.match(expected, /^saved_cart_|^unknown_currency$/);
      const stub = await newStub();
      const res = await stub.request('POST', '/api/cart', { json: doc });
      assertError(res, 400, expected);
      assert.deepEqual(stub.upstream.calls, [], JSON.stringify(doc));
    }
  });

  test('a saved cart whose cartId is not a cart id is refused (400 saved_cart_invalid) before any call to BigCommerce', async () => {
    // The cartId goes into the Cart API path: "../../v2/store" would send the API token to another endpoint.
    for (const cartId of ['../../v2/store', '../../../../v3/customers', 'a b', 'x'.repeat(200)]) {
      const stub = await newStub();
      stub.upstream.on('GET', /.*/, failing(404, 'Not found'));
      const doc = savedCart({ cartId, lines: [{ id: 'l1', type: 'product', productId: 80, quantity: 1 }] });
      const res = await stub.request('POST', '/api/cart', { json: doc });
      assertError(res, 400, 'saved_cart_invalid');
      assert.deepEqual(stub.upstream.log(), [], `cartId ${JSON.stringify(cartId.slice(0, 30))}: no upstream call`);
    }
  });

  test('a body that is not a saved cart object: 400 invalid_cart', async () => {
    const stub = await newStub();
    for (const json of [[], null, 'cart', 42]) {
      assertError(await stub.request('POST', '/api/cart', { json }), 400, 'invalid_cart');
    }
    assert.deepEqual(stub.upstream.calls, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('POST /api/checkout', () => {
  const REDIRECT_PATH = '/v3/carts/cart-1/redirect_urls';

  function scriptRedirects(stub, urls = () => redirectUrls('cart-1')) {
    stub.upstream.on('POST', REDIRECT_PATH, () => reply(201, { data: urls() }));
  }

  test('redirect mode: fresh redirect_urls on every call, the checkout_url returned', async () => {
    const stub = await newStub();
    const given = [];
    scriptRedirects(stub, () => {
      const urls = redirectUrls('cart-1');
      given.push(urls);
      return urls;
    });
    const first = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode: 'redirect' } });
    const second = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(first.status, 200, first.text);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(stub.upstream.log(), [`POST ${REDIRECT_PATH}`, `POST ${REDIRECT_PATH}`]);
    assert.deepEqual(stub.upstream.calls[0].body, {});
    assert.deepEqual(first.body, { url: given[0].checkout_url, mode: 'redirect', signedIn: false });
    assert.deepEqual(second.body, { url: given[1].checkout_url, mode: 'redirect', signedIn: false }, 'mode defaults to redirect');
    assert.notEqual(first.body.url, second.body.url, 'single-use URLs are never reused');
    assert.equal(first.headers.get('cache-control'), 'no-store');
  });

  test('embedded mode returns the embedded_checkout_url', async () => {
    const stub = await newStub();
    let urls;
    scriptRedirects(stub, () => (urls = redirectUrls('cart-1')));
    const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode: 'embedded' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { url: urls.embedded_checkout_url, mode: 'embedded', signedIn: false });
  });

  test('the cart is gone (404): 404 cart_not_found', async () => {
    const stub = await newStub();
    stub.upstream.on('POST', REDIRECT_PATH, failing(404, 'Cart not found'));
    assertError(await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } }), 404, 'cart_not_found');
    assert.equal(stub.upstream.calls.length, 1);
  });

  test('a redirect URL tampered onto another host: 502 with a clear code, and the URL is not passed on', async () => {
    const stub = await newStub();
    const evil = 'https://store-abc123.mybigcommerce.com.evil.example/cart.php?action=loadInCheckout&id=cart-1&token=STOLENTOKEN42';
    scriptRedirects(stub, () => ({ ...redirectUrls('cart-1'), checkout_url: evil, embedded_checkout_url: evil }));
    const cors = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') }, origin: 'https://attacker.example' });
    const refusedOriginCode = cors.body.error.code;
    for (const mode of ['redirect', 'embedded']) {
      const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode } });
      assert.equal(res.status, 502, res.text);
      assert.match(res.body.error.code, /^[a-z][a-z_]+$/);
      assert.ok(!('url' in res.body), 'no url to follow');
      assert.ok(!res.text.includes(evil), 'the tampered URL is not in the answer');
      assert.ok(!res.text.includes('STOLENTOKEN42'), 'nor its token');
      // "Clear": a storefront switching on the code must not mistake a bad store URL for its own origin
      // being refused by CORS (403 on this same API).
      assert.notEqual(res.body.error.code, refusedOriginCode, `the code ${res.body.error.code} is also the CORS refusal's code`);
    }
  });

  test('redirect_urls without the URL for the mode: 502 missing_checkout_url', async () => {
    const stub = await newStub();
    scriptRedirects(stub, () => ({ checkout_url: redirectUrls('cart-1').checkout_url }));
    assertError(await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode: 'embedded' } }), 502, 'missing_checkout_url');
  });

  test('a store on the IPv6 loopback (BC_STORE_URL=http://[::1]:8081): redirect, embedded and signed-in checkouts go through', async () => {
    const store = 'http://[::1]:8081';
    const stub = await newStub({ env: { BC_STORE_URL: store } });
    assert.equal(stub.config.storeUrl, store);
    let urls;
    scriptRedirects(stub, () => (urls = redirectUrls('cart-1', store)));
    for (const mode of ['redirect', 'embedded']) {
      const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { url: mode === 'redirect' ? urls.checkout_url : urls.embedded_checkout_url, mode, signedIn: false });
      assert.ok(res.body.url.startsWith(`${store}/cart.php?`), res.body.url);
    }
    const cookie = await signIn(stub, { customerId: 7 });
    const signedIn = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') }, cookie });
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.equal(signedIn.body.signedIn, true);
    assert.ok(signedIn.body.url.startsWith(`${store}/login/token/`), signedIn.body.url);
  });

  test('invalid cartId or mode: 400, and BigCommerce is not called', async () => {
    const stub = await newStub();
    for (const cartId of [undefined, '', 42, '../carts', 'a b', 'x'.repeat(65), 'cart-1/../../customers']) {
      assertError(await stub.request('POST', '/api/checkout', { json: { cartId } }), 400, 'invalid_cart_id');
    }
    for (const mode of ['popup', '', 1, 'REDIRECT', ['redirect']]) {
      assertError(await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode } }), 400, 'invalid_mode');
    }
    assert.deepEqual(stub.upstream.calls, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('/api/session', () => {
  const VALIDATE = '/v3/customers/validate-credentials';

  test('POST signs in: validate-credentials with channel_id, the profile, an httpOnly SameSite=Lax Secure cookie', async () => {
    const stub = await newStub({ env: { BC_CHANNEL_ID: '3' } });
    stub.upstream
      .on('POST', VALIDATE, reply(200, { is_valid: true, customer_id: 7 }))
      .on('GET', '/v3/customers?id:in=7', reply(200, { data: [{ id: 7, email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee' }], meta: {} }));
    const res = await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: 'correct horse' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { signedIn: true, customer: { id: 7, email: 'ann@example.com', name: 'Ann Lee' } });
    assert.equal(stub.upstream.calls[0].method, 'POST');
    assert.equal(stub.upstream.calls[0].path, VALIDATE);
    assert.deepEqual(stub.upstream.calls[0].body, { email: 'ann@example.com', password: 'correct horse', channel_id: 3 });
    assert.equal(res.cookies.length, 1);
    const cookie = parseSetCookie(res.cookies[0]);
    assert.equal(cookie.name, 'bcch_session');
    assert.ok(cookie.value.length > 20);
    assert.equal(cookie.attributes.get('httponly'), true);
    assert.equal(cookie.attributes.get('samesite'), 'Lax');
    assert.equal(cookie.attributes.get('secure'), true);
    assert.equal(cookie.attributes.get('path'), '/');
    assert.ok(Number(cookie.attributes.get('max-age')) > 0);
    assert.ok(!res.cookies[0].includes('correct horse'));

    const me = await stub.request('GET', '/api/session', { cookie: `bcch_session=${cookie.value}` });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { signedIn: true, customer: { id: 7, email: 'ann@example.com', name: 'Ann Lee' } });
  });

  test('a session ends after SESSION_IDLE_MINUTES unused; one in use is renewed and lives on', async () => {
    const stub = await newStub({ env: { SESSION_IDLE_MINUTES: '30' } });
    let cookie = await signIn(stub);
    stub.advance(20 * 60_000);
    const used = await stub.request('GET', '/api/session', { cookie });
    assert.equal(used.body.signedIn, true);
    assert.equal(used.cookies.length, 1, 'past a tenth of the idle time the cookie is renewed');
    cookie = `bcch_session=${parseSetCookie(used.cookies[0]).value}`;
    stub.advance(20 * 60_000); // 40 min after sign-in, 20 after the last use
    assert.equal((await stub.request('GET', '/api/session', { cookie })).body.signedIn, true);
    stub.advance(31 * 60_000);
    assert.equal((await stub.request('GET', '/api/session', { cookie })).body.signedIn, false, 'idle for 31 minutes');
  });

  test('a session ends SESSION_MAX_HOURS after sign-in, however much it is used', async () => {
    const stub = await newStub({ env: { SESSION_MAX_HOURS: '2', SESSION_IDLE_MINUTES: '60' } });
    let cookie = await signIn(stub);
    for (let i = 0; i < 5; i++) {
      stub.advance(25 * 60_000);
      const res = await stub.request('GET', '/api/session', { cookie });
      if (res.cookies.length) cookie = `bcch_session=${parseSetCookie(res.cookies[0]).value}`;
      assert.equal(res.body.signedIn, i < 4, `after ${(i + 1) * 25} minutes`);
    }
  });

  test('signing out revokes the session: the old cookie no longer reads as signed in nor gets a login URL', async () => {
    const stub = await newStub();
    const cookie = await signIn(stub);
    const out = await stub.request('DELETE', '/api/session', { cookie });
    assert.equal(out.status, 200);
    assert.equal(parseSetCookie(out.cookies[0]).attributes.get('max-age'), '0');
    assert.deepEqual((await stub.request('GET', '/api/session', { cookie })).body, { signedIn: false });
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', reply(201, { data: redirectUrls('cart-1') }));
    const checkout = await stub.request('POST', '/api/checkout', { cookie, json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(checkout.body.signedIn, false, 'a guest checkout, no Customer Login JWT');
  });

  test('shared state down: a session reads as signed out, sign-out answers 503 and still clears the cookie, limits let requests through', async () => {
    const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const state = { shared: true, kind: 'redis', hit: down, revoke: down, isRevoked: down, close: async () => {} };
    const stub = await newStub({ state });
    stub.upstream
      .on('POST', VALIDATE, reply(200, { is_valid: true, customer_id: 7 }))
      .on('GET', '/v3/customers?id:in=7', reply(200, { data: [{ id: 7, email: 'ann@example.com' }] }));
    const signIn = await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: 'pw' } });
    assert.equal(signIn.status, 200, 'the sign-in limit lets the request through');
    const cookie = `bcch_session=${parseSetCookie(signIn.cookies[0]).value}`;
    assert.deepEqual((await stub.request('GET', '/api/session', { cookie })).body, { signedIn: false });
    const out = await stub.request('DELETE', '/api/session', { cookie });
    assertError(out, 503, 'session_store_unavailable');
    const cleared = parseSetCookie(out.cookies[0]);
    assert.equal(cleared.attributes.get('max-age'), '0');
    assert.equal(cleared.attributes.get('secure'), true);
    assert.ok(stub.logs.some((l) => l.includes('shared state unavailable') && l.includes('ECONNREFUSED')));
  });

  test('signing in starts a new session id and revokes the one the browser had', async () => {
    const stub = await newStub();
    const first = await signIn(stub);
    stub.advance(1000);
    const res = await stub.request('POST', '/api/session', { cookie: first, json: { email: 'ann@example.com', password: 'correct horse' } });
    const second = `bcch_session=${parseSetCookie(res.cookies[0]).value}`;
    const sid = (c) => JSON.parse(Buffer.from(c.split('=')[1].split('.')[0], 'base64url')).sid;
    assert.notEqual(sid(first), sid(second));
    assert.equal((await stub.request('GET', '/api/session', { cookie: first })).body.signedIn, false);
    assert.equal((await stub.request('GET', '/api/session', { cookie: second })).body.signedIn, true);
  });

  test('the cookie is Secure everywhere except plain http on this machine (localhost, 127.x.y.z, [::1])', async () => {
    const cases = [
      ['https://stub.example.net', true],
      ['http://127.0.0.1:8080', false],
      ['http://127.0.0.2:8080', false],
      ['http://localhost:8080', false],
      ['http://[::1]:8080', false],
      ['https://localhost:8443', true],
      ['https://[::1]:8443', true],
      ['http://128.0.0.1:8080', true],
      ['http://shop.example.com', true],
    ];
    for (const [base, secure] of cases) {
      const stub = await newStub();
      stub.upstream
        .on('POST', VALIDATE, reply(200, { is_valid: true, customer_id: 7 }))
        .on('GET', '/v3/customers?id:in=7', reply(200, { data: [{ id: 7, email: 'ann@example.com' }] }));
      const res = await stub.request('POST', '/api/session', { base, json: { email: 'ann@example.com', password: 'pw' } });
      assert.equal(res.status, 200, `${base}: ${res.text}`);
      const cookie = parseSetCookie(res.cookies[0]);
      assert.equal(cookie.attributes.has('secure'), secure, `${base}: Secure ${secure}`);
      assert.equal(cookie.attributes.get('httponly'), true, base);
      assert.equal(cookie.attributes.get('samesite'), 'Lax', base);
      const cleared = await stub.request('DELETE', '/api/session', { base });
      assert.equal(parseSetCookie(cleared.cookies[0]).attributes.has('secure'), secure, `${base}: the clearing cookie too`);
    }
  });

  test('a wrong password: 401 invalid_credentials and no cookie', async () => {
    const stub = await newStub();
    stub.upstream.on('POST', VALIDATE, reply(200, { is_valid: false }));
    const res = await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: 'wrong' } });
    assertError(res, 401, 'invalid_credentials');
    assert.deepEqual(res.cookies, []);
    assert.deepEqual(stub.upstream.log(), [`POST ${VALIDATE}`]);
  });

  test('a request without email or password: 400, BigCommerce not called', async () => {
    const stub = await newStub();
    for (const json of [{}, { email: 'a@example.com' }, { email: '', password: 'x' }, { email: 1, password: 2 }, { email: 'a@example.com', password: 'x'.repeat(2000) }]) {
      assertError(await stub.request('POST', '/api/session', { json }), 400, 'invalid_credentials_request');
    }
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('a tampered, forged or expired cookie means signed out', async () => {
    const stub = await newStub();
    const cookie = await signIn(stub, { customerId: 7 });
    const value = cookie.slice('bcch_session='.length);
    const [body, mac] = value.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    assert.equal(payload.customerId, 7);
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, customerId: 8 })).toString('base64url');
    const flippedMac = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    const tampered = [
      `bcch_session=${forgedBody}.${mac}`,
      `bcch_session=${body}.${flippedMac}`,
      `bcch_session=${body}`,
      `bcch_session=${forgedBody}.`,
      'bcch_session=not-a-cookie',
      'bcch_session=%%%.***',
    ];
    const ok = await stub.request('GET', '/api/session', { cookie });
    assert.equal(ok.body.signedIn, true);
    for (const bad of tampered) {
      const res = await stub.request('GET', '/api/session', { cookie: bad });
      assert.equal(res.status, 200, bad);
      assert.deepEqual(res.body, { signedIn: false }, bad);
    }
    // A tampered cookie does not get a login token at checkout either.
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', () => reply(201, { data: redirectUrls('cart-1') }));
    const checkout = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') }, cookie: tampered[0] });
    assert.equal(checkout.status, 200, checkout.text);
    assert.equal(checkout.body.signedIn, false);
    assert.ok(!checkout.body.url.includes('/login/token/'));

    stub.advance(7 * 24 * 3600 * 1000 + 2000);
    const expired = await stub.request('GET', '/api/session', { cookie });
    assert.deepEqual(expired.body, { signedIn: false }, 'a week later the cookie has expired');
  });

  test('DELETE signs out: the cookie is cleared (Max-Age=0, same attributes)', async () => {
    const stub = await newStub();
    const res = await stub.request('DELETE', '/api/session');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { signedIn: false });
    const cookie = parseSetCookie(res.cookies[0]);
    assert.equal(cookie.name, 'bcch_session');
    assert.equal(cookie.value, '');
    assert.equal(cookie.attributes.get('max-age'), '0');
    assert.equal(cookie.attributes.get('httponly'), true);
    assert.equal(cookie.attributes.get('samesite'), 'Lax');
    assert.equal(cookie.attributes.get('path'), '/');
    const me = await stub.request('GET', '/api/session');
    assert.deepEqual(me.body, { signedIn: false });
  });

  test('the sign-in rate limit: 10 attempts a minute per client, then 429 rate_limited with Retry-After', async () => {
    const stub = await newStub();
    stub.upstream.on('POST', VALIDATE, reply(200, { is_valid: false }));
    for (let i = 0; i < 10; i++) {
      assertError(await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: `guess${i}` } }), 401, 'invalid_credentials');
    }
    const limited = await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: 'guess10' } });
    assertError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers.get('retry-after')}`);
    assert.equal(stub.upstream.calls.length, 10, 'the 11th attempt never reaches BigCommerce');
    // Another client is not affected; other routes of the same client neither.
    assertError(await stub.request('POST', '/api/session', { client: '203.0.113.99', json: { email: 'b@example.com', password: 'x' } }), 401, 'invalid_credentials');
    assert.equal((await stub.request('GET', '/api/session')).status, 200);
    // A minute later the client may try again.
    stub.advance(61_000);
    assertError(await stub.request('POST', '/api/session', { json: { email: 'ann@example.com', password: 'again' } }), 401, 'invalid_credentials');
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('GET /api/catalog/products', () => {
  // What the Management API answers (products_catalog.v3.yml Product_Full), control-panel fields included.
  const managementProduct = (id, extra = {}) => ({
    id, name: `Product ${id}`, type: 'physical', sku: `SKU-${id}`, description: '<p>Nice</p>', price: 19.99, sale_price: 0,
    retail_price: 0, calculated_price: 19.99, cost_price: 4.5, inventory_level: 7, inventory_tracking: 'product',
    total_sold: 120, bin_picking_number: 'A-12', is_visible: true, categories: [3], brand_id: 1,
    custom_url: { url: `/p-${id}/`, is_customized: false }, availability: 'available',
    variants: [{ id: 100 + id, product_id: id, sku: `SKU-${id}`, price: null, calculated_price: 19.99, cost_price: 4.5,
      inventory_level: 0, bin_picking_number: 'B-1', purchasing_disabled: false, option_values: [] }],
    images: [{ id: 1, product_id: id, url_standard: 'https://cdn.example/x.jpg', image_file: 'x.jpg', is_thumbnail: true, sort_order: 0, description: '' }],
    ...extra,
  });
  const NO_LISTINGS = { data: [], meta: { pagination: { count: 0 } } };

  test('forwards only the allowed query keys, always asks for visible products, and answers storefront fields only', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, reply(200, { data: [managementProduct(80)], meta: { pagination: { total: 1 } } }));
    stub.upstream.on('GET', /^\/v3\/channels\/1\/listings\?/, reply(200, NO_LISTINGS));
    const res = await stub.request('GET', '/api/catalog/products?page=2&limit=5&keyword=mug&id:in=1,2&include=customers&include_fields=secret&channel_id=9&sort=price&direction=desc&is_visible=false');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
    const call = stub.upstream.calls.find((c) => c.path.startsWith('/v3/catalog/products?'));
    assert.deepEqual(Object.fromEntries(call.query), {
      include: 'variants,options,modifiers,images',
      page: '2',
      limit: '5',
      keyword: 'mug',
      'id:in': '1,2',
      sort: 'price',
      direction: 'desc',
      is_visible: 'true',
    });
    assert.equal(call.query.getAll('include').length, 1, 'the include cannot be overridden or doubled');
    const [product] = res.body.data;
    for (const hidden of ['cost_price', 'inventory_level', 'inventory_tracking', 'total_sold', 'bin_picking_number']) {
      assert.equal(product[hidden], undefined, `${hidden} is not a storefront field`);
      assert.equal(product.variants[0][hidden], undefined, `variant ${hidden} is not a storefront field`);
    }
    assert.equal(product.images[0].image_file, undefined);
    assert.deepEqual(Object.keys(product).sort(), ['availability', 'brand_id', 'calculated_price', 'categories', 'custom_url', 'description', 'id', 'images', 'is_in_stock', 'is_visible', 'name', 'price', 'retail_price', 'sale_price', 'sku', 'type', 'variants']);
    assert.equal(product.is_in_stock, true);
    assert.equal(product.variants[0].is_in_stock, true, 'product-level tracking: the variant is in stock when the product is');
    assert.deepEqual(res.body.meta, { pagination: { total: 1 } });
  });

  test('a hidden product in the answer is left out, and a channel with listings shows only its active listings', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, reply(200, { data: [managementProduct(80), managementProduct(81, { is_visible: false }), managementProduct(82), managementProduct(83)], meta: {} }));
    stub.upstream.on('GET', /^\/v3\/channels\/1\/listings\?/, reply(200, { data: [
      { listing_id: 1, channel_id: 1, product_id: 80, state: 'active', variants: [] },
      { listing_id: 2, channel_id: 1, product_id: 82, state: 'disabled', variants: [] },
    ], meta: { pagination: { count: 2 } } }));
    const res = await stub.request('GET', '/api/catalog/products');
    assert.deepEqual(res.body.data.map((p) => p.id), [80]);
  });

  test('the channel listings are read once and kept for five minutes', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, reply(200, { data: [managementProduct(80)], meta: {} }));
    stub.upstream.on('GET', /^\/v3\/channels\/1\/listings\?/, reply(200, NO_LISTINGS));
    await stub.request('GET', '/api/catalog/products');
    await stub.request('GET', '/api/catalog/products?page=2');
    assert.equal(stub.upstream.calls.filter((c) => c.path.startsWith('/v3/channels/')).length, 1);
    stub.advance(5 * 60_000 + 1);
    await stub.request('GET', '/api/catalog/products');
    assert.equal(stub.upstream.calls.filter((c) => c.path.startsWith('/v3/channels/')).length, 2);
  });

  test('GET /api/catalog/products/{id}: the storefront view of one product; a hidden one is 404', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', '/v3/catalog/products/80?include=variants,options,modifiers,images', reply(200, { data: managementProduct(80), meta: {} }));
    stub.upstream.on('GET', '/v3/catalog/products/81?include=variants,options,modifiers,images', reply(200, { data: managementProduct(81, { is_visible: false }), meta: {} }));
    stub.upstream.on('GET', /^\/v3\/channels\/1\/listings\?/, reply(200, NO_LISTINGS));
    const res = await stub.request('GET', '/api/catalog/products/80');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.id, 80);
    assert.equal(res.body.data.cost_price, undefined);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
    assertError(await stub.request('GET', '/api/catalog/products/81'), 404, 'not_found');
  });

  test('CATALOG_EXTRA_FIELDS widens the product fields; a shopper cannot', async () => {
    const stub = await newStub({ env: { CATALOG_EXTRA_FIELDS: 'inventory_level, upc' } });
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, reply(200, { data: [managementProduct(80, { upc: '0123' })], meta: {} }));
    stub.upstream.on('GET', /^\/v3\/channels\/1\/listings\?/, reply(200, NO_LISTINGS));
    const res = await stub.request('GET', '/api/catalog/products?include_fields=cost_price&fields=cost_price');
    assert.equal(res.body.data[0].inventory_level, 7);
    assert.equal(res.body.data[0].upc, '0123');
    assert.equal(res.body.data[0].cost_price, undefined);
  });

  test('a non-numeric or malformed product id: 404, BigCommerce not called', async () => {
    const stub = await newStub();
    for (const id of ['abc', '0', '-1', '80x', '1e3', '80/variants', '%38%30', '12345678901']) {
      assertError(await stub.request('GET', `/api/catalog/products/${id}`), 404, 'not_found');
    }
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('a product BigCommerce does not have: 404 not_found', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', /^\/v3\/catalog\/products\/999\?/, failing(404, 'The requested resource was not found'));
    assertError(await stub.request('GET', '/api/catalog/products/999'), 404, 'not_found');
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('hardening', () => {
  test('CORS: an allowed origin gets its origin and credentials back, a preflight 204 with methods and headers', async () => {
    const stub = await newStub();
    const res = await stub.request('GET', '/api/health', { origin: 'https://admin.example.com' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://admin.example.com');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('vary') ?? '', /Origin/);

    const preflight = await stub.request('OPTIONS', '/api/cart', {
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.text, '');
    assert.equal(preflight.headers.get('access-control-allow-origin'), STOREFRONT);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    const methods = (preflight.headers.get('access-control-allow-methods') ?? '').split(',').map((s) => s.trim());
    for (const m of ['GET', 'POST', 'DELETE']) assert.ok(methods.includes(m), `Allow-Methods has ${m}`);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    assert.ok(Number(preflight.headers.get('access-control-max-age')) > 0);

    // Errors to an allowed origin carry the CORS headers too, so the page can read them.
    const error = await stub.request('POST', '/api/cart', { json: [] });
    assert.equal(error.status, 400);
    assert.equal(error.headers.get('access-control-allow-origin'), STOREFRONT);
  });

  test('CORS: another origin gets no CORS headers, its POST and DELETE are refused 403, its preflight too', async () => {
    const stub = await newStub();
    const other = 'https://attacker.example';
    const get = await stub.request('GET', '/api/health', { origin: other });
    assert.equal(get.status, 200);
    for (const [name] of get.headers) assert.ok(!name.startsWith('access-control-'), `no ${name} for another origin`);

    for (const origin of [other, 'null', 'https://shop.example.com.attacker.example', 'http://shop.example.com', 'https://shop.example.com:8443']) {
      const post = await stub.request('POST', '/api/checkout', { origin, json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
      assertError(post, 403, 'origin_not_allowed');
      for (const [name] of post.headers) assert.ok(!name.startsWith('access-control-'), `${origin}: no ${name}`);
    }
    assertError(await stub.request('DELETE', '/api/session', { origin: other }), 403, 'origin_not_allowed');
    const preflight = await stub.request('OPTIONS', '/api/cart', { origin: other, headers: { 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.deepEqual(stub.upstream.calls, [], 'nothing reached BigCommerce');

    // Same-origin requests (the stub under the storefront's /api) need no CORS at all.
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', () => reply(201, { data: redirectUrls('cart-1') }));
    const same = await stub.request('POST', '/api/checkout', { origin: STUB, json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
  });

  test('a body over 64 KB declared by Content-Length: 413 body_too_large', async () => {
    const stub = await newStub();
    const big = JSON.stringify({ cart: savedCart(), pad: 'x'.repeat(70 * 1024) });
    const res = await stub.request('POST', '/api/cart', { body: big, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) } });
    assertError(res, 413, 'body_too_large');
    // Just under the limit is read and served.
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', () => reply(201, { data: redirectUrls('cart-1') }));
    const ok = JSON.stringify({ cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), pad: 'x'.repeat(60 * 1024) });
    const served = await stub.request('POST', '/api/checkout', { body: ok, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(ok)) } });
    assert.equal(served.status, 200, served.text);
    assert.deepEqual(stub.upstream.log(), ['POST /v3/carts/cart-1/redirect_urls'], 'only the small body reached a route');
  });

  test('a streamed body over 64 KB without Content-Length: 413, and the stream is not read to the end', async () => {
    const stub = await newStub();
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(8 * 1024));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"pad":"'));
      },
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close(); // 8 MB: a stub that reads everything would get here
        else controller.enqueue(chunk);
      },
    });
    const res = await stub.request('POST', '/api/cart', { body: stream, headers: { 'content-type': 'application/json' } });
    assertError(res, 413, 'body_too_large');
    assert.ok(pulled < 20, `stopped reading after ${pulled} chunks`);
  });

  test('a chunked body over 64 KB through the Node adapter: 413', async () => {
    const stub = await newStub();
    const server = await listen(stub.handler, { port: 0, host: '127.0.0.1' });
    try {
      const result = await new Promise((resolve, reject) => {
        const req = httpRequest(`${server.url}/api/cart`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: STOREFRONT },
        });
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        });
        req.on('error', (error) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? null : reject(error)));
        req.write('{"pad":"');
        let sent = 0;
        const pump = () => {
          while (sent < 20) {
            sent++;
            if (!req.write('y'.repeat(8 * 1024))) return req.once('drain', pump);
          }
          req.end('"}');
        };
        pump();
      });
      assert.equal(result.status, 413, result.text);
      assert.equal(JSON.parse(result.text).error.code, 'body_too_large');
    } finally {
      await server.close();
    }
  });

  test('a body that is not application/json: 415 unsupported_media_type', async () => {
    const stub = await newStub();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      assertError(await stub.request('POST', '/api/cart', { body: '{}', headers: { 'content-type': type } }), 415, 'unsupported_media_type');
    }
    assertError(await stub.request('POST', '/api/session', { body: '{"email":"a","password":"b"}' }), 415, 'unsupported_media_type');
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('malformed JSON: 400 invalid_json', async () => {
    const stub = await newStub();
    for (const body of ['{', '', '{"cart":', "{'a':1}", '\u0000']) {
      assertError(await stub.request('POST', '/api/cart', { body, headers: { 'content-type': 'application/json; charset=utf-8' } }), 400, 'invalid_json');
    }
    assert.deepEqual(stub.upstream.calls, []);
  });

  test('the per-client rate limit: 429 rate_limited with Retry-After, per client, reset after the minute', async () => {
    const stub = await newStub({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    // A counted route that stops before BigCommerce: a malformed checkout request (400).
    const counted = (client) => stub.request('POST', '/api/checkout', { json: { cartId: 'not a cart id' }, ...(client ? { client } : {}) });
    for (let i = 0; i < 3; i++) assert.equal((await counted()).status, 400);
    const limited = await counted();
    assertError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers.get('retry-after')}`);
    assert.equal(limited.headers.get('access-control-allow-origin'), STOREFRONT, 'the page can read the 429');
    assertError(await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } }), 429, 'rate_limited');
    // Routes that never reach BigCommerce are not limited: the page can still say what is going on.
    assert.equal((await stub.request('GET', '/api/health')).status, 200, 'health is not limited');
    assert.equal((await stub.request('GET', '/api/session')).status, 200, 'reading the session is not limited');
    assert.deepEqual(stub.upstream.calls, []);
    assert.equal((await counted('203.0.113.5')).status, 400, 'another client has its own budget');
    stub.advance(60_000);
    assert.equal((await counted()).status, 400, 'a new minute, a new budget');
  });

  test('upstream 429 with Retry-After: 1 is waited out (injected sleep) and retried', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
    const product = { data: { id: 80, name: 'Orbit Terrarium', is_visible: true } };
    stub.upstream.on('GET', /^\/v3\/catalog\/products\/80\?/, failing(429, 'Too many requests', { headers: { 'Retry-After': '1' } }), reply(200, product));
    const res = await stub.request('GET', '/api/catalog/products/80');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.data, { ...product.data, is_in_stock: true });
    assert.equal(catalogCalls(stub).length, 2);
    assert.deepEqual(stub.sleeps, [1000]);
  });

  test('upstream 429 with Retry-After: 60 goes back to the browser as 429 upstream_rate_limited with Retry-After', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
    stub.upstream.on('GET', /^\/v3\/catalog\/products\/80\?/, failing(429, 'Too many requests', { headers: { 'Retry-After': '60' } }));
    const res = await stub.request('GET', '/api/catalog/products/80');
    assertError(res, 429, 'upstream_rate_limited');
    assert.equal(res.headers.get('retry-after'), '60');
    assert.equal(catalogCalls(stub).length, 1, 'not retried');
    assert.deepEqual(stub.sleeps, [], 'no 60 s wait inside the request');
  });

  test('upstream 500 on a GET: retried with bounded backoff, then 502 upstream_unavailable', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, failing(500, 'Internal Server Error'));
    const res = await stub.request('GET', '/api/catalog/products');
    assertError(res, 502, 'upstream_unavailable');
    const attempts = catalogCalls(stub).length;
    assert.ok(attempts >= 2 && attempts <= 4, `${attempts} attempts`);
    assert.equal(stub.sleeps.length, attempts - 1, 'a wait before each retry');
    for (let i = 1; i < stub.sleeps.length; i++) assert.ok(stub.sleeps[i] >= stub.sleeps[i - 1], 'the backoff grows');
    assert.ok(stub.sleeps.every((ms) => ms > 0 && ms <= 5000), `bounded: ${stub.sleeps}`);
  });

  test('upstream 500 on a POST: not retried (it may have happened), 502', async () => {
    const stub = await newStub();
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', failing(500, 'Internal Server Error'));
    assertError(await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } }), 502, 'upstream_unavailable');
    assert.equal(stub.upstream.calls.length, 1);
    assert.deepEqual(stub.sleeps, []);
  });

  test('upstream 503 on a POST: retried (it did not reach the store)', async () => {
    const stub = await newStub();
    let urls;
    stub.upstream.on('POST', '/v3/carts/cart-1/redirect_urls', failing(503, 'Service Unavailable'), () => reply(201, { data: (urls = redirectUrls('cart-1')) }));
    const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.url, urls.checkout_url);
    assert.equal(stub.upstream.calls.length, 2);
    assert.equal(stub.sleeps.length, 1);
  });

  test('an upstream that never answers: 504 upstream_timeout after UPSTREAM_TIMEOUT_MS', async () => {
    const stub = await newStub(); // UPSTREAM_TIMEOUT_MS=50
    stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
    assert.equal(stub.config.upstreamTimeoutMs, 50);
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, HANG);
    const started = Date.now();
    const res = await stub.request('GET', '/api/catalog/products');
    const elapsed = Date.now() - started;
    assertError(res, 504, 'upstream_timeout');
    assert.ok(elapsed < 1500, `answered after ${elapsed} ms`);
    assert.ok(stub.upstream.calls.every((c) => c.hasSignal), 'every upstream call carries an abort signal');
  });

  test('a network failure: retried for a GET, then 502', async () => {
    const stub = await newStub();
    stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
    stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, NETWORK_ERROR);
    assertError(await stub.request('GET', '/api/catalog/products'), 502, 'upstream_unavailable');
    assert.ok(catalogCalls(stub).length >= 2);
  });

  test('upstream 401 or 403: 502 upstream_auth_failed', async () => {
    for (const status of [401, 403]) {
      const stub = await newStub();
      stub.upstream.on('GET', LISTINGS, reply(200, { data: [], meta: {} })); // the catalog view reads the channel's listings too
      stub.upstream.on('GET', /^\/v3\/catalog\/products\?/, failing(status, 'You are not authorized'));
      assertError(await stub.request('GET', '/api/catalog/products'), 502, 'upstream_auth_failed');
      assert.equal(catalogCalls(stub).length, 1, 'not retried');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
/** Every form in which a secret could be smuggled out: plain, URL-encoded, hex, and base64/base64url at any alignment. */
function findSecret(text, secret) {
  if (text.includes(secret)) return 'plain';
  if (text.includes(encodeURIComponent(secret))) return 'url-encoded';
  if (text.toLowerCase().includes(Buffer.from(secret).toString('hex'))) return 'hex';
  let decodedText = text;
  try {
    decodedText = decodeURIComponent(text);
  } catch {
    // keep the raw text
  }
  for (const source of new Set([text, decodedText])) {
    for (const run of source.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
      for (let offset = 0; offset < 4; offset++) {
        const bytes = Buffer.from(run.slice(offset).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
        if (bytes.includes(secret)) return `base64 (${run.slice(0, 24)}...)`;
      }
    }
  }
  return null;
}

function scan(entries) {
  const leaks = [];
  for (const { where, text } of entries) {
    for (const [name, secret] of Object.entries(SECRETS)) {
      const how = findSecret(text, secret);
      if (how) leaks.push(`${name} (${how}) in ${where}`);
    }
  }
  return leaks;
}

function entriesOf(t) {
  const entries = [];
  for (const r of t.responses) {
    entries.push({ where: `body of ${r.method} ${r.path} -> ${r.status}`, text: r.text });
    for (const [name, value] of r.headers) entries.push({ where: `header ${name} of ${r.method} ${r.path}`, text: `${name}: ${value}` });
    for (const cookie of r.cookies) entries.push({ where: `Set-Cookie of ${r.method} ${r.path}`, text: cookie });
  }
  for (const line of t.logs) entries.push({ where: 'log line', text: line });
  return entries;
}

describe('secrets scan', () => {
  test('the detector finds a planted secret in every encoding (so a clean scan means something)', () => {
    const secret = SECRETS.BC_CLIENT_SECRET;
    const b = Buffer.from(`{"x":"${secret}"}`);
    const planted = [
      `token ${secret}`,
      `a=${encodeURIComponent(secret)}`,
      Buffer.from(secret).toString('hex'),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      `eyJ.${b.toString('base64url')}.sig`,
      `Z${Buffer.from(`ab${secret}`).toString('base64')}`,
      `https://x.example/?t=${encodeURIComponent(Buffer.from(secret).toString('base64'))}`,
    ];
    for (const text of planted) assert.ok(findSecret(text, secret), `missed: ${text}`);
    assert.equal(findSecret('nothing to see, eyJhbGciOiJIUzI1NiJ9', secret), null);
  });

  test('no response body, response header, cookie or log line of any test above carries a secret', () => {
    // Coverage: the scan only means something if the runs above went through every route and error path.
    const seen = new Set(transcript.responses.map((r) => `${r.method} ${r.path.split('?')[0].replace(/\/products\/[^/]+$/, '/products/{id}')}`));
    for (const route of ['GET /api/health', 'POST /api/cart', 'POST /api/checkout', 'POST /api/session', 'GET /api/session', 'DELETE /api/session', 'GET /api/catalog/products', 'GET /api/catalog/products/{id}', 'OPTIONS /api/cart']) {
      assert.ok(seen.has(route), `the transcript covers ${route}`);
    }
    const statuses = new Set(transcript.responses.map((r) => r.status));
    for (const status of [200, 204, 400, 401, 403, 404, 413, 415, 422, 429, 502, 504]) assert.ok(statuses.has(status), `the transcript has a ${status}`);
    const codes = new Set(transcript.responses.map((r) => { try { return JSON.parse(r.text).error.code; } catch { return null; } }));
    for (const code of ['line_rejected', 'cart_not_found', 'invalid_credentials', 'rate_limited', 'upstream_rate_limited', 'upstream_unavailable', 'upstream_timeout', 'upstream_auth_failed', 'body_too_large']) {
      assert.ok(codes.has(code), `the transcript has ${code}`);
    }
    assert.ok(transcript.logs.length >= transcript.responses.length, 'every request was logged');
    assert.ok(transcript.logs.some((l) => l.includes('upstream error')), 'upstream errors were logged');
    assert.ok(transcript.responses.some((r) => r.cookies.some((c) => /^bcch_session=[^;]+\./.test(c))), 'session cookies were issued');

    // Not vacuous: the fake upstream did receive the token, and its error bodies echoed it back to the stub.
    const upstreamCalls = transcript.stubs.flatMap((s) => s.upstream.calls);
    assert.ok(upstreamCalls.length > 50);
    assert.ok(upstreamCalls.every((c) => c.headers.get('x-auth-token') === SECRETS.BC_ACCESS_TOKEN), 'every upstream call carried X-Auth-Token');

    const leaks = scan(entriesOf(transcript));
    assert.deepEqual(leaks, []);
  });

  test('an upstream error whose title or errors echo the token: the token reaches neither the browser nor the log', async () => {
    const own = createTranscript();
    const echoTitle = (status) => (call) => reply(status, problem(status, `Bad request with token ${call.headers.get('x-auth-token')}`, {
      errors: { auth: `X-Auth-Token ${call.headers.get('x-auth-token')} rejected` },
    }));
    // upstream_rejected (a 422 on redirect_urls), line_rejected (a 422 on a cart), a catalog 400.
    const stub = await createStub({ transcript: own });
    stub.upstream
      .on('POST', '/v3/carts/cart-1/redirect_urls', echoTitle(422))
      .on('POST', CREATE_PATH, echoTitle(422))
      .on('GET', /^\/v3\/catalog\/products\?/, echoTitle(400));
    const checkout = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(checkout.status, 422);
    const cart = await stub.request('POST', '/api/cart', { json: savedCart({ lines: [{ id: 'l1', type: 'product', productId: 80, quantity: 1 }] }) });
    assert.equal(cart.status, 422);
    assert.equal(cart.body.error.code, 'line_rejected');
    assert.equal(cart.body.error.lineId, 'l1');
    const catalog = await stub.request('GET', '/api/catalog/products');
    assert.ok(catalog.status >= 400);
    assert.deepEqual(scan(entriesOf(own)), []);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('configuration (loadConfig)', () => {
  test('the test configuration loads, with the documented defaults', () => {
    const config = loadConfig({ ...ENV, BC_CHANNEL_ID: undefined, UPSTREAM_TIMEOUT_MS: undefined, BC_API_URL: undefined });
    assert.equal(config.storeHash, STORE_HASH);
    assert.equal(config.channelId, 1);
    assert.equal(config.apiUrl, 'https://api.bigcommerce.com');
    assert.equal(config.storeUrl, STORE_URL);
    assert.deepEqual(config.allowedOrigins, [STOREFRONT, 'https://admin.example.com']);
    assert.equal(config.upstreamTimeoutMs, 10_000);
    assert.equal(config.jwtRequestIp, false);
    assert.ok(Object.isFrozen(config));
    assert.equal(loadConfig({ ...ENV, BC_API_URL: 'http://127.0.0.1:9000', BC_STORE_URL: 'http://127.0.0.1:9000' }).apiUrl, 'http://127.0.0.1:9000', 'plain http on loopback is allowed');
    assert.equal(loadConfig({ ...ENV, BC_CHANNEL_ID: '42' }).channelId, 42);
    assert.equal(config.workers, 1, 'one process unless WEB_CONCURRENCY says more');
    assert.equal(loadConfig({ ...ENV, WEB_CONCURRENCY: '4' }).workers, 4);
    assert.equal(config.trustProxy, 0);
    assert.equal(loadConfig({ ...ENV, TRUST_PROXY: 'true' }).trustProxy, 1, 'true means one proxy');
    assert.equal(loadConfig({ ...ENV, TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ ...ENV, TRUST_PROXY: 'false' }).trustProxy, 0);
    assert.equal(config.sessionIdleMinutes, 60);
    assert.equal(config.sessionMaxHours, 24);
    assert.equal(config.redisUrl, undefined);
    assert.deepEqual(config.catalogExtraFields, []);
    assert.deepEqual(config.connectionLimits, { headersTimeoutMs: 5000, requestTimeoutMs: 10000, maxConnections: 10000, maxConnectionsPerClient: 256, maxRequestsPerClient: 64 });
  });

  test('plain http only on this machine: localhost, any 127.x.y.z and [::1], the rule the core applies', () => {
    for (const url of ['http://localhost:8081', 'http://127.0.0.1:8081', 'http://127.0.0.2:8081', 'http://127.255.255.254', 'http://[::1]:8081', 'http://[::1]']) {
      assert.equal(loadConfig({ ...ENV, BC_STORE_URL: url }).storeUrl, url);
      assert.equal(loadConfig({ ...ENV, ALLOWED_ORIGINS: url }).allowedOrigins[0], url);
    }
    // WHATWG URL writes other spellings of these addresses one way; the core is given that one.
    assert.equal(loadConfig({ ...ENV, BC_STORE_URL: 'http://[0:0::1]:8081' }).storeUrl, 'http://[::1]:8081');
    assert.equal(loadConfig({ ...ENV, BC_STORE_URL: 'http://127.1:8081' }).storeUrl, 'http://127.0.0.1:8081');
    for (const url of ['http://128.0.0.1', 'http://0.0.0.0:8081', 'http://[::2]:8081', 'http://localhost.example.com', 'http://127.0.0.1.example.com']) {
      assert.throws(() => loadConfig({ ...ENV, BC_STORE_URL: url }), ConfigError, url);
    }
    for (const host of ['localhost', '127.0.0.1', '127.0.0.0', '127.1.2.3', '127.255.255.255', '[::1]']) assert.equal(isLoopbackHostname(host), true, host);
    for (const host of ['', '127.1', '127.0.0.01', '127.0.0.256', '127.0.0.1.', '1127.0.0.1', '128.0.0.1', '0.0.0.0', 'localhost.', 'a.localhost', '::1', '[::2]', '[0:0:0:0:0:0:0:1]', 'LOCALHOST']) {
      assert.equal(isLoopbackHostname(host), false, host);
    }
  });

  const CASES = [
    ['BC_STORE_HASH', undefined], ['BC_STORE_HASH', ''], ['BC_STORE_HASH', 'ABC/123'], ['BC_STORE_HASH', 'abc 123'],
    ['BC_ACCESS_TOKEN', undefined], ['BC_ACCESS_TOKEN', 'has space'], ['BC_ACCESS_TOKEN', 'tok\nen'],
    ['BC_CLIENT_ID', undefined], ['BC_CLIENT_ID', 'id with space'],
    ['BC_CLIENT_SECRET', undefined], ['BC_CLIENT_SECRET', 'sec\tret'],
    ['BC_STORE_URL', undefined], ['BC_STORE_URL', 'not a url'], ['BC_STORE_URL', 'http://store.example.com'], ['BC_STORE_URL', 'http://[2001:db8::1]:8081'],
    ['BC_STORE_URL', 'https://store.example.com/shop'], ['BC_STORE_URL', 'https://user:pw@store.example.com'],
    ['SESSION_SECRET', undefined], ['SESSION_SECRET', 'short-secret'], ['SESSION_SECRET', 'x'.repeat(31)],
    ['BC_CHANNEL_ID', 'abc'], ['BC_CHANNEL_ID', '0'], ['BC_CHANNEL_ID', '-1'], ['BC_CHANNEL_ID', '1.5'],
    ['BC_API_URL', 'http://api.bigcommerce.com'], ['BC_API_URL', 'http://10.0.0.5:8080'], ['BC_API_URL', 'ftp://api.example.com'],
    ['ALLOWED_ORIGINS', 'https://shop.example.com/store'], ['ALLOWED_ORIGINS', 'https://shop.example.com, https://b.example.com/path'],
    ['ALLOWED_ORIGINS', 'http://shop.example.com'], ['ALLOWED_ORIGINS', 'https://shop.example.com?x=1'],
    ['UPSTREAM_TIMEOUT_MS', 'soon'], ['RATE_LIMIT_PER_MINUTE', '0'],
    ['WEB_CONCURRENCY', '0'], ['WEB_CONCURRENCY', 'two'], ['WEB_CONCURRENCY', '65'],
    ['TRUST_PROXY', 'yes'], ['TRUST_PROXY', '10'], ['TRUST_PROXY', '-1'], ['REDIS_URL', 'localhost:6379'], ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['SESSION_IDLE_MINUTES', '0'], ['SESSION_MAX_HOURS', 'a day'], ['CATALOG_EXTRA_FIELDS', 'cost_price,password'],
    ['HEADERS_TIMEOUT_MS', '0'], ['MAX_REQUESTS_PER_CLIENT', '-5'],
  ];
  for (const [variable, value] of CASES) {
    test(`${variable}=${JSON.stringify(value)} -> ConfigError naming ${variable}`, () => {
      const env = { ...ENV };
      if (value === undefined) delete env[variable];
      else env[variable] = value;
      assert.throws(() => loadConfig(env), (error) => {
        assert.ok(error instanceof ConfigError, `a ConfigError, got ${error && error.name}: ${error && error.message}`);
        assert.equal(error.name, 'ConfigError');
        assert.equal(error.variable, variable);
        assert.ok(error.message.includes(variable), `the message names ${variable}: ${error.message}`);
        if (['BC_ACCESS_TOKEN', 'BC_CLIENT_SECRET', 'SESSION_SECRET'].includes(variable) && value) {
          assert.ok(!error.message.includes(value), 'a config error does not print the (malformed) secret');
        }
        return true;
      });
    });
  }
});
