// GET /setup/cookie-probe: not a BigCommerce page. The setup check's browser half: framed by the storefront the
// way the embedded checkout is, it sets a cookie and reads it back, then posts
// { type: 'bc-setup:cookies', allowed, storageAccess, detail } to its parent. The server cannot know whether this
// browser keeps a cross-site frame's cookies (Safari and Chrome incognito do not); this page can.
// Headless Chromium 156 with the stack's set-up (page on 127.0.0.1, store on localhost, two sites): the cookie is
// refused under Playwright's default profile (third-party cookies blocked) and kept with them allowed; Chromium
// takes a Secure cookie from plain-http localhost and 127.0.0.1, so the loopback sandbox tests what https would.
import { html } from '../store-http.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Cookie probe</title></head>
<body><p id="result">Testing cookies…</p>
<script>
(async () => {
  // SameSite=None; Secure: what a store cookie needs to reach a frame on another site. Not Partitioned: the
  // store's checkout cookies are not, so a partition-only browser must not pass for one that keeps them.
  const name = 'bc_setup_probe';
  document.cookie = name + '=1; Path=/setup; SameSite=None; Secure';
  const allowed = document.cookie.split('; ').includes(name + '=1');
  document.cookie = name + '=; Path=/setup; Max-Age=0; SameSite=None; Secure';
  let storageAccess = null;
  try {
    if (document.hasStorageAccess) storageAccess = await document.hasStorageAccess();
  } catch {
    storageAccess = null;
  }
  let detail = allowed
    ? "This browser keeps the store's cookies in a frame on another site, so the embedded checkout can keep its session."
    : "This browser blocks the store's cookies in a frame on another site (third-party cookies are off: Safari, Chrome incognito or a privacy setting)" +
      (storageAccess === false ? ', and document.hasStorageAccess() says the frame has no storage access' : '') +
      '. The embedded checkout may then fail with "Cannot start checkout session with an empty cart"; the redirect checkout works.';
  if (window.parent === window) detail = 'This page is not in a frame, so it cannot tell: the setup check opens it in one.';
  else if (location.protocol === 'http:') detail += ' (This test store runs on plain http; a real BigCommerce store is on https.)';
  document.getElementById('result').textContent = detail;
  window.parent.postMessage({ type: 'bc-setup:cookies', allowed: allowed && window.parent !== window, storageAccess, detail }, '*');
})();
</script></body></html>`;

export function registerSetupProbeRoutes(pages, ctx) {
  // The embedded checkout's frame-ancestors policy (checkout-page.js): only the channel site may frame it, so a
  // wrong site URL shows here as a probe that never answers, as the checkout would never load.
  const headers = { 'Content-Security-Policy': `frame-ancestors ${new URL(ctx.options.siteUrl).origin}`, 'Referrer-Policy': 'same-origin' };
  pages.add('GET', '/setup/cookie-probe', async () => html(200, PAGE, headers));
}
