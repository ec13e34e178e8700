// The store's REST quota in the sandbox (sandbox/rate-quota.js). BigCommerce docs, "API rate limits": a store's
// quota is shared by every app, 150 requests per 30 s on Standard and Plus plans and 450 on Pro; every answer carries
// X-Rate-Limit-Requests-Quota, -Requests-Left, -Time-Window-Ms and -Time-Reset-Ms; a request over the quota gets 429
// with X-Rate-Limit-Time-Reset-Ms (the time until the window resets), and no Retry-After is promised.
// Run: node --test tests/sandbox/rate-quota.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../../sandbox/index.js';
import { parseQuota } from '../../sandbox/rate-quota.js';

const CREDS = { storeHash: 'rq1', accessToken: 'access-token-for-quota', clientId: 'client-q', clientSecret: 'client-secret-q', origin: 'http://localhost:8081' };
const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const RATE_HEADERS = ['x-rate-limit-requests-quota', 'x-rate-limit-requests-left', 'x-rate-limit-time-window-ms', 'x-rate-limit-time-reset-ms'];

function clock(start = 1_700_000_000_000) {
  const c = { at: start, now: () => c.at };
  return c;
}

async function api(sb, method, path, body, { token = CREDS.accessToken } = {}) {
  const headers = { Accept: 'application/json' };
  if (token !== null) headers['X-Auth-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await sb.fetch(new Request(`${CREDS.origin}/stores/${CREDS.storeHash}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const rate = (res) => Object.fromEntries(RATE_HEADERS.map((h) => [h, res.headers.get(h)]));

describe('the REST quota (BigCommerce docs, API rate limits)', () => {
  test('the plans: standard and plus 150 per 30 000 ms, pro 450, or { requests, windowMs }; anything else is refused', () => {
    assert.deepEqual(parseQuota('standard'), { requests: 150, windowMs: 30_000 });
    assert.deepEqual(parseQuota('plus'), { requests: 150, windowMs: 30_000 });
    assert.deepEqual(parseQuota('pro'), { requests: 450, windowMs: 30_000 });
    assert.deepEqual(parseQuota({ requests: 5, windowMs: 1000 }), { requests: 5, windowMs: 1000 });
    assert.deepEqual(parseQuota('20/2000'), { requests: 20, windowMs: 2000 });
    assert.equal(parseQuota('unlimited'), null);
    assert.equal(parseQuota(undefined), null);
    for (const bad of ['enterprise', '0/100', { requests: 0, windowMs: 10 }, { requests: 1 }, 5]) {
      assert.throws(() => createSandbox({ ...CREDS, quota: bad }), TypeError, JSON.stringify(bad));
    }
  });

  test('unlimited (the default) limits nothing and sends no rate-limit headers', async () => {
    const sb = createSandbox({ ...CREDS, log: () => {} });
    for (let i = 0; i < 200; i++) {
      const res = await api(sb, 'GET', '/v2/time');
      assert.equal(res.status, 200);
      if (i === 0) assert.deepEqual(Object.values(rate(res)), [null, null, null, null]);
    }
    assert.equal(sb.restCalls.total, 200);
    assert.equal(sb.restCalls.limited, 0);
  });

  test('Standard: every answer carries the four headers, Left counts down from 150, errors count too', async () => {
    const c = clock();
    const sb = createSandbox({ ...CREDS, log: () => {}, now: c.now, quota: 'standard' });
    const first = await api(sb, 'GET', '/v2/time');
    assert.deepEqual(rate(first), {
      'x-rate-limit-requests-quota': '150',
      'x-rate-limit-requests-left': '149',
      'x-rate-limit-time-window-ms': '30000',
      'x-rate-limit-time-reset-ms': '30000',
    });
    c.at += 1000;
    // A 404 (no such cart) and a 422 are answers like any other: counted, with the headers.
    const missing = await api(sb, 'GET', '/v3/carts/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(rate(missing)['x-rate-limit-requests-left'], '148');
    assert.equal(rate(missing)['x-rate-limit-time-reset-ms'], '29000');
    const refused = await api(sb, 'POST', '/v3/carts', { line_items: 'nope' });
    assert.equal(refused.status, 422);
    assert.equal(rate(refused)['x-rate-limit-requests-left'], '147');
  });

  test('over the quota: 429 in the BigCommerce error shape, X-Rate-Limit-Time-Reset-Ms and no Retry-After', async () => {
    const c = clock();
    const sb = createSandbox({ ...CREDS, log: () => {}, now: c.now, quota: 'standard' });
    for (let i = 0; i < 150; i++) {
      const res = await api(sb, 'GET', '/v2/time');
      assert.equal(res.status, 200, `request ${i + 1}`);
      if (i % 50 === 0) c.at += 5000; // 15 s into the window after the loop
    }
    const limited = await api(sb, 'GET', '/v2/time');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, { status: 429, title: 'Too many requests: the store has used its API quota for this window.', type: STATUS_TYPE });
    assert.equal(limited.headers.get('x-rate-limit-time-reset-ms'), '15000');
    assert.equal(limited.headers.get('x-rate-limit-requests-left'), '0');
    assert.equal(limited.headers.get('retry-after'), null, 'the real 429 promises no Retry-After');
    assert.equal(sb.restCalls.limited, 1);
    assert.equal(sb.restCalls.total, 151);
  });

  test('the window resets on the sandbox clock (`now`): a full quota again once Reset-Ms has passed', async () => {
    const c = clock();
    const sb = createSandbox({ ...CREDS, log: () => {}, now: c.now, quota: { requests: 3, windowMs: 1000 } });
    for (let i = 0; i < 3; i++) assert.equal((await api(sb, 'GET', '/v2/time')).status, 200);
    c.at += 999;
    const limited = await api(sb, 'GET', '/v2/time');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-time-reset-ms'), '1');
    c.at += 1;
    const again = await api(sb, 'GET', '/v2/time');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-rate-limit-requests-left'), '2');
    assert.equal(again.headers.get('x-rate-limit-time-reset-ms'), '1000');
  });

  test('Pro: 450 requests in a window, the 451st refused', async () => {
    const c = clock();
    const sb = createSandbox({ ...CREDS, log: () => {}, now: c.now, quota: 'pro' });
    let last;
    for (let i = 0; i < 450; i++) last = await api(sb, 'GET', '/v2/time');
    assert.equal(last.status, 200);
    assert.equal(last.headers.get('x-rate-limit-requests-quota'), '450');
    assert.equal(last.headers.get('x-rate-limit-requests-left'), '0');
    assert.equal((await api(sb, 'GET', '/v2/time')).status, 429);
  });

  test('hosted pages and requests without the right token are not counted', async () => {
    const c = clock();
    const sb = createSandbox({ ...CREDS, log: () => {}, now: c.now, quota: { requests: 2, windowMs: 60_000 } });
    for (let i = 0; i < 20; i++) {
      const page = await sb.fetch(new Request(`${CREDS.origin}/`));
      await page.text();
      assert.equal(page.headers.get('x-rate-limit-requests-left'), null);
    }
    for (let i = 0; i < 5; i++) assert.equal((await api(sb, 'GET', '/v2/time', undefined, { token: 'wrong' })).status, 401);
    assert.equal(sb.restCalls.total, 0);
    assert.equal((await api(sb, 'GET', '/v2/time')).headers.get('x-rate-limit-requests-left'), '1');
  });

  test('restCalls counts by method and route template, and resets', async () => {
    const sb = createSandbox({ ...CREDS, log: () => {} });
    const created = await api(sb, 'POST', '/v3/carts?include=redirect_urls', { line_items: [{ product_id: 80, variant_id: 64, quantity: 1 }] });
    assert.equal(created.status, 201);
    const id = created.body.data.id;
    await api(sb, 'GET', `/v3/carts/${id}`);
    await api(sb, 'POST', `/v3/carts/${id}/redirect_urls`, {});
    await api(sb, 'POST', `/v3/carts/${id}/redirect_urls`, {});
    await api(sb, 'GET', '/v3/nothing-here');
    assert.deepEqual(sb.restCalls.byRoute(), {
      'POST /v3/carts': 1,
      'GET /v3/carts/:cartId': 1,
      'POST /v3/carts/:cartId/redirect_urls': 2,
      'GET (no route)': 1,
    });
    assert.equal(sb.restCalls.total, 5);
    sb.restCalls.reset();
    assert.deepEqual(sb.restCalls.byRoute(), {});
    assert.equal(sb.restCalls.total, 0);
  });
});
