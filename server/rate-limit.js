// A per-client limit (fixed one-minute windows): enough to stop a script hammering the Cart API through us,
// cheap enough for thousands of requests a second. Memory is bounded: old windows are dropped.
export function createRateLimiter({ perMinute, now = () => Date.now() }) {
  let windowStart = 0;
  let counts = new Map();
  return {
    /** -> { ok: true } or { ok: false, retryAfter: seconds } */
    take(client) {
      const t = now();
      if (t - windowStart >= 60_000) {
        windowStart = t - (t % 60_000);
        counts = new Map();
      }
      const used = (counts.get(client) ?? 0) + 1;
      counts.set(client, used);
      if (used <= perMinute) return { ok: true };
      return { ok: false, retryAfter: Math.max(1, Math.ceil((windowStart + 60_000 - t) / 1000)) };
    },
  };
}
