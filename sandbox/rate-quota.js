// The store's REST quota (BigCommerce docs, "API rate limits"): every API request consumes one unit of a quota
// that all apps on the store share and that refills every 30 s: 150 requests on Standard and Plus plans, 450 on
// Pro. Every answer says where the store stands (X-Rate-Limit-Requests-Quota, -Requests-Left, -Time-Window-Ms,
// -Time-Reset-Ms); a request over the quota is refused with 429 and X-Rate-Limit-Time-Reset-Ms, the time until the
// window resets. The real 429 promises no Retry-After, so none is sent here either.
import { ApiError } from './errors.js';

export const QUOTA_PLANS = Object.freeze({
  standard: Object.freeze({ requests: 150, windowMs: 30_000 }),
  plus: Object.freeze({ requests: 150, windowMs: 30_000 }),
  pro: Object.freeze({ requests: 450, windowMs: 30_000 }),
});

/**
 * The quota option of createSandbox: 'unlimited' (the default, as on the Unlimited Rate Plan: no limit and no
 * rate-limit headers), a plan name, or { requests, windowMs }. Also reads SANDBOX_QUOTA's text form
 * "<requests>/<windowMs>", such as "150/30000".
 * @returns {{ requests: number, windowMs: number } | null} null for unlimited
 */
export function parseQuota(value) {
  if (value === undefined || value === null || value === 'unlimited') return null;
  if (typeof value === 'string') {
    if (QUOTA_PLANS[value]) return QUOTA_PLANS[value];
    const m = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,8})$/.exec(value);
    if (m) return Object.freeze({ requests: Number(m[1]), windowMs: Number(m[2]) });
  } else if (typeof value === 'object' && Number.isSafeInteger(value.requests) && value.requests > 0
    && Number.isSafeInteger(value.windowMs) && value.windowMs > 0) {
    return Object.freeze({ requests: value.requests, windowMs: value.windowMs });
  }
  throw new TypeError(`createSandbox: options.quota must be 'unlimited', 'standard', 'plus', 'pro', { requests, windowMs } or "<requests>/<windowMs>", got ${JSON.stringify(value)}`);
}

/**
 * A fixed window per store that opens with the first request and refills `windowMs` later.
 * take(storeHash) -> { headers } when the request may go on, or throws the 429 ApiError.
 */
export function createRateQuota(quota, { now }) {
  const windows = new Map(); // store hash -> { opened, used }
  const quotaText = String(quota.requests);
  const windowText = String(quota.windowMs);

  function take(storeHash) {
    const at = now();
    let window = windows.get(storeHash);
    if (!window || at - window.opened >= quota.windowMs) {
      window = { opened: at, used: 0 };
      windows.set(storeHash, window);
    }
    const resetMs = String(Math.max(0, window.opened + quota.windowMs - at));
    if (window.used >= quota.requests) {
      throw new ApiError(429, 'Too many requests: the store has used its API quota for this window.', {
        headers: {
          'X-Rate-Limit-Requests-Quota': quotaText,
          'X-Rate-Limit-Requests-Left': '0',
          'X-Rate-Limit-Time-Window-Ms': windowText,
          'X-Rate-Limit-Time-Reset-Ms': resetMs,
        },
      });
    }
    window.used++;
    return {
      'X-Rate-Limit-Requests-Quota': quotaText,
      'X-Rate-Limit-Requests-Left': String(quota.requests - window.used),
      'X-Rate-Limit-Time-Window-Ms': windowText,
      'X-Rate-Limit-Time-Reset-Ms': resetMs,
    };
  }

  return { take };
}

/**
 * What the REST API was asked, by method and route template ("POST /v3/carts/:cartId/items"), for tests and the
 * bench to count the calls a flow costs. One Map increment per request.
 */
export function createRestCallLog() {
  const counts = new Map();
  let total = 0;
  let limited = 0;
  return {
    record(key) {
      total++;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    recordLimited() {
      limited++;
    },
    /** Every authenticated REST request, answered or refused with 429. */
    get total() { return total; },
    /** The requests refused with 429 because the quota was used up. */
    get limited() { return limited; },
    /** { "METHOD /template": count } */
    byRoute() { return Object.fromEntries(counts); },
    reset() {
      counts.clear();
      total = 0;
      limited = 0;
    },
  };
}
