// Installs site protection on a store with the server stub's credentials: the Sites & Routes routes of the
// headless channel's site (sites.v3.yml updateSiteRoutes), and the snippet as a Scripts API script on the
// Stencil storefront's channel (scripts.v3.yml). Both are upserts, so running it twice changes nothing.
// Scopes: "Sites & Routes: modify" and "Content: modify" (or the Scripts scope of the API account).

const PAGE_LIMIT = 250;
const MAX_PAGES = 100; // 25,000 routes or scripts: past that the store's answers are not paging properly

/**
 * Every page of a v3 collection. The page count is meta.pagination.total_pages (sites.v3.yml getSiteRoutes examples,
 * scripts.v3.yml); sites.v3.yml's schema spells it total_page, so that is read too. With neither, a full page
 * means there may be more: a route missed here would be created twice.
 */
async function listAll(upstream, path) {
  const out = [];
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new Error(`${path} has more than ${MAX_PAGES} pages of ${PAGE_LIMIT}; BigCommerce's pagination is not ending`);
    const { json } = await upstream.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE_LIMIT}&page=${page}`);
    const data = Array.isArray(json?.data) ? json.data : [];
    out.push(...data);
    const pagination = json?.meta?.pagination;
    const totalPages = Number.isInteger(pagination?.total_pages) ? pagination.total_pages
      : Number.isInteger(pagination?.total_page) ? pagination.total_page : null;
    if (totalPages === null ? data.length < PAGE_LIMIT : page >= totalPages) return out;
  }
}

/**
 * @param {{ artifacts: { routes: object[], script: object }, headlessOrigin: string, channelId: number,
 *           upstream: { request: Function } }} options  `channelId` is the headless channel (BC_CHANNEL_ID)
 * @returns {Promise<{ siteId: number, siteUrl: string, routes: { created: number, updated: number },
 *           script: { uuid: string, action: 'created' | 'updated' }, warnings: string[] }>}
 */
export async function installProtection({ artifacts, headlessOrigin, channelId, upstream }) {
  const warnings = [];
  const { json: siteBody } = await upstream.request('GET', `/v3/channels/${channelId}/site`);
  const site = siteBody?.data;
  if (!site?.id) throw new Error(`channel ${channelId} has no site: create one with POST /v3/channels/${channelId}/site first`);
  // BigCommerce builds a routed link from the site URL plus the route: they must agree with the config.
  const siteOrigin = URL.canParse(site.url) ? new URL(site.url).origin : String(site.url);
  if (siteOrigin !== new URL(headlessOrigin).origin) {
    warnings.push(`the channel's site URL is ${site.url} but headlessOrigin is ${headlessOrigin}: links BigCommerce writes will use the site URL`);
  }

  const existing = await listAll(upstream, `/v3/sites/${site.id}/routes`);
  const byKey = new Map(existing.map((r) => [`${r.type}:${r.matching}`, r.id]));
  const body = artifacts.routes.map((r) => (byKey.has(`${r.type}:${r.matching}`) ? { id: byKey.get(`${r.type}:${r.matching}`), ...r } : r));
  await upstream.request('PUT', `/v3/sites/${site.id}/routes`, body);
  const updated = body.filter((r) => r.id !== undefined).length;

  // The Scripts API lists only this API account's scripts; ours is found by name on its channel.
  const scripts = await listAll(upstream, '/v3/content/scripts');
  const mine = scripts.find((s) => s.name === artifacts.script.name && s.channel_id === artifacts.script.channel_id);
  let uuid;
  if (mine) {
    const { json } = await upstream.request('PUT', `/v3/content/scripts/${mine.uuid}`, artifacts.script);
    uuid = json?.data?.uuid ?? mine.uuid;
  } else {
    const { json } = await upstream.request('POST', '/v3/content/scripts', artifacts.script);
    uuid = json?.data?.uuid;
  }
  return {
    siteId: site.id,
    siteUrl: site.url,
    routes: { created: body.length - updated, updated },
    script: { uuid, action: mine ? 'updated' : 'created' },
    warnings,
  };
}
