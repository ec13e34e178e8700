// The SPA demo (demo/spa) as an npm user builds it: pack the package, install the tarball into a temporary
// project holding a copy of demo/spa, `vite build` it, serve the output from the storefront origin (the
// channel's site URL, which embedded checkout needs) and complete a redirect and an embedded checkout in
// headless Chromium. The point is the bundler: the .wasm and the embedded-checkout chunk, which the package
// finds through new URL(..., import.meta.url), must come out of a production build and load without a 404.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startStack } from '../../scripts/stack.mjs';
import { launchBrowser } from './browser-harness.mjs';
import { addProducts, fillAndPlaceOrder, savedCart } from './e2e-helpers.mjs';
import { assetResponse, e2eTest, openApp, orderProducts, packedApp, placeHostedOrder, storeApi, viteBuild, waitForLog } from './vite-app.mjs';

let project;
let builds; // { absolute, relative }: the two builds' output folders and Rollup results
let site;
let browser;

before(async () => {
  project = packedApp('spa');
  builds = {
    // An app at a known path: absolute asset URLs under /spa/.
    absolute: await viteBuild(project, join(project, 'out-absolute'), { base: '/spa/' }),
    // demo/spa's own config (base './'): relative URLs, as `npm start` serves it at /spa/dist/.
    relative: await viteBuild(project, join(project, 'out-relative')),
  };
  site = await startStack({
    env: {},
    storefrontPort: 0,
    sandboxPort: 0,
    staticMounts: [['/spa/', builds.absolute.dir], ['/spa-relative/', builds.relative.dir]],
  });
  browser = await launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  await browser?.close();
  await site?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('vite build bundles the installed tarball and emits the .wasm and the embedded-checkout chunk', () => {
  for (const [name, { output }] of Object.entries(builds)) {
    const entry = output.find((o) => o.type === 'chunk' && o.isEntry);
    const fromTarball = join(project, 'node_modules', 'bc-checkout-helper', 'dist', 'index.js');
    assert.ok(entry.moduleIds.includes(fromTarball), `${name}: the app bundles ${fromTarball}, not ${entry.moduleIds.join(', ')}`);
    const assets = output.filter((o) => o.type === 'asset').map((o) => o.fileName);
    const wasm = assets.find((f) => /^assets\/bc-checkout-helper-[\w-]+\.wasm$/.test(f));
    const embedded = assets.find((f) => /^assets\/bc-checkout-embedded-[\w-]+\.js$/.test(f));
    assert.ok(wasm && embedded, `${name}: assets are ${assets.join(', ')}`);
    // The entry refers to them by their hashed names, so a stale or missing copy cannot be picked up.
    for (const file of [wasm, embedded]) assert.ok(entry.code.includes(file.slice('assets/'.length)), `${name}: the entry names ${file}`);
    // The emitted .wasm is the installed package's, byte for byte.
    assert.deepEqual(readFileSync(join(builds[name].dir, wasm)), readFileSync(join(project, 'node_modules', 'bc-checkout-helper', 'dist', 'bc-checkout-helper.wasm')));
  }
  assert.match(readFileSync(join(builds.absolute.dir, 'index.html'), 'utf8'), /src="\/spa\/assets\/index-[\w-]+\.js"/);
  assert.match(readFileSync(join(builds.relative.dir, 'index.html'), 'utf8'), /src="\.\/assets\/index-[\w-]+\.js"/);
});

const e2e = e2eTest('spa', () => ({ browser, site }));
const openSpa = (page, path = '/spa/') => openApp(page, `${site.storefrontUrl}${path}`);

// ---- the two checkouts -----------------------------------------------------------------------------------

e2e('redirect checkout: the hosted checkout places the order; back in the SPA the cart is empty', async ({ page, responses }) => {
  await openSpa(page);
  assert.match(assetResponse(responses, /\.wasm$/, /^application\/wasm/), /^\/spa\/assets\/bc-checkout-helper-[\w-]+\.wasm$/);
  await addProducts(page, [1, 2, 2]); // Orbit Terrarium (large), Oak Serving Board x2
  await page.click('.cart-items li:nth-child(2) button[aria-label="Remove one Oak Serving Board"]');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '2');
  await page.check('input[name="mode"][value="redirect"]');
  await page.click('#checkout');

  await placeHostedOrder(page, site, { email: 'spa.redirect@example.com', products: /Orbit Terrarium[\s\S]*Oak Serving Board/, lines: [[80, 1], [81, 1]] });

  // Back in the app, the helper finds that its cart became an order and empties it.
  await page.goto(`${site.storefrontUrl}/spa/`);
  await waitForLog(page, /checkout complete \(hosted\)/);
  assert.equal(await page.textContent('#cart-count'), '0');
  assert.equal(await page.isVisible('#cart-empty'), true);
  assert.deepEqual((await savedCart(page, site.sandbox.url)).lines, []);
});

e2e('embedded checkout: the frame places the order; complete empties the cart', async ({ page, responses }) => {
  await openSpa(page);
  await addProducts(page, [3, 4]); // Ceramic Pour-Over, Linen Tea Towel
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');

  await waitForLog(page, /checkout load/);
  // The Checkout SDK's chunk came from the build's assets, loaded on demand.
  assert.match(assetResponse(responses, /bc-checkout-embedded/, /javascript/), /^\/spa\/assets\/bc-checkout-embedded-[\w-]+\.js$/);
  const iframe = page.locator('#checkout-frame iframe');
  assert.equal(new URL(await iframe.getAttribute('src')).origin, site.sandbox.url);
  const frame = page.frameLocator('#checkout-frame iframe');
  await frame.locator('#checkout-app[data-state="checkout"]').waitFor();
  assert.match(await frame.locator('.summary').textContent(), /Ceramic Pour-Over[\s\S]*Linen Tea Towel|Linen Tea Towel[\s\S]*Ceramic Pour-Over/);

  await fillAndPlaceOrder(frame, { email: 'spa.embedded@example.com' });
  await waitForLog(page, /checkout complete \(embedded\)/);
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '0');
  assert.deepEqual((await savedCart(page, site.sandbox.url)).lines, []);
  assert.equal(new URL(page.url()).pathname, '/spa/', 'the shopper stayed in the app');

  const orderId = Number((await frame.locator('.order-id').textContent()).trim());
  const order = await storeApi(site, `/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.billing_address.email, 'spa.embedded@example.com');
  assert.deepEqual(await orderProducts(site, orderId), [[86, 1], [88, 1]]);
});

e2e('the relative-base build (demo/spa/vite.config.js as is) loads the .wasm and the embedded chunk from any mount', async ({ page, responses }) => {
  await openSpa(page, '/spa-relative/');
  assert.match(assetResponse(responses, /\.wasm$/, /^application\/wasm/), /^\/spa-relative\/assets\/bc-checkout-helper-[\w-]+\.wasm$/);
  await addProducts(page, [1]);
  await page.check('input[name="mode"][value="embedded"]');
  await page.click('#checkout');
  await waitForLog(page, /checkout load/);
  assert.match(assetResponse(responses, /bc-checkout-embedded/, /javascript/), /^\/spa-relative\/assets\/bc-checkout-embedded-[\w-]+\.js$/);
  await page.frameLocator('#checkout-frame iframe').locator('#checkout-app[data-state="checkout"]').waitFor();
});
