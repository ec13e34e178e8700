// The demo page a merchant opens first (npm start): catalog, product page with variants and modifiers, the
// site-protection configurator installing on the sandbox store, and the setup check. It also takes the
// README's screenshots: into build/screenshots/ on every run, and into docs/screenshots/ with
// `npm run screenshots` (SCREENSHOTS_DIR=docs/screenshots).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launchBrowser, startSite, watchErrors } from './browser-harness.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, seedCookieFlag } from './e2e-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, process.env.SCREENSHOTS_DIR ?? join('build', 'screenshots'));
const TIMEOUT_MS = 90_000;
let site;
let browser;
before(async () => {
  mkdirSync(shots, { recursive: true });
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(t, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(seedCookieFlag, { origin: site.origin, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  t.after(() => context.close());
  await page.goto(`${site.origin}${path}`);
  await page.waitForSelector('.product button');
  return { page, errors };
}

test('catalog and product page: variants pick the price and stock, modifiers go into the cart line', { timeout: TIMEOUT_MS }, async (t) => {
  const { page, errors } = await open(t, '/?product=94');
  assert.equal(await page.textContent('#arrival-title'), 'Canvas Weekender Bag');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'arrival-title', 'focus on the product');
  const form = page.locator('.product-form');
  await form.locator('select').selectOption({ label: 'Charcoal' });
  await page.waitForFunction(() => /out of stock/.test(document.querySelector('.product-form .price').textContent));
  assert.equal(await form.locator('button[type="submit"]').isDisabled(), true);
  await form.locator('select').selectOption({ label: 'Olive' });
  await form.locator('input[type="number"]').fill('2');
  await form.locator('button[type="submit"]').click();
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '2');
  assert.match(await page.textContent('#cart-items'), /Canvas Weekender Bag \(olive\)/);
  await page.screenshot({ path: join(shots, 'product-page.png') });

  await page.goto(`${site.origin}/?product=95`);
  await page.waitForSelector('.product-form');
  await page.fill('.product-form input[type="text"]', 'A.L.');
  await page.selectOption('.product-form select', { label: 'Yes' });
  await page.click('.product-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '3');
  // The server stub syncs it: BigCommerce (the sandbox) accepts the engraving and the gift box.
  const synced = await page.evaluate(() => fetch('/api/cart', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('bc-checkout-helper:cart:'))) }).then((r) => r.json()));
  const board = synced.cart.lines.find((line) => line.productId === 95);
  assert.deepEqual(board.options.map((o) => o.value).sort(), ['A.L.', 'Yes']);
  assert.deepEqual(errors, []);
});

test('the configurator: decisions as you type, errors naming the field, install on the sandbox, and the snippet works there', { timeout: TIMEOUT_MS }, async (t) => {
  const { page, errors } = await open(t);
  await page.waitForFunction(() => document.getElementById('protect-snippet').textContent.startsWith('<script>'));
  assert.match(await page.textContent('#protect-decision'), new RegExp(`→ ${site.origin.replace(/[.]/g, '\\.')}/\\?product=80 \\(route`));
  assert.match(await page.textContent('#protect-size'), /^\d+ bytes, \d+ gzip$/);

  await page.fill('#protect-form input[name="brand"]', '/brands/{sku}');
  await page.waitForFunction(() => /routes\[2\]\.route: knows the tokens/.test(document.getElementById('protect-error').textContent));
  await page.fill('#protect-form input[name="brand"]', '');
  await page.fill('#protect-url', `${site.storeOrigin}/checkout`);
  await page.selectOption('#protect-form select[name="pageType"]', '');
  await page.waitForFunction(() => /stays on the store \(checkout/.test(document.getElementById('protect-decision').textContent));
  await page.locator('#protect').screenshot({ path: join(shots, 'configurator.png') });

  await page.click('#protect-install');
  await page.waitForFunction(() => /^Installed: /.test(document.getElementById('protect-installed').textContent));
  // The snippet the configurator made, on the hosted store: a product page lands back here.
  await page.goto(`${site.storeOrigin}/ceramic-pour-over/`);
  await page.waitForURL(`${site.origin}/?product=86`);
  await page.waitForSelector('#arrival[data-product-id="86"]:not([hidden])');
  assert.deepEqual(errors, []);
});

test('the setup check says what is right and wrong in plain words', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await page.waitForSelector('#setup-checks li[data-check="channel_site"]');
  assert.equal(await page.getAttribute('#setup-checks li[data-check="channel_site"]', 'data-status'), 'ok');
  assert.ok(await page.locator('#setup-checks li[data-check="third_party_cookies"]').count());
  assert.equal(await page.locator('#setup-checks li[data-status="problem"]').count(), 0, await page.textContent('#setup-checks'));
  await page.locator('#setup').screenshot({ path: join(shots, 'setup-check.png') });
});

test('README screenshot: the storefront with a cart and the event log', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await page.click('.product:nth-child(1) button');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '1');
  await page.click('.product:nth-child(4) button');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '2');
  await page.screenshot({ path: join(shots, 'storefront.png') });
});
