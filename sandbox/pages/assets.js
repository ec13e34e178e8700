// Static assets of the hosted store: the stylesheet, the embedded checkout's client script (the Checkout
// SDK's message protocol, browser/embedded-checkout.js), iframe-resizer's child script, and placeholder
// product images.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findProduct } from '../catalog.js';
import { escapeHtml } from './layout.js';

const CSS = `:root { --ink: #1d1d1f; --muted: #55555a; --accent: #0b5cad; --error: #b00020; --ok: #1b6e3a; --line: #d5d5da; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fafafa; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip-link:focus { left: 0; z-index: 10; }
.site-header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.site-header ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.store-name { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
main:focus { outline: none; }
.site-footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: .9rem; }
.products { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1rem; list-style: none; padding: 0; }
.products li, .panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; }
.products img, .product img { max-width: 100%; height: auto; display: block; }
.price { font-weight: 600; }
.price del { color: var(--muted); font-weight: 400; margin-right: .4rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=email], input[type=password], input[type=tel], input[type=number], input[type=search], select, textarea {
  font: inherit; padding: .45rem .6rem; border: 1px solid #8a8a90; border-radius: 4px; width: 100%; max-width: 28rem; background: #fff; }
input[type=number] { max-width: 6rem; }
.site-header input[type=search] { width: 12rem; }
.site-header label { display: inline; margin: 0 .4rem 0 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .3rem; }
.choice { display: flex; gap: .5rem; align-items: center; font-weight: 400; margin: .35rem 0; }
.choice input { margin: 0; }
button, .button { font: inherit; font-weight: 600; padding: .55rem 1.1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--accent); }
.notice { padding: .75rem 1rem; border-radius: 4px; background: #eef4fb; border: 1px solid #b9d1ea; }
.notice.error { background: #fdecee; border-color: #f3b5bd; color: var(--error); }
.notice.ok { background: #eaf6ee; border-color: #b6dfc3; color: var(--ok); }
.field-error { color: var(--error); font-weight: 600; margin: .2rem 0; }
.summary table { width: 100%; border-collapse: collapse; }
.summary th, .summary td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--line); }
.summary td.amount, .summary th.amount { text-align: right; }
.checkout-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
@media (max-width: 50rem) { .checkout-grid { grid-template-columns: 1fr; } }
.inline-form { display: inline; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
body.embedded { background: #fff; }
body.embedded main { max-width: none; }
`;

// The embedded checkout's client script (the Checkout SDK's message protocol), a file of its own so it is
// linted and parsed like any other; read once, when the sandbox loads.
const EMBEDDED_JS = readFileSync(new URL('./browser/embedded-checkout.js', import.meta.url), 'utf8');

function iframeResizerChild() {
  const require = createRequire(import.meta.url);
  try {
    return readFileSync(require.resolve('iframe-resizer/js/iframeResizer.contentWindow.min.js'), 'utf8');
  } catch {
    return null;
  }
}

const COLORS = ['#2e6f57', '#8a5a2b', '#3d5a98', '#9a3b4f', '#6a4c93', '#44707a', '#a0672d'];

function productImage(product) {
  const color = COLORS[product.id % COLORS.length];
  const words = product.name.split(' ');
  const lines = [];
  for (const word of words) {
    if (lines.length && (lines[lines.length - 1] + ' ' + word).length <= 16) lines[lines.length - 1] += ` ${word}`;
    else lines.push(word);
  }
  const text = lines.slice(0, 4).map((line, i) => `<text x="200" y="${170 + i * 34 - (lines.length - 1) * 17}" text-anchor="middle">${escapeHtml(line)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${escapeHtml(product.name)}">
<rect width="400" height="400" fill="${color}"/><g fill="#fff" font-family="sans-serif" font-size="30" font-weight="600">${text}</g></svg>`;
}

export function registerAssetRoutes(pages, ctx) {
  const resizer = iframeResizerChild();
  const asset = (body, type) => new Response(body, { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' } });

  pages.add('GET', '/assets/sandbox.css', async () => asset(CSS, 'text/css; charset=utf-8'));
  pages.add('GET', '/embedded-checkout/embedded-checkout.js', async () => asset(EMBEDDED_JS, 'text/javascript; charset=utf-8'));
  // iframe-resizer 3's child script, so the SDK's resizer in the parent sizes the frame.
  pages.add('GET', '/embedded-checkout/iframeResizer.contentWindow.min.js', async () =>
    (resizer ? asset(resizer, 'text/javascript; charset=utf-8') : new Response('iframe-resizer is not installed', { status: 404 })));
  pages.add('GET', '/product_images/:file', async ({ params }) => {
    const match = /^(\d{1,10})\.svg$/.exec(params.file);
    const product = match ? findProduct(ctx.state, Number(match[1])) : null;
    if (!product) return new Response('not found', { status: 404 });
    return asset(productImage(product), 'image/svg+xml');
  });
}
