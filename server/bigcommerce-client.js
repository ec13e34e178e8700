// The BigCommerce REST client of the stub: the only code that sends the API token. It paces itself on the
// store's quota headers, waits out a short 429, retries 5xx with bounded backoff, and gives up after a time-out,
// so a slow, flaky or busy upstream becomes a clear error for the shopper instead of a hung request.
import { createQuotaPacer, retryAfterMs } from './quota-pacer.js';

export class UpstreamError extends Error {
  /**
   * @param {{ retryAfter?: number, method?: string, url?: string, reason?: string }} [detail] `url` is the
   *   call's; only its host and path are kept (a query is never logged). `reason`: why it failed, in a word or
   *   a code (ECONNREFUSED, timeout, TLS (CERT_HAS_EXPIRED), 429...), for the log line.
   */
  constructor(status, body, { retryAfter, method, url, reason } = {}) {
    super(`BigCommerce answered ${status}`);
    this.name = 'UpstreamError';
    this.status = status; // 0 for a network failure, 504 for our own time-out
    this.body = body;
    this.retryAfter = retryAfter;
    this.method = method;
    if (url) {
      const { host, pathname } = new URL(url);
      this.host = host;
      this.path = pathname;
    }
    this.reason = reason ?? (status ? String(status) : undefined);
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

// The client is the caller's choice: createHandler's `fetch`, else the platform's own fetch. On Node itself
// server/main.js hands in undici's request API (server/node-upstream.js); nothing here imports undici or a node:
// module, so a bundler following this file for an edge platform finds neither (on Workers undici cannot even
// compile its WebAssembly parser, and Bun answers import('undici') with a module whose Agent has no request()).
const platformFetch = (input, init) => globalThis.fetch(input, init);

/**
 * `baseUrl` and `apiToken: false` make a client of another BigCommerce server with the same pacing, retries and
 * errors: the Payments API's (server/payments-client.js), which is called with a Payment Access Token and must
 * never see the API token.
 */
export function createUpstream(config, { fetch = platformFetch, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), now = () => Date.now(), baseUrl, apiToken = true } = {}) {
  // A client that cannot be called fails here, when the handler is made, rather than at a shopper's first cart.
  if (typeof fetch !== 'function' || (fetch === platformFetch && typeof globalThis.fetch !== 'function')) {
    throw Object.assign(new TypeError(`createHandler: \`fetch\` must be a function shaped like the platform's fetch (got ${fetch === platformFetch ? 'none, and this platform has no global fetch' : typeof fetch})`), { code: 'upstream_client_unusable' });
  }
  const base = baseUrl ?? `${config.apiUrl}/stores/${config.storeHash}`;
  // One per client object, so per process: instances sharing a store each pace on the headers they see.
  const maxWaitMs = config.quotaMaxWaitMs ?? 2500;
  const pacer = createQuotaPacer({ now, maxWaitMs });

  async function send(method, path, body, extraHeaders) {
    let response;
    const url = base + path;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...(apiToken ? { 'X-Auth-Token': config.accessToken } : {}),
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...extraHeaders,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(fetch.acceptsTimeout ? { timeout: config.upstreamTimeoutMs } : { signal: AbortSignal.timeout(config.upstreamTimeoutMs) }),
      });
    } catch (error) {
      throw failedCall(error, method, url);
    }
    let text;
    try {
      // A platform fetch resolves at the head; the body can still fail or time out.
      text = await response.text();
    } catch (error) {
      throw failedCall(error, method, url, 'answer cut off: ');
    }
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
  async function paced(method, path, body, startedAt, headers) {
    const slot = pacer.reserve(startedAt);
    if (slot.busyMs !== undefined) throw new StoreBusyError(slot.busyMs);
    const wait = slot.at - now();
    if (wait > 0) await sleep(wait);
    let result;
    try {
      result = await send(method, path, body, headers);
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
   * @param {{ headers?: Record<string, string> }} [options] headers of this call (the Payments API's Authorization)
   */
  async function request(method, path, body, { headers } = {}) {
    const startedAt = now();
    let failures = 0; // network failures and 5xx, retried with BACKOFF_MS
    let limited = 0; // 429s
    for (;;) {
      let result;
      try {
        result = await paced(method, path, body, startedAt, headers);
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
        throw new UpstreamError(429, json, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)), method, url: base + path });
      }
      // 502-504 mean the request did not reach the store; a 500 on a POST might have, so it is not repeated.
      const retryable = status === 502 || status === 503 || status === 504 || (status >= 500 && method !== 'POST');
      if (retryable && failures < BACKOFF_MS.length) {
        await sleep(BACKOFF_MS[failures++]);
        continue;
      }
      throw new UpstreamError(status, json, { method, url: base + path });
    }
  }

  function failedCall(error, method, url, prefix = '') {
    const timedOut = error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `timeout (no answer in ${config.upstreamTimeoutMs} ms)` : networkFailure(error);
    return new UpstreamError(timedOut ? 504 : 0, null, { method, url, reason: prefix + reason });
  }

  return { request };
}

// TLS failures as Node, undici and Bun name them (OpenSSL's verify codes and Node's ERR_TLS_*).
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;
// Runtimes that give no code say it in words (Deno: "tcp connect error: Connection refused (os error 111)").
const FAILURE_WORDS = [
  [/connection refused|ECONNREFUSED/i, 'ECONNREFUSED'],
  [/certificate|tls|ssl|handshake/i, 'TLS'],
  [/dns|name or service not known|failed to lookup|ENOTFOUND|getaddrinfo/i, 'ENOTFOUND'],
  [/connection reset|ECONNRESET/i, 'ECONNRESET'],
];

/** Why a call failed before an answer, in a word a person can search for: the error's code, else its words. */
export function networkFailure(error) {
  let code;
  const messages = [];
  for (let e = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e === 'object') {
      if (!code && typeof e.code === 'string' && e.code) code = e.code;
      if (e.message) messages.push(String(e.message));
    } else {
      messages.push(String(e));
    }
  }
  const words = messages.join(': ');
  if (code && TLS_CODE.test(code)) return `TLS (${code})`;
  if (code) return code;
  for (const [pattern, name] of FAILURE_WORDS) {
    if (pattern.test(words)) return name === 'TLS' ? `TLS (${withoutQueries(words).slice(0, 160)})` : name;
  }
  return withoutQueries(words || String(error?.name ?? 'unknown failure')).slice(0, 200);
}

// A URL quoted in an error message keeps its origin and path, never its query.
function withoutQueries(text) {
  return text.replace(/(https?:\/\/[^\s?#)"']*)[?#][^\s)"']*/g, '$1');
}
