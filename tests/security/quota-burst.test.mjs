// A burst of checkouts against a store's REST quota, through server/main.js as deployed: each checkout a fresh cart
// in one POST /api/checkout (one BigCommerce call), 200 of them, 25 at a time, against 150 requests a window (the
// Standard and Plus plans' quota; BigCommerce docs, "API rate limits"). Every shopper gets a checkout URL or 503
// store_busy with Retry-After, nothing else; a busy one asks again after its Retry-After and gets its URL. The
// figures (URLs at once, busy, wall time, longest wait) go to the test's diagnostic output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStack } from './harness.mjs';

const saved = () => ({ version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }] });

async function pool(count, limit, task) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }));
  return results;
}

function outcome(res) {
  if (res.status === 200) {
    assert.match(res.body.url, /\/cart\.php\?action=loadInCheckout&id=[0-9a-f-]{36}&token=/, res.text);
    return { ok: true };
  }
  assert.equal(res.status, 503, `only a URL or store_busy: ${res.status} ${res.text}`);
  assert.equal(res.body.error.code, 'store_busy');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${res.headers.get('retry-after')}`);
  assert.equal(res.body.error.retryAfter, retryAfter);
  return { ok: false, retryAfter };
}

// A 6 s window keeps the test short while the burst still outruns the quota; the 30 s window is the next test.
test('200 checkouts against 150 requests per 6 s: a URL or 503 store_busy with Retry-After, and every busy one gets its URL after the wait', async (t) => {
  const stack = await startStack({ sandbox: { quota: { requests: 150, windowMs: 6000 } }, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  t.after(() => stack.stop());
  const started = performance.now();
  const checkout = () => stack.request('POST', '/api/checkout', { json: { cart: saved(), mode: 'redirect' } });
  let longestMs = 0;
  const timed = async () => {
    const at = performance.now();
    const res = await checkout();
    longestMs = Math.max(longestMs, performance.now() - at);
    return res;
  };
  const first = (await pool(200, 25, timed)).map(outcome);
  const atOnce = first.filter((o) => o.ok).length;
  const busy = first.filter((o) => !o.ok);
  const maxRetryAfter = Math.max(0, ...busy.map((o) => o.retryAfter));
  // Each busy shopper comes back after its own Retry-After, as the browser layer does (at most 3 times).
  const retries = await Promise.all(busy.map(async ({ retryAfter }) => {
    let wait = retryAfter;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      const o = outcome(await checkout());
      if (o.ok) return attempt;
      wait = o.retryAfter;
    }
    return null;
  }));
  const wallMs = Math.round(performance.now() - started);
  t.diagnostic(`quota 150 per 6000 ms, 200 checkouts, 25 at a time: ${atOnce} got a URL at once, ${busy.length} store_busy (Retry-After up to ${maxRetryAfter} s); `
    + `${retries.filter((a) => a === 1).length} of them succeeded on the first retry, ${retries.filter((a) => a > 1).length} later; `
    + `longest answer ${Math.round(longestMs)} ms; wall time ${wallMs} ms; 429s from the store: ${stack.sandbox.restCalls.limited}`);
  assert.ok(busy.length > 0, 'the burst outran the quota');
  assert.equal(atOnce + busy.length, 200);
  assert.deepEqual(retries.filter((a) => a === null), [], 'no shopper lost: every busy one got a URL');
  assert.equal(Object.keys(stack.sandbox.state.carts).length, 200, 'one cart per checkout, none made twice');
  assert.match(stack.output(), /store busy/, 'the stub logged it');
});

test('the Standard plan as it is (150 per 30 000 ms): 200 checkouts at once, at most 150 URLs, the rest store_busy with Retry-After of at most 30 s, no 5xx besides', async (t) => {
  const stack = await startStack({ sandbox: { quota: 'standard' }, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  t.after(() => stack.stop());
  const started = performance.now();
  const results = (await pool(200, 25, () => stack.request('POST', '/api/checkout', { json: { cart: saved() } }))).map(outcome);
  const urls = results.filter((o) => o.ok).length;
  const busy = results.filter((o) => !o.ok);
  t.diagnostic(`Standard plan, 200 checkouts, 25 at a time: ${urls} URLs, ${busy.length} store_busy (Retry-After ${Math.min(...busy.map((o) => o.retryAfter))}-${Math.max(...busy.map((o) => o.retryAfter))} s), wall time ${Math.round(performance.now() - started)} ms, 429s from the store: ${stack.sandbox.restCalls.limited}`);
  assert.ok(urls <= 150, `${urls} URLs for a quota of 150`);
  assert.ok(busy.length >= 50);
  assert.ok(busy.every((o) => o.retryAfter <= 30));
});
