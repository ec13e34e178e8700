// The server stub against the sandbox store, end to end over real HTTP: scripts/stack.mjs starts the storefront
// (with the stub under /api) and the sandbox on free ports, with a temporary SANDBOX_DATA file. A cart synced
// through the stub appears in the sandbox; the seeded shopper signs in; the login URL of POST /api/checkout is
// accepted once by the sandbox (as the embedded-checkout SDK calls it) and refused when replayed, tampered
// with or stale; a 422 from the sandbox comes back as line_rejected naming the line.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../scripts/stack.mjs';
import { readResponse } from './server-fixtures.mjs';

const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };

let stack;
let dataDir;
let dataFile;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bcch-sandbox-test-'));
  dataFile = join(dataDir, 'sandbox.json');
  // A clean environment: no real store's BC_* values may leak in from the shell running the tests.
  stack = await startStack({ env: { SANDBOX_DATA: dataFile }, storefrontPort: 0, sandboxPort: 0 });
});

after(async () => {
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});


/** A call to the stub, as the storefront page makes it (same origin, JSON, the session cookie). */
async function api(method, path, { json, cookie } = {}) {
  const headers = { Origin: stack.storefrontUrl, Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(`${stack.storefrontUrl}/api${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  return readResponse(response);
}

/** A call to the sandbox's REST API with the stack's token. */
async function rest(method, path) {
  const response = await fetch(`${stack.sandbox.url}/stores/${stack.env.BC_STORE_HASH}${path}`, {
    method,
    headers: { 'X-Auth-Token': stack.env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** What the embedded-checkout SDK does with a /login/token/ URL: POST it with the parent page's origin. */
async function redeem(url, origin = stack.storefrontUrl) {
  const response = await fetch(url, { method: 'POST', headers: { Origin: origin, Accept: 'application/json' }, redirect: 'manual' });
  return readResponse(response);
}

function savedCart(lines, cartId) {
  const doc = { version: 2, currency: 'USD', nextLine: lines.length + 1, lines };
  if (cartId) doc.cartId = cartId;
  return doc;
}

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs Customer Login claims with HS256 ourselves (node:crypto), as a third party holding the client secret would. */
function sign(claims, secret = stack.env.BC_CLIENT_SECRET) {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(claims);
  const mac = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${mac}`;
}

function claimsOf(url) {
  const token = url.split('/login/token/')[1];
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

function loginUrl(jwt) {
  return `${stack.env.BC_STORE_URL}/login/token/${jwt}`;
}

let customerId;
let cookie;

describe('the stub against the sandbox store', () => {
  test('the stack runs in sandbox mode on free ports', async () => {
    assert.ok(stack.sandbox, 'sandbox mode');
    assert.match(stack.storefrontUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(stack.sandbox.url, /^http:\/\/localhost:\d+$/);
    assert.equal(stack.env.BC_API_URL, stack.sandbox.url);
    assert.equal(stack.env.BC_STORE_URL, stack.sandbox.url);
    const health = await api('GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true, channelId: 1, storeUrl: stack.sandbox.url });
  });

  let cartId;
  let cartToken; // the one the last POST /api/cart gave

  test('a cart synced through POST /api/cart appears in the sandbox', async () => {
    const saved = savedCart([
      { id: 'l1', type: 'product', productId: 81, quantity: 2 },
      { id: 'l2', type: 'product', productId: 80, variantId: 64, quantity: 1 },
    ]);
    const res = await api('POST', '/cart', { json: saved });
    assert.equal(res.status, 200, res.text);
    cartId = res.body.cartId;
    cartToken = res.body.cartToken;
    assert.equal(typeof cartId, 'string');
    assert.ok(cartId.length > 0);
    const lines = res.body.cart.lines.map((l) => [l.productId, l.variantId, l.quantity]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(lines, [[80, 64, 1], [81, 150, 2]]);
    // Prices come from the store in minor units: 2 x 29.99 + 109.00.
    assert.equal(res.body.cart.cartAmount, 2 * 2999 + 10900);

    const stored = await rest('GET', `/v3/carts/${cartId}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.data.id, cartId);
    const items = stored.body.data.line_items.physical_items.map((i) => [i.product_id, i.quantity]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(items, [[80, 1], [81, 2]]);
    assert.equal(stored.body.data.channel_id, 1);

    // Syncing again with a changed quantity updates that same cart.
    const again = await api('POST', '/cart', { json: { ...saved, cartId, cartToken, lines: [{ ...saved.lines[0], quantity: 3 }, saved.lines[1]] } });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.cartId, cartId);
    const updated = await rest('GET', `/v3/carts/${cartId}`);
    assert.equal(updated.body.data.line_items.physical_items.find((i) => i.product_id === 81).quantity, 3);
  });

  test('the seeded shopper signs in through POST /api/session (cookie without Secure on http://127.0.0.1)', async () => {
    const wrong = await api('POST', '/session', { json: { email: SHOPPER.email, password: 'not-the-password' } });
    assert.equal(wrong.status, 401, wrong.text);
    assert.equal(wrong.body.error.code, 'invalid_credentials');

    const res = await api('POST', '/session', { json: SHOPPER });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.signedIn, true);
    assert.equal(res.body.customer.email, SHOPPER.email);
    customerId = res.body.customer.id;
    assert.ok(Number.isInteger(customerId) && customerId > 0);
    const setCookie = res.headers.getSetCookie();
    assert.equal(setCookie.length, 1);
    assert.match(setCookie[0], /^bcch_session=[^;]+;/);
    assert.match(setCookie[0], /HttpOnly/);
    assert.match(setCookie[0], /SameSite=Lax/);
    assert.doesNotMatch(setCookie[0], /Secure/);
    cookie = setCookie[0].split(';')[0];
    const me = await api('GET', '/session', { cookie });
    assert.deepEqual(me.body.signedIn, true);
    assert.equal(me.body.customer.id, customerId);
  });

  test('POST /api/checkout gives a /login/token/ URL the sandbox accepts once, with CORS for the storefront', async () => {
    assert.ok(cookie && cartId, 'the earlier tests signed in and made a cart');
    const res = await api('POST', '/checkout', { json: { cartId, cartToken, mode: 'embedded' }, cookie });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.signedIn, true);
    assert.ok(res.body.url.startsWith(`${stack.sandbox.url}/login/token/`), res.body.url);
    const claims = claimsOf(res.body.url);
    assert.equal(claims.customer_id, customerId);
    assert.equal(claims.channel_id, 1);
    assert.equal(claims.store_hash, stack.env.BC_STORE_HASH);

    const first = await redeem(res.body.url);
    assert.equal(first.status, 200, first.text);
    assert.equal(typeof first.body.redirectUrl, 'string');
    assert.equal(new URL(first.body.redirectUrl, stack.sandbox.url).origin, stack.sandbox.url, 'the iframe goes to the store');
    assert.equal(first.headers.get('access-control-allow-origin'), stack.storefrontUrl);
    assert.equal(first.headers.get('access-control-allow-credentials'), 'true');

    const replay = await redeem(res.body.url);
    assert.ok(replay.status >= 400 && replay.status < 500, `a replayed token is refused, got ${replay.status} ${replay.text}`);
    assert.ok(!replay.body || !('redirectUrl' in replay.body));
    assert.equal(typeof replay.body?.title, 'string', 'an error the SDK can show ({"title": ...})');
  });

  test('redirect mode: the login token redirects to the hosted checkout', async () => {
    const res = await api('POST', '/checkout', { json: { cartId, cartToken, mode: 'redirect' }, cookie });
    assert.equal(res.status, 200, res.text);
    const redeemed = await redeem(res.body.url);
    assert.equal(redeemed.status, 200, redeemed.text);
    assert.equal(typeof redeemed.body.redirectUrl, 'string');
    assert.equal(claimsOf(res.body.url).redirect_to.includes('embedded'), false);
  });

  test('the sandbox refuses tampered tokens, tokens with iat 31 s old, and tokens signed with another secret', async () => {
    const fresh = (extra = {}) => ({
      iss: stack.env.BC_CLIENT_ID,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      operation: 'customer_login',
      store_hash: stack.env.BC_STORE_HASH,
      customer_id: customerId,
      channel_id: 1,
      redirect_to: '/checkout',
      ...extra,
    });
    // Control: a token we sign ourselves with the client secret is accepted, so the refusals below are about
    // what was changed, not about our signing.
    const control = await redeem(loginUrl(sign(fresh())));
    assert.equal(control.status, 200, `our own well-formed token: ${control.text}`);
    assert.equal(typeof control.body.redirectUrl, 'string');

    // Tampered: a real token from the stub with the payload changed (another customer) and the signature kept.
    const res = await api('POST', '/checkout', { json: { cartId, cartToken, mode: 'embedded' }, cookie });
    assert.equal(res.status, 200, res.text);
    const [head, , mac] = res.body.url.split('/login/token/')[1].split('.');
    const tamperedPayload = b64({ ...claimsOf(res.body.url), customer_id: customerId + 1 });
    const tampered = await redeem(loginUrl(`${head}.${tamperedPayload}.${mac}`));
    assert.ok(tampered.status >= 400 && tampered.status < 500, `tampered payload: ${tampered.status} ${tampered.text}`);
    assert.ok(!tampered.body || !('redirectUrl' in tampered.body));
    // ...and a flipped signature character.
    const flipped = `${head}.${res.body.url.split('/login/token/')[1].split('.')[1]}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`;
    const badMac = await redeem(loginUrl(flipped));
    assert.ok(badMac.status >= 400 && badMac.status < 500, `bad signature: ${badMac.status} ${badMac.text}`);
    // The untouched token is still good (the tampered ones did not burn it).
    const genuine = await redeem(res.body.url);
    assert.equal(genuine.status, 200, genuine.text);

    const stale = await redeem(loginUrl(sign(fresh({ iat: Math.floor(Date.now() / 1000) - 31 }))));
    assert.ok(stale.status >= 400 && stale.status < 500, `iat 31 s old: ${stale.status} ${stale.text}`);
    assert.ok(!stale.body || !('redirectUrl' in stale.body));

    const otherSecret = await redeem(loginUrl(sign(fresh(), 'not-the-client-secret-0123456789abcdef')));
    assert.ok(otherSecret.status >= 400 && otherSecret.status < 500, `another secret: ${otherSecret.status}`);

    const wrongIssuer = await redeem(loginUrl(sign(fresh({ iss: 'someone-else' }))));
    assert.ok(wrongIssuer.status >= 400 && wrongIssuer.status < 500, `another iss: ${wrongIssuer.status}`);
  });

  test('a token POSTed from another origin gets no CORS grant', async () => {
    const res = await api('POST', '/checkout', { json: { cartId, cartToken, mode: 'embedded' }, cookie });
    const foreign = await redeem(res.body.url, 'https://attacker.example');
    assert.notEqual(foreign.headers.get('access-control-allow-origin'), 'https://attacker.example');
    assert.notEqual(foreign.headers.get('access-control-allow-origin'), '*');
  });

  test('a quantity above the max purchase quantity: the sandbox 422 comes back as line_rejected naming the line', async () => {
    // Product 96 (Night Garden Print) allows at most 2 per order.
    const saved = savedCart([
      { id: 'l1', type: 'product', productId: 81, quantity: 1 },
      { id: 'l2', type: 'product', productId: 96, quantity: 3 },
    ]);
    const res = await api('POST', '/cart', { json: saved });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error.code, 'line_rejected');
    assert.equal(res.body.error.lineId, 'l2');
    assert.equal(res.body.error.productId, 96);
    assert.ok(res.body.error.message.length > 0);
    // The good line went in: the cart exists and holds it, so the shopper only fixes the named line.
    const partial = res.body.error.cartId;
    assert.equal(typeof partial, 'string');
    assert.equal(typeof res.body.error.cartToken, 'string', 'the partial cart comes with its token');
    const stored = await rest('GET', `/v3/carts/${partial}`);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body.data.line_items.physical_items.map((i) => [i.product_id, i.quantity]), [[81, 1]]);

    // Raising a line of an existing cart past the maximum (a PUT) names that line too.
    const ok = await api('POST', '/cart', { json: savedCart([{ id: 'l1', type: 'product', productId: 96, quantity: 2 }]) });
    assert.equal(ok.status, 200, ok.text);
    const more = await api('POST', '/cart', { json: { ...savedCart([{ id: 'l1', type: 'product', productId: 96, quantity: 5 }], ok.body.cartId), cartToken: ok.body.cartToken } });
    assert.equal(more.status, 422, more.text);
    assert.equal(more.body.error.code, 'line_rejected');
    assert.equal(more.body.error.lineId, 'l1');
    assert.equal(more.body.error.productId, 96);
    assert.equal(more.body.error.cartId, ok.body.cartId);
  });

  test('the sandbox kept its state in the temporary SANDBOX_DATA file', async () => {
    // Give a debounced writer a moment.
    for (let i = 0; i < 50 && !existsSync(dataFile); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(dataFile), `${dataFile} exists`);
    assert.ok(statSync(dataFile).size > 0);
  });
});
