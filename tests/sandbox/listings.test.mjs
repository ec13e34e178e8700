// Channel listings in the sandbox (channels.v3.yml getChannelListings, createChannelListings): a channel with
// none answers 200 with empty data; created listings page by cursor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSandbox } from '../../sandbox/index.js';

const CREDS = { storeHash: 'list1', accessToken: 'access-token-for-listings', clientId: 'client-id-listings', clientSecret: 'client-secret-listings', channelId: 1, origin: 'http://localhost:8081', siteUrl: 'http://127.0.0.1:8080' };
async function api(sb, method, path, body) {
  const response = await sb.fetch(new Request(`${CREDS.origin}/stores/${CREDS.storeHash}${path}`, {
    method, headers: { 'X-Auth-Token': CREDS.accessToken, Accept: 'application/json', 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  }));
  return { status: response.status, body: await response.json() };
}

test('no listings: 200 and empty data; created ones page by cursor; bad ones are 422 naming the field', async () => {
  const sb = createSandbox({ ...CREDS, log: () => {} });
  const none = await api(sb, 'GET', '/v3/channels/1/listings');
  assert.equal(none.status, 200);
  assert.deepEqual(none.body.data, []);
  const created = await api(sb, 'POST', '/v3/channels/1/listings', [{ product_id: 80, state: 'active' }, { product_id: 81, state: 'disabled' }, { product_id: 86, state: 'active' }]);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.deepEqual(created.body.data.map((l) => [l.product_id, l.state]), [[80, 'active'], [81, 'disabled'], [86, 'active']]);
  const first = await api(sb, 'GET', '/v3/channels/1/listings?limit=2');
  assert.deepEqual(first.body.data.map((l) => l.product_id), [80, 81]);
  const after = first.body.data.at(-1).listing_id;
  assert.equal(first.body.meta.pagination.links.next, `?limit=2&after=${after}`);
  const second = await api(sb, 'GET', `/v3/channels/1/listings?limit=2&after=${after}`);
  assert.deepEqual(second.body.data.map((l) => l.product_id), [86]);
  assert.equal(second.body.meta.pagination.links.next, undefined);
  const bad = await api(sb, 'POST', '/v3/channels/1/listings', [{ product_id: 999999, state: 'active' }, { product_id: 80, state: 'shiny' }]);
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.body.errors), ['0.product_id', '1.state']);
  await sb.close();
});
