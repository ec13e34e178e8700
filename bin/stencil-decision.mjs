// The server-rendered half of theme protection: a Handlebars partial, generated from protect.json, that Stencil
// renders on every hosted page and that leaves the headless target in the theme variable `bcch_target` (empty:
// the page stays). It follows the core's rules (wasm/core/src/site_protection.cpp protectionTarget) for what a
// Stencil page can see on the server: {{page_type}}, the entity ids and URLs, the requested path and query
// ({{settings.request.absolute_path}}), {{locale_name}} and {{customer.customer_group_id}}. Cookies and frames
// are invisible to the server; the Script Manager snippet the redirect page carries decides those for visitors
// who run scripts. tests/protection/theme.test.mjs renders it with BigCommerce's renderer over the table of
// hosted pages and checks it against the core row by row.
//
// Names used, from BigCommerce's Stencil docs (dev-docs stencil-docs/reference-docs): page_type and
// settings.request.absolute_path (global-objects-and-properties), customer.customer_group_id
// (other-objects-and-properties-overview, "Customer"), product.id/url, category.id/url, brand.url, page.id
// (theme-objects), locale_name (set by Paper's renderer; Cornerstone's layouts use it for <html lang>).
// Helpers, all registered by @bigcommerce/stencil-paper-handlebars (helpers.js and helpers/thirdParty.js):
// if (with '===', '==', '!=='), unless, each, lookup (Handlebars' own), assignVar, getVar, concat,
// multiConcat, strReplace, toLowerCase, truncate, contains, startsWith, split, first, urlParse.

// The page types the core keeps as checkout, and how it maps the others to route types
// (site_protection.cpp isCheckoutPageType and routeTypeOfStencilPage).
const CHECKOUT_PAGE_TYPES = ['checkout', 'orderconfirmation', 'order_confirmation', 'embedded_checkout'];
const ROUTE_TYPE_OF_PAGE_TYPE = [
  ['default', 'home'], ['home', 'home'], ['product', 'product'], ['category', 'category'], ['brand', 'brand'],
  ['page', 'page'], ['search', 'search'], ['cart', 'cart'], ['blog', 'blog'], ['blog_post', 'blog'], ['login', 'login'],
  ['createaccount', 'account'], ['getnewpassword', 'account'], ['forgot_password', 'account'],
];
// Which context object carries the id and the entity URL for a page type (the snippet's X placeholders).
const ID_OF_PAGE_TYPE = { product: 'product.id', category: 'category.id', page: 'page.id' };
const URL_OF_PAGE_TYPE = { product: 'product.url', category: 'category.url', brand: 'brand.url' };

// Paper's assignVar refuses values of 1,024 characters or more and throws, which would fail the whole page:
// longer requests are left to the snippet, and routes are kept short enough that no target can reach it.
export const MAX_REQUEST_CHARS = 900;
export const MAX_ROUTE_CHARS = 100;

const lit = (s) => `"${s}"`; // protect.json values reaching here have no '"' (the core refuses them)
const v = (name) => `(getVar "bcch_${name}")`;
const set = (name, value) => `{{assignVar "bcch_${name}" ${value}}}`;
const stay = set('kind', lit('stay'));

// "/%53ale/" -> "/sale/": the allow patterns as the core compares them (site_protection.cpp matchPath).
function matchPath(path) {
  return path.replace(/%([0-9a-f]{2})/gi, (m, h) => {
    const c = String.fromCharCode(parseInt(h, 16));
    return /[A-Za-z0-9._~-]/.test(c) ? c : m;
  }).toLowerCase();
}

function pattern(valueExpr, p, body) {
  return p.endsWith('*')
    ? `{{#startsWith ${lit(p.slice(0, -1))} ${valueExpr}}}${body}{{/startsWith}}`
    : `{{#if ${valueExpr} "===" ${lit(p)}}}${body}{{/if}}`;
}

// A route template as an assignment of bcch_target, or nothing when a token has no value (the core's fillRoute).
function fillRoute(route) {
  const parts = [];
  const needs = [];
  for (const piece of route.split(/(\{(?:id|slug|language|lang)\})/)) {
    if (!piece) continue;
    if (piece === '{id}') { parts.push(v('id')); needs.push(v('id')); }
    else if (piece === '{slug}') { parts.push(v('slug')); needs.push(v('slug')); }
    else if (piece === '{language}' || piece === '{lang}') parts.push(`(getVar "bcch_language")`);
    else parts.push(lit(piece));
  }
  const separator = !route.includes('?') ? '?' : /[?&]$/.test(route) ? '' : '&';
  let body = `${set('target', parts.length === 1 ? parts[0] : `(multiConcat ${parts.join(' ')})`)}${set('separator', lit(separator))}${set('kind', lit('route'))}`;
  for (const need of needs) body = `{{#if ${need}}}${body}{{/if}}`;
  return body;
}

/**
 * The decision partial for a validated protect.json (parsed) and the customer groups that still see the
 * hosted store (wrap mode; none in replace mode).
 * @param {object} config protect.json, already accepted by the core
 * @param {{ allowGroups?: string[] }} options
 * @returns {string} Handlebars that renders to nothing and sets bcch_target
 */
export function decisionPartial(config, { allowGroups = [] } = {}) {
  const routes = config.routes ?? [];
  if (config.headlessOrigin.length > MAX_ROUTE_CHARS)
    throw new Error(`headlessOrigin: too long for the theme (over ${MAX_ROUTE_CHARS} characters; Stencil's assignVar keeps under 1,024)`);
  for (const [i, r] of routes.entries()) {
    if (config.headlessOrigin.length + r.route.length > MAX_ROUTE_CHARS)
      throw new Error(`routes[${i}].route: too long for the theme (origin and route over ${MAX_ROUTE_CHARS} characters; Stencil's assignVar keeps under 1,024)`);
  }
  const headless = config.headlessOrigin.replace(/\/$/, '');
  const keep = config.keepParams ?? ['utm_*', 'gclid', 'fbclid', 'msclkid', 'coupon'];
  const bypassParam = config.bypass?.param ?? 'bc_preview';
  const unknown = config.unknown ?? 'same-path';
  const out = [];
  const request = 'settings.request.absolute_path';

  out.push(set('target', lit('')), set('kind', lit('')));
  out.push(`{{#if ${request}}}{{#if (truncate ${request} ${MAX_REQUEST_CHARS}) "==" ${request}}}`);
  // Path and query of the request as written; the lower-cased path for the rules that ignore case.
  out.push(set('path', `(first (split ${request} "?"))`), set('query', lit('')));
  out.push(`{{#contains ${request} "?"}}${set('query', `(strReplace ${request} (concat ${v('path')} "?") "" 1)`)}{{/contains}}`);
  out.push(set('lower', `(toLowerCase ${v('path')})`));

  // Checkout and what surrounds it never move (site_protection.cpp, the `checkout` rule).
  for (const t of CHECKOUT_PAGE_TYPES) out.push(`{{#if page_type "===" ${lit(t)}}}${stay}{{/if}}`);
  for (const base of ['/checkout', '/embedded-checkout', '/order-confirmation']) {
    out.push(`{{#if ${v('lower')} "===" ${lit(base)}}}${stay}{{/if}}`, `{{#startsWith ${lit(`${base}/`)} ${v('lower')}}}${stay}{{/startsWith}}`);
  }
  out.push(`{{#startsWith "/login/token/" ${v('lower')}}}${stay}{{/startsWith}}`);
  for (const p of ['/finishorder.php', '/checkout.php']) out.push(`{{#if ${v('lower')} "===" ${lit(p)}}}${stay}{{/if}}`);
  // Sign-out and cart.php actions stay; so does the preview parameter (the cookie is for the snippet).
  out.push(`{{#each (split ${v('query')} "&")}}`);
  out.push(`{{#if (first (split this "=")) "===" "action"}}`);
  out.push(`{{#if ${v('lower')} "===" "/cart.php"}}${stay}{{/if}}`);
  out.push(`{{#if ${v('lower')} "===" "/login.php"}}{{#if (lookup (split this "=") 1) "===" "logout"}}${stay}{{/if}}{{/if}}`);
  out.push('{{/if}}');
  out.push(`{{#if (first (split this "=")) "===" ${lit(bypassParam)}}}{{#if (lookup (split this "=") 1) "!==" "0"}}${stay}{{/if}}{{/if}}`);
  out.push('{{/each}}');
  for (const a of config.allow ?? []) out.push(pattern(v('lower'), matchPath(a), stay));

  out.push(`{{#if ${v('kind')} "!==" "stay"}}`);
  // What the page is: the core's routeTypeOfStencilPage; "unknown" for everything else.
  out.push(set('type', lit('unknown')), set('id', lit('')), set('entity', v('path')), set('slug', lit('')));
  out.push(`{{#startsWith "account" page_type}}${set('type', lit('account'))}{{/startsWith}}`);
  for (const [pageType, type] of ROUTE_TYPE_OF_PAGE_TYPE) out.push(`{{#if page_type "===" ${lit(pageType)}}}${set('type', lit(type))}{{/if}}`);
  for (const [pageType, expr] of Object.entries(ID_OF_PAGE_TYPE)) out.push(`{{#if page_type "===" ${lit(pageType)}}}{{#if ${expr}}}${set('id', expr)}{{/if}}{{/if}}`);
  for (const [pageType, expr] of Object.entries(URL_OF_PAGE_TYPE)) {
    out.push(`{{#if page_type "===" ${lit(pageType)}}}{{#if ${expr}}}${set('entity', `(lookup (urlParse ${expr}) "pathname")`)}{{/if}}{{/if}}`);
  }
  // The slug: the entity's path without its slashes, a ".html" ending, or the brands/ and blog/ folder
  // (site_protection.cpp slugOf). Pages that are not entities have none, nor has the blog's own page.
  out.push(`{{#each (split ${v('entity')} "/")}}{{#if this}}`);
  out.push(`{{#if ${v('slug')}}}${set('slug', `(multiConcat ${v('slug')} "/" this)`)}{{else}}`);
  out.push(`{{#if ${v('type')} "===" "brand"}}{{#if (toLowerCase this) "===" "brands"}}${set('slug', lit(''))}{{else}}${set('slug', 'this')}{{/if}}`);
  out.push(`{{else}}{{#if ${v('type')} "===" "blog"}}{{#if (toLowerCase this) "===" "blog"}}${set('slug', lit(''))}{{else}}${set('slug', 'this')}{{/if}}{{else}}${set('slug', 'this')}{{/if}}{{/if}}`);
  out.push('{{/if}}{{/if}}{{/each}}');
  out.push(`{{#contains ${v('slug')} ".html"}}${set('slug', `(strReplace ${v('slug')} ".html" "")`)}{{/contains}}`);
  out.push(`{{#if page_type "===" "blog"}}${set('slug', lit(''))}{{/if}}`);
  for (const t of ['home', 'cart', 'search', 'login', 'account']) out.push(`{{#if ${v('type')} "===" ${lit(t)}}}${set('slug', lit(''))}{{/if}}`);
  out.push(set('language', lit(config.language ?? 'en')), `{{#if locale_name}}${set('language', 'locale_name')}{{/if}}`);

  // The routes of protect.json: an id-specific route wins over "*" (site_protection.cpp findRoute).
  const types = [...new Set(routes.map((r) => r.type))];
  for (const type of types) {
    const ofType = routes.filter((r) => r.type === type);
    const wildcard = ofType.find((r) => (r.matching ?? '*') === '*');
    let branch = wildcard ? fillRoute(wildcard.route) : '';
    for (const r of ofType.filter((x) => (x.matching ?? '*') !== '*').reverse()) {
      branch = `{{#if ${v('id')} "==" ${lit(r.matching)}}}${fillRoute(r.route)}{{else}}${branch}{{/if}}`;
    }
    out.push(`{{#if ${v('type')} "===" ${lit(type)}}}${set('kind', lit('routed'))}${branch}{{/if}}`);
  }
  // No route: home goes to "/", sign-in and account pages stay, the rest by `unknown`.
  out.push(`{{#if ${v('kind')} "===" ""}}`);
  out.push(`{{#if ${v('type')} "===" "home"}}${set('target', lit('/'))}${set('separator', lit('?'))}${set('kind', lit('route'))}{{/if}}`);
  out.push(`{{#if ${v('type')} "===" "login"}}${stay}{{/if}}{{#if ${v('type')} "===" "account"}}${stay}{{/if}}`);
  out.push('{{/if}}');
  out.push(`{{#if ${v('kind')} "!==" "stay"}}{{#if ${v('kind')} "!==" "route"}}`);
  if (unknown === 'stay') out.push(stay);
  else out.push(set('target', unknown === 'home' ? lit('/') : v('path')), set('separator', lit('?')), set('kind', lit('route')));
  out.push('{{/if}}{{/if}}');

  // Kept query parameters, in the order they came (site_protection.cpp appendParams).
  out.push(`{{#if ${v('kind')} "===" "route"}}{{#each (split ${v('query')} "&")}}{{#if this}}`);
  const append = `${set('target', `(multiConcat ${v('target')} ${v('separator')} this)`)}${set('separator', lit('&'))}`;
  let kept = '';
  for (const k of keep) kept += pattern('(first (split this "="))', k, `${set('keep', lit('1'))}`);
  out.push(set('keep', lit('')), `{{#if ${v('type')} "===" "search"}}{{#if (first (split this "=")) "===" "search_query"}}${set('keep', lit('1'))}{{/if}}{{/if}}`);
  out.push(kept, `{{#if ${v('keep')}}}${append}{{/if}}`);
  out.push('{{/if}}{{/each}}');
  out.push(set('target', `(concat ${lit(headless)} ${v('target')})`));
  out.push('{{/if}}');
  out.push('{{/if}}'); // not stay
  out.push('{{/if}}{{/if}}'); // request present and short enough

  // Wrap mode: these customer groups still see the hosted storefront.
  for (const group of allowGroups) out.push(`{{#if customer.customer_group_id "==" ${lit(group)}}}${set('target', lit(''))}{{/if}}`);
  out.push(`{{#if ${v('kind')} "!==" "route"}}${set('target', lit(''))}{{/if}}`);

  // Every tag trims the whitespace around it, so the partial renders to nothing at all.
  return `${out.join('\n').replace(/\{\{(?!~)/g, '{{~').replace(/(?<!~)\}\}/g, '~}}')}\n`;
}

/**
 * The page a leaving shopper gets instead of the hosted one: a refresh for visitors without scripts, a link
 * anyone can follow, the canonical URL for crawlers, and the core's snippet for visitors with scripts (it also
 * sees the preview cookie and frames, which the server cannot).
 * @param {string} snippet the core's Script Manager snippet for the same protect.json
 */
export function redirectPartial(snippet, headlessOrigin) {
  const host = new URL(headlessOrigin).host;
  return `<!DOCTYPE html>
<html lang="{{locale_name}}">
<head>
    <meta charset="UTF-8">
    <meta name="robots" content="noindex">
    <title>${host}</title>
    <link rel="canonical" href="{{getVar "bcch_target"}}">
    <noscript><meta http-equiv="refresh" content="0; url={{getVar "bcch_target"}}"></noscript>
    ${snippet.replace(/^<script>/, '<script nonce="{{nonce}}">')}
</head>
<body>
    <p><a href="{{getVar "bcch_target"}}">Continue to ${host}</a></p>
</body>
</html>
`;
}
