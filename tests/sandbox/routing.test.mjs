// The sandbox answers a wrong method as the stub does: 405 with Allow naming the path's methods (RFC 9110
// section 15.5.6), on the REST API and on hosted pages alike; an unknown path stays 404.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSandbox } from '../../sandbox/index.js';

const CREDS = { storeHash: 'route1', accessToken: 'access-token-for-routing', clientId: 'client-id-routing', clientSecret: 'client-secret-routing', channelId: 1, origin: 'http://localhost:8081', siteUrl: 'http://127.0.0.1:8080' };
const sandbox = () => createSandbox({ ...CREDS, log: () => {} });
const rest = (sb, method, path) => sb.fetch(new Request(`${CREDS.origin}/stores/${CREDS.storeHash}${path}`, { method, headers: { 'X-Auth-Token': CREDS.accessToken, Accept: 'application/json' } }));

test('REST: a known path with another method is 405 with Allow, in the v3 error body', async () => {
  const sb = sandbox();
  const response = await rest(sb, 'PATCH', '/v3/carts');
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'POST');
  const body = await response.json();
  assert.equal(body.status, 405);
  assert.match(body.title, /PATCH/);
  assert.equal((await rest(sb, 'GET', '/v3/no-such-thing')).status, 404);
  await sb.close();
});

test('hosted pages: a known page with another method is 405 with Allow', async () => {
  const sb = sandbox();
  const response = await sb.fetch(new Request(`${CREDS.origin}/login.php`, { method: 'DELETE' }));
  assert.equal(response.status, 405);
  assert.match(response.headers.get('allow'), /GET/);
  await sb.close();
});
