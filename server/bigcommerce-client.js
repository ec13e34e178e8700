// The BigCommerce REST client of the stub: the only code that sends the API token. It paces itself on the
// store's quota headers, waits out a short 429, retries 5xx with bounded backoff, and gives up after a time-out,
// so a slow, flaky or busy upstream becomes a clear error for the shopper instead of a hung request.
import { createKeepAliveFetch } from './transport/keep-alive-fetch.js';
import { createQuotaPacer, retryAfterMs } from './quota-pacer.js';

export class UpstreamError extends Error {
  constructor(status, body, { retryAfter } = {}) {
    super(`BigCommerce answered ${status}`);
    this.name = 'UpstreamError';
    this.status = status; // 0 for a network failure, 504 for our own time-out
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/**
 * The store's REST quota is used up for longer than a shopper should wait (QUOTA_MAX_WAIT_MS): the handler
 * answers 503 store_busy with Retry-After. A 429 to the callers that look at statuses (setup-check).
 */
export class StoreBusyError extends UpstreamError {
  constructor(waitMs) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    super(429, null, { retryAfter });
    this.name = 'StoreBusyError';
    this.message = `The store's API quota is used up; it refills in ${retryAfter} s`;
  }
}

const BACKOFF_MS = [100, 400];
// A 429 is asked again at most this often, each time after the wait it named (within QUOTA_MAX_WAIT_MS).
const RATE_LIMIT_RETRIES = 2;

// On Node the calls go through undici's request API (undici-fetch.js: about a third of the CPU of node:http
// per call, and a tenth of Node's global fetch), or through node:http with keep-alive (keep-alive-fetch.js) if
// the undici package cannot be loaded; elsewhere through the platform's fetch. process.getBuiltinModule
// (Node >= 20.16) and a dynamic import keep this file free of static node: and undici imports, so edge bundles
// take it as it is, and nothing Node-only runs where it is missing.
let nodeClient;
function platformFetch() {
  const node = globalThis.process;
  if (typeof node?.getBuiltinModule !== 'function') return globalThis.fetch;
  nodeClient ??= (async () => {
    const zlib = node.getBuiltinModule('node:zlib');
    try {
      const [undici, { createUndiciFetch }] = await Promise.all([import('undici'), import('./transport/undici-fetch.js')]);
      return createUndiciFetch({ undici, zlib, EventEmitter: node.getBuiltinModule('node:events').EventEmitter });
    } catch {
      try {
        return createKeepAliveFetch({ http: node.getBuiltinModule('node:http'), https: node.getBuiltinModule('node:https'), zlib });
      } catch {
        return globalThis.fetch;
      }
    }
  })();
  const client = async (input, init) => {
    const chosen = await nodeClient;
    if (chosen.acceptsTimeout || init?.timeout === undefined) return chosen(input, init);
    const { timeout, ...rest } = init; // the global fetch, the last resort, knows signals only
    return chosen(input, { ...rest, signal: AbortSignal.timeout(timeout) });
  };
  client.acceptsTimeout = true;
  return client;
}

export function createUpstream(config, { fetch = platformFetch(), sleep = (ms) => new Promise((r) => setTimeout(r, ms)), now = () => Date.now() } = {}) {
  const base = `${config.apiUrl}/stores/${config.storeHash}`;
  // One per client object, so per process: instances sharing a store each pace on the headers they see.
  const maxWaitMs = config.quotaMaxWaitMs ?? 2500;
  const pacer = createQuotaPacer({ now, maxWaitMs });

  async function send(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers: {
          'X-Auth-Token': config.accessToken,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(fetch.acceptsTimeout ? { timeout: config.upstreamTimeoutMs } : { signal: AbortSignal.timeout(config.upstreamTimeoutMs) }),
      });
    } catch (error) {
      const timedOut = error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new UpstreamError(timedOut ? 504 : 0, null);
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { status: response.status, json, headers: response.headers };
  }

  /** One send within the store's quota: waits for its slot (bounded) and learns from the answer's headers. */
  async function paced(method, path, body, startedAt) {
    const slot = pacer.reserve(startedAt);
    if (slot.busyMs !== undefined) throw new StoreBusyError(slot.busyMs);
    const wait = slot.at - now();
    if (wait > 0) await sleep(wait);
    let result;
    try {
      result = await send(method, path, body);
    } catch (error) {
      pacer.settle(null);
      throw error;
    }
    result.quotaRefusal = pacer.settle(result.status, result.headers);
    return result;
  }

  /**
   * One Cart/Catalog API call. Resolves to { status, json } for 2xx; throws UpstreamError otherwise.
   * @param {'GET'|'POST'|'PUT'|'DELETE'} method
   * @param {string} path relative to /stores/{hash}, such as /v3/carts/abc
   */
  async function request(method, path, body) {
    const startedAt = now();
    let failures = 0; // network failures and 5xx, retried with BACKOFF_MS
    let limited = 0; // 429s
    for (;;) {
      let result;
      try {
        result = await paced(method, path, body, startedAt);
      } catch (error) {
        // A network failure or time-out: retry idempotent requests once the backoff allows.
        if (method !== 'POST' && failures < BACKOFF_MS.length && error.status === 0) {
          await sleep(BACKOFF_MS[failures++]);
          continue;
        }
        throw error;
      }
      const { status, json } = result;
      if (status >= 200 && status < 300) return { status, json };
      if (status === 429) {
        // A 429 was not applied, so any method may be asked again. The quota's: the pacer now holds the reset time
        // it named, and the next reserve() waits for it or gives up with StoreBusyError. Another (Retry-After, or
        // 1 s): this call alone waits, when that fits in QUOTA_MAX_WAIT_MS. Never unbounded.
        const waitMs = result.quotaRefusal ? 0 : retryAfterMs(result.headers, now()) ?? 1000;
        if (++limited <= RATE_LIMIT_RETRIES && now() + waitMs - startedAt <= maxWaitMs) {
          if (waitMs > 0) await sleep(waitMs);
          continue;
        }
        if (result.quotaRefusal) throw new StoreBusyError(pacer.resetInMs());
        throw new UpstreamError(429, json, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) });
      }
      // 502-504 mean the request did not reach the store; a 500 on a POST might have, so it is not repeated.
      const retryable = status === 502 || status === 503 || status === 504 || (status >= 500 && method !== 'POST');
      if (retryable && failures < BACKOFF_MS.length) {
        await sleep(BACKOFF_MS[failures++]);
        continue;
      }
      throw new UpstreamError(status, json);
    }
  }

  return { request };
}
