// Pacing on the store's REST quota. BigCommerce docs, "API rate limits": the quota is shared by every app on the
// store (150 requests per 30 s on Standard and Plus, 450 on Pro) and every answer says where it stands:
// X-Rate-Limit-Requests-Quota, -Requests-Left, -Time-Window-Ms and -Time-Reset-Ms (the time until the window
// refills); a 429 carries X-Rate-Limit-Time-Reset-Ms, and a Retry-After is not promised. The pacer hands each call
// a time slot, synchronously, so concurrent calls queue in the order they asked and never all fire at the reset:
// while plenty is left a call goes at once; the last tenth of a window is spread over the time until it
// refills; with nothing left a call waits for the reset. A slot further off than `maxWaitMs` after the call
// began is refused (the caller answers store_busy) rather than waited for. The state is this process's view: other
// instances and other apps spend the same quota, which the headers of the next answer show.

const LOW_SHARE = 0.1;
const MAX_RESET_MS = 300_000; // a reset further off than 5 minutes is not believed
const FALLBACK_WAIT_MS = 1000; // a 429 that names no wait at all

function headerNumber(headers, name) {
  const raw = headers?.get(name);
  if (raw === null || raw === undefined || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** Retry-After as ms: delta-seconds or an HTTP date (RFC 9110 section 10.2.3); null without one. */
export function retryAfterMs(headers, now) {
  const raw = headers?.get('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * @param {{ now: () => number, maxWaitMs: number }} options
 */
export function createQuotaPacer({ now, maxWaitMs }) {
  // What the store last said, kept up to date by our own sends: null until an answer carries the headers
  // (a store on the Unlimited Rate Plan, or a stand-in without them, is never paced).
  let window = null; // { quota, windowMs, left, resetAt }
  let nextSlotAt = 0;
  let inFlight = 0;

  /** The window as it stands at `t`: refilled once its reset time has passed. */
  function windowAt(t) {
    if (!window || t < window.resetAt) return window;
    const resetAt = t < window.resetAt + window.windowMs ? window.resetAt + window.windowMs : t + window.windowMs;
    return { ...window, left: window.quota, resetAt };
  }

  /**
   * A slot for one call that began at `startedAt`: { at } (when to send), or { busyMs } (how long until the quota
   * refills) when `at` would be more than maxWaitMs after `startedAt`. Nothing is taken when it is refused.
   */
  function reserve(startedAt) {
    const t0 = now();
    if (!window) {
      inFlight++;
      return { at: t0 };
    }
    const t = Math.max(t0, nextSlotAt);
    let state = windowAt(t);
    let at = t;
    if (state.left < 1) {
      // Nothing left: the slot is the reset, and the call counts against the window after it.
      at = state.resetAt;
      state = windowAt(at);
    }
    let next = at;
    const low = Number.isFinite(state.quota) ? Math.max(1, Math.ceil(state.quota * LOW_SHARE)) : 0;
    if (state.left <= low) next = at + Math.floor(Math.max(0, state.resetAt - at) / state.left);
    if (at - startedAt > maxWaitMs) {
      return { busyMs: Math.max(at - t0, (windowAt(t0)?.resetAt ?? t0) - t0, FALLBACK_WAIT_MS) };
    }
    window = { ...state, left: state.left - 1 };
    nextSlotAt = next;
    inFlight++;
    return { at };
  }

  /**
   * Learns from an answer (status and headers), or from a send that got none (status null). Returns true for a
   * 429 that is the quota's: it names the reset (X-Rate-Limit-Time-Reset-Ms) and no requests left. Another 429 (a
   * limit of one resource, such as sign-in attempts for one email) says nothing about the quota.
   */
  function settle(status, headers) {
    inFlight = Math.max(0, inFlight - 1);
    if (status === null) return false;
    const at = now();
    const quota = headerNumber(headers, 'x-rate-limit-requests-quota');
    const windowMs = headerNumber(headers, 'x-rate-limit-time-window-ms');
    let left = headerNumber(headers, 'x-rate-limit-requests-left');
    const resetMs = headerNumber(headers, 'x-rate-limit-time-reset-ms');
    const quotaRefusal = status === 429 && resetMs !== null && (left === null || left < 1);
    if (quotaRefusal) left = 0;
    if (left === null || resetMs === null) return false;
    const resetAt = at + Math.min(resetMs, MAX_RESET_MS);
    const q = quota ?? window?.quota ?? Infinity;
    const w = windowMs ?? window?.windowMs ?? Math.max(resetMs, FALLBACK_WAIT_MS);
    // Answers arrive out of order: one whose reset lies well before ours is from a window already over.
    const slack = Math.min(250, w / 4);
    if (!quotaRefusal && window && resetAt < window.resetAt - slack) return false;
    if (quotaRefusal || !window || resetAt > window.resetAt + slack) {
      // A window we had not counted (or a refusal): the store's word, less our calls already on their way.
      window = { quota: q, windowMs: w, left: Math.max(0, left - inFlight), resetAt };
      nextSlotAt = 0; // the spacing was for the window before
    } else {
      window = { quota: q, windowMs: w, left: Math.min(window.left, left), resetAt };
    }
    return quotaRefusal;
  }

  /** How long until the quota refills, as far as this process knows (for a 429 asked too often). */
  function resetInMs() {
    const t = now();
    return Math.max(FALLBACK_WAIT_MS, window ? window.resetAt - t : 0);
  }

  return { reserve, settle, resetInMs };
}
