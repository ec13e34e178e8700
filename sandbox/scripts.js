// Script Manager (scripts.v3.yml) and how the hosted store renders installed scripts: by location (head or
// footer), by visibility (guides/integrations_scripts.mdx scope table), with Stencil-style placeholders filled.
import { randomUUID } from 'node:crypto';
import { ApiError, notFound } from './errors.js';
import { integerList, storeJson, noContent, pageOf, paginate, pagination, readStoreJson, requireObject } from './store-http.js';

const LOAD_METHODS = ['default', 'async', 'defer'];
const LOCATIONS = ['head', 'footer'];
const VISIBILITIES = ['storefront', 'all_pages', 'checkout', 'order_confirmation'];
const KINDS = ['src', 'script_tag'];
const CONSENT = ['essential', 'functional', 'analytics', 'targeting'];
const MAX_SCRIPTS_PER_ACCOUNT = 10; // "Each app can have 10 API-created scripts"
const SRI = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;

// The scope table of integrations_scripts.mdx: `storefront` covers the storefront pages but not login,
// my account, checkout or order confirmation; `all_pages` covers them all.
const STOREFRONT_PAGES = new Set(['home', 'product', 'category', 'brand', 'brands', 'search', 'cart', 'page', '404']);
const ALL_PAGES = new Set([...STOREFRONT_PAGES, 'login', 'account', 'checkout', 'order_confirmation']);

function visibleOn(visibility, pageType) {
  switch (visibility) {
    case 'storefront': return STOREFRONT_PAGES.has(pageType);
    case 'all_pages': return ALL_PAGES.has(pageType);
    case 'checkout': return pageType === 'checkout';
    case 'order_confirmation': return pageType === 'order_confirmation';
    default: return false;
  }
}

const escapeAttribute = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Stencil's {{page_type}} for the sandbox's page kinds (theme object reference: "default" is the home page,
// account pages are account_*, the confirmation is "orderconfirmation").
const STENCIL_PAGE_TYPES = { home: 'default', account: 'account_orderstatus', order_confirmation: 'orderconfirmation' };

// Handlebars' {{...}} escaping, which Stencil applies to every double-brace value.
const handlebarsEscape = (s) => String(s).replace(/[&<>"'`=]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`).replace(/&#x26;/g, '&amp;').replace(/&#x3C;/g, '&lt;').replace(/&#x3E;/g, '&gt;').replace(/&#x22;/g, '&quot;');

/**
 * Fills the Stencil context expressions a Script Manager script may use, as Stencil renders them: the global
 * {{page_type}}, {{product.id}} and {{product.url}} on product pages, {{category.id}} and {{category.url}} on
 * category pages, {{brand.url}} on brand pages (brands have no id in context), {{page.id}} on web pages.
 * Anything else in {{...}} renders empty, as Handlebars does for a missing value.
 */
export function fillPlaceholders(html, page) {
  const values = {
    page_type: STENCIL_PAGE_TYPES[page.pageType] ?? page.pageType ?? '',
    'product.id': page.productId,
    'product.url': page.productUrl,
    'category.id': page.categoryId,
    'category.url': page.categoryUrl,
    'brand.url': page.brandUrl,
    'page.id': page.pageId,
  };
  return html.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key) => handlebarsEscape(values[key] ?? ''));
}

function scriptTag(script, page) {
  if (script.kind === 'script_tag') return fillPlaceholders(script.html, page);
  const attributes = [`src="${escapeAttribute(script.src)}"`];
  if (script.load_method === 'async') attributes.push('async');
  if (script.load_method === 'defer') attributes.push('defer');
  if (script.integrity_hashes?.length) {
    // SRI: BigCommerce sets integrity and crossorigin="anonymous" (integrations_scripts.mdx).
    attributes.push(`integrity="${escapeAttribute(script.integrity_hashes.join(' '))}"`, 'crossorigin="anonymous"');
  }
  return `<script ${attributes.join(' ')}></script>`;
}

/** { head, footer } HTML of the enabled scripts of the channel that show on this page. */
export function scriptsForPage(ctx, page) {
  const out = { head: [], footer: [] };
  const scripts = Object.values(ctx.state.scripts)
    .filter((s) => s.enabled && s.channel_id === ctx.options.channelId && visibleOn(s.visibility, page.pageType))
    .sort((a, b) => a.created_at - b.created_at);
  for (const script of scripts) out[script.location].push(`<!-- script: ${escapeAttribute(script.name)} -->\n${scriptTag(script, page)}`);
  return { head: out.head.join('\n'), footer: out.footer.join('\n') };
}

function renderScript(ctx, s) {
  const out = {
    uuid: s.uuid,
    name: s.name,
    description: s.description,
    auto_uninstall: s.auto_uninstall,
    load_method: s.load_method,
    location: s.location,
    visibility: s.visibility,
    kind: s.kind,
    api_client_id: s.api_client_id,
    enabled: s.enabled,
    channel_id: s.channel_id,
    integrity_hashes: s.integrity_hashes,
    date_created: new Date(s.created_at).toISOString(),
    date_modified: new Date(s.modified_at).toISOString(),
  };
  // "Present when the script kind is script_tag" / "Only present if kind is src".
  if (s.kind === 'script_tag') out.html = s.html;
  else out.src = s.src;
  // consent_category "defaults to unknown", which its enum does not list: left out until one is set.
  if (s.consent_category) out.consent_category = s.consent_category;
  return out;
}

/** The script after applying `body` to `current` (or to the defaults), or a 422 listing every problem. */
function validated(ctx, body, current) {
  const next = current ? { ...current } : {
    name: undefined, description: '', html: undefined, src: undefined, auto_uninstall: true, load_method: 'default', location: 'footer',
    visibility: 'storefront', kind: undefined, consent_category: undefined, enabled: true, channel_id: 1, integrity_hashes: [],
  };
  const errors = {};
  const string = (field, { min = 0, max = 65536 } = {}) => {
    if (body[field] === undefined) return;
    if (typeof body[field] !== 'string' || body[field].length < min || body[field].length > max) errors[field] = `${field} must be a string of ${min} to ${max} characters`;
    else next[field] = body[field];
  };
  const oneOf = (field, values) => {
    if (body[field] === undefined) return;
    if (!values.includes(body[field])) errors[field] = `${field} must be one of ${values.join(', ')}`;
    else next[field] = body[field];
  };
  string('name', { min: 1, max: 255 });
  string('description', { max: 65535 });
  string('html', { max: 65536 });
  string('src', { min: 1, max: 2048 });
  oneOf('load_method', LOAD_METHODS);
  oneOf('location', LOCATIONS);
  oneOf('visibility', VISIBILITIES);
  oneOf('kind', KINDS);
  oneOf('consent_category', CONSENT);
  for (const flag of ['auto_uninstall', 'enabled']) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') errors[flag] = `${flag} must be true or false`;
    else next[flag] = body[flag];
  }
  if (body.channel_id !== undefined) {
    if (!Number.isInteger(body.channel_id) || body.channel_id < 1) errors.channel_id = 'channel_id must be a positive integer';
    else if (!ctx.state.channels.some((c) => c.id === body.channel_id)) errors.channel_id = `Channel ${body.channel_id} does not exist`;
    else next.channel_id = body.channel_id;
  }
  if (body.integrity_hashes !== undefined) {
    if (!Array.isArray(body.integrity_hashes) || body.integrity_hashes.length > 5 || !body.integrity_hashes.every((h) => typeof h === 'string' && SRI.test(h))) {
      errors.integrity_hashes = 'integrity_hashes must be up to five SRI hashes such as sha384-...';
    } else {
      next.integrity_hashes = body.integrity_hashes;
    }
  }
  if (!next.name) errors.name ??= 'name is required';
  next.kind ??= body.src !== undefined ? 'src' : 'script_tag';
  if (next.kind === 'src') {
    next.html = undefined;
    if (body.html !== undefined && body.html !== '') errors.html = 'Do not send html for a src script';
    let url = null;
    try { url = new URL(next.src ?? ''); } catch { /* reported below */ }
    if (!url || !['https:', 'http:'].includes(url.protocol)) errors.src ??= 'src must be an absolute http(s) URL';
  } else {
    next.src = undefined;
    if (body.src !== undefined) errors.src = 'Do not send src for a script_tag script';
    // The spec says one script tag; the guide allows "up to five <script> tags" for inline scripts.
    const tags = (next.html ?? '').match(/<script\b/gi)?.length ?? 0;
    if (tags < 1 || tags > 5) errors.html ??= 'html must contain one to five <script> tags';
    if (next.load_method !== 'default') errors.load_method = 'The load_method of a script_tag script must be default';
  }
  if (Object.keys(errors).length) throw new ApiError(422, 'The script is not valid.', { errors });
  return next;
}

function requireScript(ctx, uuid) {
  const script = ctx.state.scripts[uuid];
  // Scripts are visible only to the API account that created them (integrations_scripts.mdx).
  if (!script || script.api_client_id !== ctx.options.clientId) throw notFound('The script was not found.');
  return script;
}

export function registerScriptRoutes(router, ctx) {
  router.add('POST', '/v3/content/scripts', async ({ request }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const own = Object.values(ctx.state.scripts).filter((s) => s.api_client_id === ctx.options.clientId);
      if (own.length >= MAX_SCRIPTS_PER_ACCOUNT) {
        throw new ApiError(422, `An API account can install at most ${MAX_SCRIPTS_PER_ACCOUNT} scripts.`, { errors: {} });
      }
      const now = ctx.now();
      const script = { ...validated(ctx, body, null), uuid: randomUUID(), api_client_id: ctx.options.clientId, created_at: now, modified_at: now };
      ctx.state.scripts[script.uuid] = script;
      return storeJson(200, { data: renderScript(ctx, script), meta: {} });
    });
  });

  router.add('GET', '/v3/content/scripts', async ({ url }) => {
    let list = Object.values(ctx.state.scripts).filter((s) => s.api_client_id === ctx.options.clientId);
    const channels = integerList(url, 'channel_id:in');
    if (channels) list = list.filter((s) => channels.includes(s.channel_id));
    const sort = url.searchParams.get('sort') ?? 'date_created';
    const keyOf = { name: (s) => s.name, description: (s) => s.description, date_created: (s) => s.created_at, date_modified: (s) => s.modified_at }[sort];
    if (!keyOf) throw new ApiError(422, 'The sort parameter is not valid.', { errors: { sort: 'sort must be name, description, date_created or date_modified' } });
    const direction = url.searchParams.get('direction') === 'desc' ? -1 : 1;
    list = [...list].sort((a, b) => (keyOf(a) < keyOf(b) ? -direction : keyOf(a) > keyOf(b) ? direction : 0));
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(list, paging);
    return storeJson(200, { data: page.map((s) => renderScript(ctx, s)), meta: { pagination: pagination(url, list.length, paging, page.length) } });
  });

  router.add('GET', '/v3/content/scripts/:uuid', async ({ params }) => storeJson(200, { data: renderScript(ctx, requireScript(ctx, params.uuid)), meta: {} }));

  router.add('PUT', '/v3/content/scripts/:uuid', async ({ request, params }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const current = requireScript(ctx, params.uuid);
      const next = { ...validated(ctx, body, current), modified_at: ctx.now() };
      ctx.state.scripts[current.uuid] = next;
      return storeJson(200, { data: renderScript(ctx, next), meta: {} });
    });
  });

  router.add('DELETE', '/v3/content/scripts/:uuid', async ({ params }) => ctx.transact(() => {
    requireScript(ctx, params.uuid);
    delete ctx.state.scripts[params.uuid];
    return noContent();
  }));
}
