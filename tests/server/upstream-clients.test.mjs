// The fetch-shaped clients upstream.js uses on Node: server/transport/undici-fetch.js (undici's request API, the default)
// and server/transport/keep-alive-fetch.js (node:http with keep-alive, when undici cannot be loaded). The same tests run
// against both and pin what upstream.js relies on (method, headers, a string body, signal or timeout; status,
// headers.get(), text()), the decoding of compressed answers, the errors they reject with (upstream.js maps
// AbortError/TimeoutError to 504 and anything else to 0) and the reuse of keep-alive connections. Loopback
// servers only, on port 0.
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { describe, test as nodeTest } from 'node:test';
import zlib from 'node:zlib';
import * as undici from 'undici';
import { createKeepAliveFetch } from '../../server/transport/keep-alive-fetch.js';
import { createUndiciFetch } from '../../server/transport/undici-fetch.js';
import { UpstreamError, createUpstream } from '../../server/bigcommerce-client.js';
import { createNodeUpstreamFetch } from '../../server/node-upstream.js';

// A per-test limit, so a broken abort or time-out path fails instead of hanging on a server that never answers.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

const TIMEOUT_NAMES = ['AbortError', 'TimeoutError']; // what upstream.js turns into a 504

/** A loopback server that records each request (with its body) and counts TCP connections. */
async function serve(t, handler) {
  const stats = { connections: 0, requests: [] };
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const seen = { method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8'), port: req.socket.remotePort };
    stats.requests.push(seen);
    await handler(req, res, seen);
  });
  server.on('connection', () => stats.connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${server.address().port}`, server, stats };
}

/**
 * A node:http client whose http.request is wrapped to tell the test when an answer's first body bytes reached
 * the client, so "mid-body" cases do not depend on timing.
 */
function spiedNodeHttp() {
  let firstData;
  return {
    firstData: () => firstData,
    fetch: createKeepAliveFetch({
      http: {
        ...http,
        request(...args) {
          const req = http.request(...args);
          firstData = new Promise((resolve) => req.once('response', (res) => res.once('data', resolve)));
          return req;
        },
      },
      https,
      zlib,
    }),
  };
}

/**
 * An undici client, told through undici's diagnostics channel when an answer's head arrived: the servers in the
 * mid-body tests write the head and the first body bytes together, so the bytes are there too.
 */
function spiedUndici() {
  let arrived;
  let firstData = new Promise((resolve) => (arrived = resolve));
  const channel = diagnosticsChannel.channel('undici:request:headers');
  const onHeaders = () => {
    channel.unsubscribe(onHeaders);
    arrived();
  };
  channel.subscribe(onHeaders);
  return { firstData: () => firstData, fetch: createUndiciFetch({ undici, zlib, EventEmitter }) };
}

// Each test makes a fresh client (its own pool, so no pooled connection is shared between tests).
const CLIENTS = [
  {
    name: 'undici (undici-fetch.js)',
    make: () => createUndiciFetch({ undici, zlib, EventEmitter }),
    spied: spiedUndici,
    closedCodes: ['UND_ERR_SOCKET'], // undici's "other side closed"
    // undici hands a connection back to its pool a turn of the event loop after an answer ("to make sure that
    // non-spec compliant servers are not closing the connection"), so a call made straight after another one
    // takes a second connection; from then on the two alternate.
    sequentialConnections: 2,
  },
  {
    name: 'node:http (keep-alive-fetch.js)',
    make: () => createKeepAliveFetch({ http, https, zlib }),
    spied: spiedNodeHttp,
    closedCodes: ['ECONNRESET'],
    sequentialConnections: 1,
  },
];

/** Resolves when the promise rejects, with the error; fails the test if it resolves. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

function headerLines(rawHeaders, name) {
  return rawHeaders.filter((_, i) => i % 2 === 0 && rawHeaders[i].toLowerCase() === name.toLowerCase()).length;
}

for (const impl of CLIENTS) {
  describe(impl.name, () => {
    const client = impl.make;
    const spiedClient = impl.spied;

    test('GET: the server sees the method, the caller headers and no body; status, headers.get() and text()', async (t) => {
      const { url, stats } = await serve(t, (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"data":[1,2,3]}');
      });
      const kaFetch = client();
      const response = await kaFetch(new URL('/stores/abc/v3/carts/1?include=x', url), {
        headers: { 'X-Auth-Token': 'tok', Accept: 'application/json' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(await response.text(), '{"data":[1,2,3]}');
      assert.equal(await response.text(), '{"data":[1,2,3]}', 'text() can be read again');

      const [seen] = stats.requests;
      assert.equal(seen.method, 'GET');
      assert.equal(seen.url, '/stores/abc/v3/carts/1?include=x');
      assert.equal(seen.headers['x-auth-token'], 'tok');
      assert.equal(seen.headers.accept, 'application/json');
      assert.equal(seen.headers['content-length'], undefined);
      assert.equal(seen.headers['transfer-encoding'], undefined);
      assert.equal(seen.body, '');
    });

    test('the method defaults to GET and the options can be left out', async (t) => {
      const { url, stats } = await serve(t, (req, res) => res.end('hi'));
      const response = await client()(`${url}/plain`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'hi');
      assert.equal(stats.requests[0].method, 'GET');
    });

    test('POST and PUT with a string body: Content-Length is the UTF-8 byte length, not chunked, body intact', async (t) => {
      const { url, stats } = await serve(t, (req, res) => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ echoed: req.method }));
      });
      const kaFetch = client();
      const body = JSON.stringify({ line_items: [{ name: 'Café crème €5', quantity: 2 }] });
      assert.notEqual(Buffer.byteLength(body), body.length, 'the body has multi-byte characters');

      const post = await kaFetch(`${url}/v3/carts`, {
        method: 'POST',
        headers: { 'X-Auth-Token': 'tok', 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(post.status, 201);
      assert.deepEqual(JSON.parse(await post.text()), { echoed: 'POST' });

      const put = await kaFetch(`${url}/v3/carts/1/items/2`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"q":1}' });
      assert.equal(put.status, 201);

      const del = await kaFetch(`${url}/v3/carts/1`, { method: 'DELETE' });
      assert.equal(del.status, 201);

      const [seenPost, seenPut, seenDelete] = stats.requests;
      assert.equal(seenPost.method, 'POST');
      assert.equal(seenPost.headers['content-type'], 'application/json');
      assert.equal(seenPost.headers['x-auth-token'], 'tok');
      assert.equal(seenPost.headers['content-length'], String(Buffer.byteLength(body)));
      assert.equal(seenPost.headers['transfer-encoding'], undefined);
      assert.equal(seenPost.body, body);

      assert.equal(seenPut.method, 'PUT');
      assert.equal(seenPut.headers['content-length'], '7');
      assert.equal(seenPut.body, '{"q":1}');

      assert.equal(seenDelete.method, 'DELETE');
      assert.equal(seenDelete.body, '');
    });

    test('an empty string body is sent with Content-Length: 0', async (t) => {
      const { url, stats } = await serve(t, (req, res) => res.end());
      const response = await client()(url, { method: 'POST', body: '' });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
      assert.equal(stats.requests[0].headers['content-length'], '0');
      assert.equal(stats.requests[0].headers['transfer-encoding'], undefined);
    });

    test('headers.get() is case-insensitive, joins repeated headers and answers null for a missing one', async (t) => {
      const { url } = await serve(t, (req, res) => {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Retry-After', '3');
        res.setHeader('X-Multi', ['a', 'b']); // two header lines
        res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
        res.end('x');
      });
      const { headers } = await client()(url);
      assert.equal(headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(headers.get('Content-Type'), 'text/plain; charset=utf-8');
      assert.equal(headers.get('CONTENT-TYPE'), 'text/plain; charset=utf-8');
      assert.equal(headers.get('Retry-After'), '3');
      assert.equal(headers.get('x-multi'), 'a, b');
      assert.equal(headers.get('set-cookie'), 'a=1; Path=/, b=2; Path=/');
      assert.equal(headers.get('x-not-there'), null);
    });

    test('non-2xx statuses resolve with their status, headers and body', async (t) => {
      const { url } = await serve(t, (req, res) => {
        const status = Number(req.url.slice(1));
        res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '2' } : {}) });
        res.end(JSON.stringify({ status }));
      });
      const kaFetch = client();
      for (const status of [301, 400, 404, 422, 429, 500, 502, 503]) {
        const response = await kaFetch(`${url}/${status}`);
        assert.equal(response.status, status);
        assert.deepEqual(JSON.parse(await response.text()), { status });
        assert.equal(response.headers.get('retry-after'), status === 429 ? '2' : null);
      }
    });

    test('the request advertises gzip, deflate and br; a caller Accept-Encoding replaces it (one header line)', async (t) => {
      const { url, stats } = await serve(t, (req, res) => res.end('ok'));
      const kaFetch = client();
      await kaFetch(url);
      await kaFetch(url, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(stats.requests[0].headers['accept-encoding'], 'gzip, deflate, br');
      assert.equal(stats.requests[1].headers['accept-encoding'], 'identity');
      assert.equal(headerLines(stats.requests[1].rawHeaders, 'accept-encoding'), 1);
    });

    test('gzip, x-gzip, deflate and br answers are decoded (Content-Encoding matched case-insensitively)', async (t) => {
      const payload = JSON.stringify({ data: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `Product ${i} — ünïcödé` })) });
      const encoders = {
        gzip: zlib.gzipSync,
        'x-gzip': zlib.gzipSync,
        GZIP: zlib.gzipSync,
        deflate: zlib.deflateSync,
        br: zlib.brotliCompressSync,
      };
      const { url, stats } = await serve(t, (req, res) => {
        const encoding = decodeURIComponent(req.url.slice(1));
        const bytes = encoders[encoding](Buffer.from(payload));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'Content-Length': bytes.length });
        res.end(bytes);
      });
      const kaFetch = client();
      for (const encoding of Object.keys(encoders)) {
        const response = await kaFetch(`${url}/${encodeURIComponent(encoding)}`);
        assert.equal(response.status, 200, encoding);
        assert.equal(await response.text(), payload, encoding);
        assert.equal(response.headers.get('content-encoding'), encoding);
      }
      for (const seen of stats.requests) assert.equal(seen.headers['accept-encoding'], 'gzip, deflate, br');
    });

    test('an empty body with a Content-Encoding resolves with an empty text', async (t) => {
      const { url } = await serve(t, (req, res) => {
        res.writeHead(req.url === '/204' ? 204 : 200, { 'Content-Encoding': 'gzip' });
        res.end();
      });
      const kaFetch = client();
      for (const path of ['/204', '/200']) {
        const response = await kaFetch(url + path);
        assert.equal(await response.text(), '');
      }
    });

    test('a corrupt compressed answer rejects (not a timeout, so upstream.js reports a network failure)', async (t) => {
      const { url } = await serve(t, (req, res) => {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        res.end('this is not gzip');
      });
      const error = await rejection(client()(url));
      assert.ok(error instanceof Error);
      assert.ok(!TIMEOUT_NAMES.includes(error.name), error.name);
    });

    test('a leading UTF-8 byte-order mark is stripped, also after decoding; a later one is kept', async (t) => {
      const BOM = '\uFEFF';
      const { url } = await serve(t, (req, res) => {
        if (req.url === '/plain') return res.end(Buffer.from(`${BOM}{"a":1}`, 'utf8'));
        if (req.url === '/gzip') {
          res.writeHead(200, { 'Content-Encoding': 'gzip' });
          return res.end(zlib.gzipSync(Buffer.from(`${BOM}{"b":2}`, 'utf8')));
        }
        if (req.url === '/only') return res.end(Buffer.from(BOM, 'utf8'));
        res.end(Buffer.from(`x${BOM}y`, 'utf8'));
      });
      const kaFetch = client();
      assert.equal(await (await kaFetch(`${url}/plain`)).text(), '{"a":1}');
      assert.equal(await (await kaFetch(`${url}/gzip`)).text(), '{"b":2}');
      assert.equal(await (await kaFetch(`${url}/only`)).text(), '');
      assert.equal(await (await kaFetch(`${url}/middle`)).text(), `x${BOM}y`);
    });

    test('a signal aborted before the call rejects with an AbortError and the server sees no request', async (t) => {
      const { url, stats } = await serve(t, (req, res) => res.end('too late'));
      const kaFetch = client();
      const error = await rejection(kaFetch(url, { signal: AbortSignal.abort() }));
      assert.equal(error.name, 'AbortError');
      const controller = new AbortController();
      controller.abort();
      assert.equal((await rejection(kaFetch(url, { method: 'POST', body: '{}', signal: controller.signal }))).name, 'AbortError');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(stats.requests.length, 0);
      // The client still works afterwards.
      assert.equal(await (await kaFetch(url)).text(), 'too late');
    });

    test('an abort while waiting for the answer rejects with an AbortError and closes the connection', async (t) => {
      let arrived;
      const arrival = new Promise((resolve) => (arrived = resolve));
      const { url } = await serve(t, (req, res) => arrived(res)); // never answers
      const controller = new AbortController();
      const pending = client()(url, { method: 'POST', body: '{"x":1}', signal: controller.signal });
      const res = await arrival;
      const closed = once(res, 'close');
      controller.abort();
      const error = await rejection(pending);
      assert.equal(error.name, 'AbortError');
      assert.ok(TIMEOUT_NAMES.includes(error.name));
      await closed;
      assert.equal(res.writableFinished, false);
    });

    test('an abort mid-body rejects with an AbortError; the socket is not reused for the next call', async (t) => {
      const { url, stats } = await serve(t, (req, res) => {
        if (req.url === '/slow') {
          res.writeHead(200, { 'Content-Length': 1000 });
          res.write('the first bytes of a long answer');
          return; // the rest never comes
        }
        res.end('fine');
      });
      const spy = spiedClient();
      const controller = new AbortController();
      const pending = spy.fetch(`${url}/slow`, { signal: controller.signal });
      await spy.firstData(); // the headers and part of the body reached the client
      controller.abort();
      const error = await rejection(pending);
      assert.equal(error.name, 'AbortError');
      assert.equal(stats.connections, 1);

      const next = await spy.fetch(`${url}/next`);
      assert.equal(await next.text(), 'fine');
      assert.equal(stats.requests.length, 2);
      assert.notEqual(stats.requests[1].port, stats.requests[0].port, 'a new connection, not the half-read one');
    });

    test('AbortSignal.timeout() rejects a call that gets no answer: AbortError caused by a TimeoutError', async (t) => {
      let arrived;
      const arrival = new Promise((resolve) => (arrived = resolve));
      const { url } = await serve(t, (req, res) => arrived(res)); // never answers
      const started = performance.now();
      const pending = client()(url, { signal: AbortSignal.timeout(100) });
      const res = await arrival;
      const closed = once(res, 'close');
      const error = await rejection(pending);
      const elapsed = performance.now() - started;
      assert.equal(error.name, 'AbortError');
      assert.equal(error.cause?.name, 'TimeoutError');
      assert.ok(TIMEOUT_NAMES.includes(error.name));
      assert.ok(elapsed >= 90 && elapsed < 3000, `rejected after ${elapsed} ms`);
      await closed; // the request was torn down, not left hanging
    });

    test('AbortSignal.timeout() also covers an answer whose body stalls', async (t) => {
      const { url } = await serve(t, (req, res) => {
        res.writeHead(200, { 'Content-Length': 100 });
        res.write('partial');
      });
      const error = await rejection(client()(url, { signal: AbortSignal.timeout(100) }));
      assert.equal(error.name, 'AbortError');
      assert.equal(error.cause?.name, 'TimeoutError');
    });

    test('timeout (ms, what upstream.js passes instead of a signal) rejects with a TimeoutError and tears the request down', async (t) => {
      let arrived;
      const arrival = new Promise((resolve) => (arrived = resolve));
      const { url } = await serve(t, (req, res) => arrived(res)); // never answers
      const started = performance.now();
      const pending = client()(url, { method: 'POST', body: '{}', timeout: 100 });
      const res = await arrival;
      const closed = once(res, 'close');
      const error = await rejection(pending);
      const elapsed = performance.now() - started;
      assert.equal(error.name, 'TimeoutError');
      assert.ok(elapsed >= 90 && elapsed < 3000, `rejected after ${elapsed} ms`);
      await closed;
    });

    test('timeout also covers a stalled body, and reads as a time-out rather than a cut connection', async (t) => {
      const { url } = await serve(t, (req, res) => {
        res.writeHead(200, { 'Content-Length': 100 });
        res.write('partial');
      });
      const error = await rejection(client()(url, { timeout: 100 }));
      assert.equal(error.name, 'TimeoutError');
    });

    test('a timeout that does not expire changes nothing, and its timer does not outlive the call', async (t) => {
      const { url } = await serve(t, (req, res) => res.end('ok'));
      const kaFetch = client();
      assert.equal(kaFetch.acceptsTimeout, true);
      const response = await kaFetch(url, { timeout: 60_000 });
      assert.equal(await response.text(), 'ok');
      // A timer left behind would keep this process alive for a minute; node --test would then report it.
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(!process.getActiveResourcesInfo().includes('Timeout'), `active: ${process.getActiveResourcesInfo()}`);
    });

    test('a signal that is not aborted changes nothing', async (t) => {
      const { url } = await serve(t, (req, res) => res.end('ok'));
      const response = await client()(url, { signal: AbortSignal.timeout(10_000) });
      assert.equal(await response.text(), 'ok');
    });

    for (const framing of ['Content-Length', 'chunked']) {
      test(`a server that closes the connection mid-body rejects (${framing}), as a network failure`, async (t) => {
        let answering;
        const answer = new Promise((resolve) => (answering = resolve));
        const { url } = await serve(t, (req, res) => {
          res.writeHead(200, framing === 'chunked' ? {} : { 'Content-Length': 1000 });
          res.write('{"data":[');
          answering(res);
        });
        const spy = spiedClient();
        const pending = spy.fetch(url);
        const res = await answer;
        await spy.firstData();
        res.socket.destroy();
        const error = await rejection(pending);
        assert.ok(error instanceof Error);
        assert.ok(!TIMEOUT_NAMES.includes(error.name), `a network failure, not a time-out: ${error.name}`);
        assert.ok(impl.closedCodes.includes(error.code) || error.name === 'NetworkError', `${error.name} ${error.code} ${error.message}`);
      });
    }

    test('a server that closes the connection before answering rejects', async (t) => {
      const { url } = await serve(t, (req, res) => res.socket.destroy());
      const error = await rejection(client()(url));
      assert.ok(!TIMEOUT_NAMES.includes(error.name));
      assert.ok(impl.closedCodes.includes(error.code), `${error.name} ${error.code}`);
    });

    test('sequential calls reuse one keep-alive connection', async (t) => {
      const { url, stats } = await serve(t, (req, res) => {
        if (req.url === '/gzip') {
          res.writeHead(200, { 'Content-Encoding': 'gzip' });
          return res.end(zlib.gzipSync('zipped'));
        }
        if (req.url === '/missing') {
          res.writeHead(404);
          return res.end('no');
        }
        res.end(`${req.method} ${req.url}`);
      });
      const kaFetch = client();
      assert.equal(await (await kaFetch(`${url}/a`)).text(), 'GET /a');
      assert.equal(await (await kaFetch(`${url}/b`, { method: 'POST', body: '{"n":1}' })).text(), 'POST /b');
      assert.equal(await (await kaFetch(`${url}/gzip`)).text(), 'zipped');
      assert.equal((await kaFetch(`${url}/missing`)).status, 404);
      assert.equal(await (await kaFetch(`${url}/c`, { method: 'PUT', body: 'x' })).text(), 'PUT /c');
      assert.equal(await (await kaFetch(`${url}/d`, { method: 'DELETE' })).text(), 'DELETE /d');
      assert.equal(stats.requests.length, 6);
      assert.equal(stats.connections, impl.sequentialConnections);
      for (const seen of stats.requests) assert.notEqual(seen.headers.connection, 'close');
    });

    test('concurrent calls open connections as needed and later calls reuse them', async (t) => {
      let waiting = [];
      const { url, stats } = await serve(t, (req, res) => {
        if (req.url !== '/pair') return res.end('solo');
        waiting.push(res);
        if (waiting.length === 2) {
          for (const r of waiting) r.end('pair');
          waiting = [];
        }
      });
      const kaFetch = client();
      const pair = await Promise.all([kaFetch(`${url}/pair`), kaFetch(`${url}/pair`)]);
      for (const response of pair) assert.equal(await response.text(), 'pair');
      assert.equal(stats.connections, 2);
      for (let i = 0; i < 5; i++) assert.equal(await (await kaFetch(`${url}/solo`)).text(), 'solo');
      // undici: the pair's two connections come back to the pool a turn later, so the first solo call opens one
      // more (see sequentialConnections); the other four reuse what is there.
      assert.equal(stats.connections, 2 + impl.sequentialConnections - 1);
    });

    test('a refused connection rejects with ECONNREFUSED (not a time-out)', async (t) => {
      // A port that was just free: listen on 0, note it, close.
      const probe = http.createServer();
      probe.listen(0, '127.0.0.1');
      await once(probe, 'listening');
      const { port } = probe.address();
      await new Promise((resolve) => probe.close(resolve));
      const error = await rejection(client()(`http://127.0.0.1:${port}/v3/carts`, { method: 'POST', body: '{}' }));
      assert.equal(error.code, 'ECONNREFUSED');
      assert.ok(!TIMEOUT_NAMES.includes(error.name));
    });

    test('as upstream.js uses it: a time-out becomes UpstreamError 504, a network failure 0, an answer its status', async (t) => {
      const { url, stats } = await serve(t, (req, res) => {
        if (req.url.endsWith('/hang')) return; // never answers
        if (req.url.endsWith('/cut')) return res.socket.destroy();
        res.writeHead(req.url.endsWith('/missing') ? 404 : 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(zlib.gzipSync(`\uFEFF${JSON.stringify({ data: { id: 'c1' } })}`));
      });
      const config = { apiUrl: url, storeHash: 'abc', accessToken: 'secret', upstreamTimeoutMs: 100 };
      const upstream = createUpstream(config, { fetch: client(), sleep: async () => {} });

      assert.deepEqual(await upstream.request('POST', '/v3/carts', { line_items: [] }), { status: 200, json: { data: { id: 'c1' } } });
      const post = stats.requests[0];
      assert.equal(post.url, '/stores/abc/v3/carts');
      assert.equal(post.headers['x-auth-token'], 'secret');
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(post.body, '{"line_items":[]}');

      const missing = await rejection(upstream.request('GET', '/v3/carts/missing'));
      assert.ok(missing instanceof UpstreamError);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { data: { id: 'c1' } });

      const timedOut = await rejection(upstream.request('POST', '/hang', {}));
      assert.ok(timedOut instanceof UpstreamError);
      assert.equal(timedOut.status, 504);

      const cut = await rejection(upstream.request('POST', '/cut', {}));
      assert.ok(cut instanceof UpstreamError);
      assert.equal(cut.status, 0);
    });
  });
}

test('node:http: a pooled socket reset by the server on reuse is retried once on a fresh socket, POST included', async (t) => {
  let connections = 0;
  let requests = 0;
  const perSocket = new WeakMap();
  const server = http.createServer((req, res) => {
    requests++;
    const seen = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, seen);
    // The second request on a kept-alive socket finds it closed, as when an idle time-out races a reuse.
    if (seen === 2) return req.socket.destroy();
    req.resume();
    req.on('end', () => res.end(`answer ${requests}`));
  });
  server.on('connection', () => connections++);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  const fetchLike = createKeepAliveFetch({ http, https, zlib });
  const base = `http://127.0.0.1:${server.address().port}`;
  assert.equal(await (await fetchLike(`${base}/a`, { method: 'POST', body: '{}' })).text(), 'answer 1');
  const second = await fetchLike(`${base}/b`, { method: 'POST', body: '{}' });
  assert.equal(second.status, 200);
  assert.equal(await second.text(), 'answer 3');
  assert.equal(connections, 2, 'the retry used a new connection');
});

test('undici: an idle connection is dropped before the server\'s Keep-Alive hint runs out, so reusing it never races the server closing it (undici does not repeat a failed POST)', async (t) => {
  const { url, server, stats } = await serve(t, (req, res) => res.end('ok'));
  server.keepAliveTimeout = 2_000; // answers say "Keep-Alive: timeout=2"
  const undiciFetch = createUndiciFetch({ undici, zlib, EventEmitter });
  t.after(() => undiciFetch.close());
  assert.equal(await (await undiciFetch(url, { method: 'POST', body: '{}' })).text(), 'ok');
  await new Promise((resolve) => setTimeout(resolve, 1_300)); // past the hint less undici's 1 s margin
  assert.equal(await (await undiciFetch(url, { method: 'POST', body: '{}' })).text(), 'ok');
  assert.equal(stats.connections, 2, 'the client closed the idle connection itself and opened a new one');
});

test("server/main.js's client on Node (createNodeUpstreamFetch) is undici's request API", async (t) => {
  const { url, stats } = await serve(t, (req, res) => res.end('{"data":{}}'));
  const created = [];
  const channel = diagnosticsChannel.channel('undici:request:create');
  const onCreate = ({ request }) => created.push(request.path);
  channel.subscribe(onCreate);
  t.after(() => channel.unsubscribe(onCreate));
  const fetch = await createNodeUpstreamFetch();
  t.after(() => fetch.close());
  const upstream = createUpstream({ apiUrl: url, storeHash: 'abc', accessToken: 'secret', upstreamTimeoutMs: 1_000 }, { fetch });
  assert.deepEqual(await upstream.request('GET', '/v3/carts/1'), { status: 200, json: { data: {} } });
  // The channel is undici's (node:http publishes nothing there); Node's global fetch is undici too, but sends
  // the fetch headers, which the request API does not.
  assert.deepEqual(created, ['/stores/abc/v3/carts/1']);
  assert.equal(stats.requests[0].headers['sec-fetch-mode'], undefined);
  assert.equal(stats.requests[0].headers['accept-encoding'], 'gzip, deflate, br');
});

test('without a client handed in, bigcommerce-client.js calls the platform fetch (the one a runtime provides)', async (t) => {
  const { url, stats } = await serve(t, (req, res) => res.end('{"data":{}}'));
  const upstream = createUpstream({ apiUrl: url, storeHash: 'abc', accessToken: 'secret', upstreamTimeoutMs: 1_000 });
  assert.deepEqual(await upstream.request('GET', '/v3/carts/1'), { status: 200, json: { data: {} } });
  assert.equal(stats.requests[0].headers['sec-fetch-mode'], 'cors', "the fetch standard's header: Node's global fetch sent it");
});
