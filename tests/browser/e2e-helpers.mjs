// Helpers shared by the end-to-end checkout tests and bench/e2e.mjs: a hook that makes the demo's `shop`
// reachable without touching demo.js, the Checkout SDK's cookie flag for pages that should skip the
// allow-cookie round trip, the sandbox checkout form, and the artefacts a failing test leaves behind.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const COOKIE_FLAG = 'BigCommerce.EmbeddedCheckout.isCookieAllowed';
export const COOKIE_ATTEMPT = 'BigCommerce.EmbeddedCheckout.lastAllowCookieAttempt';

/**
 * Init script (context.addInitScript): wraps BCCheckout.createCheckout when the script-tag build defines it,
 * keeps the demo's checkout object as window.shop and reports its checkout events to the binding
 * window.__e2eEvent (context.exposeBinding), which survives the page navigating away (redirects, fallbacks).
 * 'error' is subscribed a task later, so errors found while loading still reach the demo's own listener.
 */
export function shopHook() {
  if (window.top !== window) return;
  let api;
  const report = (name, payload) => {
    try {
      window.__e2eEvent?.(name, payload);
    } catch {
      // The binding is optional (the bench does without it).
    }
  };
  Object.defineProperty(window, 'BCCheckout', {
    configurable: true,
    enumerable: true,
    get: () => api,
    set(value) {
      if (value && typeof value.createCheckout === 'function' && !value.__e2eHooked) {
        const create = value.createCheckout;
        value.createCheckout = async (...args) => {
          const shop = await create(...args);
          window.shop = shop;
          for (const name of ['load', 'complete', 'signout', 'fallback']) {
            shop.on(name, (payload) => report(name, JSON.parse(JSON.stringify(payload ?? {}))));
          }
          setTimeout(() => shop.on('error', (error) => report('error', { code: error.code, message: error.message })), 0);
          return shop;
        };
        value.__e2eHooked = true;
      }
      api = value;
    },
  });
}

/**
 * Init script: what the Checkout SDK leaves in localStorage after its allow-cookie round trip (the flag, and
 * an attempt recent enough that a frame error is not answered with another round trip). Only on the
 * storefront, only when not set already.
 */
export function seedCookieFlag({ origin, flag, attempt }) {
  if (location.origin !== origin) return;
  try {
    if (!localStorage.getItem(flag)) {
      localStorage.setItem(flag, 'true');
      localStorage.setItem(attempt, String(Date.now()));
    }
  } catch {
    // Storage refused: the SDK will do its round trip.
  }
}

/** Adds these products (1-based positions in the demo's list) one click at a time and waits for the badge. */
export async function addProducts(page, positions) {
  await page.waitForSelector('.product button');
  const start = Number(await page.textContent('#cart-count'));
  let expected = start;
  for (const position of positions) {
    await page.click(`.product:nth-child(${position}) button`);
    expected += 1;
    await page.waitForFunction((n) => document.getElementById('cart-count').textContent === String(n), expected);
  }
}

/** The sandbox's one-page checkout (hosted page or the frame's locator scope): fill it and place the order. */
export async function fillAndPlaceOrder(scope, { email = 'guest.e2e@example.com', guest = true } = {}) {
  if (guest) await scope.locator('#email').fill(email);
  await scope.locator('#ship_first_name').fill('Ada');
  await scope.locator('#ship_last_name').fill('Lovelace');
  await scope.locator('#ship_address1').fill('1 Analytical Way');
  await scope.locator('#ship_city').fill('Austin');
  await scope.locator('#ship_postal_code').fill('78701');
  await scope.locator('#ship_country_code').selectOption('US');
  await scope.locator('button[name="intent"][value="place-order"]').click();
}

/** The saved cart as the page keeps it in localStorage (the demo's store and channel). */
export function savedCart(page, storeOrigin) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `bc-checkout-helper:cart:${storeOrigin}:1`);
}

export function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

/**
 * Writes test-results/<test-name>/: a screenshot of every open page, their console, page errors, failed
 * requests and navigations, and the checkout events seen. Returns the folder.
 */
export async function saveArtifacts(name, { pages, journal, events }) {
  const dir = join(root, 'test-results', slug(name));
  await mkdir(dir, { recursive: true });
  let index = 0;
  for (const page of pages) {
    index += 1;
    if (page.isClosed()) continue;
    try {
      await page.screenshot({ path: join(dir, `page-${index}.png`), fullPage: true, timeout: 5000 });
    } catch (error) {
      journal.push(`(screenshot of page ${index} failed: ${error.message})`);
    }
    try {
      journal.push(`page ${index} ended at ${page.url()}`);
    } catch {
      // closed meanwhile
    }
  }
  await writeFile(join(dir, 'console.txt'), `${journal.join('\n')}\n`);
  await writeFile(join(dir, 'events.json'), `${JSON.stringify(events.map(({ page, ...rest }) => rest), null, 2)}\n`);
  return dir;
}

/**
 * Runs `fn({ context, page, events })` in a fresh context of `browser`, as every end-to-end test does: the page's
 * checkout events collected (shopHook reports them through __e2eEvent), the SDK's cookie flag seeded unless `seed`
 * is false, and on failure every page's screenshot, console and the events left in test-results/<title>/.
 */
export async function inFreshContext(browser, t, title, { origin, seed = true, waitMs }, fn) {
  const context = await browser.newContext();
  context.setDefaultTimeout(waitMs);
  const journal = [];
  const events = [];
  const pages = [];
  context.on('page', (page) => {
    pages.push(page);
    journalPage(page, journal, `page ${pages.length}`);
  });
  await context.exposeBinding('__e2eEvent', ({ page }, name, payload) => {
    events.push({ name, payload, page, url: page.url(), at: Date.now() });
  });
  await context.addInitScript(shopHook);
  if (seed) await context.addInitScript(seedCookieFlag, { origin, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
  try {
    await fn({ context, page: await context.newPage(), events });
  } catch (error) {
    const dir = await saveArtifacts(title, { pages, journal, events }).catch((e) => `(could not save artefacts: ${e.message})`);
    t.diagnostic(`artefacts: ${dir}`);
    console.error(`\n[e2e] "${title}" failed; screenshot and console in ${dir}\n`);
    throw error;
  } finally {
    await context.close().catch(() => {});
  }
}

/** Records what a page says and does, for saveArtifacts. */
export function journalPage(page, journal, label) {
  const at = () => new Date().toISOString().slice(11, 23);
  page.on('console', (message) => journal.push(`${at()} [${label}] console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => journal.push(`${at()} [${label}] pageerror: ${error.message}`));
  page.on('requestfailed', (request) => journal.push(`${at()} [${label}] requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400 || url.includes('/api/')) journal.push(`${at()} [${label}] ${response.request().method()} ${url} -> ${response.status()}`);
  });
  page.on('framenavigated', (frame) => journal.push(`${at()} [${label}] navigated ${frame === page.mainFrame() ? 'page' : 'frame'}: ${frame.url()}`));
}
