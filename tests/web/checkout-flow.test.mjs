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
function fakeSessionStorage(entries = []) {
  const map = new Map(entries);
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

/** localStorage as a browser gives it (the Checkout SDK keeps its allow-cookie flag there). */
function fakeLocalStorage(entries = {}) {
  return fakeSessionStorage(Object.entries(entries));
}

// The Checkout SDK's allow-cookie step (bigcommerce/checkout-sdk-js packages/core/src/embedded-checkout/
// embedded-checkout.ts `_allowCookie`) comes before its login step and replaces the page; a login URL made for that
// attempt would never be opened. The flow takes the step itself, before any login URL exists.
describe('checkout(): the allow-cookie round trip before the login URL', () => {
  const CHECKOUT_DOMAIN = 'https://checkout.shop.example.com';
  const FLAG = 'BigCommerce.EmbeddedCheckout.isCookieAllowed';
  const ATTEMPT = 'BigCommerce.EmbeddedCheckout.lastAllowCookieAttempt';
  const PAGE = 'https://shop.example.com/products/terrarium?colour=green';
  const box = { id: 'box', querySelectorAll: () => [] };
  let replaced;
  afterEach(() => {
    for (const name of ['document', 'sessionStorage', 'localStorage', 'location']) delete globalThis[name];
  });
  const setUp = (local = {}) => {
    replaced = [];
    globalThis.document = { querySelector: () => box, getElementById: (id) => (id === 'box' ? box : null), body: { style: {} } };
    globalThis.sessionStorage = fakeSessionStorage();
    globalThis.localStorage = fakeLocalStorage(local);
    globalThis.location = { href: PAGE, replace: (url) => replaced.push(url), assign: () => assert.fail('no redirect checkout') };
  };
  // The stub's answers: a plain embedded URL on the channel's checkout domain, or a login URL there for the
  // signed-in shopper (its JWT made for this answer).
  const onDomain = (login) => {
    const url = checkoutUrl(true).replace(STORE, CHECKOUT_DOMAIN);
    return { status: 200, body: { ...ok('embedded').body, url: login ? `${CHECKOUT_DOMAIN}/login/token/eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiIke01hdGgucmFuZG9tKCl9In0.${Math.random().toString(36).slice(2)}` : url, signedIn: login } };
  };
  const stubFor = (requests) => (answerSignedIn) => async (url, init) => {
    const body = JSON.parse(init.body);
    requests.push(body);
    const answer = onDomain(answerSignedIn && body.login !== false);
    return new Response(JSON.stringify(answer.body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const flowWith = (fetch, loadSdk, events = []) => new CheckoutFlow({
    core,
    options: { storeOrigins: [STORE, CHECKOUT_DOMAIN] },
    server: createServerClient('https://shop.example.com/api', fetch),
    storage: null,
    storageKey: 'test-cart',
    cartJson: () => ({ version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }] }),
    clearCart: async () => {},
    setCartId: () => {},
    cartId: () => null,
    cartToken: () => null,
    emit: (event, payload) => events.push([event, payload]),
    reportError: (error) => events.push(['error', error]),
    loadSdk,
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('a signed-in shopper\'s first visit: the round trip to the checkout domain first, then one login JWT, and checkout()\'s options kept', async () => {
    setUp();
    const requests = [];
    const stub = stubFor(requests)(true);
    let sdkLoads = 0;
    const firstPage = flowWith(stub, async () => { sdkLoads += 1; return () => assert.fail('no frame before the round trip'); });
    const styles = { body: { backgroundColor: '#fafafa' } };
    const navigate = () => {};
    let settled = false;
    firstPage.start({ mode: 'embedded', container: '#box', fallback: false, timeoutMs: 4321, styles, navigate }).finally(() => { settled = true; });
    while (replaced.length === 0) await settle();

    assert.deepEqual(requests.map((r) => [r.mode, r.login]), [['embedded', false]]);
    const leftFor = new URL(replaced[0]);
    assert.equal(leftFor.origin, CHECKOUT_DOMAIN, 'the origin of the embedded URL, not storeOrigins[0]');
    assert.equal(leftFor.pathname, '/embedded-checkout/allow-cookie');
    assert.equal(leftFor.searchParams.get('returnUrl'), PAGE);
    assert.equal(globalThis.localStorage.getItem(FLAG), 'true');
    assert.ok(Number.isInteger(JSON.parse(globalThis.localStorage.getItem(ATTEMPT))));
    assert.equal(globalThis.document.body.style.visibility, 'hidden');
    assert.equal(sdkLoads, 0, 'the SDK is not fetched for a page that leaves');
    await settle();
    assert.equal(settled, false, 'the promise never settles: the page is leaving');
    const record = JSON.parse(globalThis.sessionStorage.getItem('test-cart:resume'));
    assert.deepEqual(record.options, { mode: 'embedded', fallback: false, timeoutMs: 4321, styles }, 'navigate is a function and cannot be kept');

    // The page the store sent back to: the same sessionStorage and localStorage, a new flow.
    const events = [];
    let embedded = null;
    const secondPage = flowWith(stub, async () => async (given) => {
      embedded = given;
      throw Object.assign(new Error('not embeddable'), { type: 'not_embeddable' });
    }, events);
    await secondPage.resume();
    while (!events.some(([e]) => e === 'error')) await settle();
    assert.equal(replaced.length, 1, 'no second round trip');
    // The failed frame's cart is synced again to tell why it failed; that URL is not opened, so it has no login.
    assert.deepEqual(requests.map((r) => [r.mode, r.login]), [['embedded', false], ['embedded', undefined], ['redirect', false]]);
    assert.equal(requests.filter((r) => r.login !== false).length, 1, 'one login URL (one Customer Login JWT) for the whole checkout');
    assert.match(embedded.url, /\/login\/token\//);
    assert.deepEqual(embedded.styles, styles);
    // fallback: false survived the round trip: no redirect, the failure reported.
    const [, error] = events.find(([e]) => e === 'error');
    assert.equal(error.code, 'embed_failed');
    assert.equal(events.filter(([e]) => e === 'fallback').length, 0);
  });

  test('the SDK\'s flag already set: no round trip and no extra request', async () => {
    setUp({ [FLAG]: 'true' });
    const requests = [];
    const flow = flowWith(stubFor(requests)(true), async () => async () => ({ detach() {} }));
    const result = await flow.start({ mode: 'embedded', container: '#box' });
    assert.equal(result.mode, 'embedded');
    assert.deepEqual(requests.map((r) => r.login), [undefined]);
    assert.deepEqual(replaced, []);
  });

  test('a flag the SDK reads as unset ("false", or not JSON) means the round trip, as in the SDK', async () => {
    for (const value of ['false', 'yes?']) {
      setUp({ [FLAG]: value });
      const flow = flowWith(stubFor([])(false), async () => assert.fail('no SDK'));
      flow.start({ mode: 'embedded', container: '#box' });
      while (replaced.length === 0) await settle();
      assert.equal(globalThis.localStorage.getItem(FLAG), 'true', value);
      flow.detach();
    }
  });

  test('back from the round trip with the flag gone (storage cleared): the checkout goes on, no second round trip', async () => {
    setUp();
    globalThis.sessionStorage.setItem('test-cart:resume', JSON.stringify({ containerId: 'box', options: { mode: 'embedded' }, at: Date.now(), allowCookie: true }));
    const requests = [];
    const events = [];
    const flow = flowWith(stubFor(requests)(false), async () => async () => ({ detach() {} }), events);
    await flow.resume();
    while (requests.length === 0) await settle();
    await settle();
    assert.deepEqual(replaced, []);
    assert.deepEqual(requests.map((r) => r.login), [undefined]);
  });

  test('localStorage refusing writes: no round trip from the flow (the SDK takes its own step)', async () => {
    setUp();
    globalThis.localStorage.setItem = () => { throw new Error('QuotaExceededError'); };
    const requests = [];
    let embeds = 0;
    const flow = flowWith(stubFor(requests)(false), async () => async () => { embeds += 1; return { detach() {} }; });
    const result = await flow.start({ mode: 'embedded', container: '#box' });
    assert.equal(result.mode, 'embedded');
    assert.deepEqual(replaced, []);
    assert.equal(embeds, 1);
    assert.equal(globalThis.sessionStorage.getItem('test-cart:resume'), null);
  });
});
