// What every instance of the stub must agree on: rate-limit counters and revoked sessions. One small interface,
// two implementations: in memory (one process; the default) and Redis (REDIS_URL; server/redis-state.js), so
// that WEB_CONCURRENCY workers and instances behind a load balancer count and revoke together.
//
// The interface (every method returns a promise):
//   hit(key, windowMs)      -> { count, resetMs }  one more hit in the fixed window that `key` is in; resetMs is
//                              how long until that window ends
//   revoke(id, ttlMs)       -> void                 `id` reads as revoked for ttlMs
//   isRevoked(id)           -> boolean
//   close()                 -> void
//   shared                  true when other processes see the same state

/** In-memory state for one process. Bounded: windows and revocations are dropped when they expire. */
export function createMemoryState({ now = () => Date.now(), maxKeys = 100_000 } = {}) {
  const windows = new Map(); // key -> { count, endsAt }
  const revoked = new Map(); // id -> expiresAt

  function sweep(map, expiry) {
    if (map.size < maxKeys) return;
    const t = now();
    for (const [key, value] of map) if (expiry(value) <= t) map.delete(key);
    // Still full of live entries: drop the oldest, which a Map iterates first.
    while (map.size >= maxKeys) map.delete(map.keys().next().value);
  }

  return {
    shared: false,
    kind: 'memory',
    async hit(key, windowMs) {
      const t = now();
      let entry = windows.get(key);
      if (!entry || entry.endsAt <= t) {
        sweep(windows, (e) => e.endsAt);
        entry = { count: 0, endsAt: t + windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, resetMs: entry.endsAt - t };
    },
    async revoke(id, ttlMs) {
      sweep(revoked, (expiresAt) => expiresAt);
      revoked.set(id, now() + ttlMs);
    },
    async isRevoked(id) {
      const expiresAt = revoked.get(id);
      if (expiresAt === undefined) return false;
      if (expiresAt > now()) return true;
      revoked.delete(id);
      return false;
    },
    async close() {},
  };
}

/**
 * A limit of `limit` hits per `windowMs` per client, counted in `state`.
 * @returns {{ take(client: string): Promise<{ ok: true } | { ok: false, retryAfter: number }> }}
 */
export function createRateLimiter(state, { name, limit, windowMs = 60_000, onError = () => {} }) {
  return {
    async take(client) {
      let result;
      try {
        result = await state.hit(`rl:${name}:${client}`, windowMs);
      } catch (error) {
        // The shared store is down: count nothing rather than refuse every shopper (the store's own limits and
        // the connection caps still hold). Said in the log each time.
        onError(error);
        return { ok: true };
      }
      if (result.count <= limit) return { ok: true };
      return { ok: false, retryAfter: Math.max(1, Math.ceil(result.resetMs / 1000)) };
    },
  };
}
