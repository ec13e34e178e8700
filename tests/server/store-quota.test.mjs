// The stub under the store's REST quota, against the in-process sandbox with one controllable clock for both (the
// sandbox's `now`, the stub's `now` and `sleep`): it paces itself on the X-Rate-Limit headers before the store
// answers 429, waits out a short reset, and answers 503 store_busy with Retry-After when the wait would be longer
// than QUOTA_MAX_WAIT_MS (BigCommerce docs, "API rate limits"). Also what each checkout costs in BigCommerce
// calls, counted by the sandbox (sandbox.restCalls). Run: node --test tests/server/store-quota.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadServerCore } from '../../dist/node.js';
import { createHandler, loadConfig } from '../../server/index.js';
import { createSandbox } from '../../sandbox/index.js';
import { SHOPPER } from '../../sandbox/seed.js';
import { createQuotaPacer } from '../../server/quota-pacer.js';
import { readResponse } from './server-fixtures.mjs';

const SANDBOX = 'http://localhost:8081';
const SITE = 'http://127.0.0.1:8080';
const CREDS = { storeHash: 'quota1', accessToken: 'access-token-quota-tests', clientId: 'client-id-quota', clientSecret: 'client-secret-quota-tests' };
const core = await loadServerCore();

/** One clock for the sandbox and the stub; sleep() moves it (never back), so a wait takes no real time. */
function sharedClock() {
  const clock = { at: 1_800_000_000_000, sleeps: [] };
  clock.now = () => clock.at;
  clock.sleep = (ms) => {
    clock.sleeps.push(ms);
    const target = clock.at + ms;
    return new Promise((resolve) => setImmediate(() => {
      clock.at = Math.max(clock.at, target);
      resolve();
    }));
  };
  return clock;
}

async function stack({ quota, env = {} } = {}) {
  const clock = sharedClock();
  const sandbox = createSandbox({ ...CREDS, origin: SANDBOX, siteUrl: SITE, quota, now: clock.now, log: () => {} });
  const config = loadConfig({
    BC_STORE_HASH: CREDS.storeHash,
    BC_ACCESS_TOKEN: CREDS.accessToken,
    BC_CLIENT_ID: CREDS.clientId,
    BC_CLIENT_SECRET: CREDS.clientSecret,
    BC_API_URL: SANDBOX,
    BC_STORE_URL: SANDBOX,
    ALLOWED_ORIGINS: SITE,
    SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const logs = [];
  const handler = createHandler(config, {
    core,
    fetch: (url, init) => sandbox.fetch(new Request(url, init)),
    now: clock.now,
    sleep: clock.sleep,
    log: (line) => logs.push(line),
  });
  async function request(method, path, { json, cookie } = {}) {
    const headers = { Origin: SITE };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (cookie) headers.Cookie = cookie;
    const response = await handler(new Request(`${SITE}/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }), { clientAddress: '192.0.2.1' });
    return { ...(await readResponse(response)), cookies: response.headers.getSetCookie() };
  }
  /** Another app on the same store spending `n` of its quota. */
  async function spend(n) {
    for (let i = 0; i < n; i++) {
      const res = await sandbox.fetch(new Request(`${SANDBOX}/stores/${CREDS.storeHash}/v2/time`, { headers: { 'X-Auth-Token': CREDS.accessToken } }));
      await res.text();
    }
  }
  return { clock, sandbox, request, spend, logs };
}

const saved = (lines, extra = {}) => ({ version: 2, currency: 'USD', nextLine: lines.length + 1, lines, ...extra });
const LINE = { id: 'l1', type: 'product', productId: 81, quantity: 1 };

/** Runs `tasks` (functions returning promises) at most `limit` at a time; resolves to their results in order. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }));
  return results;
}

function assertBusy(res) {
  assert.equal(res.status, 503, res.text);
  assert.equal(res.body.error.code, 'store_busy');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${res.headers.get('retry-after')}`);
  assert.equal(res.body.error.retryAfter, retryAfter);
  assert.match(res.body.error.message, /busy/i);
  assert.match(res.body.error.message, new RegExp(`${retryAfter} s`));
  return retryAfter;
}

describe('the stub paces itself on the store quota', () => {
  test('Standard plan (150 per 30 s): 200 concurrent first checkouts get a URL or 503 store_busy, the store never answers 429, and every busy one succeeds after its Retry-After', async () => {
    const s = await stack({ quota: 'standard' });
    const checkout = () => s.request('POST', '/checkout', { json: { cart: saved([LINE]), mode: 'redirect' } });
    const first = await pool(Array.from({ length: 200 }, () => checkout), 25);
    const served = first.filter((r) => r.status === 200);
    const busy = first.filter((r) => r.status !== 200);
    for (const res of served) assert.match(res.body.url, /\/cart\.php\?action=loadInCheckout&/);
    const waits = busy.map(assertBusy);
    assert.equal(s.sandbox.restCalls.limited, 0, 'paced before the quota ran out: no 429 from the store');
    assert.ok(served.length >= 135 && served.length <= 150, `${served.length} served in the first window`);
    assert.equal(served.length + busy.length, 200);
    assert.ok(Math.max(...s.clock.sleeps, 0) <= 2500, 'no wait beyond QUOTA_MAX_WAIT_MS');
    // The shoppers told to wait come back after their Retry-After: the window has refilled.
    s.clock.at += Math.max(...waits) * 1000;
    const again = await pool(busy.map(() => checkout), 25);
    assert.deepEqual(again.map((r) => r.status), busy.map(() => 200));
    assert.equal(s.sandbox.restCalls.limited, 0);
  });

  test('another app spent the quota: the stub sends, gets the 429, waits X-Rate-Limit-Time-Reset-Ms (within QUOTA_MAX_WAIT_MS) and succeeds', async () => {
    const s = await stack({ quota: { requests: 5, windowMs: 2000 } });
    await s.spend(5);
    s.clock.at += 500;
    const res = await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } });
    assert.equal(res.status, 200, res.text);
    assert.equal(s.sandbox.restCalls.limited, 1);
    assert.ok(s.clock.sleeps.includes(1500), `waited the reset time: ${s.clock.sleeps}`);
  });

  test('a reset further off than QUOTA_MAX_WAIT_MS: 503 store_busy with Retry-After (seconds, rounded up), the store not asked again meanwhile, fine after the wait', async () => {
    const s = await stack({ quota: { requests: 5, windowMs: 30_000 } });
    await s.spend(5);
    s.clock.at += 10_400;
    const res = await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } });
    assert.equal(assertBusy(res), 20);
    assert.ok(s.logs.some((l) => l.includes('store busy')));
    const asked = s.sandbox.restCalls.total;
    const second = await s.request('POST', '/cart', { json: saved([LINE]) });
    assertBusy(second);
    assert.equal(s.sandbox.restCalls.total, asked, 'refused in the stub: the store is not asked while its quota is known to be out');
    s.clock.at += 20_000;
    assert.equal((await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } })).status, 200);
  });

  test('QUOTA_MAX_WAIT_MS bounds the wait: with 500 a 1.5 s reset is not waited for', async () => {
    const s = await stack({ quota: { requests: 5, windowMs: 2000 }, env: { QUOTA_MAX_WAIT_MS: '500' } });
    await s.spend(5);
    s.clock.at += 500;
    assert.equal(assertBusy(await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } })), 2);
    assert.ok(s.clock.sleeps.every((ms) => ms <= 500), `${s.clock.sleeps}`);
    assert.throws(() => loadConfig({ ...minimalEnv(), QUOTA_MAX_WAIT_MS: '60000' }), /QUOTA_MAX_WAIT_MS must be at most 30000/);
    assert.throws(() => loadConfig({ ...minimalEnv(), QUOTA_MAX_WAIT_MS: 'soon' }), /QUOTA_MAX_WAIT_MS must be a positive integer/);
    assert.equal(loadConfig(minimalEnv()).quotaMaxWaitMs, 2500);
  });

  test('a 429 that is not the quota (sign-in attempts for one email, Left > 0) leaves other calls alone', async () => {
    const s = await stack({ quota: 'standard' });
    for (let i = 0; i < 12; i++) await s.request('POST', '/session', { json: { email: SHOPPER.email, password: 'wrong-password' } });
    const locked = await s.request('POST', '/session', { json: { email: SHOPPER.email, password: SHOPPER.password } });
    assert.ok([429, 401].includes(locked.status), locked.text);
    const res = await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } });
    assert.equal(res.status, 200, res.text);
  });
});

function minimalEnv() {
  return {
    BC_STORE_HASH: 'abc', BC_ACCESS_TOKEN: 'tok', BC_CLIENT_ID: 'id', BC_CLIENT_SECRET: 'sec', BC_STORE_URL: SANDBOX, BC_API_URL: SANDBOX,
    SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  };
}

describe('BigCommerce calls per checkout (counted by the sandbox)', () => {
  const calls = (s) => s.sandbox.restCalls.byRoute();

  test('a first guest checkout in one request ({ cart, mode }) costs 1 call: POST /v3/carts, whose redirect URLs it hands out', async () => {
    const s = await stack();
    const res = await s.request('POST', '/checkout', { json: { cart: saved([LINE]), mode: 'redirect' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(calls(s), { 'POST /v3/carts': 1 });
    assert.equal(res.body.signedIn, false);
    assert.equal(res.body.mode, 'redirect');
    assert.ok(core.isCartId(res.body.cartId));
    assert.match(res.body.cartToken, /\./);
    assert.equal(res.body.cart.lines.length, 1);
    assert.equal(res.body.cartReplaced, undefined);
    // The URL works once at the store, as any redirect URL.
    const url = new URL(res.body.url);
    assert.equal(url.searchParams.get('id'), res.body.cartId);
    const visit = await s.sandbox.fetch(new Request(res.body.url, { redirect: 'manual' }));
    assert.ok(visit.status < 400, `the store accepts it: ${visit.status}`);
    const replay = await s.sandbox.fetch(new Request(res.body.url, { redirect: 'manual' }));
    assert.equal(replay.status, 410, 'single use');
  });

  test('embedded mode in one request: 1 call, the embedded checkout URL', async () => {
    const s = await stack();
    const res = await s.request('POST', '/checkout', { json: { cart: saved([LINE]), mode: 'embedded' } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.url, /embedded=1/);
    assert.equal(s.sandbox.restCalls.total, 1);
  });

  test('the same first checkout in two requests (POST /cart, then POST /checkout { cartId }) costs 2 calls', async () => {
    const s = await stack();
    const synced = await s.request('POST', '/cart', { json: saved([LINE]) });
    assert.equal(synced.body.redirectUrls, undefined, 'POST /cart does not hand out redirect URLs');
    const res = await s.request('POST', '/checkout', { json: { cartId: synced.body.cartId, cartToken: synced.body.cartToken } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(calls(s), { 'POST /v3/carts': 1, 'POST /v3/carts/:cartId/redirect_urls': 1 });
    assert.equal(res.body.cartId, undefined, 'the old form answers as before');
  });

  test('a later checkout of an unchanged cart costs 2 calls (GET the cart, new redirect URLs); a changed quantity 3 (GET, PUT the item, redirect URLs)', async () => {
    const s = await stack();
    const first = await s.request('POST', '/checkout', { json: { cart: saved([LINE]) } });
    const cart = saved([LINE], { cartId: first.body.cartId });
    s.sandbox.restCalls.reset();
    const unchanged = await s.request('POST', '/checkout', { json: { cart, cartToken: first.body.cartToken } });
    assert.equal(unchanged.status, 200, unchanged.text);
    assert.deepEqual(calls(s), { 'GET /v3/carts/:cartId': 1, 'POST /v3/carts/:cartId/redirect_urls': 1 });
    assert.notEqual(unchanged.body.url, first.body.url, 'a fresh URL each time');
    s.sandbox.restCalls.reset();
    const changed = await s.request('POST', '/checkout', { json: { cart: saved([{ ...LINE, quantity: 3 }], { cartId: first.body.cartId }), cartToken: first.body.cartToken } });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(calls(s), { 'GET /v3/carts/:cartId': 1, 'PUT /v3/carts/:cartId/items/:itemId': 1, 'POST /v3/carts/:cartId/redirect_urls': 1 });
    assert.equal(changed.body.cart.lines[0].quantity, 3);
    assert.equal(changed.body.cartId, first.body.cartId);
  });

  test('a signed-in first checkout costs 2 calls (POST /v3/carts, GET /v2/time for the login JWT, cached 10 min), the next one 1; the URL is a login URL', async () => {
    const s = await stack();
    const signIn = await s.request('POST', '/session', { json: SHOPPER });
    assert.equal(signIn.status, 200, signIn.text);
    const cookie = signIn.cookies[0].split(';')[0];
    s.sandbox.restCalls.reset();
    const res = await s.request('POST', '/checkout', { cookie, json: { cart: saved([LINE]), mode: 'embedded' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.signedIn, true);
    assert.match(res.body.url, /\/login\/token\//);
    assert.equal(res.body.cart.customerId, 1);
    assert.deepEqual(calls(s), { 'POST /v3/carts': 1, 'GET /v2/time': 1 });
    s.sandbox.restCalls.reset();
    const next = await s.request('POST', '/checkout', { cookie, json: { cart: saved([LINE]) } });
    assert.equal(next.status, 200, next.text);
    assert.deepEqual(calls(s), { 'POST /v3/carts': 1 });
  });
});

describe('POST /checkout { cart } keeps the cart-token rules of POST /cart', () => {
  test('a cart id without its token is not touched: a fresh cart, cartReplaced says why, the URL is for the new cart', async () => {
    const s = await stack();
    const victim = await s.request('POST', '/cart', { json: saved([{ ...LINE, quantity: 2 }]) });
    const res = await s.request('POST', '/checkout', { json: { cart: saved([{ ...LINE, quantity: 9 }], { cartId: victim.body.cartId }) } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.cartReplaced, { previousCartId: victim.body.cartId, reason: 'cart_token_missing' });
    assert.notEqual(res.body.cartId, victim.body.cartId);
    assert.equal(new URL(res.body.url).searchParams.get('id'), res.body.cartId);
    assert.equal(s.sandbox.state.carts[victim.body.cartId].items[0].quantity, 2, 'the other cart is unchanged');
  });

  test('an empty cart: 422 cart_empty, and no URL', async () => {
    const s = await stack();
    const res = await s.request('POST', '/checkout', { json: { cart: saved([]) } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'cart_empty');
    assert.equal(res.body.error.cartId, null);
  });

  test('a bad mode is refused before anything is synced; a malformed cart as POST /cart refuses it', async () => {
    const s = await stack();
    const mode = await s.request('POST', '/checkout', { json: { cart: saved([LINE]), mode: 'popup' } });
    assert.equal(mode.body.error.code, 'invalid_mode');
    for (const json of [{ cart: 'nope' }, { cart: null }, { cart: [] }, { cart: { version: 2, lines: 'x' } }]) {
      const viaCheckout = await s.request('POST', '/checkout', { json });
      const viaCart = await s.request('POST', '/cart', { json });
      assert.equal(viaCheckout.status, 400, JSON.stringify(json));
      assert.deepEqual(viaCheckout.body, viaCart.body, JSON.stringify(json));
    }
    assert.equal(s.sandbox.restCalls.total, 0);
  });
});

describe('the pacer (server/quota-pacer.js) on its own', () => {
  const headers = (left, resetMs, quota = 150, windowMs = 30_000) => new Headers({
    'X-Rate-Limit-Requests-Quota': String(quota), 'X-Rate-Limit-Requests-Left': String(left),
    'X-Rate-Limit-Time-Window-Ms': String(windowMs), 'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
  });
  const make = (maxWaitMs = 2500) => {
    const clock = { at: 0 };
    return { clock, pacer: createQuotaPacer({ now: () => clock.at, maxWaitMs }) };
  };

  test('without rate-limit headers nothing is paced (an unlimited store)', () => {
    const { pacer } = make();
    for (let i = 0; i < 1000; i++) {
      assert.deepEqual(pacer.reserve(0), { at: 0 });
      assert.equal(pacer.settle(200, new Headers()), false);
    }
  });

  test('the last tenth of a window is spread over the time to the reset; a slot too far off is refused with the time to the reset', () => {
    const { pacer } = make();
    pacer.reserve(0);
    pacer.settle(200, headers(15, 20_000)); // 15 left, 20 s to go
    // 15 left: the first goes now, each next one 20 s / left later.
    assert.deepEqual(pacer.reserve(0), { at: 0 });
    const second = pacer.reserve(0);
    assert.equal(second.at, Math.floor(20_000 / 15));
    // The third would go at 2 666 ms, beyond QUOTA_MAX_WAIT_MS of a call that began at 0.
    const refused = pacer.reserve(0);
    assert.equal(refused.at, undefined, 'beyond 2.5 s');
    assert.equal(refused.busyMs, 20_000, 'told to come back when the window refills');
  });

  test('an answer from a window already over does not undo what a newer one said', () => {
    const fresh = make();
    fresh.pacer.reserve(0);
    fresh.pacer.reserve(0);
    fresh.clock.at = 10_000;
    fresh.pacer.settle(200, headers(100, 20_000)); // window ends at 30 000
    fresh.pacer.settle(200, headers(0, 500)); // from the window that ended at 10 500: older, ignored
    assert.deepEqual(fresh.pacer.reserve(10_000), { at: 10_000 });
  });

  test('a quota 429 holds every call until the reset; a 429 with requests left (one resource\'s limit) holds none', () => {
    const { pacer } = make();
    pacer.reserve(0);
    assert.equal(pacer.settle(429, new Headers({ 'X-Rate-Limit-Time-Reset-Ms': '1200' })), true);
    assert.deepEqual(pacer.reserve(0), { at: 1200 });
    const other = make();
    other.pacer.reserve(0);
    assert.equal(other.pacer.settle(429, headers(80, 5000)), false);
    assert.deepEqual(other.pacer.reserve(0), { at: 0 });
  });

  test('calls waiting for a reset queue for slots within the new window: never more than the quota', () => {
    const { pacer } = make(60_000);
    pacer.reserve(0);
    pacer.settle(200, headers(0, 1000, 10, 1000));
    const slots = Array.from({ length: 30 }, () => pacer.reserve(0).at);
    const perWindow = new Map();
    for (const at of slots) perWindow.set(Math.floor(at / 1000), (perWindow.get(Math.floor(at / 1000)) ?? 0) + 1);
    assert.ok([...perWindow.values()].every((n) => n <= 10), JSON.stringify([...perWindow]));
    assert.ok(slots.every((at) => at >= 1000), 'none before the reset');
  });
});
