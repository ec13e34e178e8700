// A channel checkout domain in the sandbox store: the channel's site shows it, the checkout entries of redirect
// URLs point there, and the hosted checkout, the embedded checkout and customer login tokens answer there, over
// real HTTP with two listeners (listenSandbox: the store on one port, the checkout domain on another, one fetch
// handler telling them apart by origin). Then PUT/DELETE /v3/channels/{id}/site/checkout-url with its 422, and
// the main-domain rule. Run: node --test tests/sandbox/checkout-domain.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createSandbox, listenSandbox } from '../../sandbox/index.js';
import { mainDomainOf } from '../../sandbox/channels.js';

const CREDS = { storeHash: 'domaintest', accessToken: 'domain-token', clientId: 'domain-client', clientSecret: 'domain-secret', log: () => {} };
const SITE = 'http://127.0.0.1:8080'; // the headless storefront; the checkout domain shares its main domain
const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const MAIN_DOMAIN_TITLE = 'Your checkout and storefront must be within the same main domain like \u201cmain.com\u201d and \u201csubdomain.main.com\u201d';

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function loginJwt(claims) {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ iss: CREDS.clientId, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), operation: 'customer_login', store_hash: CREDS.storeHash, channel_id: 1, customer_id: 1, ...claims });
  return `${head}.${body}.${createHmac('sha256', CREDS.clientSecret).update(`${head}.${body}`).digest('base64url')}`;
}

/** A REST call to a sandbox, in process (sb.fetch) or over HTTP (the store's origin). */
async function rest(sb, origin, method, path, body) {
  const request = new Request(`${origin}/stores/${CREDS.storeHash}${path}`, {
    method,
    headers: { 'X-Auth-Token': CREDS.accessToken, Accept: 'application/json', ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const response = await (sb ? sb.fetch(request) : fetch(request));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('a channel checkout domain, over HTTP on two listeners', () => {
  let served;
  let store;
  let checkout;
  const api = (method, path, body) => rest(null, store, method, path, body);
  const get = (url, headers = {}) => fetch(url, { redirect: 'manual', headers });
  const newCart = async () => {
    const res = await api('POST', '/v3/carts?include=redirect_urls', { channel_id: 1, line_items: [{ product_id: 81, quantity: 1 }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data;
  };

  before(async () => {
    served = await listenSandbox({ ...CREDS, siteUrl: SITE }, { checkoutPort: 0 });
    store = served.origin;
    checkout = served.checkoutOrigin;
  });
  after(async () => {
    await served?.close();
  });

  test('the two origins: the store on localhost, the checkout domain on the storefront\'s host', () => {
    assert.match(store, /^http:\/\/localhost:\d+$/);
    assert.match(checkout, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(served.sandbox.options.checkoutOrigin, checkout);
  });

  test('GET /v3/channels/1/site shows it: the checkout entry of urls, is_checkout_url_customized true (sites.v3.yml Site)', async () => {
    const res = await api('GET', '/v3/channels/1/site');
    assert.equal(res.status, 200);
    const site = res.body.data;
    assert.equal(site.url, SITE);
    assert.equal(site.is_checkout_url_customized, true);
    assert.deepEqual(site.urls.map((u) => [u.type, u.url]), [['primary', SITE], ['canonical', SITE], ['checkout', checkout]]);
    // GET /v3/sites lists the same document.
    const listed = await api('GET', '/v3/sites?channel_id:in=1');
    assert.deepEqual(listed.body.data[0].urls, site.urls);
  });

  test('redirect URLs: checkout_url and embedded_checkout_url on the checkout domain, cart_url on the store (carts.v3.yml createCartRedirectURL: "a shared checkout domain or a channel-specific domain")', async () => {
    const cart = await newCart();
    const urls = cart.redirect_urls;
    assert.ok(urls.cart_url.startsWith(`${store}/cart.php?action=load&`), urls.cart_url);
    assert.ok(urls.checkout_url.startsWith(`${checkout}/cart.php?action=loadInCheckout&`), urls.checkout_url);
    assert.ok(urls.embedded_checkout_url.startsWith(`${checkout}/cart.php?embedded=1&action=loadInCheckout&`), urls.embedded_checkout_url);
    const fresh = await api('POST', `/v3/carts/${cart.id}/redirect_urls`);
    assert.equal(fresh.status, 201);
    assert.ok(fresh.body.data.checkout_url.startsWith(`${checkout}/cart.php?`));
    assert.ok(fresh.body.data.cart_url.startsWith(`${store}/cart.php?`));
  });

  test('the hosted checkout answers on the checkout domain: checkout_url there loads the cart into /checkout', async () => {
    const cart = await newCart();
    const loaded = await get(cart.redirect_urls.checkout_url);
    assert.equal(loaded.status, 302);
    assert.equal(loaded.headers.get('location'), '/checkout'); // relative: the shopper stays on the checkout domain
    const cookie = loaded.headers.get('set-cookie').split(';')[0];
    const page = await get(`${checkout}/checkout`, { Cookie: cookie });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Place order/);
    // Single use (carts.v3.yml: "Once a redirect URL has been visited, it will be invalidated").
    assert.equal((await get(cart.redirect_urls.checkout_url)).status, 410);
  });

  test('the embedded checkout answers on the checkout domain, framed only by the channel site', async () => {
    const cart = await newCart();
    const loaded = await get(cart.redirect_urls.embedded_checkout_url);
    assert.equal(loaded.status, 302);
    const location = loaded.headers.get('location');
    assert.equal(location, '/embedded-checkout');
    // The session is the checkout domain's own cookie.
    const cookie = loaded.headers.get('set-cookie').split(';')[0];
    assert.match(cookie, /^SHOP_SESSION_TOKEN=/);
    const page = await get(`${checkout}${location}`, { Cookie: cookie });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), `frame-ancestors ${SITE}`);
    assert.match(await page.text(), /id="checkout-app"/);
  });

  test('a login token on the checkout domain signs in and goes to redirect_to there (GET), or answers the SDK\'s POST with a redirectUrl there', async () => {
    const cart = await newCart();
    const signedIn = await get(`${checkout}/login/token/${loginJwt({ redirect_to: cart.redirect_urls.checkout_url })}`);
    assert.equal(signedIn.status, 302);
    assert.equal(signedIn.headers.get('location'), cart.redirect_urls.checkout_url);
    assert.match(signedIn.headers.get('set-cookie'), /^SHOP_SESSION_TOKEN=/);

    const other = await newCart();
    const posted = await fetch(`${checkout}/login/token/${loginJwt({ redirect_to: other.redirect_urls.embedded_checkout_url })}`, { method: 'POST', headers: { Origin: SITE, Accept: 'application/json' } });
    assert.equal(posted.status, 200);
    assert.equal(posted.headers.get('access-control-allow-origin'), SITE);
    const { redirectUrl } = await posted.json();
    assert.ok(redirectUrl.startsWith(`${checkout}/cart.php?embedded=1&`), redirectUrl);
    assert.match(posted.headers.get('set-cookie'), /^SHOP_SESSION_TOKEN=/);

    // A relative redirect_to stays on the address the token came in on.
    const relative = await get(`${checkout}/login/token/${loginJwt({ redirect_to: '/checkout' })}`);
    assert.equal(relative.headers.get('location'), `${checkout}/checkout`);
    // A redirect_to on neither address is refused.
    const away = await get(`${checkout}/login/token/${loginJwt({ redirect_to: 'http://127.0.0.1:9/checkout' })}`);
    assert.equal(away.status, 302);
    assert.equal(away.headers.get('location'), '/login.php?login_error=bad_redirect');
  });

  test('forms on the checkout domain take posts from its own pages only, not from the store\'s', async () => {
    const cart = await newCart();
    const cookie = (await get(cart.redirect_urls.checkout_url)).headers.get('set-cookie').split(';')[0];
    const form = new URLSearchParams({ email: SHOPPER.email, password: SHOPPER.password }).toString();
    const post = (origin) => fetch(`${checkout}/checkout/sign-in`, {
      method: 'POST', redirect: 'manual', body: form, headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal((await post(store)).status, 403);
    const ok = await post(checkout);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/checkout');
  });

  test('the REST API stays on the store\'s address, and an address that is neither is refused (421)', async () => {
    const raw = await fetch(`${checkout}/stores/${CREDS.storeHash}/v3/channels/1/site`, { headers: { 'X-Auth-Token': CREDS.accessToken } });
    assert.equal(raw.status, 404);
    assert.match(await raw.text(), /served on the store's address/);
    const port = new URL(store).port;
    const elsewhere = await fetch(`http://127.0.0.1:${port}/checkout`);
    assert.equal(elsewhere.status, 421);
    assert.match(await elsewhere.text(), new RegExp(`answers on ${store} and ${checkout}`));
  });
});

describe('PUT and DELETE /v3/channels/{id}/site/checkout-url (channels.v3.yml updateCheckoutUrl, deleteCheckoutUrl)', () => {
  const STORE = 'https://store-domaintest.mybigcommerce.com';
  const make = (options = {}) => createSandbox({ ...CREDS, origin: STORE, siteUrl: 'https://shop.example.com', ...options });

  test('PUT on the storefront\'s main domain: 200 with the site, which now shows it; redirect URLs follow', async () => {
    const sb = make();
    const before = await rest(sb, STORE, 'GET', '/v3/channels/1/site');
    assert.equal(before.body.data.is_checkout_url_customized, false);
    assert.equal(before.body.data.urls.find((u) => u.type === 'checkout').url, STORE, 'not customised: the store\'s own domain');

    const put = await rest(sb, STORE, 'PUT', '/v3/channels/1/site/checkout-url', { url: 'https://checkout.example.com' });
    assert.equal(put.status, 200);
    assert.equal(put.body.is_checkout_url_customized, true);
    const entry = put.body.urls.find((u) => u.type === 'checkout');
    assert.equal(entry.url, 'https://checkout.example.com');
    assert.ok(entry.created_at && entry.updated_at);
    assert.deepEqual((await rest(sb, STORE, 'GET', '/v3/channels/1/site')).body.data, put.body, 'the 200 is the Site itself (updateCheckoutUrl)');

    const cart = (await rest(sb, STORE, 'POST', '/v3/carts?include=redirect_urls', { channel_id: 1, line_items: [{ product_id: 81, quantity: 1 }] })).body.data;
    assert.ok(cart.redirect_urls.checkout_url.startsWith('https://checkout.example.com/cart.php?'));
    assert.ok(cart.redirect_urls.cart_url.startsWith(`${STORE}/cart.php?`));
    // The checkout domain now serves the checkout; the store still does its own pages.
    const page = await sb.fetch(new Request(cart.redirect_urls.checkout_url));
    assert.equal(page.status, 302);
  });

  test('PUT of an http URL is stored as https ("The API will change all URLs using the HTTP protocol to HTTPS", PutCheckoutUrl)', async () => {
    const sb = make();
    const put = await rest(sb, STORE, 'PUT', '/v3/channels/1/site/checkout-url', { url: 'http://pay.example.com/' });
    assert.equal(put.status, 200);
    assert.equal(put.body.urls.find((u) => u.type === 'checkout').url, 'https://pay.example.com');
  });

  test('PUT on another main domain: 422 with the documented title and body', async () => {
    const sb = make();
    for (const url of ['https://bc.kittykat.me', 'https://checkout.example.org', 'https://example.com.evil.net']) {
      const put = await rest(sb, STORE, 'PUT', '/v3/channels/1/site/checkout-url', { url });
      assert.equal(put.status, 422, url);
      assert.deepEqual(put.body, { status: 422, title: `Incorrect checkout url ${url}. ${MAIN_DOMAIN_TITLE}`, type: STATUS_TYPE, errors: {} });
    }
    assert.equal((await rest(sb, STORE, 'GET', '/v3/channels/1/site')).body.data.is_checkout_url_customized, false, 'nothing changed');
  });

  test('PUT of something that is not a checkout address (no url, a path, a query, credentials, another scheme): 422', async () => {
    const sb = make();
    for (const body of [{}, { url: 42 }, { url: 'checkout.example.com' }, { url: 'https://checkout.example.com/checkout' }, { url: 'https://checkout.example.com/?a=1' }, { url: 'https://u:p@checkout.example.com' }, { url: 'ftp://checkout.example.com' }, []]) {
      const put = await rest(sb, STORE, 'PUT', '/v3/channels/1/site/checkout-url', body);
      assert.equal(put.status, 422, JSON.stringify(body));
      assert.match(put.body.title, /^Incorrect checkout url /);
    }
  });

  test('PUT for an unknown channel: 404; without a token: 401', async () => {
    const sb = make();
    assert.equal((await rest(sb, STORE, 'PUT', '/v3/channels/99/site/checkout-url', { url: 'https://checkout.example.com' })).status, 404);
    const anonymous = await sb.fetch(new Request(`${STORE}/stores/${CREDS.storeHash}/v3/channels/1/site/checkout-url`, { method: 'PUT', body: '{"url":"https://checkout.example.com"}', headers: { 'Content-Type': 'application/json' } }));
    assert.equal(anonymous.status, 401);
  });

  test('DELETE: 200 with empty data and meta; the checkout is back on the store ("After deletion, a shared checkout URL is used")', async () => {
    const sb = make({ checkoutOrigin: 'https://checkout.example.com' });
    assert.equal((await rest(sb, STORE, 'GET', '/v3/channels/1/site')).body.data.is_checkout_url_customized, true);
    const del = await rest(sb, STORE, 'DELETE', '/v3/channels/1/site/checkout-url');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { data: {}, meta: {} });
    const site = (await rest(sb, STORE, 'GET', '/v3/channels/1/site')).body.data;
    assert.equal(site.is_checkout_url_customized, false);
    assert.equal(site.urls.find((u) => u.type === 'checkout').url, STORE);
    const cart = (await rest(sb, STORE, 'POST', '/v3/carts?include=redirect_urls', { channel_id: 1, line_items: [{ product_id: 81, quantity: 1 }] })).body.data;
    assert.ok(cart.redirect_urls.checkout_url.startsWith(`${STORE}/cart.php?`));
    // The old checkout domain no longer answers for this store.
    assert.equal((await sb.fetch(new Request('https://checkout.example.com/checkout'))).status, 421);
  });

  test('loopback names: x.localhost and localhost are one main domain, an IP address is its own', async () => {
    const sb = createSandbox({ ...CREDS, origin: 'http://127.0.0.1:8081', siteUrl: 'http://localhost:8080' });
    const put = await rest(sb, 'http://127.0.0.1:8081', 'PUT', '/v3/channels/1/site/checkout-url', { url: 'http://checkout.localhost:8082' });
    assert.equal(put.status, 200);
    assert.equal(put.body.urls.find((u) => u.type === 'checkout').url, 'http://checkout.localhost:8082', 'plain http kept on this machine');
    assert.equal((await rest(sb, 'http://127.0.0.1:8081', 'PUT', '/v3/channels/1/site/checkout-url', { url: 'http://127.0.0.1:8082' })).status, 422);
  });
});

describe('the main-domain rule and the checkoutOrigin option', () => {
  test('mainDomainOf: the last two labels, three under a country code\'s second level, localhost names, IP addresses', () => {
    assert.equal(mainDomainOf('checkout.example.com'), 'example.com');
    assert.equal(mainDomainOf('www.example.com'), 'example.com');
    assert.equal(mainDomainOf('example.com'), 'example.com');
    assert.equal(mainDomainOf('Shop.Example.CO.UK'), 'example.co.uk');
    assert.equal(mainDomainOf('pay.shop.example.com.au'), 'example.com.au');
    assert.equal(mainDomainOf('checkout.localhost'), 'localhost');
    assert.equal(mainDomainOf('localhost'), 'localhost');
    assert.equal(mainDomainOf('127.0.0.1'), '127.0.0.1');
    assert.equal(mainDomainOf('[::1]'), '[::1]');
  });

  test('createSandbox refuses a checkoutOrigin off the storefront\'s main domain, or the store\'s own origin', () => {
    assert.throws(() => createSandbox({ ...CREDS, origin: 'http://localhost:8081', siteUrl: 'http://127.0.0.1:8080', checkoutOrigin: 'http://localhost:8082' }), /not on the storefront's main domain \(127\.0\.0\.1/);
    assert.throws(() => createSandbox({ ...CREDS, origin: 'http://localhost:8081', siteUrl: 'http://localhost:8080', checkoutOrigin: 'http://localhost:8081' }), /must differ from options.origin/);
    assert.throws(() => createSandbox({ ...CREDS, checkoutOrigin: 'not a url' }), /options.checkoutOrigin must be an absolute URL/);
  });

  test('without checkoutOrigin nothing changes: checkout on the store, every address taken for the store', async () => {
    const sb = createSandbox({ ...CREDS, origin: 'http://localhost:8081', siteUrl: SITE });
    const site = (await rest(sb, 'http://localhost:8081', 'GET', '/v3/channels/1/site')).body.data;
    assert.equal(site.is_checkout_url_customized, false);
    assert.equal((await sb.fetch(new Request('http://127.0.0.1:8081/login.php'))).status, 200);
  });
});
