// Sessions end when they should, everywhere: a signed-out cookie is refused by every worker (shared through a
// real Redis), and the sign-in limit counts per client address across workers, keyed on the address the proxy
// saw, not one the client wrote into X-Forwarded-For.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '../../scripts/redis-server.mjs';
import { startStack } from './harness.mjs';

const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const cookieOf = (res) => res.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('bcch_session=') && c.length > 'bcch_session='.length);

let redis;
before(async () => { redis = await startRedis(); });
after(() => redis?.stop());

describe('two workers sharing Redis', () => {
  let stack;
  before(async () => { stack = await startStack({ workers: 2, env: { REDIS_URL: redis.url, TRUST_PROXY: 'true' } }); });
  after(() => stack?.stop());

  test('attack: the cookie from before sign-out reads as signed out on every worker and gets no login URL', async () => {
    const signIn = await stack.request('POST', '/api/session', { json: SHOPPER, headers: { 'X-Forwarded-For': '198.51.100.1' } });
    assert.equal(signIn.status, 200, signIn.text);
    const cookie = cookieOf(signIn);
    for (let i = 0; i < 6; i++) {
      const me = await stack.request('GET', '/api/session', { cookie });
      assert.equal(me.body.signedIn, true);
    }
    const out = await stack.request('DELETE', '/api/session', { cookie });
    assert.equal(out.status, 200);
    for (let i = 0; i < 10; i++) {
      const me = await stack.request('GET', '/api/session', { cookie });
      assert.deepEqual(me.body, { signedIn: false }, `request ${i} after sign-out`);
    }
    // A checkout with the old cookie is a guest checkout: no Customer Login JWT in its URL.
    const cart = await stack.request('POST', '/api/cart', { cookie, json: { version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 1 }] } });
    assert.equal(cart.status, 200, cart.text);
    const checkout = await stack.request('POST', '/api/checkout', { cookie, json: { cartId: cart.body.cartId, cartToken: cart.body.cartToken } });
    assert.equal(checkout.status, 200, checkout.text);
    assert.equal(checkout.body.signedIn, false);
    assert.ok(!checkout.body.url.includes('/login/token/'));
  });

  test('attack: 25 sign-in attempts with a new X-Forwarded-For each are limited after 10, across both workers', async () => {
    const outcomes = [];
    for (let i = 0; i < 25; i++) {
      // What a load balancer sends: the client's own header, then the address it was called from. A new email
      // each time, as credential stuffing does (the store's own per-email limit never comes into play).
      const res = await stack.request('POST', '/api/session', { json: { email: `nobody${i}@example.com`, password: 'wrong' }, headers: { 'X-Forwarded-For': `10.9.${i}.1, 203.0.113.77` } });
      outcomes.push(`${res.status} ${res.body?.error?.code}`);
    }
    assert.deepEqual(outcomes.slice(0, 10), Array(10).fill('401 invalid_credentials'));
    assert.deepEqual(outcomes.slice(10), Array(15).fill('429 rate_limited'));
  });
});

test('two workers without Redis: the start says that limits and sign-outs are per worker', async () => {
  const stack = await startStack({ workers: 2 });
  try {
    assert.match(stack.output(), /WEB_CONCURRENCY=2 without REDIS_URL: each worker keeps its own rate limits and sign-outs/);
  } finally {
    await stack.stop();
  }
});
