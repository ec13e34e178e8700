// Channels, sites and routes (channels.v3.yml, sites.v3.yml). The sandbox channel's site URL is the headless
// storefront's origin: BigCommerce uses it as the embedded checkout's postMessage target and frame-ancestors.
// A site may also have its own checkout domain (`checkout_url`, set with PUT /v3/channels/{id}/site/checkout-url):
// then the checkout entries of its redirect URLs and its hosted checkout are served there.
import { ApiError, STATUS_CODES_URL, notFound } from './errors.js';
import { includesOf, integerList, storeJson, pageOf, paginate, pagination, readStoreJson } from './store-http.js';

const ROUTE_TYPES = ['product', 'brand', 'category', 'page', 'blog', 'home', 'cart', 'checkout', 'search', 'account', 'login', 'returns', 'static'];

function renderChannel(ctx, channel, withCurrencies) {
  const out = {
    id: channel.id,
    external_id: '',
    is_listable_from_ui: true,
    is_enabled: true,
    is_visible: true,
    status: 'active',
    name: channel.name,
    type: channel.type,
    platform: channel.platform,
    date_created: channel.date_created,
    date_modified: channel.date_modified,
  };
  if (withCurrencies) {
    out.currencies = {
      channel_id: channel.id,
      enabled_currencies: ctx.state.currencies.map((c) => c.code),
      default_currency: ctx.state.store.default_currency,
    };
  }
  return out;
}

function renderSite(ctx, site) {
  const stamp = { created_at: site.created_at, updated_at: site.updated_at };
  const checkout = site.checkout_url
    ? { url: site.checkout_url, type: 'checkout', created_at: site.checkout_url_created_at, updated_at: site.checkout_url_updated_at }
    // "When false, the checkout domain falls back to the default channel's primary URL" (sites.v3.yml
    // is_checkout_url_customized): the store's own domain, the sandbox origin.
    : { url: ctx.options.origin, type: 'checkout', ...stamp };
  return {
    id: site.id,
    url: site.url,
    channel_id: site.channel_id,
    ...stamp,
    ssl_status: 'shared',
    urls: [
      { url: site.url, type: 'primary', ...stamp },
      { url: site.url, type: 'canonical', ...stamp },
      checkout,
    ],
    is_checkout_url_customized: Boolean(site.checkout_url),
  };
}

// ---- the checkout domain ---------------------------------------------------------------------------------

// Second-level labels under which a country code's domains are registered (example.co.uk, example.com.au).
const SECOND_LEVEL_LABELS = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'org']);

/**
 * The main domain of a hostname, for the rule "Your checkout and storefront must be within the same main domain
 * like main.com and subdomain.main.com" (channels.v3.yml updateCheckoutUrl, 422). The rule used here: the last
 * two labels (www.main.com and checkout.main.com are both main.com), or the last three under a country code's
 * second level (shop.example.co.uk is example.co.uk); `localhost` and every `*.localhost` name are one main
 * domain, localhost (browsers send both to this machine); an IP address is a main domain of its own.
 */
export function mainDomainOf(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  const labels = host.split('.');
  const keep = labels.length >= 3 && labels.at(-1).length === 2 && SECOND_LEVEL_LABELS.has(labels.at(-2)) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

const LOOPBACK_HOST = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * The checkout URL a PUT asks for, as the origin the site will show, or an ApiError (422). "The API will change
 * all URLs using the HTTP protocol to HTTPS" (PutCheckoutUrl): except on this machine's own names, where the
 * sandbox has no https to offer.
 */
export function requestedCheckoutOrigin(value, siteUrl) {
  // The documented 422 body, `errors: {}` included (channels.v3.yml updateCheckoutUrl).
  const refuse = (why) => {
    const title = `Incorrect checkout url ${typeof value === 'string' ? value : JSON.stringify(value ?? null)}. ${why}`;
    return new ApiError(422, title, { body: { status: 422, title, type: STATUS_CODES_URL, errors: {} } });
  };
  if (typeof value !== 'string' || !value || value.length > 2048) return refuse('Send {"url": "https://checkout.example.com"}.');
  let url;
  try {
    url = new URL(value);
  } catch {
    return refuse('It is not a URL.');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    return refuse('The checkout URL is a scheme and a host only, such as https://checkout.example.com.');
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) url.protocol = 'https:';
  if (mainDomainOf(url.hostname) !== mainDomainOf(new URL(siteUrl).hostname)) {
    return refuse('Your checkout and storefront must be within the same main domain like \u201cmain.com\u201d and \u201csubdomain.main.com\u201d');
  }
  return url.origin;
}

/** Where the checkout of a channel's carts is served: its site's checkout domain, else the store's own origin. */
export function checkoutOriginOf(ctx, channelId) {
  return ctx.state.sites.find((s) => s.channel_id === channelId)?.checkout_url || ctx.options.origin;
}

/** Every site's own checkout domain. */
export function customCheckoutOrigins(ctx) {
  const origins = new Set();
  for (const site of ctx.state.sites) if (site.checkout_url) origins.add(site.checkout_url);
  return origins;
}

/** Sets a site's checkout domain, or with null removes it (inside a transaction). */
export function setCheckoutOrigin(site, origin, stamp) {
  if ((site.checkout_url ?? null) === origin) return;
  if (!origin) {
    delete site.checkout_url;
    delete site.checkout_url_created_at;
    delete site.checkout_url_updated_at;
    return;
  }
  if (!site.checkout_url) site.checkout_url_created_at = stamp;
  Object.assign(site, { checkout_url: origin, checkout_url_updated_at: stamp });
}

const renderRoute = (r) => ({ id: r.id, type: r.type, matching: r.matching, route: r.route });

function requireChannel(ctx, raw) {
  const channel = /^\d{1,10}$/.test(raw) ? ctx.state.channels.find((c) => c.id === Number(raw)) : null;
  if (!channel) throw new ApiError(404, 'A channel with the provided ID was not found.', { errors: {} });
  return channel;
}

function requireChannelSite(ctx, raw) {
  const channel = requireChannel(ctx, raw);
  const site = ctx.state.sites.find((s) => s.channel_id === channel.id);
  if (!site) throw notFound('This channel has no site');
  return site;
}

function requireSite(ctx, raw) {
  const site = /^\d{1,10}$/.test(raw) ? ctx.state.sites.find((s) => s.id === Number(raw)) : null;
  if (!site) throw notFound('Site not found');
  return site;
}

/** A route body's problems as {field: text}, empty when fine. */
function routeProblems(raw) {
  const errors = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { route: 'must be an object' };
  if (!ROUTE_TYPES.includes(raw.type)) errors.type = `type must be one of ${ROUTE_TYPES.join(', ')}`;
  if (typeof raw.matching !== 'string' || !raw.matching) errors.matching = 'matching must be an id or "*"';
  if (typeof raw.route !== 'string' || !raw.route || raw.route.length > 2048 || /[\s\\]/.test(raw.route)) errors.route = 'route must be a URL path template such as /products/{slug}';
  return errors;
}

// sites.v3.yml's _metaCollection schema spells it `total_page`, but its getSiteRoutes examples and every other v3
// collection say `total_pages`; a client that reads the documented examples must find a second page.
function routeMeta(total, count, limit, page) {
  return { pagination: { total, count, per_page: limit, current_page: page, total_pages: Math.max(1, Math.ceil(total / limit)), links: {} } };
}

export function registerChannelRoutes(router, ctx) {
  router.add('GET', '/v3/channels', async ({ url }) => {
    let list = ctx.state.channels;
    const types = url.searchParams.get('type:in');
    if (types) list = list.filter((c) => types.split(',').includes(c.type));
    const platforms = url.searchParams.get('platform:in');
    if (platforms) list = list.filter((c) => platforms.split(',').includes(c.platform));
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(list, paging);
    return storeJson(200, { data: page.map((c) => renderChannel(ctx, c, false)), meta: { pagination: pagination(url, list.length, paging, page.length) } });
  });

  router.add('GET', '/v3/channels/:channelId', async ({ url, params }) =>
    storeJson(200, { data: renderChannel(ctx, requireChannel(ctx, params.channelId), includesOf(url).has('currencies')), meta: {} }));

  router.add('GET', '/v3/channels/:channelId/site', async ({ params }) =>
    storeJson(200, { data: renderSite(ctx, requireChannelSite(ctx, params.channelId)), meta: {} }));

  // updateCheckoutUrl and deleteCheckoutUrl (channels.v3.yml): the channel's checkout on its own domain, or back
  // on the store's ("After deletion, a shared checkout URL is used").
  router.add('PUT', '/v3/channels/:channelId/site/checkout-url', async ({ request, params }) => {
    const body = await readStoreJson(request);
    return ctx.transact(() => {
      const site = requireChannelSite(ctx, params.channelId);
      const origin = requestedCheckoutOrigin(body && typeof body === 'object' && !Array.isArray(body) ? body.url : undefined, site.url);
      if (origin instanceof ApiError) throw origin;
      setCheckoutOrigin(site, origin, new Date(ctx.now()).toISOString());
      // The 200 is documented as the Site itself, not wrapped in data and meta like the GET.
      return storeJson(200, renderSite(ctx, site));
    });
  });

  router.add('DELETE', '/v3/channels/:channelId/site/checkout-url', async ({ params }) => ctx.transact(() => {
    setCheckoutOrigin(requireChannelSite(ctx, params.channelId), null, new Date(ctx.now()).toISOString());
    return storeJson(200, { data: {}, meta: {} });
  }));

  router.add('GET', '/v3/sites', async ({ url }) => {
    let list = ctx.state.sites;
    const channels = integerList(url, 'channel_id:in');
    if (channels) list = list.filter((s) => channels.includes(s.channel_id));
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(list, paging);
    return storeJson(200, {
      data: page.map((s) => renderSite(ctx, s)),
      meta: { pagination: { offset: (paging.page - 1) * paging.limit, limit: paging.limit, total_items: list.length } },
    });
  });

  router.add('GET', '/v3/sites/:siteId', async ({ params }) => storeJson(200, { data: renderSite(ctx, requireSite(ctx, params.siteId)), meta: {} }));

  router.add('GET', '/v3/sites/:siteId/routes', async ({ url, params }) => {
    const site = requireSite(ctx, params.siteId);
    let list = ctx.state.routes.filter((r) => r.site_id === site.id);
    const type = url.searchParams.get('type');
    if (type) list = list.filter((r) => r.type === type);
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(list, paging);
    return storeJson(200, { data: page.map(renderRoute), meta: routeMeta(list.length, page.length, paging.limit, paging.page) });
  });

  router.add('POST', '/v3/sites/:siteId/routes', async ({ request, params }) => {
    const body = await readStoreJson(request);
    return ctx.transact(() => {
      const site = requireSite(ctx, params.siteId);
      const errors = routeProblems(body);
      if (Object.keys(errors).length) {
        // createSiteRoute's 422 schema types `status` as a string.
        throw new ApiError(422, 'The route is not valid.', { body: { status: '422', title: 'The route is not valid.', type: STATUS_CODES_URL, errors } });
      }
      const route = { id: ctx.state.counters.route++, site_id: site.id, type: body.type, matching: body.matching, route: body.route };
      ctx.state.routes.push(route);
      return storeJson(201, { data: renderRoute(route), meta: {} });
    });
  });

  // "Upsert routes": items with an id update that route, the others are created.
  router.add('PUT', '/v3/sites/:siteId/routes', async ({ request, params }) => {
    const body = await readStoreJson(request);
    return ctx.transact(() => {
      const site = requireSite(ctx, params.siteId);
      if (!Array.isArray(body)) throw new ApiError(422, 'Send an array of routes.', { errors: { body: 'error.expected.jsarray' } });
      const errors = {};
      body.forEach((raw, i) => {
        for (const [field, text] of Object.entries(routeProblems(raw))) errors[`${i}.${field}`] = text;
        if (raw?.id !== undefined && !ctx.state.routes.some((r) => r.id === raw.id && r.site_id === site.id)) errors[`${i}.id`] = `Route ${raw.id} does not exist on this site`;
      });
      if (Object.keys(errors).length) throw new ApiError(422, 'Some routes are not valid.', { errors });
      const saved = body.map((raw) => {
        let route = raw.id !== undefined ? ctx.state.routes.find((r) => r.id === raw.id) : null;
        if (!route) {
          route = { id: ctx.state.counters.route++, site_id: site.id };
          ctx.state.routes.push(route);
        }
        Object.assign(route, { type: raw.type, matching: raw.matching, route: raw.route });
        return renderRoute(route);
      });
      return storeJson(200, { data: saved, meta: routeMeta(saved.length, saved.length, Math.max(saved.length, 1), 1) });
    });
  });

  router.add('GET', '/v3/sites/:siteId/routes/:routeId', async ({ params }) => {
    const site = requireSite(ctx, params.siteId);
    const route = ctx.state.routes.find((r) => r.site_id === site.id && String(r.id) === params.routeId);
    if (!route) throw notFound('Route not found');
    return storeJson(200, { data: renderRoute(route), meta: {} });
  });

  router.add('DELETE', '/v3/sites/:siteId/routes/:routeId', async ({ params }) => ctx.transact(() => {
    const site = requireSite(ctx, params.siteId);
    const index = ctx.state.routes.findIndex((r) => r.site_id === site.id && String(r.id) === params.routeId);
    if (index < 0) throw notFound('Route not found');
    ctx.state.routes.splice(index, 1);
    return new Response(null, { status: 204 });
  }));
}
