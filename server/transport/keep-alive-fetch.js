// Used on Node itself when undici cannot be loaded: the fallback client for BigCommerce (server/node-upstream.js).
// The stub's client for BigCommerce on Node: node:http(s) with keep-alive agents, in the shape of fetch.
// Node's global fetch (undici) costs about five times the CPU per call (Web streams and spec bookkeeping on
// both the request and the response: ~700 µs against ~150 µs measured on loopback), and every cart and
// checkout request makes at least one call. Only what bigcommerce-client.js uses is supported: method, headers, a string
// body and signal; the answer has status, headers.get() and text(). Like fetch it asks for compressed answers
// (large catalog pages over the Internet) and decodes them. The modules come in as arguments, so this file
// imports nothing from node: and it loads nothing Node-only by itself (see server/node-upstream.js).
import { decodedText, fetchAnswer } from './fetch-answer.js';

/** @param {{ http: typeof import('node:http'), https: typeof import('node:https'), zlib: typeof import('node:zlib') }} modules */
export function createKeepAliveFetch({ http, https, zlib }) {
  // One pool per scheme, reused across requests (keep-alive); sockets are created as concurrency needs them.
  // A server that hints an idle time-out (Keep-Alive: timeout=N) has its idle sockets dropped before then;
  // `timeout` drops idle sockets after 4 s for servers that do not say.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: 4_000 }),
    'https:': new https.Agent({ keepAlive: true, timeout: 4_000 }),
  };

  // `timeout` (ms, not in fetch) ends the call with a TimeoutError as AbortSignal.timeout() would, for a timer
  // instead of a signal per call (a signal was ~3% of a checkout's CPU in the stub).
  function keepAliveFetch(input, { method = 'GET', headers = {}, body, signal, timeout } = {}, retried = false) {
    const url = String(input);
    return new Promise((resolve, reject) => {
      const scheme = url.startsWith('https:') ? 'https:' : 'http:';
      const options = {
        method,
        headers: {
          'Accept-Encoding': 'gzip, deflate, br',
          ...headers,
          ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) }),
        },
        agent: agents[scheme],
        signal, // an abort destroys the request and rejects with an AbortError, as fetch does
      };
      const req = (scheme === 'https:' ? https : http).request(url, options, (res) => {
        // The body is read before resolving, so a failure or an abort mid-body rejects the call itself.
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.once('error', reject);
        res.once('close', () => {
          if (!res.complete) reject(Object.assign(new Error('the connection closed mid-answer'), { name: 'NetworkError' }));
        });
        res.once('end', () => {
          decodedText(zlib, res.headers['content-encoding'], Buffer.concat(chunks))
            .then((text) => resolve(fetchAnswer(res.statusCode, res.headers, text)), reject);
        });
      });
      if (timeout !== undefined) {
        const timer = setTimeout(() => {
          const error = Object.assign(new Error(`no answer in ${timeout} ms`), { name: 'TimeoutError' });
          reject(error); // first, so a body cut short by the destroy reads as the time-out it is
          req.destroy(error);
        }, timeout);
        const clear = () => clearTimeout(timer);
        req.once('close', clear);
        req.once('response', (res) => res.once('close', clear));
      }
      req.once('error', (error) => {
        // A pooled socket the server closed just as we reused it (its idle time-out raced our request): try once
        // more on a fresh socket, Node's documented pattern (req.reusedSocket and ECONNRESET). The request almost
        // never reached the server then; if it did, the repeat costs a spare redirect token or cart, which beats
        // failing the shopper's checkout.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried && !signal?.aborted) {
          resolve(keepAliveFetch(input, { method, headers, body, signal, timeout }, true));
        } else {
          reject(error);
        }
      });
      req.end(body);
    });
  }
  keepAliveFetch.acceptsTimeout = true;
  return keepAliveFetch;
}
