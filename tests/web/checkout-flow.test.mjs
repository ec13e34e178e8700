// checkout() with a fake server stub and a fake Checkout SDK (no browser). Against a busy store: the saved cart is
// synced and its checkout URL asked for in one POST {server}/checkout; store_busy (the store's BigCommerce API quota
// is used up) or a short rate limit is waited out by itself a bounded number of times, with a `busy` event before
// each wait, and the cart is never lost. Around the embedded frame: what the store's checkout posts (complete once)
// and a frame refused for want of the store's cookies (the third_party_cookies fallback). The flow (web/checkout-flow.js) and the server client are loaded from their sources so that the
// wait can be injected (host.sleep); the core that checks the URL is the shipped one.
// Run: node --test tests/web/checkout-flow.test.mjs
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../dist/node.js';
import { CheckoutFlow } from '../../web/checkout-flow.js';
import { createServerClient } from '../../web/server-client.js';
import { BCCheckoutError } from '../../web/errors.js';

const STORE = 'https://store-abc.mybigcommerce.com';
const CART_ID = '1c0f5d9e-7a4b-4c2e-9d3f-8b6a5e4d3c2b';
const core = await loadCore();
const checkoutUrl = (embedded = false) => `${STORE}/cart.php?${embedded ? 'embedded=1&' : ''}action=loadInCheckout&id=${CART_ID}&token=t${Math.random().toString(16).slice(2)}`;

const ok = (mode = 'redirect') => ({ status: 200, body: { url: checkoutUrl(mode === 'embedded'), mode, signedIn: false, cartId: CART_ID, cartToken: 'tok.en', cart: { id: CART_ID, lines: [] } } });
const failure = (status, code, retryAfter, extra = {}) => ({
  status,
  headers: retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
  body: { error: { code, message: `${code} from the stub`, ...(code === 'store_busy' ? { retryAfter } : {}), ...extra } },
});

/** A flow wired to a fake stub that gives `answers` in turn (the last repeats), recording every request. */
function harness(answers, { loadSdk = () => Promise.reject(new Error('no SDK in this test')), sleep } = {}) {
  const requests = [];
  const events = [];
  const sleeps = [];
  const navigations = [];
  const state = { cartId: null, cartToken: null, cleared: false };
  const lines = [{ id: 'l1', type: 'product', productId: 81, quantity: 2 }];
  const fetch = async (url, init) => {
    requests.push({ url, method: init.method, body: init.body ? JSON.parse(init.body) : undefined });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json', ...answer.headers } });
  };
  const flow = new CheckoutFlow({
    core,
    options: { storeOrigins: [STORE] },
    server: createServerClient('https://shop.example.com/api', fetch),
    storage: null,
    storageKey: 'test-cart',
    cartJson: () => ({ version: 2, currency: 'USD', nextLine: 2, lines, ...(state.cartId && { cartId: state.cartId }), ...(state.cartToken && { cartToken: state.cartToken }) }),
    clearCart: async () => { state.cleared = true; },
    setCartId: (id, token = '') => { state.cartId = id || null; state.cartToken = id ? token || null : null; },
    cartId: () => state.cartId,
    cartToken: () => state.cartToken,
    emit: (event, payload) => events.push([event, payload]),
    reportError: (error) => events.push(['error', error]),
    loadSdk,
    sleep: sleep ?? (async (ms) => { sleeps.push(ms); }),
  });
  const navigate = (url) => navigations.push(url);
  return { flow, requests, events, sleeps, navigations, state, lines, navigate };
}

function bcError(code, check = () => {}) {
  return (error) => {
    assert.ok(error instanceof BCCheckoutError, `a BCCheckoutError, got ${error}`);
    assert.equal(error.code, code, error.message);
    check(error);
    return true;
  };
}

describe('checkout(): one request, and a busy store waited out', () => {
  afterEach(() => { delete globalThis.document; });

  test('the saved cart and the mode go in one POST /checkout; the answer sets the cart id and token; the URL is checked and used', async () => {
    const h = harness([ok()]);
    const result = await h.flow.start({ navigate: h.navigate });
    assert.equal(h.requests.length, 1);
    assert.equal(h.requests[0].url, 'https://shop.example.com/api/checkout');
    assert.deepEqual(h.requests[0].body.cart.lines, h.lines);
    assert.equal(h.requests[0].body.mode, 'redirect');
    assert.equal(h.state.cartId, CART_ID);
    assert.equal(h.state.cartToken, 'tok.en');
    assert.deepEqual(h.navigations, [result.url]);
    assert.equal(result.mode, 'redirect');
  });

  test('store_busy twice, then a URL: two `busy` events { retryAfter, attempt, maxAttempts: 3 }, each wait retryAfter seconds, the cart kept', async () => {
    const h = harness([failure(503, 'store_busy', 2), failure(503, 'store_busy', 1), ok()]);
    const result = await h.flow.start({ navigate: h.navigate });
    assert.deepEqual(h.events.filter(([e]) => e === 'busy').map(([, p]) => p), [
      { retryAfter: 2, attempt: 1, maxAttempts: 3 },
      { retryAfter: 1, attempt: 2, maxAttempts: 3 },
    ]);
    assert.deepEqual(h.sleeps, [2000, 1000]);
    assert.equal(h.requests.length, 3);
    for (const request of h.requests) assert.deepEqual(request.body.cart.lines, h.lines, 'the same cart every time');
    assert.deepEqual(h.navigations, [result.url]);
    assert.equal(h.state.cleared, false);
  });

  test('still busy after 3 retries: rejects with store_busy carrying retryAfter; 4 requests, 3 waits, nothing cleared, no navigation', async () => {
    const h = harness([failure(503, 'store_busy', 3)]);
    await assert.rejects(h.flow.start({ navigate: h.navigate }), bcError('store_busy', (error) => {
      assert.equal(error.details.retryAfter, 3);
      assert.match(error.message, /busy/);
      assert.match(error.message, /3 s/);
    }));
    assert.equal(h.requests.length, 4);
    assert.deepEqual(h.sleeps, [3000, 3000, 3000]);
    assert.equal(h.events.filter(([e]) => e === 'busy').length, 3);
    assert.deepEqual(h.navigations, []);
    assert.equal(h.state.cleared, false);
    assert.deepEqual(h.lines.map((l) => l.quantity), [2]);
  });

  test('a 429 upstream_rate_limited with Retry-After: 1 is waited out too; after the last retry it is store_busy', async () => {
    const h = harness([failure(429, 'upstream_rate_limited', 1)]);
    await assert.rejects(h.flow.start({ navigate: h.navigate }), bcError('store_busy', (error) => assert.equal(error.details.retryAfter, 1)));
    assert.deepEqual(h.sleeps, [1000, 1000, 1000]);
  });

  test('the stub\'s own rate_limited with a short Retry-After is retried, and stays rate_limited when it persists', async () => {
    const h = harness([failure(429, 'rate_limited', 2)]);
    await assert.rejects(h.flow.start({ navigate: h.navigate }), bcError('rate_limited', (error) => assert.equal(error.details.retryAfter, 2)));
    assert.equal(h.requests.length, 4);
  });

  test('a wait longer than 5 s is not sat through: the error at once, with retryAfter, and no busy event', async () => {
    for (const [status, code] of [[503, 'store_busy'], [429, 'rate_limited']]) {
      const h = harness([failure(status, code, 20)]);
      await assert.rejects(h.flow.start({ navigate: h.navigate }), bcError(code, (error) => assert.equal(error.details.retryAfter, 20)));
      assert.equal(h.requests.length, 1);
      assert.deepEqual(h.sleeps, []);
      assert.deepEqual(h.events, []);
    }
  });

  test('a checkout replaced during the wait (detach(), or a new checkout()) stops: superseded, no navigation', async () => {
    let wake;
    let waiting;
    const asleep = new Promise((resolve) => { waiting = resolve; });
    const h = harness([failure(503, 'store_busy', 1), ok()], { sleep: () => { waiting(); return new Promise((resolve) => { wake = resolve; }); } });
    const started = h.flow.start({ navigate: h.navigate });
    await asleep;
    h.flow.detach();
    wake();
    await assert.rejects(started, bcError('superseded'));
    assert.deepEqual(h.navigations, []);
    assert.equal(h.requests.length, 1);
  });

  test('other errors are not retried: line_rejected keeps the cart the stub made (cartId, cartToken); cart_empty forgets the cart id', async () => {
    const h = harness([failure(422, 'line_rejected', undefined, { lineId: 'l1', cartId: CART_ID, cartToken: 'tok.partial' })]);
    await assert.rejects(h.flow.start({ navigate: h.navigate }), bcError('line_rejected'));
    assert.equal(h.requests.length, 1);
    assert.equal(h.state.cartId, CART_ID);
    assert.equal(h.state.cartToken, 'tok.partial');
    const empty = harness([failure(422, 'cart_empty', undefined, { cartId: null })]);
    empty.state.cartId = CART_ID;
    await assert.rejects(empty.flow.start({ navigate: empty.navigate }), bcError('cart_empty'));
    assert.equal(empty.state.cartId, null);
  });

  test('a URL the core refuses is not navigated to, even from the one-request answer', async () => {
    const h = harness([{ status: 200, body: { ...ok().body, url: 'https://evil.example.net/cart.php?action=loadInCheckout' } }]);
    await assert.rejects(h.flow.start({ navigate: h.navigate }), (error) => error instanceof BCCheckoutError && error.details.url.startsWith('https://evil.'));
    assert.deepEqual(h.navigations, []);
  });

  test('embedded, then the fallback: both ask in one request (mode embedded, then mode redirect)', async () => {
    const box = { id: 'box', querySelectorAll: () => [] };
    globalThis.document = { querySelector: () => box, getElementById: () => box };
    // The SDK's embedCheckout() for a store that refuses to be framed: its promise rejects with NotEmbeddableError.
    const embedCheckout = () => Promise.reject(Object.assign(new Error('not embeddable'), { type: 'not_embeddable' }));
    const h = harness([ok('embedded'), failure(503, 'store_busy', 1), ok()], { loadSdk: async () => embedCheckout });
    const result = await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate, timeoutMs: 1000 });
    assert.equal(result.fallback, 'not_embeddable');
    assert.deepEqual(h.requests.map((r) => r.body.mode), ['embedded', 'redirect', 'redirect']);
    assert.ok(h.requests.every((r) => r.url.endsWith('/checkout') && Array.isArray(r.body.cart.lines)));
    // The fallback is announced once the cart has been synced again: its reason depends on what that found
    // (the same cart still there after an empty-cart refusal means third-party cookies).
    assert.deepEqual(h.events.map(([e]) => e), ['busy', 'fallback']);
    assert.deepEqual(h.navigations, [result.url]);
  });
});


/** sessionStorage as a browser gives it, for the flow's memory of a browser that blocks third-party cookies. */
function fakeSessionStorage() {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
}

describe('checkout(): the embedded frame', () => {
  const box = { id: 'box', querySelectorAll: () => [] };
  afterEach(() => {
    delete globalThis.document;
    delete globalThis.sessionStorage;
  });
  const setUp = () => {
    globalThis.document = { querySelector: () => box, getElementById: () => box };
    globalThis.sessionStorage = fakeSessionStorage();
  };
  // What the SDK's embedCheckout() rejects with when the frame posts FRAME_ERROR before loading (NotEmbeddableError).
  const refusedFrame = (message) => () => Promise.reject(Object.assign(new Error(message), { type: 'not_embeddable', subtype: 'missing_content' }));

  // BigCommerce's embedded checkout FAQ: with third-party cookies blocked the frame has no session and the store
  // answers "Cannot start checkout session with an empty cart".
  test('the store refuses the frame as an empty cart while the cart is still there: fallback third_party_cookies, remembered for the session', async () => {
    setUp();
    let embeds = 0;
    const sdk = async () => (...args) => { embeds += 1; return refusedFrame('Cannot start checkout session with an empty cart')(...args); };
    const h = harness([ok('embedded'), ok()], { loadSdk: sdk });
    const first = await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate });
    assert.equal(first.fallback, 'third_party_cookies');
    assert.deepEqual(h.events.filter(([e]) => e === 'fallback').map(([, p]) => p.reason), ['third_party_cookies']);
    assert.equal(embeds, 1);

    // The next embedded checkout in this browser session goes straight to the redirect: one request, no frame.
    const before = h.requests.length;
    const second = await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate });
    assert.equal(second.fallback, 'third_party_cookies');
    assert.equal(embeds, 1, 'no second frame');
    assert.deepEqual(h.requests.slice(before).map((r) => r.body.mode), ['redirect']);
    assert.equal(h.events.at(-1)[1].remembered, true);
    assert.deepEqual(h.navigations, [first.url, second.url]);
  });

  test('the same refusal when the re-sync had to make a new cart (the old one was gone): not_embeddable, nothing remembered', async () => {
    setUp();
    const other = '2d1e6f0a-8b5c-4d3f-ae40-9c7b6f5e4d3c';
    const h = harness([ok('embedded'), { status: 200, body: { ...ok().body, cartId: other, cart: { id: other, lines: [] } } }], {
      loadSdk: async () => refusedFrame('Cannot start checkout session with an empty cart'),
    });
    const result = await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate });
    assert.equal(result.fallback, 'not_embeddable');
    assert.equal(globalThis.sessionStorage.getItem('test-cart:third-party-cookies'), null);
  });

  test('a frame that posts CHECKOUT_COMPLETE twice: complete once, the cart cleared once, the frame kept for the confirmation', async () => {
    setUp();
    let options;
    let detached = 0;
    const sdk = async () => async (given) => {
      options = given;
      return { detach: () => { detached += 1; } };
    };
    const h = harness([ok('embedded')], { loadSdk: sdk });
    const result = await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate });
    assert.equal(result.mode, 'embedded');
    options.onComplete();
    options.onComplete();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(h.events.filter(([e]) => e === 'complete').map(([, p]) => p), [{ source: 'embedded' }]);
    assert.equal(h.state.cleared, true);
    assert.equal(detached, 0, 'the frame stays');
  });

  test('a step error inside the frame (a failed sign-in) reaches the page as checkout_error with its type', async () => {
    setUp();
    let options;
    const h = harness([ok('embedded')], { loadSdk: async () => async (given) => { options = given; return { detach() {} }; } });
    await h.flow.start({ mode: 'embedded', container: '#box', navigate: h.navigate });
    options.onError({ message: 'The email or password is not right.', type: 'sign_in_failed' });
    const [, error] = h.events.find(([e]) => e === 'error');
    assert.equal(error.code, 'checkout_error');
    assert.equal(error.details.type, 'sign_in_failed');
  });
});
