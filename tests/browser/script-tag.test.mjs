// The builds as a browser loads them: the classic script (window.BCCheckout, .wasm found next to the script),
// the ES module (found through import.meta.url, also behind an import map), localStorage persistence and cross-tab sync.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startSite, watchErrors } from './browser-harness.mjs';

let site;
let browser;
before(async () => {
  site = await startSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test('the script-tag build defines BCCheckout and loads its .wasm as application/wasm', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const wasm = page.waitForResponse((r) => r.url().endsWith('/dist/bc-checkout-helper.wasm'));
  await page.goto(`${site.origin}/`);
  const response = await wasm;
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/wasm');
  await page.waitForSelector('.product button');
  assert.equal(await page.evaluate(() => typeof window.BCCheckout.createCheckout), 'function');
  await page.click('.product button');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '1');
  assert.match(await page.textContent('#cart-subtotal'), /\$109\.00/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the cart survives a reload and a second tab sees a change within a second', async () => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(`${site.origin}/`);
  await second.goto(`${site.origin}/`);
  await first.waitForSelector('.product button');
  await second.waitForSelector('.product button');

  await first.click('.product:nth-child(3) button');
  const started = Date.now();
  await second.waitForFunction(() => document.getElementById('cart-count').textContent === '1', null, { timeout: 1000 });
  assert.ok(Date.now() - started < 1000);

  // A change in the second tab (quantity +1) comes back to the first.
  await second.click('.cart-items li .qty button:last-child');
  await first.waitForFunction(() => document.getElementById('cart-count').textContent === '2', null, { timeout: 1000 });

  await first.reload();
  await first.waitForFunction(() => document.getElementById('cart-count').textContent === '2');
  assert.match(await first.textContent('#cart-subtotal'), /\$59\.98/);
  await context.close();
});

test('a corrupt saved cart is reported, kept for recovery, and the page still works', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/`);
  await page.waitForSelector('.product button');
  const key = `bc-checkout-helper:cart:${site.storeOrigin}:1`;
  await page.evaluate((k) => localStorage.setItem(k, '{"version":2,"lines":[{"id":'), key);
  await page.reload();
  await page.waitForFunction(() => /saved_cart_corrupt/.test(document.getElementById('log').textContent));
  assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}:recovery`), key), '{"version":2,"lines":[{"id":');
  await page.click('.product button');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '1');
  assert.deepEqual(errors.filter((e) => !e.includes('saved_cart')), []);
  await context.close();
});

test('the ES module build finds its .wasm through import.meta.url', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.origin}/fixtures/esm.html`);
  await page.waitForFunction(() => window.result !== undefined);
  const result = await page.evaluate(() => window.result);
  assert.equal(result.count, 2);
  assert.equal(result.subtotal, '$39.98');
  assert.equal(result.safe, true);
  assert.equal(result.hostile, 'origin_not_allowed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without a bundler: an import map maps bc-checkout-helper to the ES module build, which finds its .wasm beside it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const wasmTypes = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasmTypes.push(response.headers()['content-type']);
  });
  await page.goto(`${site.origin}/fixtures/import-map.html`);
  await page.waitForFunction(() => window.result !== undefined);
  const result = await page.evaluate(() => window.result);
  assert.equal(result.count, 3);
  assert.equal(result.subtotal, '$15.00');
  assert.deepEqual(result.wasm, [`${site.origin}/vendor/bc-checkout-helper/bc-checkout-helper.wasm`]);
  assert.deepEqual(wasmTypes, ['application/wasm']);
  assert.deepEqual(errors, []);
  await context.close();
});
