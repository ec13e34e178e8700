// server/transport/lazy-fetch.js: the lazy Request and Response the Node adapter uses. They must behave exactly like the
// real objects (only cheaper), whichever member is touched first; and the adapter must write a lazy answer with
// the same status, headers and bytes as a real one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyRequest, lazyResponse, lazyResponseParts, realResponse, responseFor } from '../../server/transport/lazy-fetch.js';
import { listen } from '../../server/transport/node-adapter.js';

const URL_ = 'http://127.0.0.1:8080/api/checkout?x=1';
const bodyBytes = () => new TextEncoder().encode('{"cartId":"c1","note":"é"}');
const make = (overrides = {}) => lazyRequest({
  method: 'POST',
  url: URL_,
  headers: new Headers({ 'content-type': 'application/json', cookie: 'a=b' }),
  body: bodyBytes(),
  ...overrides,
});

test('a lazy Request is a Request: instanceof, method, url, headers', () => {
  const request = make();
  assert.ok(request instanceof Request);
  assert.equal(request.method, 'POST');
  assert.equal(request.url, URL_);
  assert.equal(request.headers.get('cookie'), 'a=b');
  assert.equal(request.bodyUsed, false);
});

test('text(), json() and arrayBuffer() read the bytes once; a second read fails as it does on a real Request', async () => {
  assert.deepEqual(await make().json(), { cartId: 'c1', note: 'é' });
  assert.equal(await make().text(), '{"cartId":"c1","note":"é"}');
  const buffer = await make().arrayBuffer();
  assert.ok(buffer instanceof ArrayBuffer);
  assert.deepEqual(new Uint8Array(buffer), bodyBytes());

  const request = make();
  await request.text();
  assert.equal(request.bodyUsed, true);
  await assert.rejects(request.text(), TypeError);
  const real = new Request(URL_, { method: 'POST', body: 'x' });
  await real.text();
  await assert.rejects(real.text(), TypeError, 'the real Request refuses the same way');
});

test('a body that is a slice of a larger buffer (Node pools small Buffers) gives exactly its own bytes', async () => {
  const pool = Buffer.from('xxxx{"a":1}yyyy');
  const request = make({ body: pool.subarray(4, 11) });
  assert.equal(new TextDecoder().decode(await request.arrayBuffer()), '{"a":1}');
});

test('any other member builds the real Request from the same parts: body stream, clone(), signal, formData()', async () => {
  const request = make();
  assert.ok(request.body instanceof ReadableStream);
  assert.equal(await new Response(request.body).text(), '{"cartId":"c1","note":"é"}');

  const clone = make().clone();
  assert.equal(clone.method, 'POST');
  assert.equal(await clone.text(), '{"cartId":"c1","note":"é"}');
  assert.ok(make().signal instanceof AbortSignal);
  assert.equal(make().cache, 'default');

  const form = lazyRequest({ method: 'POST', url: URL_, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }), body: new TextEncoder().encode('a=1&b=two') });
  assert.equal((await form.formData()).get('b'), 'two');
});

test('once the real Request exists, the lazy one reads through it; a body read before stays used', async () => {
  const request = make();
  await request.text();
  assert.equal(request.body.locked, true, 'the real body is marked read');
  assert.equal(request.bodyUsed, true);
  await assert.rejects(request.json(), TypeError);

  const fresh = make();
  void fresh.body; // real Request made, body not read yet
  assert.deepEqual(await fresh.json(), { cartId: 'c1', note: 'é' });
});

test('GET and HEAD requests have no body', async () => {
  const get = lazyRequest({ method: 'GET', url: URL_, headers: new Headers(), body: bodyBytes() });
  assert.equal(await get.text(), '');
  assert.equal(get.body, null);
});

test('a lazy Response is a Response: status, ok, headers without building one; the rest reads the real one', async () => {
  const response = lazyResponse('{"ok":true}', { status: 201, headers: { 'Content-Type': 'application/json', 'X-A': '1' } });
  assert.ok(response instanceof Response);
  assert.equal(response.status, 201);
  assert.equal(response.ok, true);
  response.headers.set('Vary', 'Origin');
  assert.ok(lazyResponseParts(response), 'still lazy after status, ok and headers');
  assert.equal(response.statusText, '');
  assert.equal(lazyResponseParts(response), null, 'statusText needed the real Response');
  assert.equal(response.headers.get('vary'), 'Origin', 'headers set before are in the real one');
  assert.deepEqual(await response.json(), { ok: true });
  assert.equal(response.bodyUsed, true);

  assert.equal(lazyResponse(null, { status: 404 }).ok, false);
  assert.equal(await lazyResponse(null, { status: 204 }).text(), '');
  assert.throws(() => lazyResponse('x', { status: 99 }), RangeError);
});

test('headers given as a plain object are written as they are, and checked as Response checks them', async () => {
  const parts = lazyResponseParts(lazyResponse('x', { headers: { 'Content-Type': 'text/plain', 'X-Pad': '  padded  ' } }));
  assert.deepEqual(parts.headers, ['Content-Type', 'text/plain', 'X-Pad', 'padded'], 'values trimmed as Headers trims them');
  assert.throws(() => lazyResponse('x', { headers: { 'X-A': 'a\nb' } }), TypeError);
  assert.throws(() => new Response('x', { headers: { 'X-A': 'a\nb' } }), TypeError);
  assert.throws(() => lazyResponse('x', { headers: { 'bad name': 'v' } }), TypeError);
  // Two names that differ in case become one header, as in a real Response.
  const joined = lazyResponse('x', { headers: { 'X-A': '1', 'x-a': '2' } });
  assert.deepEqual(lazyResponseParts(joined).headers, ['x-a', '1, 2']);
  assert.equal(realResponse(joined).headers.get('x-a'), new Response('x', { headers: { 'X-A': '1', 'x-a': '2' } }).headers.get('x-a'));
  // Read through `headers`, the object becomes a Headers and later changes are written too.
  const changed = lazyResponse('x', { headers: { 'Content-Type': 'text/plain' } });
  changed.headers.set('Vary', 'Origin');
  assert.deepEqual(lazyResponseParts(changed).headers, ['content-type', 'text/plain', 'vary', 'Origin']);
});

test('realResponse() gives a real Response with the same status, headers and body; real ones pass through', async () => {
  const lazy = lazyResponse('héllo', { status: 418, headers: { 'Set-Cookie': 'a=1' } });
  lazy.headers.append('Set-Cookie', 'b=2');
  const real = realResponse(lazy);
  assert.equal(Object.getPrototypeOf(real), Response.prototype);
  assert.equal(real.status, 418);
  assert.deepEqual(real.headers.getSetCookie(), ['a=1', 'b=2']);
  assert.equal(await real.text(), 'héllo');
  const plain = new Response('x');
  assert.equal(realResponse(plain), plain);
});

test('responseFor() keeps a lazy response only for a caller that asked for one (the Node adapter)', () => {
  const lazy = lazyResponse('x');
  assert.equal(responseFor({ lazyResponses: true }, lazy), lazy);
  for (const info of [{}, undefined]) assert.equal(Object.getPrototypeOf(responseFor(info, lazyResponse('x'))), Response.prototype);
});

test('the Node adapter writes a lazy answer as it would the real one: status, every Set-Cookie, Content-Length, bytes', async (t) => {
  const answer = (lazy) => (lazy
    ? lazyResponse('{"é":1}', { status: 202, headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'a=1' } })
    : new Response('{"é":1}', { status: 202, headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'a=1' } }));
  const server = await listen(async (request) => {
    const body = await request.json();
    const response = answer(body.lazy);
    response.headers.append('Set-Cookie', 'b=2');
    return response;
  });
  t.after(() => server.close());
  const seen = [];
  for (const lazy of [true, false]) {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lazy }) });
    seen.push({
      status: response.status,
      type: response.headers.get('content-type'),
      length: response.headers.get('content-length'),
      cookies: response.headers.getSetCookie(),
      body: await response.text(),
    });
  }
  assert.deepEqual(seen[0], { status: 202, type: 'application/json', length: '8', cookies: ['a=1', 'b=2'], body: '{"é":1}' });
  assert.deepEqual(seen[1], seen[0]);
});

test('the adapter hands handlers lazy Requests for small bodies and tells them lazy answers are welcome', async (t) => {
  let seen;
  const server = await listen(async (request, info) => {
    seen = { info, isRequest: request instanceof Request, text: await request.text() };
    return new Response('ok');
  });
  t.after(() => server.close());
  await fetch(server.url, { method: 'PUT', body: 'small' });
  assert.equal(seen.isRequest, true);
  assert.equal(seen.text, 'small');
  assert.equal(seen.info.lazyResponses, true);
});
