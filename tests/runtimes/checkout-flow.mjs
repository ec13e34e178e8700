// One set of tests for the stub on any runtime: health, the catalog, a cart, a guest checkout opened on the sandbox
// store, the seeded shopper's sign-in, and a signed-in checkout whose Customer Login JWT the sandbox's /login/token
// accepts (BigCommerce docs, "Customer Login API"). Run in order, against one sandbox and one stub process. And
// the log line of a BigCommerce that cannot be reached, which must say why on every runtime.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readResponse } from '../server/server-fixtures.mjs';
import { SHOPPER, STOREFRONT, freePort, startSandbox } from './runtime-stack.mjs';

/** Status, headers and the body (JSON when it is JSON) of a call to the stub, as a storefront page makes it. */
export async function callStub(stubUrl, method, path, { json, cookie, cartToken } = {}) {
  const headers = { Origin: STOREFRONT, Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  if (cartToken) headers['X-Cart-Token'] = cartToken;
  return readResponse(await fetch(`${stubUrl}/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }));
}

export const savedCart = (lines, extra = {}) => ({ version: 2, currency: 'USD', nextLine: lines.length + 1, lines, ...extra });
export const LINES = [
  { id: 'l1', type: 'product', productId: 81, quantity: 2 },
  { id: 'l2', type: 'product', productId: 80, variantId: 64, quantity: 1 },
];

/**
 * @param {string} name the runtime, for the test names
 * @param {(env: Record<string, string>) => Promise<{ url: string, stop(): Promise<void>, output(): string }>} start
 */
export function describeCheckoutFlow(name, start) {
  describe(`the stub on ${name} against the sandbox store`, () => {
    let store;
    let stub;
    const call = (...args) => callStub(stub.url, ...args);
    const withLog = (message) => `${message}\n--- ${name} output ---\n${stub?.output().slice(-4000)}`;

    before(async () => {
      store = await startSandbox();
      stub = await start(store.env);
    });
    after(async () => {
      await stub?.stop();
      await store?.close();
    });

    test('GET /api/health answers with the store it serves', async () => {
      const res = await call('GET', '/health');
      assert.equal(res.status, 200, withLog(res.text));
      assert.deepEqual(res.body, { ok: true, channelId: 1, storeUrl: store.origin });
    });

    test('GET /api/catalog/products lists the sandbox catalog', async () => {
      const res = await call('GET', '/catalog/products');
      assert.equal(res.status, 200, withLog(res.text));
      assert.ok(Array.isArray(res.body.data) && res.body.data.length > 0, res.text);
      assert.ok(res.body.data.some((p) => p.id === 81), 'the seeded product 81 is listed');
    });

    let cartId;
    let cartToken;
    test('POST /api/cart makes the cart in the sandbox, priced by the store', async () => {
      const res = await call('POST', '/cart', { json: savedCart(LINES) });
      assert.equal(res.status, 200, withLog(res.text));
      ({ cartId, cartToken } = res.body);
      assert.equal(typeof cartId, 'string');
      assert.equal(res.body.cart.cartAmount, 2 * 2999 + 10900);
      const stored = store.sandbox.state.carts?.[cartId] ?? store.sandbox.state.carts?.get?.(cartId);
      assert.ok(stored, 'the sandbox holds the cart');
    });

    test('checkout details: a coupon applied through the details module, totals from the store (sandbox seed: SAVE10)', async () => {
      assert.ok(cartId, 'the cart test ran');
      const res = await call('POST', `/checkouts/${cartId}/coupons`, { cartToken, json: { code: 'SAVE10' } });
      assert.equal(res.status, 200, withLog(res.text));
      assert.deepEqual(res.body.checkout.coupons.map((c) => c.code), ['SAVE10']);
      assert.ok(res.body.checkout.totals.discount > 0, res.text);
    });

    test('a guest checkout: the URL for the cart opens the checkout page on the sandbox', async () => {
      assert.ok(cartId, 'the cart test ran');
      const res = await call('POST', '/checkout', { json: { cartId, cartToken } });
      assert.equal(res.status, 200, withLog(res.text));
      assert.equal(res.body.signedIn, false);
      assert.ok(res.body.url.startsWith(`${store.origin}/`), res.body.url);
      const page = await fetch(res.body.url, { redirect: 'follow' });
      const html = await page.text();
      assert.equal(page.status, 200, html.slice(0, 500));
      assert.equal(new URL(page.url).pathname, '/checkout', 'the redirect URL led to the checkout');
      assert.match(page.headers.get('content-type'), /^text\/html/);
    });

    let cookie;
    test('the seeded shopper signs in through POST /api/session', async () => {
      const res = await call('POST', '/session', { json: SHOPPER });
      assert.equal(res.status, 200, withLog(res.text));
      assert.equal(res.body.signedIn, true);
      assert.equal(res.body.customer.email, SHOPPER.email);
      const [setCookie] = res.headers.getSetCookie();
      assert.match(setCookie, /^bcch_session=[^;]+;/);
      cookie = setCookie.split(';')[0];
      const me = await call('GET', '/session', { cookie });
      assert.equal(me.body.signedIn, true, me.text);
    });

    test("a signed-in checkout: the login JWT verifies at the sandbox's /login/token", async () => {
      assert.ok(cookie && cartId, 'the earlier tests signed in and made a cart');
      const res = await call('POST', '/checkout', { json: { cartId, cartToken, mode: 'embedded' }, cookie });
      assert.equal(res.status, 200, withLog(res.text));
      assert.equal(res.body.signedIn, true);
      assert.ok(res.body.url.startsWith(`${store.origin}/login/token/`), res.body.url);
      // What the embedded-checkout SDK does with the URL: POST it with the parent page's origin.
      const redeemed = await fetch(res.body.url, { method: 'POST', headers: { Origin: STOREFRONT, Accept: 'application/json' }, redirect: 'manual' });
      const body = await redeemed.json();
      assert.equal(redeemed.status, 200, JSON.stringify(body));
      assert.equal(typeof body.redirectUrl, 'string');
      assert.equal(new URL(body.redirectUrl, store.origin).origin, store.origin);
    });
  });
}

/**
 * The stub with BC_API_URL on a loopback port nothing listens on: the shopper gets 502 upstream_unavailable and
 * the stub's log line names the call (method, host, path without its query) and the cause, ECONNREFUSED, in the
 * words of whatever client the runtime uses. `cause`: what the runtime lets a script know, where that is less.
 */
export function describeUnreachableStore(name, start, { cause = 'ECONNREFUSED' } = {}) {
  test(`on ${name}, a store API that refuses connections: 502 upstream_unavailable, logged with the call and ${cause}`, async (t) => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const stub = await start({
      BC_STORE_HASH: 'unreachable1', BC_ACCESS_TOKEN: 'unreachable-token-7f3a9c', BC_CLIENT_ID: 'client', BC_CLIENT_SECRET: 'unreachable-secret-5d1e',
      BC_API_URL: origin, BC_STORE_URL: origin, SESSION_SECRET: 'an-unreachable-store-session-secret-000', ALLOWED_ORIGINS: STOREFRONT,
    });
    t.after(() => stub.stop());
    const res = await callStub(stub.url, 'GET', '/catalog/products?page=1&limit=5');
    assert.equal(res.status, 502, res.text);
    assert.equal(res.body.error.code, 'upstream_unavailable');
    // Node writes its log lines once per turn of the event loop; wait for the line rather than for a time.
    let line;
    for (let tries = 0; tries < 100 && !line; tries++) {
      line = stub.output().split('\n').find((l) => l.includes('"message":"upstream error"'));
      if (!line) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(line, `no upstream error line in:\n${stub.output().slice(-3000)}`);
    const entry = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1));
    assert.equal(entry.level, 'warn');
    assert.equal(entry.method, 'GET');
    assert.equal(entry.host, `127.0.0.1:${port}`);
    assert.match(entry.path, /^\/stores\/unreachable1\/v3\/(catalog\/products|channels\/1\/listings)$/);
    assert.equal(entry.status, 0);
    assert.equal(entry.cause, cause, line);
    assert.ok(!stub.output().includes('unreachable-token-7f3a9c'), 'the token is in no log line');
  });
}
