// Renders a Stencil theme folder the way the storefront does, with BigCommerce's own renderer
// (@bigcommerce/stencil-paper-handlebars, which Stencil CLI and the storefront use through Paper), and the
// smallest honest stand-in for what Paper adds: every templates/**/*.html registered as a partial under its
// path without "templates/" and ".html" (so pages reach "layout/base" and "components/..."), the template
// engine named by config.json, and a fresh renderer for each page, as each storefront request gets one
// (assignVar's storage lives in the renderer). The page context is built from a row of the table of hosted
// pages with the names of BigCommerce's Stencil object reference.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

const HandlebarsRenderer = createRequire(import.meta.url)('@bigcommerce/stencil-paper-handlebars');
const quietLogger = { log() {}, info() {}, debug() {}, warn() {}, error(...args) { process.stderr.write(`${args.join(' ')}\n`); } };

function templatesOf(root) {
  const base = join(root, 'templates');
  const out = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) out[relative(base, path).split(sep).join('/').slice(0, -5)] = readFileSync(path, 'utf8');
    }
  };
  walk(base);
  return out;
}

/**
 * A function rendering one page template of the theme (as it is on disk now) with a context; `nonce` is the
 * request's CSP nonce, which the renderer's {{nonce}} helper reads from its request parameters.
 */
export function themeRenderer(root) {
  const templates = templatesOf(root);
  const engine = JSON.parse(readFileSync(join(root, 'config.json'), 'utf8')).template_engine === 'handlebars_v4' ? 'v4' : 'v3';
  return (template, context, { nonce } = {}) => {
    const renderer = new HandlebarsRenderer({}, {}, engine, quietLogger, 'info', nonce ? { security: { nonce } } : {});
    renderer.addTemplates(renderer.getPreProcessor()(templates));
    return renderer.render(template, structuredClone(context));
  };
}

// Which fixture template renders a page type; page types the fixture has no template for (blog, compare,
// 404, ...) are rendered with pages/page, which decides nothing itself: the layout decides from page_type.
export function templateFor(pageType) {
  if (pageType.startsWith('account')) return 'pages/account/orders/all';
  return {
    default: 'pages/home', product: 'pages/product', category: 'pages/category', brand: 'pages/brand', page: 'pages/page',
    search: 'pages/search', cart: 'pages/cart', checkout: 'pages/checkout', orderconfirmation: 'pages/order-confirmation',
    login: 'pages/auth/login', createaccount: 'pages/auth/login', getnewpassword: 'pages/auth/login',
  }[pageType] ?? 'pages/page';
}

const number = (id) => (/^\d+$/.test(id ?? '') ? Number(id) : id);

/**
 * The Stencil context of a hosted page from the table: {{page_type}}, the entity objects of its type,
 * settings.request.absolute_path (path and query as requested), locale_name, and a customer in `group`
 * (none: a guest).
 */
export function stencilContext(page, { group } = {}) {
  const url = new URL(page.url);
  const store = url.origin;
  const type = page.pageType;
  const of = (kind, value) => (type === kind ? value : undefined);
  return {
    page_type: type,
    locale_name: page.language,
    settings: {
      request: { absolute_path: url.pathname + url.search, host: url.host },
      store_name: 'Fixture store',
      store_logo: { title: 'Fixture store' },
    },
    urls: {
      home: `${store}/`,
      cart: `${store}/cart.php`,
      checkout: { single_address: `${store}/checkout` },
      account: { index: `${store}/account.php` },
      auth: { login: `${store}/login.php`, login_action: `${store}/login.php?action=check_login` },
    },
    head: { title: 'Fixture store', meta_tags: '<meta name="description" content="fixture">', scripts: '<script>/* Script Manager: head */</script>' },
    footer: { scripts: '<script>/* Script Manager: footer */</script>' },
    checkout: { checkout_head: '<link rel="stylesheet" href="/checkout.css">', checkout_content: '<div id="checkout-app"></div>', order_confirmation_content: '<div id="checkout-app" data-order="1"></div>' },
    product: of('product', { id: number(page.id), url: page.entityUrl, title: 'Blue shirt' }),
    category: of('category', { id: number(page.id), url: page.entityUrl, name: 'Shirts' }),
    brand: of('brand', { url: page.entityUrl, name: 'Acme' }),
    page: of('page', { id: number(page.id), title: 'About us', content: '<p>About</p>' }),
    customer: group === undefined ? undefined : { name: 'Pat', customer_group_id: group },
    cart: { items: [] },
    forms: { search: { query: 'shirt' } },
  };
}

const entities = (s) => s.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The target of a rendered redirect page (its canonical link), or null when the page is not one. */
export function redirectTarget(html) {
  const m = /<link rel="canonical" href="([^"]*)">\s*<noscript><meta http-equiv="refresh" content="0; url=([^"]*)"><\/noscript>/.exec(html);
  if (!m) return null;
  if (m[1] !== m[2]) throw new Error(`the canonical link ${m[1]} and the refresh ${m[2]} differ`);
  return entities(m[1]);
}

/** The Script Manager snippet a rendered redirect page carries, as a <script> element without the nonce. */
export function redirectSnippet(html) {
  const m = /<script nonce="[^"]*">([\s\S]*?)<\/script>/.exec(html);
  return m ? `<script>${m[1]}</script>` : null;
}
