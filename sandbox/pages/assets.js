// Static assets of the hosted store: the stylesheet, the embedded checkout's client script (the Checkout
// SDK's message protocol), iframe-resizer's child script, and placeholder product images.
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

// The embedded checkout's side of the Checkout SDK protocol (notes/embedded-checkout.md): it posts
// FRAME_LOADED {contentId: 'checkout-app'} when ready, then CHECKOUT_LOADED, CHECKOUT_COMPLETE, SIGNED_OUT or
// CHECKOUT_ERROR as the page's state says, or FRAME_ERROR {message} instead of loading; it takes
// STYLE_CONFIGURED from the parent. The SDK's iframe-resizer measures the elements tagged data-iframe-height.
// Forms are submitted with fetch and the checkout swapped in place, so the
// frame stays one document until the order confirmation, which is a page of its own (as on BigCommerce).
const EMBEDDED_JS = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('checkout-config').textContent);
  var parentOrigin = config.parentOrigin;
  function post(type, payload) {
    if (window.parent === window) return;
    window.parent.postMessage(payload === undefined ? { type: type } : { type: type, payload: payload }, parentOrigin);
  }
  function announce(app, initial) {
    var state = app.getAttribute('data-state');
    if (state === 'error') {
      post('FRAME_ERROR', { message: app.getAttribute('data-message') || 'The checkout could not be loaded.' });
      return;
    }
    if (initial) post('FRAME_LOADED', { contentId: 'checkout-app' });
    if (state === 'checkout' && initial) post('CHECKOUT_LOADED');
    if (state === 'complete') post('CHECKOUT_COMPLETE');
    if (state === 'signed-out') post('SIGNED_OUT');
    var error = app.getAttribute('data-checkout-error');
    if (error) post('CHECKOUT_ERROR', { message: error, type: app.getAttribute('data-checkout-error-type') || 'checkout_error' });
  }
  var STYLE_TARGETS = { body: 'body', text: 'p, li, td, th, dd, dt', secondaryText: '.muted', heading: 'h1, h2', secondaryHeading: 'h3, legend',
    label: 'label', link: 'a', button: 'button', submitButton: 'button[type=submit]', input: 'input, select, textarea' };
  var STYLE_PROPERTIES = ['color', 'backgroundColor', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight',
    'textTransform', 'textDecoration', 'borderColor', 'borderRadius', 'borderWidth', 'borderStyle', 'boxShadow'];
  var sheet = null;
  function applyStyles(styles) {
    if (!styles || typeof styles !== 'object') return;
    if (!sheet) { var el = document.createElement('style'); document.head.appendChild(el); sheet = el.sheet; }
    Object.keys(STYLE_TARGETS).forEach(function (key) {
      var given = styles[key];
      if (!given || typeof given !== 'object') return;
      var rule = sheet.cssRules[sheet.insertRule(STYLE_TARGETS[key] + ' {}', sheet.cssRules.length)];
      STYLE_PROPERTIES.forEach(function (name) {
        var value = given[name];
        if (typeof value !== 'string' && typeof value !== 'number') return;
        // setProperty parses one value: nothing in a style can add rules or leave the property. The parent's
        // styles are an explicit choice, so they win over the sandbox's own stylesheet.
        rule.style.setProperty(name.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), String(value), 'important');
      });
    });
  }
  window.addEventListener('message', function (event) {
    if (event.origin !== parentOrigin || !event.data || event.data.type !== 'STYLE_CONFIGURED') return;
    applyStyles(event.data.payload);
  });
  function focusIn(app) {
    var target = app.querySelector('[data-focus]') || app.querySelector('h1');
    if (target) { target.setAttribute('tabindex', '-1'); target.focus(); }
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute('data-enhance') || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    var submitter = event.submitter;
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    var buttons = form.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      .then(function (response) {
        if (response.redirected && response.url.indexOf('/order-confirmation/') !== -1) { window.location.replace(response.url); return null; }
        return response.text().then(function (text) {
          var next = new DOMParser().parseFromString(text, 'text/html').getElementById('checkout-app');
          var current = document.getElementById('checkout-app');
          if (!next || !current) { window.location.reload(); return; }
          var imported = document.importNode(next, true);
          current.replaceWith(imported);
          announce(imported, false);
          focusIn(imported);
        });
      })
      .catch(function (error) {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        post('CHECKOUT_ERROR', { message: 'The checkout could not reach the store: ' + error.message, type: 'network_error' });
      });
  });
  // The SDK shows the frame only after FRAME_LOADED and starts the resizer at once; in a cross-site
  // (out-of-process) frame the first measurement can still see a 0-wide viewport. Measure again when the
  // frame gets its real size (iframe-resizer's child API: parentIFrame.size()).
  function remeasure() {
    if (window.parentIFrame && typeof window.parentIFrame.size === 'function' && window.innerWidth > 0) window.parentIFrame.size();
  }
  window.addEventListener('resize', remeasure);
  var app = document.getElementById('checkout-app');
  if (app) announce(app, true);
})();
`;

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
