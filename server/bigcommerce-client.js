// The BigCommerce REST client of the stub: the only code that sends the API token. It honours 429
// Retry-After, retries 5xx with bounded backoff, and gives up after a time-out, so a slow or flaky
// upstream becomes a clear error for the shopper instead of a hung request.
import { createKeepAliveFetch } from './transport/keep-alive-fetch.js';

export class UpstreamError extends Error {
  constructor(status, body, { retryAfter } = {}) {
    super(`BigCommerce answered ${status}`);
    this.name = 'UpstreamError';
    this.status = status; // 0 for a network failure, 504 for our own time-out
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

const MAX_RETRY_AFTER_S = 5; // longer waits go back to the browser as 429 with Retry-After
const BACKOFF_MS = [100, 400];

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

export function createUpstream(config, { fetch = platformFetch(), sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = {}) {
  const base = `${config.apiUrl}/stores/${config.storeHash}`;

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
    return { status: response.status, json, retryAfter: response.headers.get('retry-after') };
  }

  /**
   * One Cart/Catalog API call. Resolves to { status, json } for 2xx; throws UpstreamError otherwise.
   * @param {'GET'|'POST'|'PUT'|'DELETE'} method
   * @param {string} path relative to /stores/{hash}, such as /v3/carts/abc
   */
  async function request(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      let result;
      try {
        result = await send(method, path, body);
      } catch (error) {
        // A network failure or time-out: retry idempotent requests once the backoff allows.
        if (method !== 'POST' && attempt < BACKOFF_MS.length && error.status === 0) {
          await sleep(BACKOFF_MS[attempt]);
          continue;
        }
        throw error;
      }
      const { status, json, retryAfter } = result;
      if (status >= 200 && status < 300) return { status, json };
      if (status === 429 && attempt < BACKOFF_MS.length) {
        const seconds = parseRetryAfter(retryAfter);
        if (seconds <= MAX_RETRY_AFTER_S) {
          await sleep(seconds * 1000);
          continue;
        }
        throw new UpstreamError(status, json, { retryAfter: seconds });
      }
      // 502-504 mean the request did not reach the store; a 500 on a POST might have, so it is not repeated.
      const retryable = status === 502 || status === 503 || status === 504 || (status >= 500 && method !== 'POST');
      if (retryable && attempt < BACKOFF_MS.length) {
        await sleep(BACKOFF_MS[attempt]);
        continue;
      }
      throw new UpstreamError(status, json, { retryAfter: status === 429 ? parseRetryAfter(retryAfter) : undefined });
    }
  }

  return { request };
}

function parseRetryAfter(value) {
  if (!value) return 1;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : 1;
}
