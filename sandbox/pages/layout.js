// The hosted store's HTML shell: escaping, the page frame with navigation, and the Script Manager scripts
// placed in head and footer the way Stencil's {{head.scripts}} and {{footer.scripts}} do.
import { scriptsForPage } from '../scripts.js';

export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolated value unless it is raw(...) HTML. */
export function h(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += renderValue(value) + strings[i + 1];
  });
  return raw(out);
}

class RawHtml {
  constructor(html) { this.html = html; }
  toString() { return this.html; }
}

export const raw = (html) => new RawHtml(html);

function renderValue(value) {
  if (value instanceof RawHtml) return value.html;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** A JSON value safe inside <script type="application/json">. */
export function jsonForScript(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function navigation(ctx, session) {
  const cart = session?.cart_id ? ctx.state.carts[session.cart_id] : null;
  const count = cart ? cart.items.reduce((sum, i) => sum + (i.kind === 'gift' ? 1 : i.quantity), 0) : 0;
  const signedIn = Boolean(session?.customer_id);
  return h`<header class="site-header">
  <a class="store-name" href="/">${ctx.state.store.name}</a>
  <nav aria-label="Categories"><ul>
    ${ctx.state.categories.map((c) => h`<li><a href="/${c.slug}/">${c.name}</a></li>`)}
    <li><a href="/brands/">Brands</a></li>
  </ul></nav>
  <form class="search" role="search" action="/search.php" method="get">
    <label for="search-query">Search</label>
    <input id="search-query" name="search_query" type="search">
    <button type="submit">Search</button>
  </form>
  <nav aria-label="Account"><ul>
    <li>${signedIn ? h`<a href="/account.php">My account</a>` : h`<a href="/login.php">Sign in</a>`}</li>
    <li><a href="/cart.php">Cart (<span class="cart-count">${count}</span>)</a></li>
  </ul></nav>
</header>`;
}

/**
 * A full hosted page.
 * @param {object} ctx
 * @param {{ title: string, pageType: string, ids?: object, body: unknown, session?: object, bare?: boolean,
 *           head?: unknown, footer?: unknown, bodyClass?: string }} page  `bare` leaves out the store navigation (checkout pages)
 */
export function renderPage(ctx, page) {
  const scripts = scriptsForPage(ctx, { pageType: page.pageType, ...(page.ids ?? {}) });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} - ${escapeHtml(ctx.state.store.name)}</title>
<link rel="stylesheet" href="/assets/sandbox.css">
<link rel="icon" href="data:,">
${renderValue(page.head ?? '')}
${scripts.head}
</head>
<body data-page-type="${escapeHtml(page.pageType)}"${page.bodyClass ? ` class="${escapeHtml(page.bodyClass)}"` : ''}>
<a class="skip-link" href="#main">Skip to content</a>
${page.bare ? '' : navigation(ctx, page.session)}
<main id="main" tabindex="-1">
${renderValue(page.body)}
</main>
${page.bare ? '<footer class="site-footer" data-iframe-height><p>Sandbox store: no payment is taken.</p></footer>' : `<footer class="site-footer"><p>This is the sandbox store of bc-checkout-helper: a local stand-in for a BigCommerce store. No payment is taken.</p>
<p><a href="/shipping-returns/">Shipping &amp; Returns</a></p></footer>`}
${renderValue(page.footer ?? '')}
${scripts.footer}
</body>
</html>`;
}

/** A plain error page body: what went wrong and where to go. */
export function errorPage(ctx, { title, message, link = { href: '/', text: 'Back to the store' }, session, pageType = '404' }) {
  return renderPage(ctx, {
    title,
    pageType,
    session,
    body: h`<h1>${title}</h1><p class="notice error" role="alert">${message}</p><p><a href="${link.href}">${link.text}</a></p>`,
  });
}
