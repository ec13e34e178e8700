// Site protection in headless Chromium: (1) the generated snippet decides every page of the shared table as
// the native and wasm runs do; (2) end to end on the sandbox store: `bc-checkout-helper protect --install`
// with the stub's credentials, then hosted product and category pages land on the demo's pages for the same
// entity, checkout and the embedded checkout stay, the preview bypass works, and nothing loops.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadProtection } from '../../dist/protect-node.js';
import { renderedSnippet, snippetRunnerSource, table } from '../protection/table.mjs';
import { launchBrowser, startSite, watchErrors } from './browser-harness.mjs';
import { addProducts } from './e2e-helpers.mjs';

const TIMEOUT_MS = 90_000;
let site;
let browser;
let protection;
before(async () => {
  [site, browser, protection] = await Promise.all([startSite(), launchBrowser(), loadProtection()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test('the snippet in Chromium decides every page of the table as the core does', { timeout: TIMEOUT_MS }, async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/fixtures/blank.html`);
    await page.addScriptTag({ content: snippetRunnerSource });
    const rows = table.pages.map((row) => ({
      name: row.name,
      page: row.page,
      snippet: renderedSnippet(protection.artifacts(table.configs[row.config]).snippet, row.page),
    }));
    const results = await page.evaluate((all) => all.map((r) => ({ name: r.name, ...globalThis.runProtectionSnippet(r.snippet, r.page) })), rows);
    const wrong = [];
    table.pages.forEach((row, i) => {
      const got = results[i];
      const native = protection.decide(row.page, table.configs[row.config]);
      if (got.target !== row.expect.target || got.reason !== row.expect.reason || native.target !== got.target || native.reason !== got.reason) {
        wrong.push(`${row.name}: snippet ${got.target} (${got.reason}), core ${native.target} (${native.reason}), table ${row.expect.target} (${row.expect.reason})`);
      }
    });
    assert.deepEqual(wrong, []);
    assert.equal(results.length, table.pages.length);
  } finally {
    await page.close();
  }
});

// The demo's own protect.json with this run's ports.
function demoConfig() {
  return {
    headlessOrigin: site.origin,
    storeOrigins: [site.storeOrigin],
    routes: [{ type: 'product', route: '/?product={id}' }, { type: 'category', route: '/?category={id}' }],
    unknown: 'home',
  };
}

async function install() {
  const dir = mkdtempSync(join(tmpdir(), 'bcch-protect-e2e-'));
  const file = join(dir, 'protect.json');
  writeFileSync(file, JSON.stringify(demoConfig()));
  const cli = new URL('../../bin/bc-checkout-helper.mjs', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'protect', '--config', file, '--install'], { env: { ...process.env, ...site.stack.env } });
  return stdout;
}

test('after --install, hosted pages land on the headless storefront and checkout stays', { timeout: TIMEOUT_MS }, async () => {
  const first = await install();
  assert.match(first, /^routes: 3 created, 0 updated on site \d+/m);
  assert.match(first, /^script: created \([0-9a-f-]{36}\) on channel 1/m);
  const second = await install();
  assert.match(second, /^routes: 0 created, 3 updated/m, 'installing again updates in place');
  assert.match(second, /^script: updated/m);

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visits = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) visits.push(frame.url()); });
  try {
    // A product page of the hosted store (Orbit Terrarium, id 80) -> the demo's page for product 80.
    await page.goto(`${site.storeOrigin}/orbit-terrarium/?utm_source=newsletter&color=green`);
    await page.waitForURL(`${site.origin}/?product=80&utm_source=newsletter`);
    await page.waitForSelector('#arrival[data-product-id="80"]:not([hidden])');
    assert.equal(await page.textContent('#arrival-title'), 'Orbit Terrarium');
    assert.deepEqual(visits, [`${site.storeOrigin}/orbit-terrarium/?utm_source=newsletter&color=green`, `${site.origin}/?product=80&utm_source=newsletter`], 'one redirect, no loop');

    // A category page (Kitchen & Dining, id 21) -> the demo's category view.
    await page.goto(`${site.storeOrigin}/kitchen-dining/`);
    await page.waitForURL(`${site.origin}/?category=21`);
    await page.waitForSelector('#arrival[data-category-id="21"]:not([hidden])');

    // Brand pages have no route in this config: unknown -> home.
    await page.goto(`${site.storeOrigin}/brands/`);
    await page.waitForURL(`${site.origin}/`);

    // The embedded checkout and the checkout stay: the script is not even rendered there (visibility
    // storefront), and would keep them if it were.
    const embedded = await context.newPage();
    await embedded.goto(`${site.storeOrigin}/embedded-checkout`);
    assert.equal(embedded.url(), `${site.storeOrigin}/embedded-checkout`);
    assert.equal(await embedded.evaluate(() => typeof window.bcProtection), 'undefined');
    await embedded.close();

    // A cart and the redirect checkout from the demo: cart.php?action=loadInCheckout, then /checkout, stays.
    await page.goto(`${site.origin}/`);
    await addProducts(page, [3]);
    await page.check('input[name="mode"][value="redirect"]');
    await page.click('#checkout');
    await page.waitForURL((url) => url.origin === site.storeOrigin && url.pathname === '/checkout');
    await page.waitForSelector('#email');
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).pathname, '/checkout', 'the checkout was not redirected');
  } finally {
    await context.close();
  }
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
});

test('the preview bypass keeps the hosted store visible until it is turned off', { timeout: TIMEOUT_MS }, async () => {
  await install();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${site.storeOrigin}/orbit-terrarium/?bc_preview=1`);
    assert.equal(new URL(page.url()).origin, site.storeOrigin);
    assert.deepEqual(await page.evaluate(() => window.bcProtection), { target: null, reason: 'bypass' });
    assert.equal(await page.evaluate(() => document.documentElement.style.visibility), '', 'the page is shown');
    // The cookie carries the preview to the next page.
    await page.goto(`${site.storeOrigin}/kitchen-dining/`);
    assert.equal(new URL(page.url()).origin, site.storeOrigin);
    assert.equal(await page.evaluate(() => window.bcProtection.reason), 'bypass');
    // ?bc_preview=0 ends it.
    await page.goto(`${site.storeOrigin}/kitchen-dining/?bc_preview=0`);
    await page.waitForURL(`${site.origin}/?category=21`);
  } finally {
    await context.close();
  }
});
