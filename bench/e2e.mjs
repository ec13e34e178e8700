#!/usr/bin/env node
// npm run bench:e2e: checkout as a shopper's browser sees it, on loopback against the sandbox store
// (scripts/stack.mjs, free ports), in headless Chromium. Printed as JSON; figures vary with the machine.
//   embedded  checkout() -> the helper's `load` event (the frame's CHECKOUT_LOADED), and -> the checkout()
//             promise (FRAME_LOADED), with the phases before it (cart sync, checkout URL, SDK chunk)
//   redirect  checkout() -> DOMContentLoaded of the sandbox's hosted checkout page (cart link, 302, /checkout)
//   bytes     what is fetched only for embedding: the SDK chunk (dist/bc-checkout-embedded.js) and anything
//             else an embedded checkout fetches that a redirect checkout does not
// Every run is a fresh browser context (cold, like a shopper's one checkout). The SDK's cookie flag is set
// beforehand, so the one-time allow-cookie round trip of a first visit is not in the embedded figures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startStack } from '../scripts/stack.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, seedCookieFlag, shopHook } from '../tests/browser/e2e-helpers.mjs';

const RUNS = Math.max(1, Number(process.env.E2E_RUNS ?? 10));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ITEMS = [
  { productId: 80, variantId: 64, name: 'Orbit Terrarium (large)', price: '109.00', quantity: 1 },
  { productId: 81, name: 'Oak Serving Board', price: '29.99', quantity: 2 },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const stats = (xs) => ({ median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), runs: xs.map(round) });
const progress = (text) => process.stderr.write(`${text}\n`);

// A generous limit: the bench makes a few hundred stub calls a minute from one address.
const stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' }, storefrontPort: 0, sandboxPort: 0 });
const site = { origin: stack.storefrontUrl, storeOrigin: stack.sandbox.url };
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

/** A fresh context on the demo with a cart of ITEMS; every finished request of it is recorded with its size. */
async function openShop() {
  const context = await browser.newContext();
  context.setDefaultTimeout(30_000);
  await context.addInitScript(shopHook);
  await context.addInitScript(seedCookieFlag, { origin: site.origin, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
  const page = await context.newPage();
  const requests = [];
  const pending = new Set();
  let phase = 'page';
  page.on('requestfinished', (request) => {
    const done = record(request).finally(() => pending.delete(done));
    pending.add(done);
  });
  async function record(request) {
    const entry = { phase, url: request.url(), frame: request.frame() === page.mainFrame() ? 'page' : 'frame' };
    requests.push(entry);
    try {
      const sizes = await request.sizes();
      const response = await request.response();
      entry.transferBytes = sizes.responseHeadersSize + sizes.responseBodySize;
      entry.bodyBytes = sizes.responseBodySize;
      entry.encoding = response?.headers()['content-encoding'] ?? 'identity';
    } catch {
      entry.transferBytes = null;
    }
  }
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => window.shop && /loaded bc-checkout-helper/.test(document.getElementById('log').textContent));
  await page.evaluate(async (items) => {
    for (const item of items) await window.shop.cart.add(item);
  }, ITEMS);
  await page.waitForLoadState('networkidle');
  // The embedded checkout keeps the network busy (iframe-resizer), so "settled" is: a short quiet spell,
  // then every recorded request's sizes read.
  const settle = async () => {
    await page.waitForTimeout(300);
    await Promise.all([...pending]);
  };
  return { context, page, requests, settle, startCheckout: () => { phase = 'checkout'; } };
}

async function embeddedRun() {
  const { context, page, requests, settle, startCheckout } = await openShop();
  startCheckout();
  const result = await page.evaluate(() => new Promise((resolve, reject) => {
    document.getElementById('checkout-section').hidden = false;
    const t0 = performance.now();
    let frameLoaded = null;
    const timer = setTimeout(() => reject(new Error('no load event within 30 s')), 30_000);
    const off = window.shop.on('load', () => {
      const loadMs = performance.now() - t0;
      off();
      clearTimeout(timer);
      const phase = (suffix) => {
        const entry = performance.getEntriesByType('resource').filter((e) => e.name.endsWith(suffix) && e.startTime >= t0).at(-1);
        return entry ? entry.responseEnd - t0 : null;
      };
      resolve({ loadMs, frameLoadedMs: frameLoaded, cartSyncedMs: phase('/api/cart'), checkoutUrlMs: phase('/api/checkout'), sdkChunkMs: phase('/bc-checkout-embedded.js') });
    });
    window.shop.checkout({ mode: 'embedded', container: '#checkout-frame' }).then((r) => {
      frameLoaded = performance.now() - t0;
      if (r.mode !== 'embedded') reject(new Error(`checkout fell back: ${r.fallback}`));
    }, reject);
  }));
  await settle();
  await context.close();
  return { ...result, requests: requests.filter((r) => r.phase === 'checkout') };
}

async function redirectRun() {
  const { context, page, requests, settle, startCheckout } = await openShop();
  startCheckout();
  const wallStart = performance.now();
  const t0 = await page.evaluate(() => {
    const t = performance.timeOrigin + performance.now();
    window.shop.checkout({ mode: 'redirect' });
    return t;
  });
  await page.waitForURL((url) => url.origin === site.storeOrigin && url.pathname === '/checkout', { waitUntil: 'domcontentloaded' });
  const wallMs = performance.now() - wallStart;
  const dcl = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventStart);
  if (!/Orbit Terrarium/.test(await page.textContent('.summary'))) throw new Error('the hosted checkout does not show the cart');
  await settle();
  await context.close();
  return { domContentLoadedMs: dcl - t0, wallMs, requests: requests.filter((r) => r.phase === 'checkout') };
}

const pathOf = (url) => {
  const u = new URL(url);
  return `${u.origin === site.origin ? 'storefront' : u.origin === site.storeOrigin ? 'store' : u.origin}${u.pathname}`;
};

try {
  // One of each first, unmeasured: the stack's caches (core, scrypt-free paths, the sandbox's files) warm up.
  await embeddedRun();
  await redirectRun();
  const embedded = [];
  const redirect = [];
  for (let i = 0; i < RUNS; i++) {
    embedded.push(await embeddedRun());
    redirect.push(await redirectRun());
    progress(`run ${i + 1}/${RUNS}: embedded load ${round(embedded.at(-1).loadMs)} ms, redirect DOMContentLoaded ${round(redirect.at(-1).domContentLoadedMs)} ms`);
  }

  // Bytes: what an embedded checkout fetches (after checkout() is called) that a redirect checkout does not.
  const sample = embedded.at(-1).requests;
  const redirectPaths = new Set(redirect.flatMap((r) => r.requests.map((q) => pathOf(q.url))));
  const embeddedOnly = sample.filter((r) => !redirectPaths.has(pathOf(r.url)) && !/^store\/(embedded-checkout|cart\.php)$/.test(pathOf(r.url)));
  const frameDocuments = sample.filter((r) => /^store\/(embedded-checkout|cart\.php)$/.test(pathOf(r.url)));
  const chunk = sample.find((r) => r.url.endsWith('/bc-checkout-embedded.js'));
  const chunkFile = fileURLToPath(new URL('../dist/bc-checkout-embedded.js', import.meta.url));
  const sum = (list) => list.reduce((n, r) => n + (r.transferBytes ?? 0), 0);

  const report = {
    runs: RUNS,
    setup: 'loopback, sandbox store, headless Chromium; a fresh browser context per run; SDK cookie flag preset (no allow-cookie round trip)',
    embedded: {
      checkoutToLoadEventMs: stats(embedded.map((r) => r.loadMs)),
      checkoutToFrameLoadedMs: stats(embedded.map((r) => r.frameLoadedMs)),
      phasesMedianMs: {
        cartSynced: round(median(embedded.map((r) => r.cartSyncedMs))),
        checkoutUrlReceived: round(median(embedded.map((r) => r.checkoutUrlMs))),
        sdkChunkReceived: round(median(embedded.map((r) => r.sdkChunkMs))),
      },
    },
    redirect: {
      checkoutToDomContentLoadedMs: stats(redirect.map((r) => r.domContentLoadedMs)),
      seenFromNodeMs: stats(redirect.map((r) => r.wallMs)),
    },
    bytes: {
      sdkChunk: chunk && {
        url: pathOf(chunk.url),
        transferBytes: chunk.transferBytes,
        bodyBytes: chunk.bodyBytes,
        contentEncoding: chunk.encoding,
        fileBytes: readFileSync(chunkFile).length,
        gzipBytesIfCompressed: gzipSync(readFileSync(chunkFile), { level: 9 }).length,
      },
      embeddedOnly: embeddedOnly.map((r) => ({ url: pathOf(r.url), transferBytes: r.transferBytes, encoding: r.encoding })),
      embeddedOnlyTotalBytes: sum(embeddedOnly),
      frameDocumentsBytes: { requests: frameDocuments.map((r) => pathOf(r.url)), transferBytes: sum(frameDocuments) },
      note: 'embeddedOnly: fetched after checkout() in embedded mode and never in redirect mode (the cart link and checkout page documents, which both modes load, are in frameDocumentsBytes)',
    },
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await stack.close();
}
