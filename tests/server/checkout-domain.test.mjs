// POST /api/checkout when the channel's checkout is on its own domain: the stub (createHandler) against the sandbox
// store in process, the sandbox serving the checkout on http://localhost:8082 beside the store on :8081. The
// checkout URL is on the checkout domain, learned from GET /v3/channels/1/site once and then without a call; a
// signed-in shopper's login URL is on that domain too, with redirect_to there, and the sandbox accepts it as the
// Checkout SDK sends it; a URL on a third origin is still unsafe_checkout_url; a moved domain is followed.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../../sandbox/index.js';
import { createStub, parseSetCookie } from './server-fixtures.mjs';

const STORE = 'http://localhost:8081';
const CHECKOUT = 'http://localhost:8082';
const SITE = 'http://localhost:8080'; // the channel site: the checkout domain must share its main domain
const CREDS = { storeHash: 'domainstub', accessToken: 'domain-stub-token', clientId: 'domain-stub-client', clientSecret: 'domain-stub-secret' };
const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const SITE_READ = 'GET /v3/channels/1/site';

function claimsOf(url) {
  const jwt = url.split('/login/token/')[1];
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** The sandbox behind the stub, every call recorded as "METHOD /path"; `rewrite` may change an answer's JSON. */
function sandboxUpstream(sandbox) {
  const upstream = {
    calls: [],
    rewrite: null,
    async fetch(url, init) {
      const request = new Request(url, init);
      const path = new URL(request.url).pathname.replace(`/stores/${CREDS.storeHash}`, '');
      upstream.calls.push(`${request.method} ${path}`);
      const response = await sandbox.fetch(request);
      if (!upstream.rewrite) return response;
      const body = upstream.rewrite(`${request.method} ${path}`, await response.json());
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    },
  };
  return upstream;
}

async function setUp() {
  const sandbox = createSandbox({ ...CREDS, origin: STORE, siteUrl: SITE, checkoutOrigin: CHECKOUT, log: () => {} });
  const upstream = sandboxUpstream(sandbox);
  const stub = await createStub({
    upstream,
    env: {
      BC_STORE_HASH: CREDS.storeHash,
      BC_ACCESS_TOKEN: CREDS.accessToken,
      BC_CLIENT_ID: CREDS.clientId,
      BC_CLIENT_SECRET: CREDS.clientSecret,
      BC_API_URL: STORE,
      BC_STORE_URL: STORE,
      UPSTREAM_TIMEOUT_MS: '10000', // the sandbox runs in this process: no network to time out on
      CUSTOM_ITEMS: '', // these carts hold catalog products only
    },
  });
  const rest = async (method, path, body) => {
    const response = await sandbox.fetch(new Request(`${STORE}/stores/${CREDS.storeHash}${path}`, {
      method, headers: { 'X-Auth-Token': CREDS.accessToken, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    }));
    return { status: response.status, body: await response.json() };
  };
  /** A fresh cart through POST /api/cart, then POST /api/checkout for it; the calls the checkout alone made. */
  const checkout = async (mode, cookie) => {
    const cart = await stub.request('POST', '/api/cart', { json: { version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }] }, cookie });
    assert.equal(cart.status, 200, cart.text);
    upstream.calls.length = 0;
    const res = await stub.request('POST', '/api/checkout', { json: { cartId: cart.body.cartId, cartToken: cart.body.cartToken, mode }, cookie });
    return { ...res, calls: [...upstream.calls] };
  };
  const signIn = async () => {
    const res = await stub.request('POST', '/api/session', { json: SHOPPER });
    assert.equal(res.status, 200, res.text);
    const cookie = parseSetCookie(res.cookies[0]);
    return `${cookie.name}=${cookie.value}`;
  };
  return { sandbox, upstream, stub, rest, checkout, signIn };
}

describe('POST /api/checkout with the channel checkout on its own domain', () => {
  let world;
  before(async () => {
    world = await setUp();
  });

  test('the first checkout reads the channel site once and answers a checkout URL on the checkout domain', async () => {
    const res = await world.checkout('redirect');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.signedIn, false);
    assert.ok(res.body.url.startsWith(`${CHECKOUT}/cart.php?action=loadInCheckout&`), res.body.url);
    assert.deepEqual(res.calls.filter((c) => c === SITE_READ), [SITE_READ]);
    // The URL works where it points: the sandbox's checkout domain loads the cart into its checkout.
    const loaded = await world.sandbox.fetch(new Request(res.body.url));
    assert.equal(loaded.status, 302);
    assert.equal(loaded.headers.get('location'), '/checkout');
  });

  test('once known, the domain costs no call: redirect and embedded checkouts call POST redirect_urls only', async () => {
    for (const mode of ['redirect', 'embedded']) {
      const res = await world.checkout(mode);
      assert.equal(res.status, 200, res.text);
      const field = mode === 'embedded' ? `${CHECKOUT}/cart.php?embedded=1&` : `${CHECKOUT}/cart.php?action=loadInCheckout&`;
      assert.ok(res.body.url.startsWith(field), res.body.url);
      assert.deepEqual(res.calls.filter((c) => !c.startsWith('GET /v2/time')), [`POST /v3/carts/${new URL(res.body.url).searchParams.get('id')}/redirect_urls`]);
    }
  });

  test('signed in: the login URL is on the checkout domain, its JWT\'s redirect_to the checkout domain URL, and the sandbox redeems it there', async () => {
    const cookie = await world.signIn();
    const embedded = await world.checkout('embedded', cookie);
    assert.equal(embedded.status, 200, embedded.text);
    assert.equal(embedded.body.signedIn, true);
    assert.ok(embedded.body.url.startsWith(`${CHECKOUT}/login/token/`), embedded.body.url);
    const claims = claimsOf(embedded.body.url);
    assert.ok(claims.redirect_to.startsWith(`${CHECKOUT}/cart.php?embedded=1&action=loadInCheckout&`), claims.redirect_to);
    assert.equal(claims.channel_id, 1);
    assert.ok(!embedded.calls.includes(SITE_READ));
    // What the Checkout SDK does with it: POST from the channel site; the frame then opens on the checkout domain.
    const redeemed = await world.sandbox.fetch(new Request(embedded.body.url, { method: 'POST', headers: { Origin: SITE, Accept: 'application/json' } }));
    assert.equal(redeemed.status, 200);
    const { redirectUrl } = await redeemed.json();
    assert.ok(redirectUrl.startsWith(`${CHECKOUT}/cart.php?embedded=1&`), redirectUrl);

    const hosted = await world.checkout('redirect', cookie);
    assert.ok(hosted.body.url.startsWith(`${CHECKOUT}/login/token/`), hosted.body.url);
    assert.ok(claimsOf(hosted.body.url).redirect_to.startsWith(`${CHECKOUT}/cart.php?action=loadInCheckout&`));
    const signedIn = await world.sandbox.fetch(new Request(hosted.body.url));
    assert.equal(signedIn.status, 302);
    assert.equal(signedIn.headers.get('location'), claimsOf(hosted.body.url).redirect_to);
  });

  test('a checkout URL on a third origin is still unsafe_checkout_url, and reads the site at most once a minute', async () => {
    world.upstream.rewrite = (call, body) => {
      if (!/^POST \/v3\/carts\/.*\/redirect_urls$/.test(call)) return body;
      const third = (url) => url.replace(CHECKOUT, 'http://localhost:8083');
      return { ...body, data: { ...body.data, checkout_url: third(body.data.checkout_url), embedded_checkout_url: third(body.data.embedded_checkout_url) } };
    };
    try {
      world.stub.advance(61_000);
      const first = await world.checkout('redirect');
      assert.equal(first.status, 502);
      assert.equal(first.body.error.code, 'unsafe_checkout_url');
      assert.equal(first.body.error.reason, 'origin_not_allowed');
      assert.deepEqual(first.calls.filter((c) => c === SITE_READ), [SITE_READ], 'the site is read again: the domain may have moved');
      const again = await world.checkout('embedded');
      assert.equal(again.body.error.code, 'unsafe_checkout_url');
      assert.ok(!again.calls.includes(SITE_READ), 'not on every checkout');
      assert.ok(world.stub.logs.some((line) => line.includes('checkout URL on an unknown origin') && line.includes('http://localhost:8083')));
    } finally {
      world.upstream.rewrite = null;
    }
  });
});

describe('the checkout domain changes', () => {
  test('PUT checkout-url moves it: refused until the site is read again (after a minute), then followed; DELETE brings it home', async () => {
    const world = await setUp();
    assert.ok((await world.checkout('redirect')).body.url.startsWith(`${CHECKOUT}/`));
    const moved = 'http://localhost:8084';
    const put = await world.rest('PUT', '/v3/channels/1/site/checkout-url', { url: moved });
    assert.equal(put.status, 200);

    const stale = await world.checkout('redirect');
    assert.equal(stale.status, 502, 'the new domain is not known yet');
    assert.equal(stale.body.error.code, 'unsafe_checkout_url');
    assert.ok(!stale.calls.includes(SITE_READ));

    world.stub.advance(61_000);
    const followed = await world.checkout('embedded');
    assert.equal(followed.status, 200, followed.text);
    assert.ok(followed.body.url.startsWith(`${moved}/cart.php?embedded=1&`), followed.body.url);
    assert.ok(followed.calls.includes(SITE_READ));
    const cookie = await world.signIn();
    const signedIn = await world.checkout('embedded', cookie);
    assert.ok(signedIn.body.url.startsWith(`${moved}/login/token/`), signedIn.body.url);

    assert.equal((await world.rest('DELETE', '/v3/channels/1/site/checkout-url')).status, 200);
    const home = await world.checkout('redirect');
    assert.equal(home.status, 200);
    assert.ok(home.body.url.startsWith(`${STORE}/cart.php?`), home.body.url);
    assert.ok(!home.calls.includes(SITE_READ), 'the store\'s own origin never needs the site');
    const homeSignedIn = await world.checkout('redirect', cookie);
    assert.ok(homeSignedIn.body.url.startsWith(`${STORE}/login/token/`), 'the login goes back on the store');
  });

  test('a known domain is trusted for 10 minutes, then read again when next seen', async () => {
    const world = await setUp();
    assert.ok((await world.checkout('redirect')).calls.includes(SITE_READ));
    world.stub.advance(9 * 60_000);
    assert.ok(!(await world.checkout('redirect')).calls.includes(SITE_READ));
    world.stub.advance(2 * 60_000);
    const later = await world.checkout('redirect');
    assert.equal(later.status, 200);
    assert.deepEqual(later.calls.filter((c) => c === SITE_READ), [SITE_READ]);
  });

  test('a checkout domain the core will not send shoppers to (plain http off localhost, 127.x.y.z and [::1]) is not used: unsafe_checkout_url, and the log says why', async () => {
    const world = await setUp();
    assert.equal((await world.rest('PUT', '/v3/channels/1/site/checkout-url', { url: 'http://checkout.localhost:8085' })).status, 200);
    const res = await world.checkout('redirect');
    assert.equal(res.status, 502);
    assert.equal(res.body.error.code, 'unsafe_checkout_url');
    assert.ok(res.calls.includes(SITE_READ));
    assert.ok(world.stub.logs.some((line) => line.includes('channel checkout domain not usable') && line.includes('http://checkout.localhost:8085')));
  });

  test('a store without a checkout domain: checkouts never read the site', async () => {
    const world = await setUp();
    assert.equal((await world.rest('DELETE', '/v3/channels/1/site/checkout-url')).status, 200);
    for (const mode of ['redirect', 'embedded']) {
      const res = await world.checkout(mode);
      assert.ok(res.body.url.startsWith(`${STORE}/cart.php?`), res.body.url);
      assert.ok(!res.calls.includes(SITE_READ));
    }
  });
});
