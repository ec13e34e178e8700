// Shared set-up for the browser suites: the demo and dist/ on a loopback port, and Debian's Chromium
// driven by playwright-core (browser downloads are not possible here).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStack } from '../../scripts/stack.mjs';
import { createLoopbackCertificate } from '../../sandbox/loopback-certificate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// One certificate for every sandbox this process starts, so one browser trusts them all (by key, for this
// browser only; nothing is installed anywhere). Made on first use, removed when the process exits.
let certificate = null;
/** The run's loopback certificate ({ key, cert, spki, dir }), for a test that serves a sandbox itself. */
export function runCertificate() {
  if (!certificate) {
    const dir = mkdtempSync(join(tmpdir(), 'bcch-test-tls-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    certificate = { dir, ...createLoopbackCertificate({ dir }) };
  }
  return certificate;
}

/**
 * The demo's three origins as npm start runs them (storefront + stub, sandbox store), on free ports. The
 * sandbox store serves https (the run's certificate), as a real store does, so its session cookie is the
 * `SameSite=None; Secure` cookie the embedded checkout's frame depends on. `checkoutDomain` gives the channel a
 * checkout domain on the storefront's own site (http://127.0.0.1:{port}), where the store's cookies are first-party.
 */
export async function startSite({ env = {}, checkoutDomain = false } = {}) {
  const stack = await startStack({
    env: { ...env, SANDBOX_TLS_DIR: runCertificate().dir },
    storefrontPort: 0,
    sandboxPort: 0,
    https: true,
    checkoutDomain,
    // /vendor/bc-checkout-helper/: dist/ under the path docs/deploy.md serves node_modules/bc-checkout-helper/dist at.
    staticMounts: [['/fixtures/', join(root, 'tests', 'browser', 'fixtures')], ['/vendor/bc-checkout-helper/', join(root, 'dist')]],
  });
  return {
    origin: stack.storefrontUrl,
    storeOrigin: stack.sandbox.url,
    apiUrl: stack.sandbox.apiUrl,
    checkoutOrigin: stack.sandbox.checkoutUrl,
    stack,
    close: () => stack.close(),
  };
}

/**
 * The two browsers the end-to-end suites run in. `allowed`: Chromium with third-party cookies allowed, as most
 * desktop Chrome users have it. `blocked`: third-party cookies blocked, what Safari and iOS give every shopper,
 * Firefox in strict mode and Chrome in incognito or when the shopper turns it on. The setting is Chromium's
 * profile preference profile.cookie_controls_mode (0 allows third-party cookies, 1 blocks them), written
 * into a fresh user-data folder; every context the browser opens follows it.
 */
export const PROFILES = Object.freeze({
  allowed: { name: 'third-party cookies allowed', cookieControlsMode: 0 },
  blocked: { name: 'third-party cookies blocked', cookieControlsMode: 1 },
});

/** Which profiles the end-to-end suites run in: BROWSER_PROFILES=allowed,blocked (the default, both). */
export function profilesToRun() {
  const wanted = (process.env.BROWSER_PROFILES ?? 'allowed,blocked').split(',').map((p) => p.trim()).filter(Boolean);
  for (const key of wanted) if (!PROFILES[key]) throw new Error(`BROWSER_PROFILES: unknown profile "${key}" (use ${Object.keys(PROFILES).join(', ')})`);
  return wanted;
}

/**
 * Chromium in `profile` (a key of PROFILES), trusting the run's sandbox certificate. Resolves to a playwright
 * Browser: browser.newContext() gives fresh contexts in that profile; browser.close() also removes the
 * user-data folder.
 */
export async function launchBrowser({ profile = 'allowed' } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  const settings = PROFILES[profile];
  if (!settings) throw new Error(`unknown browser profile "${profile}"`);
  const dir = mkdtempSync(join(tmpdir(), `bcch-chromium-${profile}-`));
  mkdirSync(join(dir, 'Default'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: settings.cookieControlsMode } }));
  let persistent;
  try {
    persistent = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      args: [...BASE_ARGS, `--ignore-certificate-errors-spki-list=${runCertificate().spki}`],
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const browser = persistent.browser();
  const close = browser.close.bind(browser);
  browser.profile = profile;
  browser.close = async () => {
    await persistent.close().catch(() => {});
    await close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  return browser;
}

/** Collects console errors and page errors so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
