// What the suites of the Vite examples (demo/spa, demo/react) share: the example as an npm user builds it (the
// package packed, the tarball installed in a temporary project beside a copy of the example, `vite build`), the
// test wrapper that fails on any HTTP error or console error, and reads of the app's event log and of the store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
// Vite comes from the repo's node_modules (a devDependency), not from an install in the temporary project:
// the build then needs no network. Only the package under test is installed there, from its tarball.
import { build } from 'vite';
import { watchErrors } from './browser-harness.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, fillAndPlaceOrder, journalPage, saveArtifacts, seedCookieFlag } from './e2e-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A temporary project holding the packed package, installed from its tarball, and a copy of demo/`example`
 * (its package.json links the repo instead of the tarball, and build output stays out). `linked` names packages
 * of the repo's node_modules the app depends on besides this one (react): linked in, so no network is needed.
 * Resolves to the project's real path (Vite reports module ids with symlinks resolved).
 */
export function packedApp(example, { linked = [] } = {}) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-needed'], { cwd: root, stdio: 'pipe' });
  const project = realpathSync(mkdtempSync(join(tmpdir(), `bcch-${example}-`)));
  // As tests/package/pack.test.mjs does: the tarball holds only what ships (dist/, server/, ...).
  execFileSync('npm', ['pack', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: example, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: project, stdio: 'pipe' });
  for (const name of linked) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  cpSync(join(root, 'demo', example), project, { recursive: true, filter: (src) => !/[/\\](package(-lock)?\.json|node_modules|dist)$/.test(src) });
  return project;
}

/** Builds `project` with its own vite.config.js, plus `overrides`, into `outDir`: { dir, output } (Rollup's chunks and assets). */
export async function viteBuild(project, outDir, overrides = {}) {
  const output = await build({
    root: project,
    logLevel: 'error', // keeps the run quiet; warnings (the glue's unused default .wasm name) are expected
    ...overrides,
    build: { outDir, emptyOutDir: true },
  });
  return { dir: outDir, output: [output].flat().flatMap((o) => o.output) };
}

/**
 * A test function for one suite: each test gets a browser context of its own that records console errors
 * (of every page it opens) and every HTTP error response, and leaves a screenshot and the console in
 * test-results/<label name>/ when it fails. `stack()` gives the suite's { browser, site } once started.
 */
export function e2eTest(label, stack, { waitMs = 15_000 } = {}) {
  return (name, fn) => test(name, { timeout: 120_000 }, async (t) => {
    const { browser, site } = stack();
    const context = await browser.newContext();
    context.setDefaultTimeout(waitMs);
    // The Checkout SDK's allow-cookie round trip is covered by checkout.test.mjs; skip it here.
    await context.addInitScript(seedCookieFlag, { origin: site.storefrontUrl, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
    const journal = [];
    const pages = [];
    const failures = [];
    const responses = [];
    const errors = [];
    // One known error is not the app's: Chromium asks each page for /favicon.ico and the sandbox's hosted
    // checkout has none. Playwright neither reports nor routes that request; its console line names it.
    let faviconMisses = 0;
    context.on('page', (page) => {
      pages.push(page);
      journalPage(page, journal, `page ${pages.length}`);
      const seen = watchErrors(page);
      // Read when the test ends, in the order the pages opened.
      errors.push(seen);
      page.on('console', (message) => {
        if (message.type() === 'error' && message.location().url === `${site.sandbox.url}/favicon.ico`) faviconMisses += 1;
      });
      page.on('response', (response) => {
        responses.push(response);
        if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      });
    });
    try {
      const page = await context.newPage();
      await fn({ page, context, responses });
      assert.deepEqual(failures, [], 'no request failed (a 404 here is a missing asset)');
      const all = errors.flat();
      const notFound = 'console: Failed to load resource: the server responded with a status of 404 (Not Found)';
      for (; faviconMisses > 0 && all.includes(notFound); faviconMisses -= 1) all.splice(all.indexOf(notFound), 1);
      assert.deepEqual(all, [], 'no console errors');
    } catch (error) {
      const dir = await saveArtifacts(`${label} ${name}`, { pages, journal, events: [] }).catch((e) => `(could not save artefacts: ${e.message})`);
      t.diagnostic(`artefacts: ${dir}`);
      throw error;
    } finally {
      await context.close().catch(() => {});
    }
  });
}

/** Waits until the app's event log (#log) matches `pattern`. */
export function waitForLog(page, pattern) {
  return page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test(document.getElementById('log')?.textContent ?? ''),
    { source: pattern.source, flags: pattern.flags },
  );
}

/** Opens the app at `url` and waits for it to log "loaded" (createCheckout resolved: the .wasm core runs). */
export async function openApp(page, url) {
  await page.goto(url);
  await waitForLog(page, /loaded bc-checkout-helper \d|could not start/);
  const log = await page.textContent('#log');
  assert.match(log, /loaded bc-checkout-helper \d/, `the app did not start: ${log}`);
}

/** The one response whose URL path matches `pattern`, checked for status and content type; its path. */
export function assetResponse(responses, pattern, type) {
  const found = responses.filter((r) => pattern.test(new URL(r.url()).pathname));
  assert.equal(found.length, 1, `one request for ${pattern} (saw ${found.map((r) => r.url()).join(', ') || 'none'})`);
  assert.equal(found[0].status(), 200);
  assert.match(found[0].headers()['content-type'], type);
  return new URL(found[0].url()).pathname;
}

/** GET on the sandbox store's REST API with the stack's token: { status, body }. */
export async function storeApi(site, path) {
  const { env } = site;
  const response = await fetch(`${site.sandbox.url}/stores/${env.BC_STORE_HASH}${path}`, {
    headers: { 'X-Auth-Token': env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

/** An order's [productId, quantity] pairs, by product id. */
export async function orderProducts(site, orderId) {
  const { body } = await storeApi(site, `/v2/orders/${orderId}/products`);
  return body.map((p) => [p.product_id, p.quantity]).sort((a, b) => a[0] - b[0]);
}

/** A URL predicate for page.waitForURL: on the sandbox store, at a path matching `path`. */
export const onStore = (site, path) => (url) => url.origin === site.sandbox.url && path.test(url.pathname);

/**
 * On the sandbox's hosted checkout the page was sent to: checks it shows `products` (a pattern), places the order
 * as `email`, and checks the store has it with these [productId, quantity] lines. Resolves to the order id.
 */
export async function placeHostedOrder(page, site, { email, products, lines }) {
  await page.waitForURL(onStore(site, /^\/checkout$/));
  assert.match(await page.textContent('.summary'), products);
  await fillAndPlaceOrder(page, { email });
  await page.waitForURL(onStore(site, /^\/checkout\/order-confirmation\/\d+$/));
  const orderId = Number((await page.textContent('.order-id')).trim());
  const order = await storeApi(site, `/v2/orders/${orderId}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.billing_address.email, email);
  assert.deepEqual(await orderProducts(site, orderId), lines);
  return orderId;
}
