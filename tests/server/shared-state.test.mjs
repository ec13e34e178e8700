// Shared state (rate-limit counters and revoked sessions): the in-memory implementation and the Redis one,
// run against a real redis-server, behave alike; a second client of the same Redis sees the first one's
// counts and revocations (what WEB_CONCURRENCY workers and instances rely on); a Redis that is gone is a clear
// error, and the rate limiter then lets requests through rather than refuse every shopper.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRedisState, parseRedisUrl, RedisError } from '../../server/redis-state.js';
import { createMemoryState, createRateLimiter } from '../../server/shared-state.js';
import { startRedis } from '../../scripts/redis-server.mjs';

let redis;
before(async () => { redis = await startRedis(); });
after(async () => { await redis?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const kind of ['memory', 'redis']) {
  describe(`${kind} state`, () => {
    let state;
    const fresh = () => (kind === 'memory' ? createMemoryState() : createRedisState(redis.url, { prefix: `t${Math.random().toString(36).slice(2)}:` }));
    before(() => { state = fresh(); });
    after(() => state.close());

    test('hits count within a window and start again after it', async () => {
      assert.deepEqual((await state.hit('a', 300)).count, 1);
      assert.equal((await state.hit('a', 300)).count, 2);
      const third = await state.hit('a', 300);
      assert.equal(third.count, 3);
      assert.ok(third.resetMs > 0 && third.resetMs <= 300, `resetMs ${third.resetMs}`);
      assert.equal((await state.hit('b', 300)).count, 1, 'keys count apart');
      await sleep(400);
      assert.equal((await state.hit('a', 300)).count, 1, 'a new window');
    });

    test('a revocation holds for its time, then lapses', async () => {
      assert.equal(await state.isRevoked('sid-1'), false);
      await state.revoke('sid-1', 300);
      assert.equal(await state.isRevoked('sid-1'), true);
      assert.equal(await state.isRevoked('sid-2'), false);
      await sleep(400);
      assert.equal(await state.isRevoked('sid-1'), false);
    });

    test('the rate limiter refuses past the limit with the seconds to wait', async () => {
      const limiter = createRateLimiter(state, { name: `limit-${kind}`, limit: 2, windowMs: 60_000 });
      assert.deepEqual(await limiter.take('1.2.3.4'), { ok: true });
      assert.deepEqual(await limiter.take('1.2.3.4'), { ok: true });
      const refused = await limiter.take('1.2.3.4');
      assert.equal(refused.ok, false);
      assert.ok(refused.retryAfter >= 1 && refused.retryAfter <= 60);
      assert.deepEqual(await limiter.take('5.6.7.8'), { ok: true }, 'per client');
    });
  });
}

describe('redis state across clients', () => {
  test('two clients (two workers) share counts and revocations', async () => {
    const prefix = `shared${Date.now()}:`;
    const one = createRedisState(redis.url, { prefix });
    const two = createRedisState(redis.url, { prefix });
    try {
      await one.hit('login:9.9.9.9', 60_000);
      assert.equal((await two.hit('login:9.9.9.9', 60_000)).count, 2);
      await one.revoke('sid-x', 60_000);
      assert.equal(await two.isRevoked('sid-x'), true);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  test('a thousand commands at once come back to the right callers (pipelining)', async () => {
    const state = createRedisState(redis.url, { prefix: `pipe${Date.now()}:` });
    try {
      const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => state.hit(`k${i % 10}`, 60_000)));
      for (let k = 0; k < 10; k++) {
        const counts = results.filter((_, i) => i % 10 === k).map((r) => r.count);
        assert.deepEqual(counts, Array.from({ length: 100 }, (_, i) => i + 1), `key k${k} counted in order`);
      }
    } finally {
      await state.close();
    }
  });

  test('a password-protected Redis: the password in REDIS_URL is sent, a wrong one is a clear error', async () => {
    const guarded = await startRedis({ password: 's3cret pass' });
    try {
      const good = createRedisState(guarded.url);
      assert.equal((await good.hit('x', 60_000)).count, 1);
      await good.close();
      const bad = createRedisState(guarded.url.replace('s3cret%20pass', 'wrong'));
      await assert.rejects(bad.hit('x', 60_000), (error) => error instanceof RedisError && /WRONGPASS|NOAUTH|invalid/i.test(error.message));
      await bad.close();
    } finally {
      await guarded.stop();
    }
  });

  test('a Redis that is not there: a RedisError naming the address; the limiter lets the request through and says so', async () => {
    const gone = await startRedis();
    await gone.stop();
    const state = createRedisState(gone.url, { timeoutMs: 500 });
    await assert.rejects(state.hit('x', 1000), (error) => error instanceof RedisError && error.message.includes(`127.0.0.1:${gone.port}`));
    const errors = [];
    const limiter = createRateLimiter(state, { name: 'down', limit: 1, onError: (e) => errors.push(e) });
    assert.deepEqual(await limiter.take('c'), { ok: true });
    assert.deepEqual(await limiter.take('c'), { ok: true });
    assert.equal(errors.length, 2);
    await state.close();
  });

  test('REDIS_URL is checked', () => {
    assert.deepEqual(parseRedisUrl('redis://:pw@127.0.0.1:6380/2'), { tls: false, host: '127.0.0.1', port: 6380, username: '', password: 'pw', db: 2 });
    assert.equal(parseRedisUrl('rediss://[::1]').host, '::1');
    for (const bad of ['localhost:6379', 'http://127.0.0.1:6379', 'redis://127.0.0.1/x']) {
      assert.throws(() => parseRedisUrl(bad), RedisError, bad);
    }
  });
});
