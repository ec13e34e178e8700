// The Node adapter's request URL: the handler compares it with the page's Origin (CORS) and decides Secure
// cookies by it, so behind a proxy that terminates https it must say https when told to trust the proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listen } from '../../server/transport/node-adapter.js';

const echo = async (request) => Response.json({ url: request.url });

test('without trustProxy the URL is plain http on the Host header, whatever X-Forwarded-* say', async (t) => {
  const server = await listen(echo);
  t.after(() => server.close());
  const { url } = await fetch(`${server.url}/api/health`, { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' } }).then((r) => r.json());
  assert.equal(url, `${server.url}/api/health`);
});

test('with trustProxy the scheme and host come from the proxy (first value of a list)', async (t) => {
  const server = await listen(echo, { trustProxy: true });
  t.after(() => server.close());
  const headers = { 'X-Forwarded-Proto': 'https, http', 'X-Forwarded-Host': 'shop.example.com' };
  assert.equal((await fetch(`${server.url}/api/cart?x=1`, { headers }).then((r) => r.json())).url, 'https://shop.example.com/api/cart?x=1');
  // A nonsense scheme is ignored rather than trusted.
  const odd = await fetch(`${server.url}/a`, { headers: { 'X-Forwarded-Proto': 'javascript' } }).then((r) => r.json());
  assert.equal(odd.url, `${server.url}/a`);
});
