// The Customer Login JWT in the login URL that POST /api/checkout returns to a signed-in shopper, checked with an
// implementation of HS256 independent of the stub's (node:crypto createHmac over "header.payload") against
// guides/start_authentication_customer-login.mdx: iss, iat (store clock), jti, operation, store_hash,
// customer_id, channel_id, redirect_to, request_ip.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { loadConfig } from '../../server/index.js';
import { createLoginTokens } from '../../server/customer-login-jwt.js';
import { ENV, SECRETS, STORE_HASH, STORE_URL, createStub, failing, redirectUrls, reply, signIn } from './server-fixtures.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const LOGIN_PREFIX = `${STORE_URL}/login/token/`;

/** Splits and verifies an HS256 JWT with `secret`; returns { header, claims } or throws. */
function verifyHs256(jwt, secret) {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'header.payload.signature');
  const [h, p, s] = parts;
  for (const part of parts) assert.match(part, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  assert.equal(s, expected, 'the signature is HMAC-SHA256 of header.payload with the client secret');
  assert.ok(timingSafeEqual(Buffer.from(s, 'base64url'), createHmac('sha256', secret).update(`${h}.${p}`).digest()));
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')), claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) };
}

function tokenOf(url) {
  assert.ok(url.startsWith(LOGIN_PREFIX), `a login URL on the store: ${url}`);
  return url.slice(LOGIN_PREFIX.length);
}

/**
 * A stub with a signed-in customer 7, fresh redirect_urls on every checkout and a store clock `skewS`
 * seconds off ours (GET /v2/time). Returns { stub, cookie, urls (every redirect_urls given) }.
 */
async function signedInStub({ env = {}, skewS = 0, time, clientAddress = '203.0.113.9' } = {}) {
  const stub = await createStub({ env });
  const urls = [];
  stub.upstream
    .on('GET', '/v2/time', time ?? (() => reply(200, { time: Math.floor(Date.now() / 1000) + skewS })))
    .on('POST', '/v3/carts/cart-1/redirect_urls', () => {
      const u = redirectUrls('cart-1');
      urls.push(u);
      return reply(201, { data: u });
    });
  const cookie = await signIn(stub, { customerId: 7, client: clientAddress });
  return { stub, cookie, urls };
}

async function checkout(stub, cookie, { mode = 'redirect', ...options } = {}) {
  const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode }, cookie, ...options });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.signedIn, true);
  assert.equal(res.body.mode, mode);
  return res.body.url;
}

describe('Customer Login JWT from POST /api/checkout', () => {
  test('redirect mode: HS256 with the client secret; iss, iat, jti, operation, store_hash, customer_id, channel_id, redirect_to', async () => {
    const { stub, cookie, urls } = await signedInStub();
    const before = Date.now();
    const url = await checkout(stub, cookie);
    const { header, claims } = verifyHs256(tokenOf(url), SECRETS.BC_CLIENT_SECRET);
    assert.equal(header.alg, 'HS256');
    assert.equal(header.typ, 'JWT');
    assert.equal(claims.iss, ENV.BC_CLIENT_ID);
    assert.ok(Number.isInteger(claims.iat), 'iat is whole seconds');
    assert.ok(Math.abs(claims.iat - before / 1000) <= 2, `iat ${claims.iat} within 2 s of now ${before / 1000}`);
    assert.match(claims.jti, UUID);
    assert.equal(claims.operation, 'customer_login');
    assert.equal(claims.store_hash, STORE_HASH);
    assert.equal(claims.customer_id, 7);
    assert.equal(claims.channel_id, 1);
    assert.equal(claims.redirect_to, urls[urls.length - 1].checkout_url);
    assert.ok(!('request_ip' in claims), 'no request_ip unless BC_JWT_REQUEST_IP=true');
    assert.ok(!('exp' in claims) || claims.exp - claims.iat <= 30, 'no lifetime beyond the 30 s the store allows');
    // Only the client secret signs it.
    for (const other of [SECRETS.BC_ACCESS_TOKEN, SECRETS.SESSION_SECRET]) {
      assert.throws(() => verifyHs256(tokenOf(url), other));
    }
  });

  test('embedded mode: redirect_to is the embedded checkout URL', async () => {
    const { stub, cookie, urls } = await signedInStub();
    const url = await checkout(stub, cookie, { mode: 'embedded' });
    const { claims } = verifyHs256(tokenOf(url), SECRETS.BC_CLIENT_SECRET);
    assert.equal(claims.redirect_to, urls[urls.length - 1].embedded_checkout_url);
    assert.match(claims.redirect_to, /embedded=1/);
  });

  test('channel_id is BC_CHANNEL_ID', async () => {
    const { stub, cookie } = await signedInStub({ env: { BC_CHANNEL_ID: '3' } });
    const { claims } = verifyHs256(tokenOf(await checkout(stub, cookie)), SECRETS.BC_CLIENT_SECRET);
    assert.equal(claims.channel_id, 3);
    assert.equal(typeof claims.channel_id, 'number');
  });

  test("iat follows the store's clock (GET /v2/time): a store 100 s ahead gets iat 100 s ahead, and the offset is cached", async () => {
    const { stub, cookie } = await signedInStub({ skewS: 100 });
    const now = Date.now() / 1000;
    const first = verifyHs256(tokenOf(await checkout(stub, cookie)), SECRETS.BC_CLIENT_SECRET).claims;
    assert.ok(Math.abs(first.iat - (now + 100)) <= 2, `iat ${first.iat} is the store's time ${now + 100}`);
    const second = verifyHs256(tokenOf(await checkout(stub, cookie)), SECRETS.BC_CLIENT_SECRET).claims;
    assert.ok(Math.abs(second.iat - (now + 100)) <= 2);
    const timeCalls = stub.upstream.calls.filter((c) => c.method === 'GET' && c.path === '/v2/time');
    assert.equal(timeCalls.length, 1, 'the store time is asked once, not per login');
    assert.equal(timeCalls[0].headers.get('x-auth-token'), SECRETS.BC_ACCESS_TOKEN);
  });

  test('a store clock 100 s behind gets iat 100 s behind', async () => {
    const { stub, cookie } = await signedInStub({ skewS: -100 });
    const now = Date.now() / 1000;
    const { claims } = verifyHs256(tokenOf(await checkout(stub, cookie)), SECRETS.BC_CLIENT_SECRET);
    assert.ok(Math.abs(claims.iat - (now - 100)) <= 2, `iat ${claims.iat} vs store ${now - 100}`);
  });

  test('when GET /v2/time fails, the login still works with our clock', async () => {
    const { stub, cookie } = await signedInStub({ time: failing(500, 'Internal Server Error') });
    const now = Date.now() / 1000;
    const { claims } = verifyHs256(tokenOf(await checkout(stub, cookie)), SECRETS.BC_CLIENT_SECRET);
    assert.ok(Math.abs(claims.iat - now) <= 2);
  });

  test('every checkout signs a new token with a new jti (single use, never generated ahead)', async () => {
    const { stub, cookie } = await signedInStub();
    const jtis = new Set();
    const tokens = new Set();
    for (let i = 0; i < 25; i++) {
      const token = tokenOf(await checkout(stub, cookie, { mode: i % 2 ? 'embedded' : 'redirect' }));
      tokens.add(token);
      jtis.add(verifyHs256(token, SECRETS.BC_CLIENT_SECRET).claims.jti);
    }
    assert.equal(tokens.size, 25);
    assert.equal(jtis.size, 25);
    assert.equal(stub.upstream.calls.filter((c) => c.path === '/v3/carts/cart-1/redirect_urls').length, 25);
  });

  test('a shopper who is not signed in gets the plain checkout URL, no token', async () => {
    const { stub, urls } = await signedInStub();
    const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1') } });
    assert.equal(res.status, 200);
    assert.equal(res.body.signedIn, false);
    assert.equal(res.body.url, urls[urls.length - 1].checkout_url);
    assert.ok(!res.body.url.includes('/login/token/'));
  });

  // A login JWT is single use (BigCommerce Customer Login guide); the browser layer asks for a URL it will not open
  // (to learn the checkout's origin before the Checkout SDK's allow-cookie round trip) with login: false.
  test('login: false gives a signed-in shopper the plain checkout URL, and makes no token', async () => {
    const { stub, cookie, urls } = await signedInStub();
    for (const mode of ['embedded', 'redirect']) {
      const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode, login: false }, cookie });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.signedIn, false);
      assert.equal(res.body.url, urls.at(-1)[mode === 'embedded' ? 'embedded_checkout_url' : 'checkout_url']);
    }
    assert.equal(stub.upstream.calls.filter((c) => c.path === '/v2/time').length, 0, 'no token, so no clock reading');
    // Anything but false is the ordinary answer.
    for (const login of [true, 'false', 0, null]) {
      const res = await stub.request('POST', '/api/checkout', { json: { cartId: 'cart-1', cartToken: await stub.cartToken('cart-1'), mode: 'embedded', login }, cookie });
      assert.equal(res.body.signedIn, true, JSON.stringify(login));
    }
  });

  test('request_ip: the client address when BC_JWT_REQUEST_IP=true, absent otherwise', async () => {
    const on = await signedInStub({ env: { BC_JWT_REQUEST_IP: 'true' } });
    const withIp = verifyHs256(tokenOf(await checkout(on.stub, on.cookie, { client: '203.0.113.9' })), SECRETS.BC_CLIENT_SECRET).claims;
    assert.equal(withIp.request_ip, '203.0.113.9');

    for (const value of [undefined, 'false', '1', 'TRUE']) {
      const off = await signedInStub({ env: value === undefined ? {} : { BC_JWT_REQUEST_IP: value } });
      const claims = verifyHs256(tokenOf(await checkout(off.stub, off.cookie, { client: '203.0.113.9' })), SECRETS.BC_CLIENT_SECRET).claims;
      assert.ok(!('request_ip' in claims), `BC_JWT_REQUEST_IP=${value}: no request_ip`);
    }
  });

  test('request_ip behind proxies: the address TRUST_PROXY hops from the right of X-Forwarded-For, never one the client wrote', async () => {
    // One load balancer (10.0.0.1) appends the address it was called from; what the client sent stands left of it.
    const trusted = await signedInStub({ env: { BC_JWT_REQUEST_IP: 'true', TRUST_PROXY: 'true' } });
    const oneHop = { 'x-forwarded-for': '203.0.113.66, 198.51.100.23' };
    const viaProxy = verifyHs256(tokenOf(await checkout(trusted.stub, trusted.cookie, { client: '10.0.0.1', headers: oneHop })), SECRETS.BC_CLIENT_SECRET).claims;
    assert.equal(viaProxy.request_ip, '198.51.100.23');

    // A CDN in front of the load balancer: two hops.
    const twoProxies = await signedInStub({ env: { BC_JWT_REQUEST_IP: 'true', TRUST_PROXY: '2' } });
    const twoHops = { 'x-forwarded-for': '203.0.113.66, 198.51.100.23, 192.0.2.10' };
    const viaCdn = verifyHs256(tokenOf(await checkout(twoProxies.stub, twoProxies.cookie, { client: '10.0.0.1', headers: twoHops })), SECRETS.BC_CLIENT_SECRET).claims;
    assert.equal(viaCdn.request_ip, '198.51.100.23');

    const untrusted = await signedInStub({ env: { BC_JWT_REQUEST_IP: 'true' } });
    const direct = verifyHs256(tokenOf(await checkout(untrusted.stub, untrusted.cookie, { client: '203.0.113.9', headers: oneHop })), SECRETS.BC_CLIENT_SECRET).claims;
    assert.equal(direct.request_ip, '203.0.113.9', 'a spoofed X-Forwarded-For is ignored without TRUST_PROXY');
  });

  test('request_ip is never anything but an IP address (no client address known: no claim)', async () => {
    // On platforms that give the handler no client address the stub must not sign request_ip: "unknown",
    // which the store would compare with the browser's address and refuse.
    const { stub, cookie } = await signedInStub({ env: { BC_JWT_REQUEST_IP: 'true' } });
    const url = await checkout(stub, cookie, { info: {} });
    const { claims } = verifyHs256(tokenOf(url), SECRETS.BC_CLIENT_SECRET);
    assert.ok(!('request_ip' in claims) || isIP(claims.request_ip) !== 0, `request_ip ${JSON.stringify(claims.request_ip)} is not an IP address`);
  });
});

describe('customer-login module', () => {
  test('jti is a UUID, unique across 10,000 tokens, each verifying with the client secret', async () => {
    const config = loadConfig({ ...ENV });
    const logins = createLoginTokens(config, { storeTime: async () => 0 });
    const jtis = new Set();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const url = await logins.loginUrl({ customerId: 7, redirectTo: `${STORE_URL}/checkout` });
      const token = tokenOf(url);
      // Full verification of every 100th token, a cheap decode of the rest.
      const claims = i % 100 === 0
        ? verifyHs256(token, SECRETS.BC_CLIENT_SECRET).claims
        : JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      assert.match(claims.jti, UUID);
      jtis.add(claims.jti);
    }
    assert.equal(jtis.size, N, 'no jti repeats');
  });

  test('the store time offset is applied to iat, and redirect_to and customer_id are the ones asked for', async () => {
    const config = loadConfig({ ...ENV, BC_CHANNEL_ID: '5' });
    const fixed = Date.UTC(2025, 0, 15, 12, 0, 0, 400);
    const logins = createLoginTokens(config, { now: () => fixed, storeTime: async () => 100_000 });
    const url = await logins.loginUrl({ customerId: 42, redirectTo: '/checkout' });
    const { claims } = verifyHs256(tokenOf(url), SECRETS.BC_CLIENT_SECRET);
    assert.equal(claims.iat, Math.floor((fixed + 100_000) / 1000));
    assert.equal(claims.customer_id, 42);
    assert.equal(claims.redirect_to, '/checkout');
    assert.equal(claims.channel_id, 5);
    assert.equal(claims.iss, ENV.BC_CLIENT_ID);
  });
});
