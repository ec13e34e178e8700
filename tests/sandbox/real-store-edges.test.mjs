// Edges of the real store that the sandbox reproduces, each with its public source: a refused customer login token
// in the browser, a token without channel_id, the routes list's page count, the status of a refused purchase
// quantity, and the store's enabled payment methods. Run: node --test tests/sandbox/real-store-edges.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createSandbox } from '../../sandbox/index.js';

const CREDS = {
  storeHash: 'edges1',
  accessToken: 'edges-access-token',
  clientId: 'edges-client-id',
  clientSecret: 'edges-client-secret',
  origin: 'http://localhost:8081',
  siteUrl: 'http://127.0.0.1:8080',
};
const ORIGIN = CREDS.origin;
const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

const make = (options = {}) => createSandbox({ ...CREDS, log: () => {}, ...options });

async function api(sb, method, path, body, { token = CREDS.accessToken } = {}) {
  const headers = { Accept: 'application/json', 'X-Auth-Token': token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await sb.fetch(new Request(`${ORIGIN}/stores/${CREDS.storeHash}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function page(sb, path, init = {}) {
  const response = await sb.fetch(new Request(new URL(path, ORIGIN), init));
  return { status: response.status, text: await response.text(), location: response.headers.get('location'), cookies: response.headers.getSetCookie() };
}

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function loginToken(overrides = {}, channelId = 1) {
  const claims = {
    iss: CREDS.clientId, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), operation: 'customer_login',
    store_hash: CREDS.storeHash, customer_id: 1, channel_id: channelId, redirect_to: '/account.php', ...overrides,
  };
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', CREDS.clientSecret).update(head).digest('base64url')}`;
}

// Customer Login API guide (start_authentication_customer-login.mdx): "If it was unsuccessful, a sign in attempt
// error message will be displayed, and you will be directed to /login.php"; "The default channel_id value is 1".
describe('customer login tokens: the edges of the Customer Login API guide', () => {
  test('GET of a refused token: 302 to /login.php with a fixed code, no session; the page shows the refusal', async () => {
    const lines = [];
    const sb = make({ log: (line) => lines.push(line) });
    const refused = await page(sb, `/login/token/${loginToken({ customer_id: 777 })}`);
    assert.equal(refused.status, 302);
    assert.equal(refused.location, '/login.php?login_error=unknown_customer');
    assert.deepEqual(refused.cookies, [], 'no session cookie');
    const login = await page(sb, refused.location);
    assert.equal(login.status, 200);
    assert.match(login.text, /<p class="notice error" role="alert" data-focus>Your sign-in link is for an account this store does not have\. Sign in with your email and password instead\.<\/p>/);
    assert.match(login.text, /<form method="post" action="\/login\.php"/, 'the sign-in form is there to use instead');
    assert.ok(lines.some((l) => /login token refused \(GET\): .*customer_id/.test(l)), 'the exact reason is in the sandbox log');
  });

  test('each refusal has its code and sentence; an unknown code shows a fixed sentence and nothing of the address', async () => {
    const sb = make();
    const expected = {
      invalid_token: 'not valid for this store',
      expired_token: 'has expired',
      used_token: 'already been used',
      wrong_channel: 'another storefront',
      unknown_customer: 'an account this store does not have',
      wrong_ip: 'another network address',
      bad_redirect: 'outside this store',
    };
    for (const [code, words] of Object.entries(expected)) {
      assert.ok((await page(sb, `/login.php?login_error=${code}`)).text.includes(words), code);
    }
    for (const hostile of ['<script>alert(1)</script>', '__proto__', 'constructor', 'toString', '"><img src=x onerror=alert(1)>', '']) {
      const shown = await page(sb, `/login.php?login_error=${encodeURIComponent(hostile)}`);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /Your sign-in link did not work\. Sign in with your email and password instead\./, JSON.stringify(hostile));
      if (hostile) assert.ok(!shown.text.includes(hostile) && !shown.text.includes(encodeURIComponent(hostile)), `${hostile} is not echoed`);
    }
    assert.doesNotMatch((await page(sb, '/login.php')).text, /notice error/, 'no code, no error');
  });

  test('the redirect never leaves the store, whatever the token asked for', async () => {
    const sb = make();
    for (const redirectTo of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const refused = await page(sb, `/login/token/${loginToken({ redirect_to: redirectTo })}`);
      assert.equal(refused.location, '/login.php?login_error=bad_redirect', redirectTo);
    }
  });

  test('POST (the Checkout SDK, embedded checkout) still answers JSON {title} with CORS', async () => {
    const sb = make();
    const response = await sb.fetch(new Request(`${ORIGIN}/login/token/${loginToken({ customer_id: 777 })}`, { method: 'POST', headers: { Origin: CREDS.siteUrl } }));
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('access-control-allow-origin'), CREDS.siteUrl);
    assert.deepEqual(Object.keys(await response.json()), ['title']);
  });

  test('a token without channel_id is for channel 1: accepted when the sandbox channel is 1', async () => {
    const sb = make({ channelId: 1 });
    const signedIn = await page(sb, `/login/token/${loginToken({ channel_id: undefined })}`);
    assert.equal(signedIn.status, 302);
    assert.equal(signedIn.location, `${ORIGIN}/account.php`);
    const post = await sb.fetch(new Request(`${ORIGIN}/login/token/${loginToken({ channel_id: undefined })}`, { method: 'POST', headers: { Origin: CREDS.siteUrl } }));
    assert.equal(post.status, 200);
  });

  test('a token without channel_id on another sandbox channel: refused, naming channel 1 and the channel it needed', async () => {
    const sb = make({ channelId: 5 });
    const refused = await page(sb, `/login/token/${loginToken({ channel_id: undefined }, 5)}`);
    assert.equal(refused.location, '/login.php?login_error=wrong_channel');
    const post = await sb.fetch(new Request(`${ORIGIN}/login/token/${loginToken({ channel_id: undefined }, 5)}`, { method: 'POST', headers: { Origin: CREDS.siteUrl } }));
    assert.equal(post.status, 401);
    const { title } = await post.json();
    assert.match(title, /no channel_id, so it is for channel 1 \(the default\), not channel 5; set channel_id to 5/);
    assert.equal((await page(sb, `/login/token/${loginToken({}, 5)}`)).status, 302, 'with channel_id 5 it signs in');
  });
});

// sites.v3.yml getSiteRoutes: the examples (and every other v3 collection) page with meta.pagination.total_pages,
// though its _metaCollection schema spells it total_page.
describe('site routes: total_pages', () => {
  test('more routes than a page holds: total_pages counts the pages, and the second page has the rest', async () => {
    const sb = make();
    const routes = Array.from({ length: 260 }, (_, i) => ({ type: 'product', matching: String(i + 1), route: `/p/${i + 1}` }));
    assert.equal((await api(sb, 'PUT', '/v3/sites/1000/routes', routes)).status, 200);
    const first = await api(sb, 'GET', '/v3/sites/1000/routes?limit=250&page=1');
    assert.equal(first.body.data.length, 250);
    assert.deepEqual(first.body.meta.pagination, { total: 260, count: 250, per_page: 250, current_page: 1, total_pages: 2, links: {} });
    const second = await api(sb, 'GET', '/v3/sites/1000/routes?limit=250&page=2');
    assert.equal(second.body.data.length, 10);
    assert.equal(second.body.meta.pagination.total_pages, 2);
    assert.equal('total_page' in second.body.meta.pagination, false);
  });
});

// A refused purchase quantity: 409 in BigCommerce's cart guide (storefront_cart-checkout_guide_rest-management.mdx,
// "You can only purchase a maximum of :qty of the :product per order [409]"), 422 in captured answers
// (vercel/commerce issue 628: {"status":422,"title":"You can only purchase a maximum of 2 of the ... per order.","type":...}).
describe('purchase-quantity refusals: 409 or 422 (maxQuantityStatus)', () => {
  const refusal = async (sb, items) => api(sb, 'POST', '/v3/carts', { line_items: items });

  test('by default 422, the captured body', async () => {
    const response = await refusal(make(), [{ product_id: 96, quantity: 3 }]);
    assert.equal(response.status, 422);
    assert.deepEqual(response.body, { status: 422, title: 'You can only purchase a maximum of 2 of the Night Garden Print per order.', type: STATUS_TYPE });
  });

  test('maxQuantityStatus 409: the maximum and the minimum answer 409 with the same body; stock and other refusals stay 422', async () => {
    const sb = make({ maxQuantityStatus: 409 });
    const maximum = await refusal(sb, [{ product_id: 96, quantity: 3 }]);
    assert.equal(maximum.status, 409);
    assert.deepEqual(maximum.body, { status: 409, title: 'You can only purchase a maximum of 2 of the Night Garden Print per order.', type: STATUS_TYPE });
    const minimum = await refusal(sb, [{ product_id: 100, quantity: 1 }]);
    assert.equal(minimum.status, 409);
    assert.equal(minimum.body.title, 'You need to purchase a minimum of 2 of the Beeswax Candle Set per order.');
    assert.equal((await refusal(sb, [{ product_id: 97, quantity: 1 }])).status, 422, 'out of stock');
    assert.equal((await refusal(sb, [{ product_id: 80, quantity: 1 }])).status, 422, 'variant required');
  });

  test('the limit counts the whole cart: an update over the maximum is refused the same way', async () => {
    const sb = make({ maxQuantityStatus: 409 });
    const created = await refusal(sb, [{ product_id: 96, quantity: 2 }]);
    assert.equal(created.status, 201);
    const cart = created.body.data;
    const item = cart.line_items.physical_items[0];
    const update = await api(sb, 'PUT', `/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 96, quantity: 3 } });
    assert.equal(update.status, 409);
    assert.match(update.body.title, /maximum of 2 of the Night Garden Print/);
    const add = await api(sb, 'POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 96, quantity: 1 }] });
    assert.equal(add.status, 409);
  });

  test('a stale version is still 409 with the conflict title (carts.v3.yml CartConflictErrorResponse)', async () => {
    const sb = make({ maxQuantityStatus: 409 });
    const cart = (await refusal(sb, [{ product_id: 81, quantity: 1 }])).body.data;
    const stale = await api(sb, 'POST', `/v3/carts/${cart.id}/items`, { version: cart.version + 5, line_items: [{ product_id: 86, quantity: 1 }] });
    assert.equal(stale.status, 409);
    assert.match(stale.body.title, /possible conflict/);
  });

  test('any other value is refused at creation', () => {
    for (const bad of [400, '409', 500, null]) assert.throws(() => make({ maxQuantityStatus: bad }), /maxQuantityStatus must be 409 or 422/);
  });
});

// payment_methods.v2.yml getAllPaymentMethods (bigcommerce/docs): GET /v2/payments/methods, an array of
// payment_Base { code, name, test_mode }, "Default sorting is by payment method, alphabetically from A to Z".
describe('GET /v2/payments/methods', () => {
  test('the seeded methods, sorted by name, behind the API token', async () => {
    const sb = make();
    const listed = await api(sb, 'GET', '/v2/payments/methods');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body, [
      { code: 'cheque', name: 'Check', test_mode: false },
      { code: 'testgateway', name: 'Test Payment Gateway', test_mode: true },
    ]);
    assert.equal((await api(sb, 'GET', '/v2/payments/methods', undefined, { token: 'wrong' })).status, 401);
  });

  test('the paymentMethods option sets the list; page and limit page it; a bad page is a 400', async () => {
    const sb = make({ paymentMethods: [
      { code: 'klarna', name: 'Klarna', test_mode: true },
      { code: 'applepay', name: 'Apple Pay' },
      { code: 'braintree', name: 'Braintree', test_mode: false },
    ] });
    assert.deepEqual((await api(sb, 'GET', '/v2/payments/methods')).body.map((m) => m.code), ['applepay', 'braintree', 'klarna']);
    assert.deepEqual((await api(sb, 'GET', '/v2/payments/methods')).body[0], { code: 'applepay', name: 'Apple Pay', test_mode: false });
    assert.deepEqual((await api(sb, 'GET', '/v2/payments/methods?limit=2&page=2')).body.map((m) => m.code), ['klarna']);
    assert.deepEqual((await api(sb, 'GET', '/v2/payments/methods?page=5')).body, []);
    assert.equal((await api(sb, 'GET', '/v2/payments/methods?page=0')).status, 400);
    assert.equal((await api(sb, 'GET', '/v2/payments/methods?limit=abc')).status, 400);
  });

  test('a malformed paymentMethods option is refused at creation', () => {
    for (const bad of ['applepay', [{ code: 'applepay' }], [{ name: 'Apple Pay' }], [null]]) {
      assert.throws(() => make({ paymentMethods: bad }), /paymentMethods must be an array/);
    }
  });
});
