// The SPA demo (demo/spa) as an npm user builds it: pack the package, install the tarball into a temporary
// project holding a copy of demo/spa, `vite build` it, serve the output from the storefront origin (the
// channel's site URL, which embedded checkout needs) and complete a redirect and an embedded checkout in
// headless Chromium. The point is the bundler: the .wasm and the embedded-checkout chunk, which the package
// finds through new URL(..., import.meta.url), must come out of a production build and load without a 404.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
// Vite comes from the repo's node_modules (a devDependency), not from an install in the temporary project:
// the build then needs no network. Only the package under test is installed there, from its tarball.
import { build } from 'vite';
import { startStack } from '../../scripts/stack.mjs';
import { launchBrowser, watchErrors } from './browser-harness.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, fillAndPlaceOrder, journalPage, saveArtifacts, savedCart, seedCookieFlag } from './e2e-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const WAIT_MS = 15_000;

let project;
let builds; // { absolute, relative }: the two builds' output folders and Rollup results
let site;
let browser;

/** Builds the copy of demo/spa with its own vite.config.js, plus `overrides`, into `outDir`. */
async function viteBuild(outDir, overrides = {}) {
  const output = await build({
    root: project,
    logLevel: 'error', // keeps the run quiet; warnings (the glue's unused default .wasm name) are expected
    ...overrides,
    build: { outDir, emptyOutDir: true },
  });
  return { dir: outDir, output: [output].flat().flatMap((o) => o.output) };
}

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-needed'], { cwd: root, stdio: 'pipe' });
  // The real path: Vite reports module ids with symlinks resolved, and the first test compares them.
  project = realpathSync(mkdtempSync(join(tmpdir(), 'bcch-spa-')));
  // As tests/package/pack.test.mjs does: the tarball holds only what ships (dist/, server/, ...).
  execFileSync('npm', ['pack', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'spa', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: project, stdio: 'pipe' });
  // demo/spa's sources; its package.json links the repo instead of the tarball, and build output stays out.
  const spa = join(root, 'demo', 'spa');
  cpSync(spa, project, { recursive: true, filter: (src) => !/[/\\](package(-lock)?\.json|node_modules|dist)$/.test(src) });

  builds = {
    // An app at a known path: absolute asset URLs under /spa/.
    absolute: await viteBuild(join(project, 'out-absolute'), { base: '/spa/' }),
    // demo/spa's own config (base './'): relative URLs, as `npm start` serves it at /spa/dist/.
    relative: await viteBuild(join(project, 'out-relative')),
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

/**
 * A test with its own browser context that records console errors and every HTTP error response, and
 * leaves a screenshot and the console in test-results/<name>/ when it fails.
 */
function e2e(name, fn) {
  test(name, { timeout: 120_000 }, async (t) => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    // The Checkout SDK's allow-cookie round trip is covered by checkout.test.mjs; skip it here.
    await context.addInitScript(seedCookieFlag, { origin: site.storefrontUrl, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
    const journal = [];
    const pages = [];
    const failures = [];
    const responses = [];
    context.on('page', (page) => {
      pages.push(page);
      journalPage(page, journal, `page ${pages.length}`);
      page.on('response', (response) => {
        responses.push(response);
        if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      });
    });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      // One known error is not the app's: Chromium asks each page for /favicon.ico and the sandbox's hosted
      // checkout has none. Playwright neither reports nor routes that request; its console line names it.
      let faviconMisses = 0;
      page.on('console', (message) => {
        if (message.type() === 'error' && message.location().url === `${site.sandbox.url}/favicon.ico`) faviconMisses += 1;
      });
      await fn({ page, responses });
      assert.deepEqual(failures, [], 'no request failed (a 404 here is a missing asset)');
      const notFound = 'console: Failed to load resource: the server responded with a status of 404 (Not Found)';
      for (; faviconMisses > 0 && errors.includes(notFound); faviconMisses -= 1) errors.splice(errors.indexOf(notFound), 1);
      assert.deepEqual(errors, [], 'no console errors');
    } catch (error) {
      const dir = await saveArtifacts(`spa ${name}`, { pages, journal, events: [] }).catch((e) => `(could not save artefacts: ${e.message})`);
      t.diagnostic(`artefacts: ${dir}`);
      throw error;
    } finally {
      await context.close().catch(() => {});
    }
  });
}

// ---- helpers ---------------------------------------------------------------------------------------------

function waitForLog(page, pattern) {
  return page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test(document.getElementById('log')?.textContent ?? ''),
    { source: pattern.source, flags: pattern.flags },
  );
}

async function openSpa(page, path = '/spa/') {
  await page.goto(`${site.storefrontUrl}${path}`);
  // The app logs "loaded" once createCheckout has resolved (the .wasm core runs), or why it could not start.
  await waitForLog(page, /loaded bc-checkout-helper \d|could not start/);
  const log = await page.textContent('#log');
  assert.match(log, /loaded bc-checkout-helper \d/, `the app did not start: ${log}`);
}

/** Clicks "Add to cart" of these products (1-based) and waits for the badge each time. */
async function addProducts(page, positions) {
  let count = Number(await page.textContent('#cart-count'));
  for (const position of positions) {
    await page.click(`.product:nth-child(${position}) button`);
    count += 1;
    await page.waitForFunction((n) => document.getElementById('cart-count').textContent === String(n), count);
  }
}

/** The one response whose URL path matches `pattern`, checked for status and content type. */
function assetResponse(responses, pattern, type) {
  const found = responses.filter((r) => pattern.test(new URL(r.url()).pathname));
  assert.equal(found.length, 1, `one request for ${pattern} (saw ${found.map((r) => r.url()).join(', ') || 'none'})`);
  assert.equal(found[0].status(), 200);
  assert.match(found[0].headers()['content-type'], type);
  return new URL(found[0].url()).pathname;
}

async function storeApi(path) {
  const { env } = site;
  const response = await fetch(`${site.sandbox.url}/stores/${env.BC_STORE_HASH}${path}`, {
    headers: { 'X-Auth-Token': env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

async function orderProducts(orderId) {
  const { body } = await storeApi(`/v2/orders/${orderId}/products`);
  return body.map((p) => [p.product_id, p.quantity]).sort((a, b) => a[0] - b[0]);
}

const onStore = (path) => (url) => url.origin === site.sandbox.url && path.test(url.pathname);

// ---- the two checkouts -----------------------------------------------------------------------------------

e2e('redirect checkout: the hosted checkout places the order; back in the SPA the cart is empty', async ({ page, responses }) => {
  await openSpa(page);
  assert.match(assetResponse(responses, /\.wasm$/, /^application\/wasm/), /^\/spa\/assets\/bc-checkout-helper-[\w-]+\.wasm$/);
  await addProducts(page, [1, 2, 2]); // Orbit Terrarium (large), Oak Serving Board x2
  await page.click('.cart-items li:nth-child(2) button[aria-label="Remove one Oak Serving Board"]');
  await page.waitForFunction(() => document.getElementById('cart-count').textContent === '2');
  await page.check('input[name="mode"][value="redirect"]');
  await page.click('#checkout');

  await page.waitForURL(onStore(/^\/checkout$/));
  assert.match(await page.textContent('.summary'), /Orbit Terrarium[\s\S]*Oak Serving Board/);
  await fillAndPlaceOrder(page, { email: 'spa.redirect@example.com' });
  await page.waitForURL(onStore(/^\/checkout\/order-confirmation\/\d+$/));
  const orderId = Number((await page.textContent('.order-id')).trim());
  const order = await storeApi(`/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.billing_address.email, 'spa.redirect@example.com');
  assert.deepEqual(await orderProducts(orderId), [[80, 1], [81, 1]]);

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
  const order = await storeApi(`/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.billing_address.email, 'spa.embedded@example.com');
  assert.deepEqual(await orderProducts(orderId), [[86, 1], [88, 1]]);
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
