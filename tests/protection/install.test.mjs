// installProtection (server/protection-install.js, what `protect --install` runs) on the sandbox store through the
// stub's own BigCommerce client, on a site with more routes than one page of the routes list holds: every page is
// read (meta.pagination.total_pages, sites.v3.yml getSiteRoutes examples), so the routes already there on a later
// page are updated in place, not created again.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadProtection } from '../../dist/protect-node.js';
import { createSandbox } from '../../sandbox/index.js';
import { createUpstream } from '../../server/bigcommerce-client.js';
import { loadConfig } from '../../server/config.js';
import { installProtection } from '../../server/protection-install.js';
import { table } from './table.mjs';

const SANDBOX = {
  storeHash: 'protect1', accessToken: 'protect-access-token', clientId: 'protect-client', clientSecret: 'protect-client-secret',
  channelId: 2, origin: 'http://localhost:8081', siteUrl: 'https://www.example.com',
};
const ENV = {
  BC_STORE_HASH: SANDBOX.storeHash,
  BC_ACCESS_TOKEN: SANDBOX.accessToken,
  BC_CLIENT_ID: SANDBOX.clientId,
  BC_CLIENT_SECRET: SANDBOX.clientSecret,
  BC_CHANNEL_ID: String(SANDBOX.channelId),
  BC_API_URL: 'https://api.bigcommerce.test',
  BC_STORE_URL: 'https://store-protect1.mybigcommerce.com',
  SESSION_SECRET: 'install-test-session-secret-0123456789abcdef',
};
const PAGE = 250; // the page size installProtection asks for, the most sites.v3.yml allows
const FILLER = 260; // more routes than one page holds, so the config's routes sit on the second page

let artifacts;
before(async () => {
  artifacts = (await loadProtection()).artifacts(table.configs.main);
});

/** A sandbox on channel 2, its site holding FILLER routes and then the config's own, and the stub's client to it. */
async function storeWithManyRoutes() {
  const sandbox = createSandbox({ ...SANDBOX, log: () => {} });
  const config = loadConfig(ENV);
  const gets = [];
  const upstream = createUpstream(config, {
    fetch: async (input, init = {}) => {
      const url = new URL(String(input).replace(ENV.BC_API_URL, SANDBOX.origin));
      if ((init.method ?? 'GET') === 'GET' && url.pathname.endsWith('/routes')) gets.push(url.search);
      return sandbox.fetch(new Request(url, init));
    },
    sleep: async () => {},
  });
  const { json: site } = await upstream.request('GET', `/v3/channels/${SANDBOX.channelId}/site`);
  const filler = Array.from({ length: FILLER }, (_, i) => ({ type: 'product', matching: String(10_000 + i), route: `/old/${i}` }));
  // The config's routes already exist, pointing somewhere else: the install must find them on page 2.
  const stale = artifacts.routes.map((r) => ({ ...r, route: `/stale${r.route}` }));
  await upstream.request('PUT', `/v3/sites/${site.data.id}/routes`, [...filler, ...stale]);
  return { sandbox, upstream, gets, siteId: site.data.id };
}

describe('protect --install on a site with more routes than a page', () => {
  test('every page is read: the routes on page 2 are updated, none created twice', async () => {
    const { sandbox, upstream, gets, siteId } = await storeWithManyRoutes();
    const before = sandbox.state.routes.length;
    assert.ok(before > PAGE, `${before} routes`);
    const result = await installProtection({ artifacts, headlessOrigin: SANDBOX.siteUrl, channelId: SANDBOX.channelId, upstream });
    assert.deepEqual(result.routes, { created: 0, updated: artifacts.routes.length });
    assert.deepEqual(gets, [`?limit=${PAGE}&page=1`, `?limit=${PAGE}&page=2`]);
    assert.equal(sandbox.state.routes.length, before, 'no route added');
    const mine = sandbox.state.routes.filter((r) => r.site_id === siteId && artifacts.routes.some((a) => a.type === r.type && a.matching === r.matching));
    assert.deepEqual(mine.map((r) => r.route).sort(), artifacts.routes.map((r) => r.route).sort(), 'the stale routes now say what the config says');
    assert.deepEqual(result.warnings, []);
  });

  test('installing again changes nothing', async () => {
    const { sandbox, upstream } = await storeWithManyRoutes();
    await installProtection({ artifacts, headlessOrigin: SANDBOX.siteUrl, channelId: SANDBOX.channelId, upstream });
    const routes = structuredClone(sandbox.state.routes);
    const again = await installProtection({ artifacts, headlessOrigin: SANDBOX.siteUrl, channelId: SANDBOX.channelId, upstream });
    assert.deepEqual(again.routes, { created: 0, updated: artifacts.routes.length });
    assert.equal(again.script.action, 'updated');
    assert.deepEqual(sandbox.state.routes, routes);
  });
});

describe('reading the routes list: the page count under either spelling, or none', () => {
  /** A scripted store: `routes` split in pages of `PAGE`, meta.pagination written by `meta(page, pages)`. */
  function pagedStore(routes, meta) {
    const gets = [];
    const pages = Math.max(1, Math.ceil(routes.length / PAGE));
    return {
      gets,
      async request(method, path, body) {
        if (path === '/v3/channels/2/site') return { status: 200, json: { data: { id: 7, url: SANDBOX.siteUrl } } };
        if (method === 'GET' && path.startsWith('/v3/sites/7/routes')) {
          const page = Number(new URL(path, 'http://x').searchParams.get('page'));
          gets.push(page);
          return { status: 200, json: { data: routes.slice((page - 1) * PAGE, page * PAGE), meta: meta(page, pages) } };
        }
        if (method === 'PUT') return { status: 200, json: { data: body } };
        if (method === 'GET' && path.startsWith('/v3/content/scripts')) return { status: 200, json: { data: [], meta: { pagination: { total_pages: 1 } } } };
        if (method === 'POST') return { status: 200, json: { data: { uuid: 'u-1' } } };
        throw new Error(`unexpected ${method} ${path}`);
      },
    };
  }
  const routes = () => [
    ...Array.from({ length: FILLER }, (_, i) => ({ id: i + 1, type: 'product', matching: String(10_000 + i), route: `/old/${i}` })),
    ...artifacts.routes.map((r, i) => ({ id: 1000 + i, ...r })),
  ];

  for (const [name, meta] of [
    ['total_pages', (page, pages) => ({ pagination: { current_page: page, total_pages: pages } })],
    ['total_page (the schema of sites.v3.yml)', (page, pages) => ({ pagination: { current_page: page, total_page: pages } })],
    ['no page count: a full page means there may be more', () => ({})],
  ]) {
    test(name, async () => {
      const upstream = pagedStore(routes(), meta);
      const result = await installProtection({ artifacts, headlessOrigin: SANDBOX.siteUrl, channelId: 2, upstream });
      assert.deepEqual(upstream.gets, [1, 2]);
      assert.deepEqual(result.routes, { created: 0, updated: artifacts.routes.length });
    });
  }
});
