// Used on Node itself by default: the client for BigCommerce that server/node-upstream.js makes when undici is there.
// The stub's client for BigCommerce on Node: undici's Agent (keep-alive pools per origin) and its request()
// API, in the same fetch shape as keep-alive-fetch.js. Measured on loopback, a call costs about 62 µs of CPU
// against 162 µs with node:http and keep-alive (and ~700 µs with the global fetch, which is undici too, plus
// Web streams and spec bookkeeping); every cart and checkout request makes at least one call. What bigcommerce-client.js
// uses is supported: method, headers, a string body, signal or `timeout` (ms); the answer has status,
// headers.get() and text(). It asks for compressed answers and decodes them, as fetch does. The modules come in
// as arguments, so nothing here is loaded on a platform that cannot run it (see server/node-upstream.js).
import { decodedText, fetchAnswer } from './fetch-answer.js';

/** @param {{ undici: typeof import('undici'), zlib: typeof import('node:zlib'), EventEmitter: typeof import('node:events').EventEmitter }} modules */
export function createUndiciFetch({ undici, zlib, EventEmitter }) {
  // Checked now, not at the first call: Bun answers import('undici') with a module of its own whose Agent has
  // no request(), and a client made from it would fail every BigCommerce call with nothing but status 0.
  if (typeof undici?.Agent !== 'function' || typeof undici.Agent.prototype?.request !== 'function') {
    throw new UpstreamClientError("this runtime's undici module has no Agent.prototype.request() (Bun gives its own partial undici); use the platform's fetch: createHandler(config, { core }) without `fetch`");
  }
  // A server that hints an idle time-out (Keep-Alive: timeout=N) has its idle connections dropped a second
  // before then (undici's threshold), so a reused connection does not race the server closing it; without a
  // hint, idle connections go after 4 s.
  const agent = new undici.Agent({ keepAliveTimeout: 4_000 });

  async function undiciFetch(input, { method = 'GET', headers = {}, body, signal, timeout } = {}) {
    const url = new URL(String(input));
    // A time-out is an emitter that undici listens to as it would to a signal: cheaper than a signal per call.
    let timer = null;
    let timedOut = false;
    let abort = signal;
    if (timeout !== undefined && !signal?.aborted) {
      const emitter = new EventEmitter();
      timer = setTimeout(() => {
        timedOut = true;
        emitter.emit('abort');
      }, timeout);
      signal?.addEventListener('abort', () => emitter.emit('abort'), { once: true });
      abort = emitter;
    }
    try {
      const response = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: { 'accept-encoding': 'gzip, deflate, br', ...lowerCased(headers) },
        body,
        signal: abort,
      });
      // The body is read before resolving, so a failure or a time-out mid-body rejects the call itself.
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const text = await decodedText(zlib, response.headers['content-encoding'], bytes);
      return fetchAnswer(response.statusCode, response.headers, text);
    } catch (error) {
      if (timedOut) throw Object.assign(new Error(`no answer in ${timeout} ms`), { name: 'TimeoutError' });
      if (signal?.aborted) throw Object.assign(new Error('the request was aborted'), { name: 'AbortError', cause: signal.reason });
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  undiciFetch.acceptsTimeout = true;
  /** Closes the pooled connections (tests, shutdown). */
  undiciFetch.close = () => agent.close();
  return undiciFetch;
}

/** A BigCommerce client that cannot work where it was made, said when it is made. */
export class UpstreamClientError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UpstreamClientError';
    this.code = 'upstream_client_unusable';
  }
}

// A caller's Accept-Encoding replaces ours rather than joining it (one header line).
function lowerCased(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
