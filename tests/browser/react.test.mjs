// The React demo (demo/react) as an npm user builds it: the package packed and installed from its tarball in a
// temporary project beside a copy of demo/react and the app's own React, `vite build`, then driven in headless
// Chromium on the storefront origin. The components render from useCart (bc-checkout-helper/react), so what is
// checked here is that React re-renders on every change of the cart: this tab's, another tab's, and the
// emptying when the shopper comes back from placing the order on the hosted checkout.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startStack } from '../../scripts/stack.mjs';
import { launchBrowser } from './browser-harness.mjs';
import { addProducts, savedCart } from './e2e-helpers.mjs';
import { assetResponse, e2eTest, openApp, packedApp, placeHostedOrder, viteBuild, waitForLog } from './vite-app.mjs';

let project;
let built; // the build's output folder and Rollup results
let site;
let browser;

before(async () => {
  // React and React DOM are the app's dependencies (the package's optional peer): the repo's copies, linked.
  project = packedApp('react', { linked: ['react', 'react-dom'] });
  built = await viteBuild(project, join(project, 'out'), { base: '/react/' });
  site = await startStack({ env: {}, storefrontPort: 0, sandboxPort: 0, staticMounts: [['/react/', built.dir]] });
  browser = await launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  await browser?.close();
  await site?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('vite build bundles the tarball\'s bc-checkout-helper/react with the app\'s one React, and the .wasm', () => {
  const entry = built.output.find((o) => o.type === 'chunk' && o.isEntry);
  const installed = join(project, 'node_modules', 'bc-checkout-helper');
  for (const file of ['index.js', 'react.js']) {
    const path = join(installed, 'dist', file);
    assert.ok(entry.moduleIds.includes(path), `the app bundles ${path}, not ${entry.moduleIds.join(', ')}`);
  }
  // dist/react.js leaves React to the app (an import, not a copy): one React in the bundle, so hooks work.
  assert.match(readFileSync(join(installed, 'dist', 'react.js'), 'utf8'), /from\s*"react"/);
  const reacts = entry.moduleIds.filter((id) => /[/\\]react[/\\]cjs[/\\]react\.production\.js$/.test(id));
  assert.equal(reacts.length, 1, `one React in the bundle: ${reacts.join(', ')}`);
  const wasm = built.output.find((o) => o.type === 'asset' && /^assets\/bc-checkout-helper-[\w-]+\.wasm$/.test(o.fileName));
  assert.ok(wasm, 'the .wasm is emitted');
  assert.deepEqual(readFileSync(join(built.dir, wasm.fileName)), readFileSync(join(installed, 'dist', 'bc-checkout-helper.wasm')));
});

const e2e = e2eTest('react', () => ({ browser, site }));
const openReact = (page) => openApp(page, `${site.storefrontUrl}/react/`);
const badge = (page, count) => page.waitForFunction((n) => document.getElementById('cart-count').textContent === String(n), count);

e2e('products, quantities and a redirect checkout that places the order; back in the app the cart is empty', async ({ page, responses }) => {
  await openReact(page);
  assert.match(assetResponse(responses, /\.wasm$/, /^application\/wasm/), /^\/react\/assets\/bc-checkout-helper-[\w-]+\.wasm$/);
  assert.equal(await page.isVisible('#cart-empty'), true);
  assert.equal(await page.isDisabled('#checkout'), true, 'no checkout of an empty cart');

  await addProducts(page, [1, 2]); // Orbit Terrarium (large), Oak Serving Board
  await page.click('button[aria-label="Add one Oak Serving Board"]');
  await badge(page, 3);
  assert.equal(await page.textContent('[aria-label="quantity of Oak Serving Board"]'), '2');
  assert.equal(await page.textContent('#cart-subtotal'), '$168.98');
  await page.click('button[aria-label="Remove one Oak Serving Board"]');
  await badge(page, 2);
  assert.equal(await page.textContent('#cart-subtotal'), '$138.99');
  assert.equal(await page.isVisible('#cart-empty'), false);

  await page.click('#checkout');
  await placeHostedOrder(page, site, { email: 'react.redirect@example.com', products: /Orbit Terrarium[\s\S]*Oak Serving Board/, lines: [[80, 1], [81, 1]] });

  // Back in the app: the page first renders the saved cart, then the helper finds that it became an order
  // and empties it, and React renders the empty cart from the new snapshot.
  await page.goto(`${site.storefrontUrl}/react/`);
  await waitForLog(page, /checkout complete \(hosted\)/);
  await badge(page, 0);
  await page.waitForSelector('#cart-empty');
  assert.equal(await page.textContent('#cart-subtotal'), '$0.00');
  assert.equal(await page.isDisabled('#checkout'), true);
  assert.deepEqual((await savedCart(page, site.sandbox.url)).lines, []);
  assert.equal((await savedCart(page, site.sandbox.url)).cartId, undefined, 'the order\'s cart id is forgotten');
});

e2e('a second tab renders the first tab\'s changes, and its own reach back', async ({ page, context }) => {
  await openReact(page);
  const second = await context.newPage();
  await openReact(second);

  await addProducts(page, [3, 4]); // Ceramic Pour-Over, Linen Tea Towel
  await badge(second, 2);
  await waitForLog(second, /cart changed in another tab: 2 item\(s\)/);
  assert.equal(await second.textContent('#cart-subtotal'), '$36.50');
  assert.equal(await second.textContent('[aria-label="quantity of Linen Tea Towel"]'), '1');

  // The second tab changes a quantity and removes a line; the first renders both.
  await second.click('button[aria-label="Add one Linen Tea Towel"]');
  await badge(page, 3);
  assert.equal(await page.textContent('[aria-label="quantity of Linen Tea Towel"]'), '2');
  await second.click('button[aria-label="Remove one Ceramic Pour-Over"]');
  await badge(page, 2);
  assert.equal(await page.isVisible('button[aria-label="Remove one Ceramic Pour-Over"]'), false);
  assert.equal(await page.textContent('#cart-subtotal'), '$24.00');

  // Emptied in the first, empty in the second.
  await page.click('#cart-clear');
  await badge(second, 0);
  await second.waitForSelector('#cart-empty');
});
