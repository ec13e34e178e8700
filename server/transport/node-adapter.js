// Used on Node only (listen(), createNodeServer(), server/main.js); edge platforms call the handler directly.
// Runs a Web-standard fetch handler ((Request) => Promise<Response>) on Node's http server, so the same
// handler code serves Node here and serverless or edge platforms elsewhere.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { Readable } from 'node:stream';
import { CONNECTION_LIMITS } from './connection-limits.js';
import { lazyRequest, lazyResponseParts } from './lazy-fetch.js';

// Bodies that declare a Content-Length up to this size are read before the handler runs and handed over as
// bytes in a lazy Request (lazy-fetch.js), which builds no Web stream unless a handler asks for request.body.
// Larger bodies and chunked ones stay streamed, so a handler can refuse them without reading them (413).
const BUFFERED_BODY_MAX = 64 * 1024;

/**
 * @param {(request: Request, info: { clientAddress: string }) => Promise<Response>} handler
 * @param {{ trustProxy?: boolean | number, headersTimeoutMs?: number, requestTimeoutMs?: number,
 *           maxConnections?: number, maxConnectionsPerClient?: number, maxRequestsPerClient?: number,
 *           tls?: { key: string | Buffer, cert: string | Buffer } }} [options]
 *   With `tls` the server speaks https itself (node:https) and request URLs say https: a local https origin
 *   without a proxy, which is what Secure cookies need.
 *   Behind a proxy that terminates https, trustProxy takes the request URL's scheme and host from
 *   X-Forwarded-Proto and X-Forwarded-Host; otherwise a same-origin page (https://shop.example) would look
 *   cross-origin to the handler (http://shop.example) and lose Secure cookies. Behind a proxy every connection
 *   comes from the proxy, so the per-client caps count nothing there (the handler's rate limits, keyed on the
 *   forwarded address, still do). The time-outs and caps default to CONNECTION_LIMITS.
 * @returns {import('node:http').Server}
 */
export function createNodeServer(handler, options = {}) {
  const limits = { ...CONNECTION_LIMITS, ...options };
  const trustProxy = Boolean(options.trustProxy);
  const perClient = !trustProxy;
  const connections = new Map(); // client address -> open sockets
  const inFlight = new Map(); // client address -> requests under way
  const bump = (map, key, by) => {
    const n = (map.get(key) ?? 0) + by;
    if (n > 0) map.set(key, n);
    else map.delete(key);
    return n;
  };

  const make = options.tls ? (serverOptions, listener) => createTlsServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert }, listener) : createServer;
  const server = make({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // How often Node looks for requests past those deadlines; its default (30 s) would let them run 30 s over.
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  }, async (req, res) => {
    const client = req.socket.remoteAddress ?? '';
    if (perClient && bump(inFlight, client, 1) > limits.maxRequestsPerClient) {
      bump(inFlight, client, -1);
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1', Connection: 'close' });
      res.end(JSON.stringify({ error: { code: 'too_many_concurrent_requests', message: 'Too many requests under way from this address; try again in a moment' } }));
      return;
    }
    try {
      const request = await toRequest(req, trustProxy);
      if (!request) return; // the client went away while sending its body: nobody to answer
      // lazyResponses: handlers that know lazy-fetch.js may answer with its lazy Response, written below
      // without a stream; others answer as they always do.
      const response = await handler(request, { clientAddress: client, lazyResponses: true });
      const parts = lazyResponseParts(response);
      if (parts) writeLazyResponse(res, parts);
      else await writeResponse(res, response);
    } catch (error) {
      // The handler answers its own errors; reaching here is a bug in it, and never worth a hung socket.
      console.error('unhandled error in request handler:', error && error.stack ? error.stack : error);
      // Half a body already went out (a stream that failed): cut the connection rather than append to it.
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Internal server error' } }));
    } finally {
      if (perClient) bump(inFlight, client, -1);
    }
  });
  server.maxConnections = limits.maxConnections;
  if (perClient) {
    server.on('connection', (socket) => {
      const client = socket.remoteAddress ?? '';
      if (bump(connections, client, 1) > limits.maxConnectionsPerClient) {
        socket.destroy();
      }
      socket.once('close', () => bump(connections, client, -1));
    });
  }
  return server;
}

/** Starts a server and resolves once it listens; port 0 picks a free one. Options as createNodeServer's. */
export async function listen(handler, { port = 0, host = '127.0.0.1', ...options } = {}) {
  const server = createNodeServer(handler, options);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    url: `${options.tls ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** The Request for `req`, or null when the client aborted while its (small) body was being read. */
async function toRequest(req, trustProxy) {
  const first = (value) => String(value ?? '').split(',')[0].trim();
  const own = req.socket.encrypted ? 'https' : 'http';
  const proto = trustProxy && /^https?$/.test(first(req.headers['x-forwarded-proto'])) ? first(req.headers['x-forwarded-proto']) : own;
  const host = (trustProxy && first(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
  const url = `${proto}://${host}${req.url}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  if (req.method === 'GET' || req.method === 'HEAD') return lazyRequest({ method: req.method, url, headers });
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] !== undefined && declared <= BUFFERED_BODY_MAX) {
    const body = await readSmall(req);
    return body && lazyRequest({ method: req.method, url, headers, body });
  }
  return new Request(url, { method: req.method, headers, body: Readable.toWeb(req), duplex: 'half' });
}

function writeLazyResponse(res, { status, headers, body }) {
  if (body === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (!hasHeader(headers, 'content-length')) headers.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(status, headers);
  // A string, not bytes: Node then sends the head and the body in one write (a Buffer goes out with writev).
  res.end(body, 'utf8');
}

function hasHeader(flat, name) {
  for (let i = 0; i < flat.length; i += 2) if (flat[i].toLowerCase() === name) return true;
  return false;
}

/** The whole body as a Buffer, or null if the connection closed first. */
function readSmall(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('close', () => { if (!req.complete) resolve(null); });
    req.once('error', () => resolve(null));
  });
}

async function writeResponse(res, response) {
  // Headers iterate with each Set-Cookie on its own; writeHead takes them as a flat [name, value, ...] list.
  const headers = [];
  for (const [name, value] of response.headers) headers.push(name, value);
  if (!response.body) {
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client that goes away stops the body: a streaming handler should not produce for nobody.
  const stop = () => reader.cancel().catch(() => {});
  res.once('close', stop);
  try {
    const first = await reader.read();
    let next = reader.read();
    // A body made from a string or bytes (every JSON and HTML answer) is one chunk that ends a few microtasks
    // later. Seen ending before the event loop turns, it goes out as one write with a Content-Length instead
    // of chunked encoding and three writes. A real stream is not held back beyond that turn.
    const settled = await Promise.race([next, new Promise((resolve) => setImmediate(resolve, null))]);
    if (settled?.done) {
      if (first.done) {
        res.writeHead(response.status, response.statusText || undefined, headers);
        res.end();
      } else {
        if (!response.headers.has('content-length')) headers.push('content-length', String(first.value.byteLength));
        res.writeHead(response.status, response.statusText || undefined, headers);
        res.end(first.value);
      }
      return;
    }
    res.writeHead(response.status, response.statusText || undefined, headers);
    if (!first.done) {
      let chunk = first;
      while (!chunk.done) {
        if (!res.write(chunk.value) && !res.destroyed) await drained(res);
        if (res.destroyed) return;
        chunk = await next;
        next = chunk.done ? null : reader.read();
      }
    }
    res.end();
  } finally {
    res.off('close', stop);
  }
}

function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}
