// Shared set-up for the browser suites: the demo and dist/ on a loopback port, and Debian's Chromium
// driven by playwright-core (browser downloads are not possible here).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStack } from '../../scripts/stack.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The demo's three origins as npm start runs them (storefront + stub, sandbox store), on free ports. */
export async function startSite() {
  const stack = await startStack({
    env: {},
    storefrontPort: 0,
    sandboxPort: 0,
    staticMounts: [['/fixtures/', join(root, 'tests', 'browser', 'fixtures')]],
  });
  return { origin: stack.storefrontUrl, storeOrigin: stack.sandbox.url, stack, close: () => stack.close() };
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
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
