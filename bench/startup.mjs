// Startup in headless Chromium for npm run bench: from a page's first script to createCheckout resolved, with the
// script-tag build and its .wasm served gzip (-9) from loopback, the .wasm as application/wasm so the browser
// compiles it while it downloads (WebAssembly.instantiateStreaming), cold cache (a new browser context per run).
// The references start the same way: their bundle (bench/references.mjs) as the page's script, then a client and
// its first cart, the store's answer given by the browser itself (page.route) so no network is involved.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 15;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dist = (file) => readFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)));

const page = (head, body) => `<!doctype html><html><head><meta charset="utf-8">
<script>window.__t0 = performance.now();</script>${head}</head><body>${body}</body></html>`;
const done = (promise) => `${promise}.then(() => { window.__ms = performance.now() - window.__t0; }, (e) => { window.__error = String(e); });`;
// A reference's first cart is timed until the client settles: whether it accepts the canned answer or not, its
// script has run, its client has been built and its request answered.
const settled = (promise) => `${promise}.then((x) => x, (e) => { window.__rejected = String(e); }).then(() => { window.__ms = performance.now() - window.__t0; });`;

// What each page does once its script has run: ours resolves createCheckout; the others create a cart (the
// Shopify SDK's checkout.create, which v3 makes a Cart API cartCreate).
const STARTS = {
  'shopify-buy': `ShopifyBuy.buildClient({ domain: 'shop.example', storefrontAccessToken: 'x' }).checkout.create()`,
  '@shopify/buy-button-js': `ShopifyBuy.buildClient({ domain: 'shop.example', storefrontAccessToken: 'x' }).checkout.create()`,
  '@medusajs/js-sdk': `new Medusa({ baseUrl: 'https://medusa.example', publishableKey: 'pk_x' }).store.cart.create({})`,
};
// Enough of each store's answer for the client to accept it.
const ANSWERS = {
  'shop.example': JSON.stringify({ data: { cartCreate: { cart: { id: 'gid://shopify/Cart/1', lines: { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } }, cost: {}, buyerIdentity: {}, attributes: [], discountCodes: [] }, userErrors: [] } } }),
  'medusa.example': JSON.stringify({ cart: { id: 'cart_1', items: [] } }),
};

// The hint docs/bundlers.md gives: the glue fetches the .wasm with credentials 'same-origin', which a preload
// matches with `crossorigin` (anonymous).
const PRELOAD = '<link rel="preload" href="/bc-checkout-helper.wasm" as="fetch" type="application/wasm" crossorigin>';

/** -> { ms, runs, withoutPreloadMs, references: { [package]: ms } } or null without Chromium. */
export async function benchStartup(references) {
  if (!existsSync(CHROMIUM)) return null;
  const files = new Map([
    ['/bc-checkout-helper.js', ['text/javascript', dist('bc-checkout-helper.js')]],
    ['/bc-checkout-helper.wasm', ['application/wasm', dist('bc-checkout-helper.wasm')]],
  ]);
  // Ours twice: as docs/bundlers.md tells a page to load it (the .wasm preloaded beside the script, so it downloads
  // and compiles while the script does), and with the script tag alone.
  const start = `<script>${done("BCCheckout.createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory' })")}</script>`;
  files.set('/ours.html', ['text/html', Buffer.from(page(`${PRELOAD}<script src="/bc-checkout-helper.js"></script>`, start))]);
  files.set('/ours-no-preload.html', ['text/html', Buffer.from(page('<script src="/bc-checkout-helper.js"></script>', start))]);
  for (const [name, ref] of Object.entries(references)) {
    const slug = name.replace(/\W/g, '_');
    files.set(`/${slug}.js`, ['text/javascript', ref.code]);
    files.set(`/${slug}.html`, ['text/html', Buffer.from(page(`<script src="/${slug}.js"></script>`, `<script>${settled(`Promise.resolve().then(() => ${STARTS[name]})`)}</script>`))]);
  }
  const gzipped = new Map([...files].map(([path, [type, body]]) => [path, [type, gzipSync(body, { level: 9 })]]));
  const server = createServer((req, res) => {
    const file = gzipped.get(req.url);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'content-encoding': 'gzip', 'content-length': file[1].length, 'cache-control': 'no-store' });
    res.end(file[1]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const measure = async (path) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      await context.route(/^https:\/\/(shop|medusa)\.example\//, (route) => {
        const host = new URL(route.request().url()).host;
        route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: ANSWERS[host] });
      });
      const tab = await context.newPage();
      await tab.goto(`${origin}${path}`);
      await tab.waitForFunction(() => window.__ms !== undefined || window.__error !== undefined, null, { timeout: 30_000 });
      const { ms, error, rejected } = await tab.evaluate(() => ({ ms: window.__ms, error: window.__error, rejected: window.__rejected }));
      await context.close();
      if (error) throw new Error(`${path}: ${error}`);
      if (rejected) runs.rejected = rejected;
      runs.push(ms);
    }
    return runs;
  };
  try {
    // Once untimed, so the first context's start-up cost falls on nobody.
    await measure('/ours.html').catch(() => {});
    const runs = await measure('/ours.html');
    const withoutPreload = await measure('/ours-no-preload.html');
    const out = {
      ms: Number(median(runs).toFixed(1)), runs: runs.map((x) => Number(x.toFixed(1))),
      withoutPreloadMs: Number(median(withoutPreload).toFixed(1)), references: {}, referencesRejected: {},
    };
    for (const name of Object.keys(references)) {
      try {
        const referenceRuns = await measure(`/${name.replace(/\W/g, '_')}.html`);
        out.references[name] = Number(median(referenceRuns).toFixed(1));
        if (referenceRuns.rejected) out.referencesRejected[name] = referenceRuns.rejected;
      } catch (error) {
        out.references[name] = `failed (${error.message.split('\n')[0]})`;
      }
    }
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}
