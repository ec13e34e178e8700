// GET /setup/cookie-probe: not a BigCommerce page. The setup check's browser half: framed by the storefront the
// way the embedded checkout is, it sets a cookie and reads it back, then posts
// { type: 'bc-setup:cookies', allowed, storageAccess, detail } to its parent. The server cannot know whether this
// browser keeps a cross-site frame's cookies (Safari and Chrome incognito do not); this page can.
// Headless Chromium 156 with the stack's set-up (page on 127.0.0.1, store on localhost, two sites): the cookie is
// refused under Playwright's default profile (third-party cookies blocked) and kept with them allowed; Chromium
// takes a Secure cookie from plain-http localhost and 127.0.0.1, so the loopback sandbox tests what https would.
import { readFileSync } from 'node:fs';
import { html } from '../store-http.js';

// Inline, so the probe is one small document and answers without a second request; read once, when the
// sandbox loads. Text that would end the <script> element early is refused here rather than served broken.
const PROBE_JS = readFileSync(new URL('./browser/cookie-probe.js', import.meta.url), 'utf8');
if (/<\/script|<!--/i.test(PROBE_JS)) throw new Error('pages/browser/cookie-probe.js cannot be inlined: it contains "</script" or "<!--"');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Cookie probe</title></head>
<body><p id="result">Testing cookies…</p>
<script>
${PROBE_JS}</script></body></html>`;

export function registerSetupProbeRoutes(pages, ctx) {
  // The embedded checkout's frame-ancestors policy (checkout-page.js): only the channel site may frame it, so a
  // wrong site URL shows here as a probe that never answers, as the checkout would never load.
  const headers = { 'Content-Security-Policy': `frame-ancestors ${new URL(ctx.options.siteUrl).origin}`, 'Referrer-Policy': 'same-origin' };
  pages.add('GET', '/setup/cookie-probe', async () => html(200, PAGE, headers));
}
