// The setup check: runSetupCheck (server/setup-check.js) against a scripted fake upstream, one test per finding
// (the ok path and the problem path of every check, upstream 403/404/429/5xx/time-outs as findings, never a
// throw, no secret and no login token in any output, the fix bodies valid for BigCommerce's OpenAPI files); then
// GET /api/setup-check end to end against the sandbox store (scripts/stack.mjs with SETUP_CHECK=true), its calls
// checked against the OpenAPI files, and the sandbox's cookie probe page, in Chromium when it is installed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../scripts/stack.mjs';
import { createHandler, loadConfig } from '../../server/index.js';
import { parseOrigin, runSetupCheck } from '../../server/setup-check.js';
import { createUpstream, UpstreamError } from '../../server/bigcommerce-client.js';
import { createSandbox } from '../../sandbox/index.js';
import { core, ENV, SECRETS, STORE_HASH, STORE_URL, STOREFRONT } from './server-fixtures.mjs';
import { resolveOperation, validateRequestBody, validateResponse } from '../contract/openapi-contract.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NOW = Date.UTC(2026, 3, 14, 12, 0, 0);
const STUB = 'https://stub.example.net';
const config = loadConfig({ ...ENV, SETUP_CHECK: 'true' });

const outputs = []; // every result of every test, for the secrets scan at the end
const secrets = [...Object.values(SECRETS)]; // the stack's generated ones join them

const CHANNEL = { data: { id: 1, name: 'Headless storefront', type: 'storefront', platform: 'custom', status: 'active' }, meta: {} };
const SITE = { data: { id: 1000, url: STOREFRONT, channel_id: 1 }, meta: {} };
const PAYMENT_METHODS = '/v2/payments/methods?limit=250';
const METHODS = [{ code: 'braintree', name: 'Braintree', test_mode: false }, { code: 'cheque', name: 'Check', test_mode: false }];

/** A scripted BigCommerce: path -> body, an Error to throw, or a function of the path. Unscripted paths fail the test. */
function fakeUpstream(overrides = {}) {
  const answers = { '/v3/channels/1': CHANNEL, '/v3/channels/1/site': SITE, '/v2/time': { time: Math.floor(NOW / 1000) }, [PAYMENT_METHODS]: METHODS, ...overrides };
  const calls = [];
  return {
    calls,
    async request(method, path, body) {
      calls.push({ method, path, body });
      assert.ok(path in answers, `unexpected upstream call ${method} ${path}`);
      const answer = typeof answers[path] === 'function' ? answers[path](path) : answers[path];
      if (answer instanceof Error) throw answer;
      return { status: 200, json: structuredClone(answer) };
    },
  };
}

async function check(options = {}) {
  const upstream = options.upstream ?? fakeUpstream(options.answers);
  const result = await runSetupCheck({ config: options.config ?? config, upstream, embeddingOrigin: options.embeddingOrigin ?? STOREFRONT, stubOrigin: 'stubOrigin' in options ? options.stubOrigin : STUB, now: () => NOW, loginTokens: options.loginTokens });
  outputs.push(JSON.stringify(result));
  const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
  return { result, byId, upstream };
}

const upstreamError = (status, body = null) => new UpstreamError(status, body);
/** The JSON body written in a fix sentence after "with the body". */
const bodyIn = (fix) => JSON.parse(fix.match(/with the body (\{.*?\})(?= \(|\.(?: |$))/)[1]);

describe('runSetupCheck', () => {
  test('a good set-up: every check ok, the browser-side one info, only reads sent, plain sentences', async () => {
    const { result, byId, upstream } = await check();
    assert.deepEqual(result.checks.map((c) => c.id), ['channel_site', 'checkout_domain', 'https', 'allowed_origins', 'login_jwt', 'third_party_cookies', 'payment_gateways']);
    assert.deepEqual(result.checks.map((c) => c.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'info', 'ok']);
    for (const c of result.checks) {
      assert.deepEqual(Object.keys(c).filter((k) => !['id', 'status', 'title', 'detail', 'fix'].includes(k)), []);
      assert.ok(c.title && /[.)]$/.test(c.detail), `${c.id}: a title and a sentence: ${c.detail}`);
    }
    assert.deepEqual(upstream.calls.map((c) => `${c.method} ${c.path}`).sort(), [`GET ${PAYMENT_METHODS}`, 'GET /v2/time', 'GET /v3/channels/1', 'GET /v3/channels/1/site']);
    assert.match(byId.channel_site.detail, /site URL is https:\/\/shop\.example\.com/);
    assert.match(byId.login_jwt.detail, /channel_id 1\b/);
    assert.match(byId.third_party_cookies.detail, /Safari.*incognito.*\/embedded-checkout\/allow-cookie/s);
    assert.match(byId.payment_gateways.detail, /Braintree \(braintree\), Check \(cheque\)/);
    assert.match(byId.payment_gateways.detail, /hosted \(offsite\) payment gateway/);
  });

  // The methods BigCommerce's checkout refuses inside an embedded checkout: bigcommerce/checkout-js
  // packages/core/src/app/embeddedCheckout/createEmbeddedCheckoutSupport.ts; the list is GET /v2/payments/methods
  // (bigcommerce/docs reference/payment_methods.v2.yml, scope Information & Settings read-only).
  describe('payment_gateways', () => {
    test('enabled methods the embedded checkout refuses: a problem naming each, what the shopper sees, both fixes', async () => {
      const methods = [
        { code: 'applepay', name: 'Apple Pay', test_mode: false },
        { code: 'braintree', name: 'Braintree', test_mode: false },
        { code: 'googlepaybraintree', name: 'Google Pay', test_mode: false },
        { code: 'klarna', name: 'Klarna', test_mode: true },
        { code: 'amazonpay', name: 'Amazon Pay', test_mode: false },
        { code: 'afterpay', name: 'Afterpay', test_mode: false },
        { code: 'masterpass', name: 'Masterpass', test_mode: false },
      ];
      const c = (await check({ answers: { [PAYMENT_METHODS]: methods } })).byId.payment_gateways;
      assert.equal(c.status, 'problem');
      for (const m of methods.filter((x) => x.code !== 'braintree')) assert.ok(c.detail.includes(`${m.name} (${m.code})`), `${m.code} named: ${c.detail}`);
      assert.doesNotMatch(c.detail, /Braintree \(braintree\)/);
      assert.match(c.detail, /not supported by Embedded Checkout/);
      assert.match(c.fix, /checkout\(\{ mode: 'redirect' \}\)/);
      assert.match(c.fix, /turn them off for the headless channel/);
    });

    test('CHECKOUT_ORDERS on and only offline methods: a warning that no saved card can be charged; a gateway: info', async () => {
      const withOrders = { ...config, checkoutOrders: true };
      const offline = [{ code: 'cheque', name: 'Check', test_mode: false }, { code: 'cod', name: 'Cash on Delivery', test_mode: false }];
      const warned = (await check({ config: withOrders, answers: { [PAYMENT_METHODS]: offline } })).byId.stored_card_payments;
      assert.equal(warned.status, 'warning');
      assert.match(warned.detail, /Check \(cheque\), Cash on Delivery \(cod\)/);
      assert.match(warned.fix, /stores cards/);
      const gateway = (await check({ config: withOrders, answers: { [PAYMENT_METHODS]: [{ code: 'braintree', name: 'Braintree', test_mode: false }, ...offline] } })).byId.stored_card_payments;
      assert.equal(gateway.status, 'info');
      assert.match(gateway.detail, /Braintree \(braintree\)/);
      assert.equal((await check({ answers: { [PAYMENT_METHODS]: offline } })).byId.stored_card_payments, undefined, 'no such check with orders off');
    });

    test('the API account without the scope (403): a warning naming the scope', async () => {
      const c = (await check({ answers: { [PAYMENT_METHODS]: upstreamError(403, { status: 403, title: 'You do not have permission' }) } })).byId.payment_gateways;
      assert.equal(c.status, 'warning');
      assert.match(c.detail, /Information & Settings \(read-only, store_payments_methods_read\) scope \(403\)/);
      assert.match(c.fix, /store_payments_methods_read/);
    });

    test('the store unreachable or the endpoint gone: a warning, never a throw', async () => {
      for (const error of [upstreamError(0), upstreamError(504), upstreamError(404, { status: 404, title: 'Not Found' }), upstreamError(500)]) {
        const c = (await check({ answers: { [PAYMENT_METHODS]: error } })).byId.payment_gateways;
        assert.equal(c.status, 'warning', `${error.status}: ${c.detail}`);
        assert.match(c.detail, /could not be read \(GET \/v2\/payments\/methods\)/);
      }
    });

    test('an empty or odd list: info, nothing invented', async () => {
      for (const answer of [[], null, { data: [] }]) {
        const c = (await check({ answers: { [PAYMENT_METHODS]: answer } })).byId.payment_gateways;
        assert.equal(c.status, 'info', JSON.stringify(answer));
        assert.match(c.detail, /listed no enabled payment methods/);
      }
    });
  });

  describe('channel_site', () => {
    test('a site URL on another origin: a problem naming both, and the exact PUT that fixes it (valid for updateChannelSite)', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'https://old-shop.example.org/' } } } });
      const c = byId.channel_site;
      assert.equal(c.status, 'problem');
      assert.match(c.detail, /https:\/\/old-shop\.example\.org\/.*https:\/\/shop\.example\.com/);
      assert.match(c.detail, /spinner/);
      assert.ok(c.fix.includes(`PUT https://api.bigcommerce.test/stores/${STORE_HASH}/v3/channels/1/site`), c.fix);
      assert.deepEqual(bodyIn(c.fix), { url: STOREFRONT });
      assert.ok(validateRequestBody('channels.v3.yml', 'PUT', '/channels/{channel_id}/site', bodyIn(c.fix)).valid);
    });

    test('www. and no www. differ, and the detail says so; a site URL with a path matches on its origin', async () => {
      const www = await check({ answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'https://www.shop.example.com' } } } });
      assert.equal(www.byId.channel_site.status, 'problem');
      assert.match(www.byId.channel_site.detail, /www\./);
      const path = await check({ answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'https://shop.example.com/store/' } } } });
      assert.equal(path.byId.channel_site.status, 'ok');
    });

    test('no site (404): a problem with the POST that creates it (valid for createChannelSite)', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': upstreamError(404, { status: 404, title: 'Not found' }) } });
      assert.equal(byId.channel_site.status, 'problem');
      assert.match(byId.channel_site.detail, /has no site/);
      assert.match(byId.channel_site.fix, /^Create the site: POST \S+\/v3\/channels\/1\/site/);
      assert.deepEqual(bodyIn(byId.channel_site.fix), { channel_id: 1, url: STOREFRONT });
      assert.ok(validateRequestBody('channels.v3.yml', 'POST', '/channels/{channel_id}/site', bodyIn(byId.channel_site.fix)).valid);
    });

    test('403: a problem saying the API account lacks the Channel Settings scope; 401: the token', async () => {
      const forbidden = await check({ answers: { '/v3/channels/1/site': upstreamError(403), '/v3/channels/1': upstreamError(403) } });
      assert.equal(forbidden.byId.channel_site.status, 'problem');
      assert.match(forbidden.byId.channel_site.detail, /403.*Channel Settings scope/);
      assert.equal(forbidden.byId.login_jwt.status, 'problem');
      const unauthorised = await check({ answers: { '/v3/channels/1/site': upstreamError(401) } });
      assert.match(unauthorised.byId.channel_site.fix, /BC_ACCESS_TOKEN/);
    });

    test('429, 500, 503, a time-out, a network failure, a bug: a warning that the store could not be reached, never a throw', async () => {
      for (const [error, words] of [[upstreamError(429), /slow down/], [upstreamError(500), /answered 500/], [upstreamError(503), /answered 503/], [upstreamError(504), /did not answer within 50 ms/], [upstreamError(0), /no connection/], [new TypeError('boom'), /did not answer properly/]]) {
        const { byId } = await check({ answers: { '/v3/channels/1/site': error, '/v3/channels/1': error, '/v2/time': error } });
        assert.equal(byId.channel_site.status, 'warning', byId.channel_site.detail);
        assert.match(byId.channel_site.detail, /could not be reached/);
        assert.match(byId.channel_site.detail, words);
        assert.equal(byId.login_jwt.status, 'warning');
        assert.equal(byId.https.status, 'ok', 'the checks that need no upstream still run');
      }
    });

    test('no such channel (both 404): the site and the token checks both name BC_CHANNEL_ID', async () => {
      const missing = upstreamError(404, { status: 404, title: 'A channel with the provided ID was not found.' });
      const { byId } = await check({ answers: { '/v3/channels/1/site': missing, '/v3/channels/1': missing } });
      assert.equal(byId.channel_site.status, 'problem');
      assert.match(byId.channel_site.detail, /no channel 1 \(BC_CHANNEL_ID\)/);
      assert.equal(byId.login_jwt.status, 'problem');
      assert.match(byId.login_jwt.fix, /BC_CHANNEL_ID/);
    });
  });

  describe('checkout_domain', () => {
    const CHECKOUT_URL_PUT = `PUT https://api.bigcommerce.test/stores/${STORE_HASH}/v3/channels/1/site/checkout-url`;
    const siteWith = (checkoutUrl, customized) => ({
      data: { ...SITE.data, urls: [{ url: STOREFRONT, type: 'primary' }, { url: STOREFRONT, type: 'canonical' }, { url: checkoutUrl, type: 'checkout' }], is_checkout_url_customized: customized },
    });

    test('not customised, on the store (BC_STORE_URL): ok, saying so', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': siteWith(STORE_URL, false) } });
      assert.equal(byId.checkout_domain.status, 'ok');
      assert.match(byId.checkout_domain.detail, /store's own domain \(https:\/\/store-abc123\.mybigcommerce\.com\)/);
    });

    test('customised on the storefront\'s main domain (sites.v3.yml is_checkout_url_customized): info naming the origin and the storeOrigins to pass, first-party cookies', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': siteWith('https://checkout.example.com', true) } });
      const c = byId.checkout_domain;
      assert.equal(c.status, 'info');
      assert.match(c.detail, /own domain, https:\/\/checkout\.example\.com/);
      assert.match(c.detail, /createCheckout\(\{ storeOrigins \}\) must list https:\/\/checkout\.example\.com/);
      assert.match(c.detail, /main domain \(example\.com\), so its cookies are first-party/);
      assert.equal(c.fix, `Pass storeOrigins: ${JSON.stringify([STORE_URL, 'https://checkout.example.com'])} to createCheckout().`);
    });

    test('customised on another main domain than the embedding page: a warning that its cookies are third-party there, with a PUT valid for updateCheckoutUrl', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': siteWith('https://checkout.other-shop.net', true) } });
      const c = byId.checkout_domain;
      assert.equal(c.status, 'warning');
      assert.match(c.detail, /not on the storefront's main domain \(example\.com, from https:\/\/shop\.example\.com\).*third-party cookies there/);
      assert.ok(c.fix.includes(CHECKOUT_URL_PUT), c.fix);
      assert.deepEqual(bodyIn(c.fix), { url: 'https://checkout.example.com' });
      assert.ok(validateRequestBody('channels.v3.yml', 'PUT', '/channels/{channel_id}/site/checkout-url', bodyIn(c.fix)).valid);
    });

    test('customised over plain http off this computer: a problem, the stub refuses it', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': siteWith('http://checkout.example.com', true) } });
      assert.equal(byId.checkout_domain.status, 'problem');
      assert.match(byId.checkout_domain.detail, /plain http.*unsafe_checkout_url/);
      assert.deepEqual(bodyIn(byId.checkout_domain.fix), { url: 'https://checkout.example.com' });
    });

    test('not customised but on neither the store nor a checkout domain (the default channel\'s primary URL): a problem in plain words, with both ways out', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1/site': siteWith('https://www.my-store.example.org', false) } });
      const c = byId.checkout_domain;
      assert.equal(c.status, 'problem');
      assert.match(c.detail, /check out at https:\/\/www\.my-store\.example\.org, which is neither the store's address .*BC_STORE_URL, https:\/\/store-abc123\.mybigcommerce\.com.* nor a checkout domain of channel 1/);
      assert.match(c.detail, /502 unsafe_checkout_url/);
      assert.match(c.fix, /set BC_STORE_URL=https:\/\/www\.my-store\.example\.org and restart/);
      assert.ok(validateRequestBody('channels.v3.yml', 'PUT', '/channels/{channel_id}/site/checkout-url', bodyIn(c.fix)).valid);
    });

    test('against the sandbox store with a checkout domain (its GET /v3/channels/1/site as BigCommerce shapes it): info naming it, first-party for the storefront', async () => {
      const store = 'http://localhost:8081';
      const sandboxConfig = loadConfig({ ...ENV, BC_API_URL: store, BC_STORE_URL: store, CUSTOM_ITEMS: '', SETUP_CHECK: 'true', UPSTREAM_TIMEOUT_MS: '10000' });
      const sandbox = createSandbox({
        storeHash: STORE_HASH, accessToken: SECRETS.BC_ACCESS_TOKEN, clientId: ENV.BC_CLIENT_ID, clientSecret: SECRETS.BC_CLIENT_SECRET,
        origin: store, siteUrl: 'http://localhost:8080', checkoutOrigin: 'http://localhost:8082', log: () => {},
      });
      const upstream = createUpstream(sandboxConfig, { fetch: (url, init) => sandbox.fetch(new Request(url, init)) });
      const { byId } = await check({ config: sandboxConfig, upstream, embeddingOrigin: 'http://localhost:8080' });
      assert.equal(byId.checkout_domain.status, 'info', byId.checkout_domain.detail);
      assert.match(byId.checkout_domain.detail, /own domain, http:\/\/localhost:8082.*main domain \(localhost\), so its cookies are first-party/s);
      assert.equal(byId.checkout_domain.fix, `Pass storeOrigins: ${JSON.stringify([store, 'http://localhost:8082'])} to createCheckout().`);
      await sandbox.fetch(new Request(`${store}/stores/${STORE_HASH}/v3/channels/1/site/checkout-url`, { method: 'DELETE', headers: { 'X-Auth-Token': SECRETS.BC_ACCESS_TOKEN } }));
      assert.equal((await check({ config: sandboxConfig, upstream, embeddingOrigin: 'http://localhost:8080' })).byId.checkout_domain.status, 'ok');
    });

    test('the store\'s www. variant counts as the store; a site that could not be read is a warning, not a throw', async () => {
      const www = await check({ answers: { '/v3/channels/1/site': siteWith('https://www.store-abc123.mybigcommerce.com', false) } });
      assert.equal(www.byId.checkout_domain.status, 'ok');
      const down = await check({ answers: { '/v3/channels/1/site': upstreamError(503) } });
      assert.equal(down.byId.checkout_domain.status, 'warning');
      assert.match(down.byId.checkout_domain.detail, /could not be checked/);
    });
  });

  describe('https', () => {
    test('an http storefront off loopback: a problem; http on 127.0.0.1 or localhost: ok, for local testing only', async () => {
      const plain = await check({ embeddingOrigin: 'http://shop.example.com', answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'http://shop.example.com' } } } });
      assert.equal(plain.byId.https.status, 'problem');
      assert.match(plain.byId.https.detail, /plain http \(http:\/\/shop\.example\.com\)/);
      assert.match(plain.byId.https.fix, /https:\/\/shop\.example\.com/);
      const local = await check({ embeddingOrigin: 'http://127.0.0.1:8080', config: loadConfig({ ...ENV, BC_STORE_URL: 'http://localhost:8081' }), answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'http://127.0.0.1:8080' } } } });
      assert.equal(local.byId.https.status, 'ok');
      assert.match(local.byId.https.detail, /http:\/\/127\.0\.0\.1:8080.*local testing only.*http:\/\/localhost:8081.*local testing only/s);
      const v6 = await check({ embeddingOrigin: 'http://[::1]:8080', config: loadConfig({ ...ENV, BC_STORE_URL: 'http://[::1]:8081' }), answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'http://[::1]:8080' } } } });
      assert.equal(v6.byId.https.status, 'ok');
      assert.match(v6.byId.https.detail, /http:\/\/\[::1\]:8080.*local testing only.*http:\/\/\[::1\]:8081.*local testing only/s);
    });
  });

  describe('allowed_origins', () => {
    test('the stub on the page\'s own origin, or the page in ALLOWED_ORIGINS: ok', async () => {
      assert.equal((await check({ embeddingOrigin: STOREFRONT, stubOrigin: STOREFRONT })).byId.allowed_origins.status, 'ok');
      assert.match((await check()).byId.allowed_origins.detail, /is in ALLOWED_ORIGINS/);
    });

    test('a page on another origin not in ALLOWED_ORIGINS: a problem with the line to set', async () => {
      const { byId } = await check({ embeddingOrigin: 'https://other.example.com', answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: 'https://other.example.com' } } } });
      assert.equal(byId.allowed_origins.status, 'problem');
      assert.match(byId.allowed_origins.detail, /https:\/\/other\.example\.com calls the server stub at https:\/\/stub\.example\.net/);
      assert.match(byId.allowed_origins.detail, /403 origin_not_allowed/);
      assert.ok(byId.allowed_origins.fix.includes(`ALLOWED_ORIGINS=${STOREFRONT},https://admin.example.com,https://other.example.com`), byId.allowed_origins.fix);
    });

    test('behind an https proxy (the stub sees http on the same host): a problem that says why', async () => {
      const { byId } = await check({ embeddingOrigin: 'https://new.example.com', stubOrigin: 'http://new.example.com' });
      assert.equal(byId.allowed_origins.status, 'problem');
      assert.match(byId.allowed_origins.detail, /sees its own address as http:\/\/new\.example\.com/);
    });

    test('without the stub\'s own origin: a warning that only the list could be checked', async () => {
      const { byId } = await check({ embeddingOrigin: 'https://other.example.com', stubOrigin: undefined });
      assert.equal(byId.allowed_origins.status, 'warning');
      assert.match(byId.allowed_origins.fix, /^If the stub runs on another address, add https:\/\/other\.example\.com to ALLOWED_ORIGINS/);
    });
  });

  describe('login_jwt', () => {
    test('a channel that is not a storefront: a problem with the POST that creates one (valid for createChannel)', async () => {
      const { byId } = await check({ answers: { '/v3/channels/1': { data: { ...CHANNEL.data, type: 'marketplace', name: 'Amazon' } } } });
      assert.equal(byId.login_jwt.status, 'problem');
      assert.match(byId.login_jwt.detail, /Channel 1 \("Amazon"\) is a marketplace channel/);
      const body = bodyIn(byId.login_jwt.fix);
      assert.equal(body.type, 'storefront');
      assert.ok(validateRequestBody('channels.v3.yml', 'POST', '/channels', body).valid);
    });

    test('the sample token is signed by customer-login.js with BC_CHANNEL_ID; one without channel_id is a problem', async () => {
      const other = loadConfig({ ...ENV, BC_CHANNEL_ID: '7' });
      const seven = fakeUpstream({ '/v3/channels/7': { data: { ...CHANNEL.data, id: 7 } }, '/v3/channels/7/site': SITE });
      const { byId } = await check({ config: other, upstream: seven });
      assert.equal(byId.login_jwt.status, 'ok', byId.login_jwt.detail);
      assert.match(byId.login_jwt.detail, /carries channel_id 7 and the other claims BigCommerce requires \(iss, iat, jti, operation, store_hash, customer_id, redirect_to\)/);
      assert.ok(!seven.calls.some((c) => c.path.includes('/login/token')), 'the sample token is sent nowhere');

      // A signer that drops channel_id (the bug that breaks embedded checkout on CORS).
      const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const claims = { iss: ENV.BC_CLIENT_ID, iat: NOW / 1000, jti: 'x', operation: 'customer_login', store_hash: STORE_HASH, customer_id: 0, redirect_to: '/checkout' };
      const broken = { loginUrl: async () => `${STORE_URL}/login/token/${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.sig` };
      const bad = await check({ loginTokens: broken });
      assert.equal(bad.byId.login_jwt.status, 'problem');
      assert.match(bad.byId.login_jwt.detail, /channel_id is null, not 1 .*CORS/);
      assert.match(bad.byId.login_jwt.detail, /lacks channel_id/);
      const throwing = await check({ loginTokens: { loginUrl: async () => { throw new Error('no key'); } } });
      assert.equal(throwing.byId.login_jwt.status, 'problem');
      assert.match(throwing.byId.login_jwt.detail, /could not sign/);
    });

    test('clock skew: over 10 s a warning saying which way; 5 s ok; /v2/time failing a warning', async () => {
      const behind = await check({ answers: { '/v2/time': { time: Math.floor(NOW / 1000) + 42 } } });
      assert.equal(behind.byId.login_jwt.status, 'warning');
      assert.match(behind.byId.login_jwt.detail, /42 s behind the store's/);
      assert.match(behind.byId.login_jwt.fix, /NTP/);
      const ahead = await check({ answers: { '/v2/time': { time: Math.floor(NOW / 1000) - 15 } } });
      assert.match(ahead.byId.login_jwt.detail, /15 s ahead of the store's/);
      const close = await check({ answers: { '/v2/time': { time: Math.floor(NOW / 1000) + 5 } } });
      assert.equal(close.byId.login_jwt.status, 'ok');
      const down = await check({ answers: { '/v2/time': upstreamError(503) } });
      assert.equal(down.byId.login_jwt.status, 'warning');
      assert.match(down.byId.login_jwt.detail, /store's clock \(GET \/v2\/time\).*503/);
    });
  });

  test('parseOrigin: origins only', () => {
    assert.equal(parseOrigin('https://shop.example.com'), 'https://shop.example.com');
    assert.equal(parseOrigin('https://shop.example.com/'), 'https://shop.example.com');
    assert.equal(parseOrigin('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    for (const bad of ['', 'shop.example.com', 'https://shop.example.com/path', 'https://shop.example.com?x=1', 'https://u:p@shop.example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'null', undefined]) {
      assert.equal(parseOrigin(bad), null, String(bad));
    }
  });

  test('secrets echoed by the store are scrubbed as in the handler\'s answers', async () => {
    const echo = `https://shop.example.com/?t=${SECRETS.BC_ACCESS_TOKEN}`;
    const { byId } = await check({ answers: { '/v3/channels/1/site': { data: { ...SITE.data, url: echo } }, '/v3/channels/1': { data: { ...CHANNEL.data, name: SECRETS.BC_CLIENT_SECRET } } } });
    assert.match(byId.channel_site.detail, /\?t=\[redacted\]/);
    assert.match(byId.login_jwt.detail, /\("\[redacted\]"\)/);
  });
});

// ---- GET /api/setup-check against the sandbox store ------------------------------------------------------------

describe('GET /api/setup-check against the sandbox store', () => {
  let stack;
  let dataDir;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcch-setup-check-'));
    // A storefront page that frames the probe, served by the storefront itself: a page Playwright fulfils has no
    // address, and Chromium's local network access checks then refuse its frame from loopback.
    const hostDir = join(dataDir, 'probe-host');
    mkdirSync(hostDir);
    writeFileSync(join(hostDir, 'index.html'), `<!doctype html><title>probe host</title><script>
addEventListener('message', (e) => { if (e.data && e.data.type === 'bc-setup:cookies') window.probe = e.data; });
document.write('<iframe src="' + new URLSearchParams(location.search).get('store') + '/setup/cookie-probe"></iframe>');
</script>`);
    stack = await startStack({ env: { SANDBOX_DATA: join(dataDir, 'sandbox.json'), SETUP_CHECK: 'true' }, storefrontPort: 0, sandboxPort: 0, staticMounts: [['/__setup-probe/', hostDir]] });
    secrets.push(stack.env.BC_ACCESS_TOKEN, stack.env.BC_CLIENT_SECRET, stack.env.SESSION_SECRET);
  });

  after(async () => {
    await stack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function get(path, headers = {}) {
    const response = await fetch(`${stack.storefrontUrl}/api${path}`, { headers: { Accept: 'application/json', ...headers } });
    const text = await response.text();
    outputs.push(text);
    return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
  }

  /** The stub in-process with other settings, calling the same sandbox (recording every exchange). */
  async function stubWith(env) {
    const exchanges = [];
    const handler = createHandler(loadConfig({ ...stack.env, ...env }), {
      core: await core(),
      log: () => {},
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await stack.sandbox.app.fetch(request);
        const text = await response.clone().text();
        exchanges.push({ method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, status: response.status, body: text ? JSON.parse(text) : null });
        return response;
      },
    });
    const call = async (path, headers = {}) => {
      const response = await handler(new Request(`${stack.storefrontUrl}/api${path}`, { headers }), { clientAddress: '198.51.100.9' });
      const text = await response.text();
      outputs.push(text);
      return { status: response.status, body: JSON.parse(text) };
    };
    return { call, exchanges };
  }

  test('the storefront\'s own origin (the sandbox channel site): every check ok or info', async () => {
    const res = await get('/setup-check', { Origin: stack.storefrontUrl });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.body.embeddingOrigin, stack.storefrontUrl);
    const statuses = Object.fromEntries(res.body.checks.map((c) => [c.id, c.status]));
    assert.deepEqual(statuses, { channel_site: 'ok', checkout_domain: 'ok', https: 'ok', allowed_origins: 'ok', login_jwt: 'ok', third_party_cookies: 'info', payment_gateways: 'ok' }, res.text);
    assert.match(res.body.checks[0].detail, new RegExp(`site URL is ${stack.storefrontUrl}`));
  });

  test('without an Origin header, ?origin= on another address: channel_site a problem naming both URLs', async () => {
    const res = await get(`/setup-check?origin=${encodeURIComponent('https://shop.example.com')}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.embeddingOrigin, 'https://shop.example.com');
    const site = res.body.checks.find((c) => c.id === 'channel_site');
    assert.equal(site.status, 'problem');
    assert.ok(site.detail.includes(stack.storefrontUrl) && site.detail.includes('https://shop.example.com'), site.detail);
    assert.ok(site.fix.includes(`PUT ${stack.sandbox.url}/stores/${stack.env.BC_STORE_HASH}/v3/channels/1/site`), site.fix);
    assert.equal(res.body.checks.find((c) => c.id === 'allowed_origins').status, 'problem');
  });

  test('no Origin and no ?origin=: the request\'s own origin', async () => {
    const res = await get('/setup-check');
    assert.equal(res.body.embeddingOrigin, stack.storefrontUrl);
  });

  test('a malformed origin: 400 invalid_origin with a clear message, BigCommerce not called', async () => {
    const { call, exchanges } = await stubWith({});
    for (const bad of ['not-an-origin', 'https://shop.example.com/checkout', 'ftp://shop.example.com', '']) {
      const res = await call(`/setup-check?origin=${encodeURIComponent(bad)}`);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'invalid_origin');
      assert.match(res.body.error.message, /must be a web origin such as https:\/\/shop\.example\.com/);
    }
    const header = await call('/setup-check', { Origin: 'https://shop.example.com/x' });
    assert.equal(header.status, 400);
    assert.deepEqual(exchanges, []);
  });

  test('SETUP_CHECK unset or false: 404 not_found, like an unknown route', async () => {
    for (const value of [undefined, 'false', '1']) {
      const { call, exchanges } = await stubWith({ SETUP_CHECK: value });
      const res = await call('/setup-check', { Origin: stack.storefrontUrl });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not_found');
      assert.deepEqual(exchanges, []);
    }
  });

  test('rate limited like the other routes', async () => {
    const { call } = await stubWith({ RATE_LIMIT_PER_MINUTE: '2' });
    assert.equal((await call('/setup-check')).status, 200);
    assert.equal((await call('/setup-check')).status, 200);
    const limited = await call('/setup-check');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
  });

  test('its calls to the store are documented operations, and the sandbox answers match the OpenAPI files', async () => {
    const { call, exchanges } = await stubWith({});
    assert.equal((await call('/setup-check', { Origin: stack.storefrontUrl })).status, 200);
    const seen = exchanges.map((e) => `${e.method} ${e.path.replace(/^\/stores\/[^/]+/, '')}`).sort();
    assert.deepEqual(seen, [`GET ${PAYMENT_METHODS}`, 'GET /v2/time', 'GET /v3/channels/1', 'GET /v3/channels/1/site']);
    for (const e of exchanges) {
      const op = resolveOperation(e.method, e.path);
      if (!op) {
        // Neither store_information.v2.yml nor payment_methods.v2.yml is among the extracted reference files.
        assert.match(e.path, /\/v2\/(time|payments\/methods\?limit=250)$/, 'only GET /v2/time and GET /v2/payments/methods are undocumented (see contract.test.mjs)');
        continue;
      }
      const result = validateResponse(op.specFile, e.method, op.template, e.status, e.body);
      assert.ok(result.valid, result.message);
    }
  });

  test('GET {store}/setup/cookie-probe: a small page, framable only by the channel site, that posts bc-setup:cookies', async () => {
    const response = await fetch(`${stack.sandbox.url}/setup/cookie-probe`);
    const page = await response.text();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.equal(response.headers.get('content-security-policy'), `frame-ancestors ${stack.storefrontUrl}`);
    assert.match(page, /type: 'bc-setup:cookies'/);
    assert.ok(page.length < 4000);
  });

  describe('the cookie probe in Chromium (page on 127.0.0.1, store on localhost: two sites)', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, () => {
    let chromium;
    before(async () => {
      ({ chromium } = await import('playwright-core'));
    });

    /** Opens the storefront page that frames the probe; resolves to the probe's message. */
    async function probe(context) {
      const page = await context.newPage();
      await page.goto(`${stack.storefrontUrl}/__setup-probe/index.html?store=${encodeURIComponent(stack.sandbox.url)}`);
      await page.waitForFunction(() => window.probe, null, { timeout: 10_000 });
      return page.evaluate(() => window.probe);
    }

    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

    test('third-party cookies blocked (Playwright\'s default profile): allowed false, and the detail says why', async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args });
      try {
        const message = await probe(await browser.newContext());
        assert.equal(message.allowed, false, JSON.stringify(message));
        assert.equal(message.storageAccess, false);
        assert.match(message.detail, /blocks the store's cookies/);
        assert.match(message.detail, /plain http/);
      } finally {
        await browser.close();
      }
    });

    test('third-party cookies allowed (profile setting): allowed true', async () => {
      const profile = mkdtempSync(join(tmpdir(), 'bcch-probe-profile-'));
      try {
        // Chromium's "cookie_controls_mode": 0 allows third-party cookies, 1 blocks them.
        mkdirSync(join(profile, 'Default'));
        writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
        const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args });
        try {
          const message = await probe(context);
          assert.equal(message.allowed, true, JSON.stringify(message));
          assert.match(message.detail, /keeps the store's cookies/);
        } finally {
          await context.close();
        }
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    });
  });
});

test('no secret and no login token in any output of this file', () => {
  assert.ok(outputs.length > 30, `the scan read ${outputs.length} outputs`);
  for (const text of outputs) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `a secret in ${text.slice(0, 200)}`);
      assert.ok(!text.includes(Buffer.from(secret).toString('base64url').slice(0, 24)), 'a secret, base64url-encoded');
    }
    assert.ok(!/eyJ[\w-]+\.eyJ/.test(text), 'no JWT in the output');
  }
});
