// The script-tag drop-in (demo/drop-in.html: markup with data-bc-* attributes and one script tag, no
// JavaScript of its own) in headless Chromium against the sandbox store: keyboard-only cart use, markup a CMS
// adds later, a redirect and an embedded checkout completed by markup alone, errors beside the control,
// another tab kept current, and the custom DOM events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startSite, watchErrors } from './browser-harness.mjs';
import { COOKIE_ATTEMPT, COOKIE_FLAG, fillAndPlaceOrder, seedCookieFlag } from './e2e-helpers.mjs';

const TIMEOUT_MS = 90_000;
let site;
let browser;
before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** A fresh context on the drop-in page; the page records the bc:* DOM events in window.__bcEvents. */
async function open(t) {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  await context.addInitScript(seedCookieFlag, { origin: site.origin, flag: COOKIE_FLAG, attempt: COOKIE_ATTEMPT });
  await context.addInitScript(() => {
    window.__bcEvents = [];
    for (const name of ['bc:ready', 'bc:cart:change', 'bc:checkout:load', 'bc:checkout:complete', 'bc:checkout:fallback', 'bc:error']) {
      document.addEventListener(name, (event) => window.__bcEvents.push({ name, count: event.detail?.count }));
    }
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  t.after(() => context.close());
  await page.goto(`${site.origin}/drop-in.html`);
  await page.waitForFunction(() => window.__bcEvents.some((e) => e.name === 'bc:ready'));
  return { context, page, errors };
}

const count = (page) => page.textContent('[data-bc-count]');

/** Adds one product with its button, opens the drawer and starts the checkout with the drawer's button for `mode`. */
async function checkoutOne(page, productId, mode) {
  await page.click(`[data-bc-add][data-product-id="${productId}"]`);
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '1');
  await page.click('[data-bc-cart-toggle]');
  await page.click(`[data-bc-checkout][data-mode="${mode}"]`);
}

test('keyboard only: add, open the cart, change a quantity, close it; every change announced', { timeout: TIMEOUT_MS }, async (t) => {
  const { page, errors } = await open(t);
  // Tab to the first "Add to cart" button (the cart toggle comes first in the page).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-bc-cart-toggle')), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.productId), '80');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '1');
  await page.waitForFunction(() => /Orbit Terrarium \(large\) added to the cart\. 1 item in the cart\./.test(document.querySelector('[data-bc-live]').textContent));

  // Open the cart: focus moves into it; Tab reaches the line's controls.
  await page.keyboard.down('Shift');
  await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('[data-bc-cart-toggle]', 'aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'drawer');
  await page.keyboard.press('Tab'); // −
  await page.keyboard.press('Tab'); // quantity
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.labels?.[0]?.textContent), 'Quantity of Orbit Terrarium (large)');
  await page.keyboard.press('Tab'); // +
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'One more Orbit Terrarium (large)');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '2');
  // The list was re-rendered, and focus is still on the + of that line.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'One more Orbit Terrarium (large)');
  // Typing a quantity works too.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '4');
  assert.match(await page.textContent('[data-bc-subtotal]'), /\$436\.00/);

  // Escape closes the cart and focus returns to its button.
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('[data-bc-cart-toggle]', 'aria-expanded'), 'false');
  assert.equal(await page.isHidden('#drawer'), true);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-bc-cart-toggle')), true);
  assert.deepEqual(errors, []);
});

test('markup added later works, and a bad button says what is wrong beside it', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await page.click('[data-bc-add][data-product-id="81"]');
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '1');
  // A CMS inserts a block: its count shows at once, its button adds.
  await page.evaluate(() => {
    const block = document.createElement('aside');
    block.innerHTML = '<p>In your cart: <span data-bc-count id="late-count"></span></p>' +
      '<button type="button" data-bc-add data-product-id="86" data-name="Ceramic Pour-Over" id="late-add">Add</button>' +
      '<button type="button" data-bc-add data-product-id="0" id="bad-add">Broken</button>';
    document.body.append(block);
  });
  await page.waitForFunction(() => document.getElementById('late-count').textContent === '1');
  await page.click('#late-add');
  await page.waitForFunction(() => document.getElementById('late-count').textContent === '2');

  await page.click('#bad-add');
  const message = page.locator('#bad-add + [data-bc-message][role="alert"]');
  await message.waitFor();
  assert.match(await message.textContent(), /product/i);
  assert.equal(await page.getAttribute('#bad-add', 'aria-describedby'), await message.getAttribute('id'));
  assert.equal(await page.isDisabled('#bad-add'), false, 'the busy state ends after a failure');
  assert.equal(await count(page), '2', 'nothing was lost');
  const events = await page.evaluate(() => window.__bcEvents.map((e) => e.name));
  assert.ok(events.includes('bc:cart:change'));
  assert.ok(events.includes('bc:error'));
});

test('another tab sees changes without a reload', { timeout: TIMEOUT_MS }, async (t) => {
  const { context, page } = await open(t);
  const other = await context.newPage();
  await other.goto(`${site.origin}/drop-in.html`);
  await other.waitForFunction(() => window.__bcEvents.some((e) => e.name === 'bc:ready'));
  await page.click('[data-bc-add][data-product-id="88"]');
  await other.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '2', null, { timeout: 3000 });
  await other.waitForFunction(() => /Cart updated\. 2 items in the cart\./.test(document.querySelector('[data-bc-live]').textContent));
});

test('redirect checkout with markup alone: the order is placed on the store', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await checkoutOne(page, 86, 'redirect');
  await page.waitForURL((url) => url.origin === site.storeOrigin && url.pathname === '/checkout');
  await fillAndPlaceOrder(page, { email: 'dropin.redirect@example.com' });
  await page.locator('.order-id').waitFor();
  // Back on the storefront, the cart that became an order is empty.
  await page.goto(`${site.origin}/drop-in.html`);
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '0');
});

test('embedded checkout with markup alone: the frame opens in #checkout with focus, the order completes, the cart empties', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await checkoutOne(page, 81, 'embedded');
  await page.waitForFunction(() => window.__bcEvents.some((e) => e.name === 'bc:checkout:load'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'checkout', 'focus moves to the checkout');
  const frame = page.frameLocator('#checkout iframe');
  await frame.locator('#checkout-app[data-state="checkout"]').waitFor();
  await fillAndPlaceOrder(frame, { email: 'dropin.embedded@example.com' });
  await page.waitForFunction(() => window.__bcEvents.some((e) => e.name === 'bc:checkout:complete'));
  await page.waitForFunction(() => document.querySelector('[data-bc-count]').textContent === '0');
  await page.waitForFunction(() => /Thank you! Your order is placed\./.test(document.querySelector('[data-bc-live]').textContent));
});

test('a data-bc-signin form signs in through the server stub, and data-bc-signout signs out', { timeout: TIMEOUT_MS }, async (t) => {
  const { page } = await open(t);
  await page.click('[data-bc-cart-toggle]');
  await page.fill('form[data-bc-signin] input[name="email"]', 'shopper@example.com');
  await page.fill('form[data-bc-signin] input[name="password"]', 'wrong-password');
  await page.click('form[data-bc-signin] [type="submit"]');
  await page.locator('form[data-bc-signin] [data-bc-message][role="alert"]').waitFor();
  assert.deepEqual(await page.evaluate(() => [document.getElementById('drawer').hidden, document.querySelector('form[data-bc-signin]').hidden]), [false, false], 'the form stays, open');

  await page.fill('form[data-bc-signin] input[name="password"]', 'Sandbox-Passw0rd!');
  await page.click('form[data-bc-signin] [type="submit"]');
  await page.waitForFunction(() => !document.querySelector('[data-bc-signed-in]').hidden);
  assert.equal(await page.textContent('[data-bc-customer]'), 'shopper@example.com');
  assert.equal(await page.isHidden('form[data-bc-signin]'), true);
  await page.waitForFunction(() => /Signed in as shopper@example\.com/.test(document.querySelector('[data-bc-live]').textContent));
  // A reload still knows the shopper (the stub's session cookie).
  await page.reload();
  await page.waitForFunction(() => !document.querySelector('[data-bc-signed-in]').hidden);

  await page.click('[data-bc-cart-toggle]');
  await page.click('[data-bc-signout]');
  await page.waitForFunction(() => !document.querySelector('form[data-bc-signin]').hidden);
  assert.equal(await page.isHidden('[data-bc-signed-in]'), true);
});
