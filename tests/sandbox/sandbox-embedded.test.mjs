// The embedded checkout in a real browser (Debian's Chromium through playwright-core): a storefront page on
// the channel's site URL frames the sandbox's checkout the way the Checkout SDK does (hidden iframe, messages
// accepted only from the store's origin, iframe-resizer 3's parent script with heightCalculationMethod
// "taggedElement", STYLE_CONFIGURED after FRAME_LOADED) and records what the frame posts. The storefront
// (127.0.0.1) and the store (https://localhost) are different sites, as in production, so the store's session
// cookie is a third-party cookie in the frame: the suite runs once with third-party cookies allowed and once
// with them blocked (tests/browser/browser-harness.mjs PROFILES).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { launchBrowser, runCertificate } from '../browser/browser-harness.mjs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createSandbox } from '../../sandbox/index.js';
import { listen } from '../../server/transport/node-adapter.js';

const require = createRequire(import.meta.url);
const CREDS = { storeHash: 'embedtest', accessToken: 'embed-token', clientId: 'embed-client', clientSecret: 'embed-secret' };

// What the Checkout SDK's embedCheckout() does with a URL, reduced to the protocol.
const PARENT_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Storefront</title>
<script src="/iframeResizer.min.js"></script></head><body><h1>Storefront</h1><div id="container"></div><script>
window.events = [];
const params = new URLSearchParams(location.search);
const target = params.get('target');
const storeOrigin = new URL(target).origin;
async function start() {
  let src = target;
  if (new URL(target).pathname.startsWith('/login/token')) {
    const response = await fetch(target, { method: 'POST', credentials: 'include' });
    const body = await response.json();
    if (!response.ok) { events.push({ type: 'LOGIN_FAILED', payload: body }); return; }
    src = body.redirectUrl;
  }
  const iframe = document.createElement('iframe');
  iframe.id = 'checkout-frame';
  iframe.style.display = 'none';
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.allow = 'payment';
  iframe.src = src;
  window.addEventListener('message', (event) => {
    if (event.origin !== storeOrigin || !event.data || typeof event.data !== 'object') return;
    events.push(event.data);
    if (event.data.type === 'FRAME_LOADED' && !iframe.dataset.resized) {
      iframe.dataset.resized = '1';
      iframe.style.display = '';
      iFrameResize({ heightCalculationMethod: 'taggedElement', checkOrigin: [storeOrigin], scrolling: false }, iframe);
      iframe.contentWindow.postMessage({ type: 'STYLE_CONFIGURED', payload: { heading: { color: 'rgb(170, 0, 0)' } } }, storeOrigin);
    }
  });
  document.getElementById('container').append(iframe);
}
start();
</script></body></html>`;

const EMPTY_CART = 'Cannot start checkout session with an empty cart';

function loginJwt(claims) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    iss: CREDS.clientId, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), operation: 'customer_login', store_hash: CREDS.storeHash,
    customer_id: 1, channel_id: 1, ...claims,
  })}`;
  return `${head}.${createHmac('sha256', CREDS.clientSecret).update(head).digest('base64url')}`;
}

/** A storefront page, the sandbox store over https, and Chromium in `profile`; `ctx` gets what tests use. */
function embeddedSuite(profile, ctx) {
  let sandbox;
  let store;
  let storefront;
  let siteUrl;
  let browser;
  let page;

  const api = async (method, path, body) => {
    const response = await sandbox.fetch(new Request(`${store.origin}/stores/${CREDS.storeHash}${path}`, {
      method, headers: { 'X-Auth-Token': CREDS.accessToken, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    }));
    return response.status === 204 ? null : response.json();
  };
  const newCart = async (body) => (await api('POST', '/v3/carts?include=redirect_urls', body)).data;
  const events = () => page.evaluate(() => window.events);
  const types = async () => (await events()).map((e) => e.type);
  const waitForEvent = (type, count = 1) => page.waitForFunction(([t, n]) => window.events.filter((e) => e.type === t).length >= n, [type, count], { timeout: 10_000 });
  const open = (target, host = siteUrl) => page.goto(`${host}/?target=${encodeURIComponent(target)}`);
  const frame = () => page.frameLocator('#checkout-frame');

  before(async () => {
    const resizer = readFileSync(require.resolve('iframe-resizer/js/iframeResizer.min.js'), 'utf8');
    storefront = createServer((req, res) => {
      if (req.url === '/iframeResizer.min.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(resizer);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PARENT_PAGE);
    });
    await new Promise((resolve) => storefront.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${storefront.address().port}`;
    const { key, cert } = runCertificate();
    const server = await listen((request, info) => sandbox.fetch(request, info), { port: 0, host: '127.0.0.1', tls: { key, cert } });
    store = { server, origin: `https://localhost:${server.port}` };
    sandbox = createSandbox({ ...CREDS, origin: store.origin, siteUrl, log: () => {} });
    browser = await launchBrowser({ profile });
    page = await browser.newPage();
    Object.assign(ctx, { sandbox, store, page, newCart, events, types, waitForEvent, open, frame, siteUrl: () => siteUrl });
  });

  after(async () => {
    await browser?.close();
    await store?.server.close();
    await new Promise((resolve) => (storefront ? storefront.close(resolve) : resolve()));
  });

}

// npm test installs Chromium (scripts/ensure-deps.mjs); without it these suites fail rather than skip.
describe('embedded checkout in Chromium, third-party cookies allowed', () => {
  const t = {};
  embeddedSuite('allowed', t);

  test('guest: FRAME_LOADED, CHECKOUT_LOADED, sized, styled; CHECKOUT_COMPLETE from the checkout page, then a confirmation without id that posts only FRAME_LOADED (checkout-js Checkout.tsx, OrderConfirmation.tsx)', async () => {
    const { newCart, open, waitForEvent, events, types, frame, page, sandbox, store } = t;
    const api = (method, path) => sandbox.fetch(new Request(`${store.origin}/stores/${CREDS.storeHash}${path}`, { method, headers: { 'X-Auth-Token': CREDS.accessToken } }))
      .then((r) => (r.status === 204 ? null : r.json()));
    const cart = await newCart({ line_items: [{ product_id: 80, variant_id: 64, quantity: 1 }] });
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('CHECKOUT_LOADED');
    assert.deepEqual((await events()).slice(0, 2), [{ type: 'FRAME_LOADED', payload: { contentId: 'checkout-app' } }, { type: 'CHECKOUT_LOADED' }]);
    const iframe = page.locator('#checkout-frame');
    await page.waitForFunction(() => document.getElementById('checkout-frame').getBoundingClientRect().height > 400, null, { timeout: 5000 });
    assert.equal(await frame().locator('h1').first().evaluate((h) => getComputedStyle(h).color), 'rgb(170, 0, 0)');

    await frame().locator('#coupon_code').fill('SAVE10');
    await frame().getByRole('button', { name: 'Apply coupon' }).click();
    await frame().getByText('Coupon SAVE10 applied').waitFor({ timeout: 5000 });
    assert.equal((await types()).filter((type) => type === 'FRAME_LOADED').length, 1, 'the coupon is applied in place: still one document');
    await frame().getByLabel('Email', { exact: true }).fill('guest@example.com');
    await frame().getByLabel('First name').first().fill('Gia');
    await frame().getByLabel('Last name').first().fill('Guest');
    await frame().getByLabel('Address', { exact: true }).first().fill('1 Main St');
    await frame().getByLabel('City').first().fill('Austin');
    await frame().getByLabel('Postal code').first().fill('78751');
    await frame().getByLabel(/Express/).check();
    await frame().getByRole('button', { name: 'Place order' }).click();
    await waitForEvent('CHECKOUT_COMPLETE');
    await waitForEvent('FRAME_LOADED', 2); // the confirmation page
    assert.deepEqual(await types(), ['FRAME_LOADED', 'CHECKOUT_LOADED', 'CHECKOUT_COMPLETE', 'FRAME_LOADED']);
    const orderId = Number(await frame().locator('.order-id').innerText());
    assert.ok(orderId >= 100);
    const confirmationUrl = new URL(page.frames().find((f) => f.url().includes('/order-confirmation')).url());
    assert.equal(confirmationUrl.pathname, '/embedded-checkout/order-confirmation');
    assert.equal(confirmationUrl.search, '', 'no order id, no query');
    assert.equal(await iframe.evaluate((f) => f.contentDocument), null, 'the parent cannot reach into the cross-site frame');
    const order = await api('GET', `/v2/orders/${orderId}`);
    assert.equal(order.total_inc_tax, '113.1000'); // 109 − 10.90 + 15
    assert.equal(await api('GET', `/v3/carts/${cart.id}`).then((b) => b.status), 404);

    // Reloading the confirmation announces a loaded frame again, never a second completed order.
    await page.frames().find((f) => f.url().includes('/order-confirmation')).goto(confirmationUrl.href);
    await waitForEvent('FRAME_LOADED', 3);
    assert.deepEqual((await types()).filter((type) => type === 'CHECKOUT_COMPLETE'), ['CHECKOUT_COMPLETE']);
    assert.equal(Number(await frame().locator('.order-id').innerText()), orderId);
  });

  test('a used or empty checkout link: FRAME_ERROR {message} and no FRAME_LOADED', async () => {
    const { newCart, open, waitForEvent, events, types, sandbox } = t;
    const cart = await newCart({ line_items: [{ product_id: 81, quantity: 1 }] });
    await sandbox.fetch(new Request(cart.redirect_urls.embedded_checkout_url)); // someone used it first
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('FRAME_ERROR');
    const [error] = await events();
    assert.equal(error.type, 'FRAME_ERROR');
    assert.match(error.payload.message, /already been used/);
    assert.deepEqual(await types(), ['FRAME_ERROR']);
  });

  test('a signed-in shopper through POST /login/token (its cookie): "Signed in as", then Sign out posts SIGNED_OUT', async () => {
    const { newCart, open, waitForEvent, events, frame, store } = t;
    const cart = await newCart({ customer_id: 1, line_items: [{ product_id: 88, quantity: 1 }] });
    const jwt = loginJwt({ redirect_to: cart.redirect_urls.embedded_checkout_url });
    await open(`${store.origin}/login/token/${jwt}`);
    await waitForEvent('CHECKOUT_LOADED');
    assert.equal(await frame().locator('.signed-in-email').innerText(), 'shopper@example.com');
    await frame().getByRole('button', { name: 'Sign out' }).click();
    await waitForEvent('SIGNED_OUT');
    // Replaying the same token: the store refuses it, with the CORS headers the page needs to read why.
    await open(`${store.origin}/login/token/${jwt}`);
    await waitForEvent('LOGIN_FAILED');
    assert.match((await events())[0].payload.title, /already been used/);
  });

  test('a failed sign-in inside the frame posts CHECKOUT_ERROR (checkout-js posts step errors through handleError)', async () => {
    const { newCart, open, waitForEvent, events, frame } = t;
    const cart = await newCart({ line_items: [{ product_id: 81, quantity: 1 }] });
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('CHECKOUT_LOADED');
    await frame().getByText('Have an account? Sign in').click();
    await frame().locator('#signin-email').fill('shopper@example.com');
    await frame().locator('#signin-password').fill('not the password');
    await frame().getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForEvent('CHECKOUT_ERROR');
    const error = (await events()).find((e) => e.type === 'CHECKOUT_ERROR');
    assert.equal(error.payload.type, 'sign_in_failed');
    assert.match(error.payload.message, /email or password/);
  });

  test('stock gone before the order: CHECKOUT_ERROR {message, type}', async () => {
    const { newCart, open, waitForEvent, events, frame, sandbox, store } = t;
    const api = async (method, path, body) => {
      const response = await sandbox.fetch(new Request(`${store.origin}/stores/${CREDS.storeHash}${path}`, {
        method, headers: { 'X-Auth-Token': CREDS.accessToken, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      }));
      return response.status === 204 ? null : response.json();
    };
    const cart = await newCart({ line_items: [{ product_id: 94, variant_id: 71, quantity: 8 }] }); // all of the Olive bags
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('CHECKOUT_LOADED');
    const rival = await newCart({ line_items: [{ product_id: 94, variant_id: 71, quantity: 1 }] });
    const address = { first_name: 'R', last_name: 'Ival', email: 'r@example.com', address1: '1 St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78751' };
    await api('POST', `/v3/checkouts/${rival.id}/billing-address`, address);
    const withConsignment = await api('POST', `/v3/checkouts/${rival.id}/consignments?include=consignments.available_shipping_options`, [{ address, line_items: [{ item_id: rival.line_items.physical_items[0].id, quantity: 1 }] }]);
    const consignment = withConsignment.data.consignments[0];
    await api('PUT', `/v3/checkouts/${rival.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id });
    const rivalOrder = (await api('POST', `/v3/checkouts/${rival.id}/orders`)).data.id;
    // An Incomplete order holds no stock: the rival pays (Payments API, a gift certificate) and so takes the bag.
    const token = (await api('POST', '/v3/payments/access_tokens', { order: { id: rivalOrder } })).data.id;
    const paid = await sandbox.fetch(new Request(`${sandbox.options.paymentsOrigin}/stores/${CREDS.storeHash}/payments`, {
      method: 'POST',
      headers: { Authorization: `PAT ${token}`, Accept: 'application/vnd.bc.v1+json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment: { instrument: { type: 'gift_certificate', gift_certificate_code: 'GC-BIG0-5000' }, payment_method_id: 'bigcommerce.gift_certificate' } }),
    }));
    assert.equal(paid.status, 202);

    await frame().getByLabel('Email', { exact: true }).fill('late@example.com');
    await frame().getByLabel('First name').first().fill('Lee');
    await frame().getByLabel('Last name').first().fill('Late');
    await frame().getByLabel('Address', { exact: true }).first().fill('2 Main St');
    await frame().getByLabel('City').first().fill('Austin');
    await frame().getByLabel('Postal code').first().fill('78751');
    await frame().getByRole('button', { name: 'Place order' }).click();
    await waitForEvent('CHECKOUT_ERROR');
    const error = (await events()).find((e) => e.type === 'CHECKOUT_ERROR');
    assert.match(error.payload.message, /stock/);
    assert.equal(error.payload.type, 'order_not_created');
  });

  test('a page on another origin cannot frame it (frame-ancestors is the site URL)', async () => {
    const { newCart, open, events, page, siteUrl } = t;
    const cart = await newCart({ line_items: [{ product_id: 81, quantity: 1 }] });
    const foreign = siteUrl().replace('127.0.0.1', 'localhost'); // same server, another origin
    await open(cart.redirect_urls.embedded_checkout_url, foreign);
    await page.waitForTimeout(1500);
    assert.deepEqual(await events(), []);
  });
});

describe('embedded checkout in Chromium, third-party cookies blocked', () => {
  const t = {};
  embeddedSuite('blocked', t);

  test('a guest frame gets the store\'s 403 "Cannot start checkout session with an empty cart" as FRAME_ERROR: the cart cookie never reaches it (BigCommerce embedded checkout FAQ)', async () => {
    const { newCart, open, waitForEvent, types, events } = t;
    const cart = await newCart({ line_items: [{ product_id: 81, quantity: 1 }] });
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('FRAME_ERROR');
    assert.deepEqual(await types(), ['FRAME_ERROR']);
    assert.equal((await events())[0].payload.message, EMPTY_CART);
  });

  test('a signed-in frame: POST /login/token answers, its cookie is dropped, and the frame gets the same FRAME_ERROR', async () => {
    const { newCart, open, waitForEvent, types, store } = t;
    const cart = await newCart({ customer_id: 1, line_items: [{ product_id: 88, quantity: 1 }] });
    await open(`${store.origin}/login/token/${loginJwt({ redirect_to: cart.redirect_urls.embedded_checkout_url })}`);
    await waitForEvent('FRAME_ERROR');
    assert.deepEqual(await types(), ['FRAME_ERROR']);
  });

  test('the allow-cookie page is a first-party visit that sets a cookie and returns; the frame is still refused', async () => {
    const { newCart, open, waitForEvent, types, page, store, siteUrl } = t;
    const back = `${siteUrl()}/?after=allow-cookie`;
    await page.goto(`${store.origin}/embedded-checkout/allow-cookie?returnUrl=${encodeURIComponent(back)}`);
    assert.equal(page.url(), back);
    const cookies = await page.context().cookies(store.origin);
    assert.ok(cookies.some((c) => c.name === 'SANDBOX_COOKIES_ALLOWED'), JSON.stringify(cookies));
    const cart = await newCart({ line_items: [{ product_id: 81, quantity: 1 }] });
    await open(cart.redirect_urls.embedded_checkout_url);
    await waitForEvent('FRAME_ERROR');
    assert.deepEqual(await types(), ['FRAME_ERROR']);
  });
});
