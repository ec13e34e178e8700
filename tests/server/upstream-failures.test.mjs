// How the stub chooses its BigCommerce client and says why a call failed. The handler's default is the platform's
// fetch; undici only on Node itself (server/node-upstream.js), and a client that cannot work fails when made. A
// failed call is logged with its method, host, path (never the query) and cause, scrubbed of every secret.
// Loopback servers only, on port 0.
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { test } from 'node:test';
import zlib from 'node:zlib';
import * as undici from 'undici';
import { networkFailure, UpstreamError, createUpstream } from '../../server/bigcommerce-client.js';
import { createNodeUpstreamFetch, isNodeItself } from '../../server/node-upstream.js';
import { createUndiciFetch, UpstreamClientError } from '../../server/transport/undici-fetch.js';
import { createLoopbackCertificate } from '../../sandbox/loopback-certificate.js';
import { createStub, ENV, SECRETS } from './server-fixtures.mjs';

async function serve(t, handler, { tls } = {}) {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
}

/** A loopback port nothing listens on (taken and released at once). */
async function closedPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const noSleep = { sleep: async () => {} };

async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

test("a Bun-like undici (an Agent without request()) is refused when the client is made, naming what to do", () => {
  class Agent {} // Bun's undici: the class is there, its request() is not
  assert.throws(() => createUndiciFetch({ undici: { Agent }, zlib, EventEmitter }), (error) => {
    assert.ok(error instanceof UpstreamClientError);
    assert.equal(error.code, 'upstream_client_unusable');
    assert.match(error.message, /Agent\.prototype\.request/);
    assert.match(error.message, /platform's fetch/);
    return true;
  });
  assert.throws(() => createUndiciFetch({ undici: {}, zlib, EventEmitter }), UpstreamClientError);
  assert.doesNotThrow(() => createUndiciFetch({ undici, zlib, EventEmitter }).close());
});

test('a `fetch` that is not a function is refused when the handler is made', async () => {
  for (const fetch of ['https://api.bigcommerce.com', {}, null]) {
    await assert.rejects(createStub({ upstream: { fetch } }), (error) => {
      assert.equal(error.code, 'upstream_client_unusable');
      assert.match(error.message, /`fetch` must be a function/);
      return true;
    });
  }
});

test('Node itself is told from Bun and Deno, which both set process.versions.node', async () => {
  assert.equal(isNodeItself(process), true);
  assert.equal(isNodeItself({ versions: { node: '24.3.0', bun: '1.4.5' } }), false);
  assert.equal(isNodeItself({ versions: { node: '24.2.0', deno: '2.9.6' } }), false);
  assert.equal(isNodeItself({ versions: {} }), false);
  const client = await createNodeUpstreamFetch();
  assert.equal(typeof client, 'function');
  assert.equal(client.acceptsTimeout, true);
  await client.close();
});

test('a refused connection: UpstreamError with status 0, the method, host and path, and ECONNREFUSED', async () => {
  const port = await closedPort();
  for (const [name, fetch] of [['undici', await createNodeUpstreamFetch()], ['the global fetch', undefined]]) {
    const upstream = createUpstream({ apiUrl: `http://127.0.0.1:${port}`, storeHash: 'abc', accessToken: 'tok', upstreamTimeoutMs: 1_000 }, { fetch, ...noSleep });
    const error = await failure(upstream.request('GET', '/v3/catalog/products?include=variants&secret=x'));
    assert.ok(error instanceof UpstreamError, name);
    assert.equal(error.status, 0, name);
    assert.equal(error.method, 'GET');
    assert.equal(error.host, `127.0.0.1:${port}`);
    assert.equal(error.path, '/stores/abc/v3/catalog/products', `${name}: the path without its query`);
    assert.equal(error.reason, 'ECONNREFUSED', name);
    await fetch?.close();
  }
});

test('a time-out, a 429 not from the quota and a 500 each name their cause', async (t) => {
  const url = await serve(t, (req, res) => {
    if (req.url.includes('slow')) return; // never answers
    if (req.url.includes('limited')) {
      res.writeHead(429, { 'Retry-After': '60' });
      return res.end('{"title":"Too many attempts"}');
    }
    res.writeHead(500);
    res.end('{"title":"Internal"}');
  });
  const fetch = await createNodeUpstreamFetch();
  t.after(() => fetch.close());
  const upstream = createUpstream({ apiUrl: url, storeHash: 'abc', accessToken: 'tok', upstreamTimeoutMs: 100 }, { fetch, ...noSleep });
  const slow = await failure(upstream.request('POST', '/v3/carts/slow'));
  assert.equal(slow.status, 504);
  assert.match(slow.reason, /^timeout \(no answer in 100 ms\)$/);
  const limited = await failure(upstream.request('POST', '/v3/limited'));
  assert.equal(limited.status, 429);
  assert.equal(limited.reason, '429');
  assert.equal(limited.path, '/stores/abc/v3/limited');
  const broken = await failure(upstream.request('POST', '/v3/carts'));
  assert.equal(broken.status, 500);
  assert.equal(broken.reason, '500');
  assert.equal(broken.method, 'POST');
});

test('an untrusted certificate: the cause says TLS and the code', async (t) => {
  const tls = createLoopbackCertificate();
  const url = await serve(t, (req, res) => res.end('{}'), { tls });
  const fetch = await createNodeUpstreamFetch();
  t.after(() => fetch.close());
  const upstream = createUpstream({ apiUrl: url, storeHash: 'abc', accessToken: 'tok', upstreamTimeoutMs: 1_000 }, { fetch, ...noSleep });
  const error = await failure(upstream.request('POST', '/v3/carts'));
  assert.equal(error.status, 0);
  assert.match(error.reason, /^TLS \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/);
});

test('causes in words, for runtimes that give no code (Deno, workerd), keep no query', () => {
  assert.equal(networkFailure(new TypeError('error sending request for url (http://127.0.0.1:1/x): client error (Connect): tcp connect error: Connection refused (os error 111)')), 'ECONNREFUSED');
  assert.equal(networkFailure(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })), 'ECONNREFUSED');
  assert.equal(networkFailure(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }) })), 'TLS (CERT_HAS_EXPIRED)');
  assert.match(networkFailure(new TypeError('invalid peer certificate: UnknownIssuer')), /^TLS \(/);
  assert.equal(networkFailure(new TypeError('dns error: failed to lookup address information')), 'ENOTFOUND');
  const odd = networkFailure(new Error('Network connection lost. https://api.example.com/stores/abc/v3/carts?token=zzz'));
  assert.equal(odd, 'Network connection lost. https://api.example.com/stores/abc/v3/carts');
});

test('the log line of a failed call: method, host, path and cause, and no secret even when the store echoes one', async () => {
  const stub = await createStub({
    upstream: {
      fetch: async (input) => {
        throw Object.assign(new TypeError(`fetch failed for ${input}?x=${SECRETS.BC_ACCESS_TOKEN}`), { cause: Object.assign(new Error(`connect ECONNREFUSED ${SECRETS.BC_ACCESS_TOKEN}`), { code: 'ECONNREFUSED' }) });
      },
    },
  });
  const res = await stub.request('GET', '/api/catalog/products');
  assert.equal(res.status, 502, res.text);
  assert.equal(res.body.error.code, 'upstream_unavailable');
  const lines = stub.logs.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'upstream error');
  assert.equal(lines.length, 1, stub.logs.join('\n'));
  const [line] = lines;
  assert.equal(line.level, 'warn');
  assert.equal(line.method, 'GET');
  assert.equal(line.host, new URL(ENV.BC_API_URL).host);
  assert.match(line.path, /^\/stores\/[a-z0-9]+\/v3\//);
  assert.equal(line.status, 0);
  assert.equal(line.cause, 'ECONNREFUSED');
  for (const secret of Object.values(SECRETS)) assert.ok(!stub.logs.join('\n').includes(secret));
});
