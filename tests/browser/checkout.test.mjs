// End-to-end checkout: the real demo page, the real helper (dist/), the real Checkout SDK chunk and the sandbox
// store's hosted and embedded checkout pages (over https, its session in its own cookie, as a real store), all
// started by scripts/stack.mjs on loopback ports, driven in headless Chromium twice: with third-party cookies
// allowed and blocked (browser-harness.mjs PROFILES; the test names say which). A fresh browser context per
// test; on failure a test leaves a screenshot of every page, the console, navigations and checkout events in
// test-results/<test-name>/ and prints that folder.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request as httpsRequest } from 'node:https';
import { launchBrowser, PROFILES, profilesToRun, runCertificate, startSite } from './browser-harness.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, addProducts, fillAndPlaceOrder, inFreshContext, savedCart } from './e2e-helpers.mjs';

const TEST_TIMEOUT_MS = 90_000;
const WAIT_MS = 15_000;

const PROFILES_RUN = profilesToRun();
let site;
const browsers = {};
before(async () => {
  site = await startSite();
  for (const profile of PROFILES_RUN) browsers[profile] = await launchBrowser({ profile });
});
after(async () => {
  for (const browser of Object.values(browsers)) await browser.close();
  await site?.close();
});

// The channel's checkout on a domain of the storefront's own site.
let withCheckoutDomain = null;
before(async () => {
  withCheckoutDomain = await startSite({ checkoutDomain: true });
});
after(async () => {
  await withCheckoutDomain?.close();
});

// Two stacks with a low limit (one per rate-limiting test, so neither starts already limited).
let limited = null;
let limitedForReload = null;
before(async () => {
  const start = () => startSite({ env: { RATE_LIMIT_PER_MINUTE: '12' } });
  [limited, limitedForReload] = await Promise.all([start(), start()]);
});
after(async () => {
  await limited?.stack.close();
  await limitedForReload?.stack.close();
});

/**
 * A test with its own browser context, once per browser profile in `profiles` (both unless the test is about
 * something cookies cannot change); `fn` gets the profile. `seed` puts the SDK's cookie flag in the storefront's
 * localStorage (a shopper who has been through the allow-cookie round trip); scenario 4 starts without it.
 */
function e2e(name, fn, { seed = true, siteOf = () => site, profiles = Object.keys(PROFILES) } = {}) {
  for (const profile of profiles.filter((p) => PROFILES_RUN.includes(p))) e2eIn(profile, `${name} [${PROFILES[profile].name}]`, fn, { seed, siteOf });
}

function e2eIn(profile, name, fn, { seed, siteOf }) {
  test(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const current = siteOf();
    await inFreshContext(browsers[profile], t, name, { origin: current.origin, seed, waitMs: WAIT_MS },
      ({ context, page, events }) => fn({ context, page, events, site: current, t, profile }));
  });
}

// ---- small helpers ---------------------------------------------------------------------------------------

const onStore = (current, path) => (url) => url.origin === current.storeOrigin && (!path || url.pathname === path);

function waitForLog(page, pattern, timeout = WAIT_MS) {
  return page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test(document.getElementById('log')?.textContent ?? ''),
    { source: pattern.source, flags: pattern.flags },
    { timeout },
  );
}

/** The first checkout event named `name` (or one of several names) the page reported. */
async function waitForEvent(events, name, { timeout = WAIT_MS, since = 0 } = {}) {
  const names = [name].flat();
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = events.find((e) => names.includes(e.name) && e.at >= since);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no "${names.join('" or "')}" event within ${timeout} ms (seen: ${events.map((e) => e.name).join(', ') || 'none'})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function openDemo(page, current) {
  await page.goto(`${current.origin}/`);
  // The demo writes its first log line once createCheckout has resolved.
  await waitForLog(page, /loaded bc-checkout-helper/);
}

/** GET a page of the sandbox store over https (trusting the run's certificate), without following redirects. */
function storePage(url) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: runCertificate().caCert }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Signs the sandbox shopper in through the demo's sign-in form, and waits until the page says so. */
async function signInOnDemo(page) {
  await page.fill('#signin input[name="email"]', 'shopper@example.com');
  await page.fill('#signin input[name="password"]', 'Sandbox-Passw0rd!');
  await page.click('#signin button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('session-status').textContent === 'Signed in as shopper@example.com.');
}

/** The sandbox store's REST API (on its own plain-http port), with the token the stub uses. */
async function storeApi(current, method, path) {
  const { env } = current.stack;
  const response = await fetch(`${current.apiUrl}/stores/${env.BC_STORE_HASH}${path}`, {
    method,
    headers: { 'X-Auth-Token': env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** What a shopper sees of the cart: the badge, and each line's text. */
async function visibleCart(page) {
  return page.evaluate(() => ({
    count: document.getElementById('cart-count').textContent,
    lines: [...document.querySelectorAll('#cart-items li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
    subtotal: document.getElementById('cart-subtotal').textContent,
  }));
}

const frameOf = (page) => page.frameLocator('#checkout-frame iframe');

/** Resolves to 'redirect' once the page is on the sandbox's hosted checkout, or to the demo's failure line. */
function redirectOrFailure(page, s) {
  return Promise.race([
    page.waitForURL(onStore(s, '/checkout')).then(() => 'redirect'),
    waitForLog(page, /checkout failed: /).then(() => page.evaluate(() => document.getElementById('log').textContent.match(/checkout failed: [^\n]*?(?=\d+:\d+:\d+|$)/)?.[0])),
  ]);
}

// ---- 1 ---------------------------------------------------------------------------------------------------

e2e('guest redirect checkout: order placed on the sandbox, cart empty on return', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await addProducts(page, [1, 3]); // Orbit Terrarium (large) $109, Oak Serving Board $29.99
  await page.check('input[name="mode"][value="redirect"]');
  await page.click('#checkout');

  await page.waitForURL(onStore(s, '/checkout'));
  const summary = await page.textContent('.summary');
  assert.match(summary, /Orbit Terrarium/);
  assert.match(summary, /Oak Serving Board/);
  await fillAndPlaceOrder(page, { email: 'redirect.guest@example.com' });
  await page.waitForURL((url) => onStore(s)(url) && /^\/checkout\/order-confirmation\/\d+$/.test(url.pathname));
  const orderId = Number((await page.textContent('.order-id')).trim());
  assert.ok(orderId > 0);

  // The order exists in the store, with what was in the cart; its cart is gone.
  const order = await storeApi(s, 'GET', `/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.status, 'Awaiting Fulfillment');
  assert.equal(order.body.billing_address.email, 'redirect.guest@example.com');
  const products = await storeApi(s, 'GET', `/v2/orders/${orderId}/products`);
  assert.deepEqual(products.body.map((p) => [p.product_id, p.quantity]).sort((a, b) => a[0] - b[0]), [[80, 1], [81, 1]]);
  assert.equal((await storeApi(s, 'GET', `/v3/carts/${order.body.cart_id}`)).status, 404);

  // Back on the storefront, the helper sees the cart became an order and empties it.
  await page.goto(`${s.origin}/`);
  const outcome = await waitForEvent(events, ['complete', 'error']);
  assert.equal(outcome.name, 'complete', `back on the storefront the helper reported ${JSON.stringify(outcome.payload)}`);
  assert.equal(outcome.payload.source, 'hosted');
  await waitForLog(page, /checkout complete/);
  assert.equal((await visibleCart(page)).count, '0');
  const saved = await savedCart(page, s.storeOrigin);
  assert.deepEqual(saved.lines, []);
  assert.ok(!saved.cartId, 'the BigCommerce cart id is forgotten');
});

// ---- 2 ---------------------------------------------------------------------------------------------------

e2e('guest embedded checkout: frame in #checkout-frame, load, order placed in the frame, complete, cart cleared', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await addProducts(page, [2, 4]); // Orbit Terrarium (small) $89, Ceramic Pour-Over $24.50
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');

  const iframe = page.locator('#checkout-frame iframe');
  await iframe.waitFor({ state: 'attached' });
  await waitForLog(page, /checkout load/);
  await iframe.waitFor({ state: 'visible' });
  assert.equal(new URL(await iframe.getAttribute('src')).origin, s.storeOrigin);
  assert.equal(await iframe.count(), 1);
  const frame = frameOf(page);
  await frame.locator('#checkout-app[data-state="checkout"]').waitFor();
  assert.match(await frame.locator('#customer-heading + p').textContent(), /guest/);
  assert.match(await frame.locator('.summary').textContent(), /Orbit Terrarium[\s\S]*Ceramic Pour-Over|Ceramic Pour-Over[\s\S]*Orbit Terrarium/);
  assert.equal(new URL(page.url()).origin, s.origin, 'the shopper stays on the storefront');

  await fillAndPlaceOrder(frame, { email: 'embedded.guest@example.com' });
  await waitForLog(page, /checkout complete/);
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '0');
  assert.equal((await waitForEvent(events, 'complete')).payload.source, 'embedded');
  assert.deepEqual((await savedCart(page, s.storeOrigin)).lines, []);

  const orderId = Number((await frame.locator('.order-id').textContent()).trim());
  const order = await storeApi(s, 'GET', `/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.billing_address.email, 'embedded.guest@example.com');
  assert.equal(new URL(page.url()).origin, s.origin);
  // The frame stays on the confirmation; complete came once, for the one order.
  assert.equal(await frame.locator('#checkout-app[data-state="complete"]').count(), 1);
  assert.equal(events.filter((e) => e.name === 'complete').length, 1);
}, { profiles: ['allowed'] });

// The store keeps the checkout session in its cookie, which a browser that blocks third-party cookies withholds
// from the frame: BigCommerce answers "Cannot start checkout session with an empty cart" (embedded checkout FAQ).
e2e('guest embedded checkout, cookies withheld from the frame: fallback "third_party_cookies", the redirect checkout places the order; the next embedded checkout goes straight to the redirect', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await addProducts(page, [2, 4]);
  await page.check('input[name="mode"][value="embedded"]');
  const clicked = Date.now();
  await page.click('#checkout');
  const fallback = await waitForEvent(events, 'fallback');
  assert.equal(fallback.payload.reason, 'third_party_cookies');
  assert.match(fallback.payload.message, /Cannot start checkout session with an empty cart/);
  await page.waitForURL(onStore(s, '/checkout'));
  assert.ok(Date.now() - clicked < 10_000, `the shopper reached a checkout ${Date.now() - clicked} ms after the click`);
  assert.match(await page.textContent('.summary'), /Orbit Terrarium[\s\S]*Ceramic Pour-Over|Ceramic Pour-Over[\s\S]*Orbit Terrarium/);
  await fillAndPlaceOrder(page, { email: 'blocked.guest@example.com' });
  await page.waitForURL((url) => onStore(s)(url) && /^\/checkout\/order-confirmation\/\d+$/.test(url.pathname));

  await page.goto(`${s.origin}/`);
  assert.equal((await waitForEvent(events, 'complete')).payload.source, 'hosted');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '0');
  await addProducts(page, [3]);
  const since = Date.now();
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');
  const again = await waitForEvent(events, 'fallback', { since });
  assert.deepEqual([again.payload.reason, again.payload.remembered], ['third_party_cookies', true]);
  await page.waitForURL(onStore(s, '/checkout'));
  assert.match(await page.textContent('.summary'), /Oak Serving Board/);
}, { profiles: ['blocked'] });

// ---- 3 ---------------------------------------------------------------------------------------------------

e2e('signed-in embedded checkout: the frame shows the customer; signing out in it fires signout and ends the session', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await signInOnDemo(page);
  assert.equal((await page.evaluate(() => fetch('/api/session').then((r) => r.json()))).signedIn, true);

  await addProducts(page, [3]);
  await page.check('input[name="mode"][value="embedded"]');
  const checkoutCall = page.waitForResponse((r) => r.url() === `${s.origin}/api/checkout`);
  await page.click('#checkout');
  const answer = await (await checkoutCall).json();
  assert.equal(answer.signedIn, true);
  assert.match(new URL(answer.url).pathname, /^\/login\/token\//, 'a signed-in checkout goes through the Customer Login JWT');

  await waitForLog(page, /checkout load/);
  const frame = frameOf(page);
  assert.equal((await frame.locator('.signed-in-email').textContent()).trim(), 'shopper@example.com');

  await frame.locator('form[action*="/sign-out"] button[type="submit"]').click();
  await frame.locator('#checkout-app[data-state="signed-out"]').waitFor();
  await waitForLog(page, /checkout signout/);
  await waitForEvent(events, 'signout');
  // The stub's session ends (the helper calls DELETE /api/session) ...
  let session;
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await page.waitForTimeout(200)) {
    session = await page.evaluate(() => fetch('/api/session').then((r) => r.json()));
    if (!session.signedIn) break;
  }
  assert.deepEqual(session, { signedIn: false });
}, { profiles: ['allowed'] });

e2e('signed-in embedded checkout, cookies withheld from the frame: fallback "third_party_cookies"; the hosted checkout, reached through the login token, shows the customer', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await signInOnDemo(page);
  await addProducts(page, [3]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');
  const fallback = await waitForEvent(events, 'fallback');
  assert.equal(fallback.payload.reason, 'third_party_cookies');
  await page.waitForURL(onStore(s, '/checkout'));
  assert.equal((await page.textContent('.signed-in-email')).trim(), 'shopper@example.com');
  assert.match(await page.textContent('.summary'), /Oak Serving Board/);
}, { profiles: ['blocked'] });

e2e('signed-in embedded checkout: after signing out in the frame the page shows a guest (stub 200 ms away)', async ({ page, site: s }) => {
  // On loopback the stub answers in a few ms; give DELETE /api/session the latency of a real network, so
  // whatever the page does on `signout` runs while the sign-out is still on its way.
  await page.route(`${s.origin}/api/session`, async (route) => {
    if (route.request().method() === 'DELETE') await new Promise((resolve) => setTimeout(resolve, 200));
    return route.continue();
  });
  await openDemo(page, s);
  await signInOnDemo(page);
  await addProducts(page, [3]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');
  await waitForLog(page, /checkout load/);
  await frameOf(page).locator('form[action*="/sign-out"] button[type="submit"]').click();
  await waitForLog(page, /checkout signout/);
  // The demo re-reads the session on `signout`: it must find the shopper signed out.
  await page.waitForFunction(() => document.getElementById('session-status').textContent === 'Checking out as a guest.', null, { timeout: 3000 })
    .catch(async () => assert.fail(`the page still says "${await page.textContent('#session-status')}" although GET /api/session now says ${
      JSON.stringify(await page.evaluate(() => fetch('/api/session').then((r) => r.json())))}`));
}, { profiles: ['allowed'] });

// ---- 4 ---------------------------------------------------------------------------------------------------

// The Checkout SDK's allow-cookie step comes before its login step (checkout-sdk-js embedded-checkout.ts), and a
// Customer Login JWT is single use: the helper takes the round trip first, so a signed-in shopper's checkout makes
// one JWT. (That the options given to checkout(), fallback: false here, hold on the page that comes back is pinned
// in tests/web/checkout-flow.test.mjs, where a refused frame can be staged.)
e2e('first visit without the SDK cookie flag: allow-cookie round trip, then the checkout resumes embedded by itself, signed in with one login JWT', async ({ page, events, site: s }) => {
  const mainNavigations = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) mainNavigations.push(request.url());
  });
  const checkoutAnswers = [];
  page.on('response', (response) => {
    if (response.url() === `${s.origin}/api/checkout`) checkoutAnswers.push(response.json().catch(() => ({})));
  });
  await openDemo(page, s);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), COOKIE_FLAG), null);
  await signInOnDemo(page);
  await addProducts(page, [1]);
  const started = mainNavigations.length;
  // The page goes to the store's allow-cookie page and is sent back to the storefront (listened for before
  // the click: the round trip can be over before click() returns) ...
  const roundTripSeen = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame()
    && r.url().startsWith(`${s.storeOrigin}/embedded-checkout/allow-cookie?`));
  // Called as a page would, with fallback: false (the demo's button does not pass it).
  await page.evaluate(() => { window.shop.checkout({ mode: 'embedded', container: '#checkout-frame', fallback: false }).catch(() => {}); });
  const roundTrip = await roundTripSeen;
  assert.equal(new URL(roundTrip.url()).searchParams.get('returnUrl'), `${s.origin}/`);
  // ... where the helper starts the embedded checkout again without a click.
  await waitForLog(page, /checkout load/);
  assert.equal(new URL(page.url()).origin, s.origin);
  const since = mainNavigations.slice(started);
  assert.ok(since.some((u) => u.startsWith(`${s.storeOrigin}/embedded-checkout/allow-cookie`)), `navigations: ${since.join(' ')}`);
  assert.equal(since.at(-1), `${s.origin}/`);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), COOKIE_FLAG), 'true');

  const frame = frameOf(page);
  await frame.locator('#checkout-app[data-state="checkout"]').waitFor();
  assert.match(await frame.locator('.summary').textContent(), /Orbit Terrarium/);
  assert.equal((await frame.locator('.signed-in-email').textContent()).trim(), 'shopper@example.com');
  assert.equal(await page.isVisible('#checkout-section'), true);
  await waitForEvent(events, 'load');
  assert.equal(events.filter((e) => e.name === 'fallback').length, 0, 'no fallback to the redirect checkout');
  const answers = await Promise.all(checkoutAnswers);
  assert.equal(answers.filter((a) => a.signedIn === true).length, 1, `one login JWT for the checkout; answers: ${JSON.stringify(answers.map((a) => a.signedIn))}`);
}, { seed: false, profiles: ['allowed'] });

e2e('first visit without the SDK cookie flag, cookies withheld from the frame: allow-cookie round trip, the checkout resumes, the store refuses the frame, and the redirect checkout follows', async ({ page, events, site: s }) => {
  await openDemo(page, s);
  await addProducts(page, [1]);
  await page.check('input[name="mode"][value="embedded"]');
  const roundTripSeen = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame()
    && r.url().startsWith(`${s.storeOrigin}/embedded-checkout/allow-cookie?`));
  const clicked = Date.now();
  await page.click('#checkout');
  await roundTripSeen;
  await page.waitForURL(onStore(s, '/checkout'), { timeout: 20_000 });
  const fallback = events.find((e) => e.name === 'fallback');
  assert.ok(fallback, `fallback before the redirect; events: ${events.map((e) => e.name).join(', ')}`);
  assert.equal(fallback.payload.reason, 'third_party_cookies');
  assert.ok(Date.now() - clicked < 15_000, `in checkout ${Date.now() - clicked} ms after the click, within the 15 s time-out`);
  assert.match(await page.textContent('.summary'), /Orbit Terrarium/);
}, { seed: false, profiles: ['blocked'] });

// A merchant who moves the channel's checkout to a domain of the storefront's own site (checkout.example.com for
// www.example.com; channels.v3.yml updateCheckoutUrl) makes the store's cookies first-party in the frame, so the
// embedded checkout works where third-party cookies are blocked too.
e2e('a checkout domain on the storefront\'s own site: redirect URLs point there, the stub allows it, and the embedded checkout completes in the frame', async ({ page, events, site: s }) => {
  assert.ok(s.checkoutOrigin, 'the stack has a checkout domain');
  await openDemo(page, s);
  await addProducts(page, [2]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');
  await waitForLog(page, /checkout load/);
  const iframe = page.locator('#checkout-frame iframe');
  assert.equal(new URL(await iframe.getAttribute('src')).origin, s.checkoutOrigin);
  const frame = frameOf(page);
  await frame.locator('#checkout-app[data-state="checkout"]').waitFor();
  await fillAndPlaceOrder(frame, { email: 'checkout.domain@example.com' });
  await waitForLog(page, /checkout complete/);
  assert.equal((await waitForEvent(events, 'complete')).payload.source, 'embedded');
  assert.equal(events.filter((e) => e.name === 'fallback').length, 0, 'no fallback: the cookies are first-party');
  const orderId = Number((await frame.locator('.order-id').textContent()).trim());
  assert.equal((await storeApi(s, 'GET', `/v2/orders/${orderId}`)).body.billing_address.email, 'checkout.domain@example.com');
}, { siteOf: () => withCheckoutDomain });

// ---- 5 ---------------------------------------------------------------------------------------------------

/** Lets the first embedded POST /api/checkout through, then hands its URL to `spoil` before the page gets it. */
async function spoilFirstEmbeddedUrl(page, s, spoil) {
  const state = { spoiled: null };
  await page.route(`${s.origin}/api/checkout`, async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (state.spoiled || body.mode !== 'embedded') return route.continue();
    const response = await route.fetch();
    const data = await response.json();
    state.spoiled = data.url;
    await spoil(data, body);
    return route.fulfill({ response, json: data });
  });
  return state;
}

e2e('embed failure (a) — a used cart link makes the frame post FRAME_ERROR: fallback with the reason, then the redirect checkout', async ({ page, events, site: s }) => {
  const state = await spoilFirstEmbeddedUrl(page, s, async (data) => {
    // Someone opened this single-use link first.
    const used = await storePage(data.url);
    assert.equal(used.status, 302);
  });
  await openDemo(page, s);
  await addProducts(page, [1, 3]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');

  const fallback = await waitForEvent(events, 'fallback');
  assert.ok(state.spoiled);
  assert.equal(fallback.payload.reason, 'not_embeddable');
  assert.match(fallback.payload.message, /already been used/);
  await page.waitForURL(onStore(s, '/checkout'));
  const summary = await page.textContent('.summary');
  assert.match(summary, /Orbit Terrarium/);
  assert.match(summary, /Oak Serving Board/);
});

e2e('embed failure (a) — the cart is deleted between sync and embed: fallback with the reason, then the redirect checkout', async ({ page, events, site: s }) => {
  await spoilFirstEmbeddedUrl(page, s, async (data) => {
    const deleted = await storeApi(s, 'DELETE', `/v3/carts/${data.cartId}`);
    assert.equal(deleted.status, 204);
  });
  await openDemo(page, s);
  await addProducts(page, [1, 3]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');

  const fallback = await waitForEvent(events, 'fallback');
  assert.equal(fallback.payload.reason, 'not_embeddable');
  assert.ok(fallback.payload.message, 'the frame says why');
  // The shopper still reaches a checkout with what is in their cart.
  assert.equal(await redirectOrFailure(page, s), 'redirect');
  const summary = await page.textContent('.summary');
  assert.match(summary, /Orbit Terrarium/);
  assert.match(summary, /Oak Serving Board/);
});

e2e('embed failure (a) — a returning shopper (SDK allow-cookie attempt over 10 minutes old) is not stranded by a FRAME_ERROR', async ({ page, events, site: s }) => {
  await page.addInitScript(({ origin, flag, attempt }) => {
    if (location.origin === origin && !sessionStorage.getItem('e2e-seeded')) {
      sessionStorage.setItem('e2e-seeded', '1');
      localStorage.setItem(flag, 'true');
      localStorage.setItem(attempt, String(Date.now() - 11 * 60_000));
    }
  }, { origin: s.origin, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
  await spoilFirstEmbeddedUrl(page, s, async (data) => {
    await storePage(data.url);
  });
  await openDemo(page, s);
  await addProducts(page, [1]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');

  // On missing_content the SDK itself leaves for allow-cookie when its last attempt is old. Either way the
  // shopper must end in a checkout: embedded again after the round trip, or the redirect fallback.
  const ended = await page.waitForFunction(
    ({ store }) => location.origin === store || /checkout load/.test(document.getElementById('log')?.textContent ?? ''),
    { store: s.storeOrigin },
    { timeout: 12_000, polling: 200 },
  ).then(() => true, () => false);
  assert.ok(ended, `no checkout 12 s after the click: the page is at ${page.url()}, events: ${JSON.stringify(events.map((e) => e.name))}, log: ${
    (await page.textContent('#log').catch(() => '')).replace(/\s+/g, ' ').slice(0, 300)}`);
  if (new URL(page.url()).origin === s.storeOrigin) {
    await page.waitForURL(onStore(s, '/checkout'));
    assert.ok(events.some((e) => e.name === 'fallback'));
  } else {
    await frameOf(page).locator('#checkout-app[data-state="checkout"]').waitFor();
  }
}, { seed: false });

e2e('embed failure (b) — a frame that never answers: fallback "timeout" after timeoutMs, then the redirect checkout', async ({ context, page, events, site: s }) => {
  const held = [];
  // The frame's first request (the embedded cart link; Playwright routes see the first URL of a redirect
  // chain only) is held and never answered.
  await context.route((url) => url.origin === s.storeOrigin && url.pathname === '/cart.php' && url.searchParams.get('embedded') === '1', (route) => {
    held.push(route);
  });
  await openDemo(page, s);
  await addProducts(page, [3]);
  assert.equal(await page.evaluate(() => typeof window.shop?.checkout), 'function');

  const called = Date.now();
  await page.evaluate(() => {
    window.shop.checkout({ mode: 'embedded', container: '#checkout-frame', timeoutMs: 2000 })
      .catch((error) => window.__e2eEvent?.('checkout-rejected', { code: error.code, message: error.message }));
  });
  const fallback = await waitForEvent(events, 'fallback', { timeout: 10_000 });
  const elapsed = fallback.at - called;
  assert.equal(fallback.payload.reason, 'timeout');
  assert.match(fallback.payload.message, /did not load within 2 s/);
  assert.ok(held.length >= 1, 'the frame asked for its embedded cart link');
  assert.ok(elapsed >= 1900 && elapsed < 6000, `fallback after ${elapsed} ms`);
  await page.waitForURL(onStore(s, '/checkout'));
  assert.match(await page.textContent('.summary'), /Oak Serving Board/);
  assert.equal(events.filter((e) => e.name === 'checkout-rejected').length, 0);
  for (const route of held) await route.abort().catch(() => {});
});

// ---- 6 ---------------------------------------------------------------------------------------------------

for (const mode of ['redirect', 'embedded']) {
  e2e(`a tampered /api/checkout answer pointing at another host is refused with a visible error (${mode})`, async ({ context, page, site: s }) => {
    const evil = [];
    await context.route((url) => url.hostname === 'evil.example', (route) => {
      evil.push(route.request().url());
      return route.abort();
    });
    await page.route(`${s.origin}/api/checkout`, (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      json: { url: 'https://evil.example/cart.php?action=loadInCheckout&id=3f8e2a4c-0000-4000-8000-000000000000&token=abc', mode, signedIn: false },
    }));
    await openDemo(page, s);
    await addProducts(page, [1]);
    await page.check(`input[name="mode"][value="${mode}"]`);
    const before = page.url();
    await page.click('#checkout');

    await page.waitForFunction(() => /not allowed/.test(document.getElementById('status').textContent));
    const status = await page.textContent('#status');
    assert.match(status, /checkout URL that is not allowed/);
    assert.equal(await page.isVisible('#status'), true);
    await waitForLog(page, /checkout failed: origin_not_allowed/);
    await page.waitForTimeout(500);
    assert.equal(page.url(), before, 'the page did not navigate');
    assert.deepEqual(evil, [], 'nothing was fetched from the other host');
    assert.equal(await page.locator('#checkout-frame iframe').count(), 0);
    // The SDK chunk may have been fetched (it downloads while the cart syncs), but no frame was made.
    assert.equal(await page.locator('#checkout-frame iframe').count(), 0, 'no checkout frame for a refused URL');
    assert.equal((await visibleCart(page)).count, '1');
  });
}

// ---- 7 ---------------------------------------------------------------------------------------------------

e2e('two tabs: a change in one shows in the other within a second; completing checkout in one empties both', async ({ context, page: first, events, site: s }) => {
  const second = await context.newPage();
  await openDemo(first, s);
  await openDemo(second, s);

  // Tabs of one window: the one the shopper acts in is in front, the other in the background.
  await first.bringToFront();
  await first.click('.product:nth-child(1) button');
  let started = Date.now();
  await second.waitForFunction(() => document.getElementById('cart-count').textContent === '1', null, { timeout: 1000 });
  assert.ok(Date.now() - started < 1000);
  await second.bringToFront();
  await second.click('.product:nth-child(4) button');
  started = Date.now();
  await first.waitForFunction(() => document.getElementById('cart-count').textContent === '2', null, { timeout: 1000 });
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual((await visibleCart(first)).lines, (await visibleCart(second)).lines);

  await first.bringToFront();
  await first.check('input[name="mode"][value="embedded"]');
  await first.click('#checkout');
  await waitForLog(first, /checkout load/);
  await fillAndPlaceOrder(frameOf(first), { email: 'two.tabs@example.com' });
  await waitForLog(first, /checkout complete/);
  const completedAt = (await waitForEvent(events, 'complete')).at;
  await first.waitForFunction(() => document.getElementById('cart-count').textContent === '0');
  await second.waitForFunction(() => document.getElementById('cart-count').textContent === '0', null, { timeout: 1000 });
  assert.ok(Date.now() - completedAt < 1500);
  assert.deepEqual((await visibleCart(second)).lines, []);
  assert.deepEqual((await savedCart(second, s.storeOrigin)).lines, []);
}, { profiles: ['allowed'] });

// ---- 8 ---------------------------------------------------------------------------------------------------

e2e('rate limiting (RATE_LIMIT_PER_MINUTE=12): a visible, understandable error, and the cart intact', async ({ page, site: s }) => {
  const health = page.waitForResponse((r) => r.url() === `${s.origin}/api/health`);
  await openDemo(page, s);
  assert.equal((await health).status(), 200, 'the first visit is not limited yet');
  await addProducts(page, [1, 3, 3]);
  const before = await visibleCart(page);
  const savedBefore = await savedCart(page, s.storeOrigin);

  // The limiter counts in fixed minute windows: do not start right before one ends.
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 200));
  // Use up this client's allowance (the browser and this process are both 127.0.0.1).
  let spent = 0;
  for (; spent < 40; spent++) {
    // A route that reaches BigCommerce (health and session reads are not limited).
    const response = await fetch(`${s.origin}/api/catalog/products/81`);
    if (response.status === 429) break;
  }
  assert.ok(spent < 40, 'the limiter answered 429');

  // checkout() syncs and asks for its URL in one request.
  const cartCall = page.waitForResponse((r) => r.url() === `${s.origin}/api/checkout`);
  await page.click('#checkout');
  const response = await cartCall;
  assert.equal(response.status(), 429);
  assert.ok(Number(response.headers()['retry-after']) >= 1);
  await page.waitForFunction(() => document.getElementById('status').textContent.trim() !== '');
  const status = await page.textContent('#status');
  assert.equal(await page.isVisible('#status'), true);
  assert.match(status, /too many requests|try again/i);
  assert.doesNotMatch(status, /http_\d+|undefined|\[object|rate_limited/);
  await waitForLog(page, /checkout failed: rate_limited/);

  assert.equal(new URL(page.url()).origin, s.origin);
  assert.deepEqual(await visibleCart(page), before);
  assert.deepEqual((await savedCart(page, s.storeOrigin)).lines, savedBefore.lines);
}, { siteOf: () => limited, profiles: ['allowed'] });

e2e('rate limiting: a shopper who reloads while still limited sees the same cart', async ({ page, site: s }) => {
  const health = page.waitForResponse((r) => r.url() === `${s.origin}/api/health`);
  await openDemo(page, s);
  assert.equal((await health).status(), 200, 'the first visit is not limited yet');
  await addProducts(page, [2, 4]);
  const before = await visibleCart(page);
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 200));
  let spent = 0;
  for (; spent < 40; spent++) if ((await fetch(`${s.origin}/api/catalog/products/81`)).status === 429) break;
  assert.ok(spent < 40, 'the limiter answered 429');
  await page.reload();
  await waitForLog(page, /loaded bc-checkout-helper/);
  assert.deepEqual(await visibleCart(page), before);
}, { siteOf: () => limitedForReload, profiles: ['allowed'] });

// The checkout flow and the stub's client are a chunk of their own (dist/bc-checkout-flow.js), fetched by the
// first checkout: a page where the shopper only fills the cart never downloads them.
e2e('the checkout flow is its own chunk: filling the cart never fetches it; when it cannot be fetched, checkout_load_failed with the cart intact, and the next click checks out', async ({ page, site: s }) => {
  const flowChunk = (url) => new URL(url).pathname.endsWith('/bc-checkout-flow.js');
  const fetched = [];
  page.on('request', (request) => { if (flowChunk(request.url())) fetched.push(request.url()); });
  let refuse = true;
  await page.route(flowChunk, (route) => (refuse ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()));
  await openDemo(page, s);
  await addProducts(page, [1, 3]);
  assert.deepEqual(fetched, [], 'the flow chunk was fetched before checkout');
  const before = await visibleCart(page);

  await page.check('input[name="mode"][value="redirect"]');
  await page.click('#checkout');
  await waitForLog(page, /checkout failed: checkout_load_failed Could not load the checkout/);
  assert.equal(fetched.length, 1);
  assert.equal(new URL(page.url()).origin, s.origin);
  assert.deepEqual(await visibleCart(page), before);

  refuse = false;
  await page.click('#checkout');
  await page.waitForURL(onStore(s, '/checkout'));
  assert.match(await page.textContent('.summary'), /Orbit Terrarium/);
}, { profiles: ['allowed'] });

e2e('an upstream 500 during checkout: a visible, understandable error, the cart intact, and a retry works', async ({ page, site: s }) => {
  const app = s.stack.sandbox.app;
  const original = app.fetch;
  let failed = 0;
  // The sandbox store fails the one call a first checkout makes to it: POST /v3/carts (whose answer carries the
  // redirect URLs), and the call a later one makes, POST /v3/carts/{id}/redirect_urls.
  app.fetch = async (request, info) => {
    if (request.method === 'POST' && /\/v3\/carts(\/[^/]+\/redirect_urls)?$/.test(new URL(request.url).pathname)) {
      failed += 1;
      return new Response(JSON.stringify({ status: 500, title: 'Internal Server Error', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' }), {
        status: 500, headers: { 'Content-Type': 'application/json' },
      });
    }
    return original.call(app, request, info);
  };
  try {
    await openDemo(page, s);
    await addProducts(page, [2, 5, 5]);
    const before = await visibleCart(page);
    const savedBefore = await savedCart(page, s.storeOrigin);

    await page.check('input[name="mode"][value="redirect"]');
    const checkoutCall = page.waitForResponse((r) => r.url() === `${s.origin}/api/checkout`);
    await page.click('#checkout');
    const response = await checkoutCall;
    assert.equal(response.status(), 502);
    assert.equal((await response.json()).error.code, 'upstream_unavailable');
    assert.ok(failed >= 1);
    await page.waitForFunction(() => document.getElementById('status').textContent.trim() !== '');
    const status = await page.textContent('#status');
    assert.equal(await page.isVisible('#status'), true);
    assert.match(status, /BigCommerce is not answering properly; try again/);
    await waitForLog(page, /checkout failed: upstream_unavailable/);
    assert.equal(new URL(page.url()).origin, s.origin);
    assert.deepEqual(await visibleCart(page), before);
    const savedAfter = await savedCart(page, s.storeOrigin);
    assert.deepEqual(savedAfter.lines, savedBefore.lines);
    assert.equal(await page.isEnabled('#checkout'), true);

    // The store recovers: the same cart goes to checkout.
    app.fetch = original;
    await page.click('#checkout');
    await page.waitForURL(onStore(s, '/checkout'));
    const summary = await page.textContent('.summary');
    assert.match(summary, /Orbit Terrarium/);
    assert.match(summary, /Linen Tea Towel[\s\S]*2/);
  } finally {
    app.fetch = original;
  }
}, { profiles: ['allowed'] });
