// The checkout-details methods of the Checkout object (dist/node.js) against the real server stub and the
// sandbox store over loopback HTTP (scripts/stack.mjs, CHECKOUT_ORDERS=true): coupons, gift certificates,
// addresses, shipping options, totals, an order and a saved-card payment; every change kept in the saved cart's
// `checkout` section and seen by a reload and another tab; bad input refused before any request; a corrupt saved
// section dropped with the cart kept.
// Run: node --test tests/web/checkout-details.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckout, MemoryStorage, BCCheckoutError } from '../../dist/node.js';
import { startStack } from '../../scripts/stack.mjs';

const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const ADA = {
  firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', address1: '1 Analytical Way', city: 'Austin',
  stateOrProvince: 'TX', countryCode: 'US', postalCode: '78701', phone: '+1 512 555 0100',
};

let stack;
before(async () => {
  stack = await startStack({ env: {}, storefrontPort: 0, sandboxPort: 0 });
});
after(async () => {
  await stack?.close();
});

/**
 * A browser's view of the stub: same-origin requests (the Origin header the stub checks), a cookie jar for the
 * session cookie, and a count of every request the page made.
 */
function browserFetch() {
  const jar = new Map();
  const requests = [];
  const fetchImpl = async (url, init = {}) => {
    requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
    const headers = new Headers(init.headers);
    headers.set('Origin', stack.storefrontUrl);
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair.split('=');
      jar.set(name.trim(), value.join('='));
    }
    return response;
  };
  return { fetchImpl, requests };
}

/** A storefront page: a Checkout on `storage` (a MemoryStorage shared by "tabs"), recording its events. */
async function page({ storage = new MemoryStorage(), browser = browserFetch(), navigate } = {}) {
  const events = [];
  const shop = await createCheckout({
    storeOrigins: [stack.config.storeUrl],
    server: `${stack.storefrontUrl}/api`,
    channelId: stack.config.channelId,
    storage,
    locale: 'en-US',
    fetch: browser.fetchImpl,
    navigate: navigate ?? ((url) => events.push(['navigate', url])),
  });
  for (const name of ['totals', 'error', 'fallback', 'complete', 'change']) shop.on(name, (payload) => events.push([name, payload]));
  return { shop, events, storage, browser, requests: browser.requests };
}

const section = (shop) => shop.cart.toJSON().checkout;
const events = (p, name) => p.events.filter(([n]) => n === name).map(([, payload]) => payload);

/** The sandbox's own view of a checkout, with the stub's token (what BigCommerce has). */
async function storeCheckout(cartId) {
  const response = await fetch(`${stack.sandbox.apiUrl}/stores/${stack.env.BC_STORE_HASH}/v3/checkouts/${cartId}?include=consignments.available_shipping_options`, {
    headers: { 'X-Auth-Token': stack.env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  return (await response.json()).data;
}

async function storeOrder(orderId) {
  const response = await fetch(`${stack.sandbox.apiUrl}/stores/${stack.env.BC_STORE_HASH}/v2/orders/${orderId}`, {
    headers: { 'X-Auth-Token': stack.env.BC_ACCESS_TOKEN, Accept: 'application/json' },
  });
  return response.json();
}

function rejectsWith(code, check = () => {}) {
  return (error) => {
    assert.ok(error instanceof BCCheckoutError, `a BCCheckoutError, got ${error}`);
    assert.equal(error.code, code, error.message);
    check(error);
    return true;
  };
}

async function withLines(p, lines = [[81, 2]]) {
  for (const [productId, quantity, variantId] of lines) {
    await p.shop.cart.add({ productId, quantity, ...(variantId && { variantId }), name: `Product ${productId}` });
  }
  return p;
}

describe('coupons', () => {
  test('applyCoupon: the store applies it, totals are emitted in Money, the code is kept in the saved cart and in BigCommerce', async () => {
    const p = await withLines(await page()); // 2 × Oak Serving Board $29.99
    const totals = await p.shop.applyCoupon(' save10 ');
    assert.equal(totals.subtotal.minor, 5998);
    assert.equal(totals.discount.minor, 600); // 10% of $59.98, as the sandbox rounds it
    assert.equal(totals.discount.currency, 'USD');
    assert.equal(totals.discount.formatted, '$6.00');
    assert.deepEqual(totals.coupons.map((c) => c.code), ['SAVE10']);
    assert.equal(totals.grandTotal.minor, totals.subtotal.minor - totals.discount.minor + totals.shipping.minor + totals.tax.minor + totals.handling.minor);
    assert.deepEqual(events(p, 'totals').at(-1), totals);
    assert.deepEqual(section(p.shop).coupons, ['SAVE10']);
    const remote = await storeCheckout(p.shop.cart.cartId);
    assert.deepEqual(remote.coupons.map((c) => c.code.toUpperCase()), ['SAVE10']);
    p.shop.destroy();
  });

  test('an expired coupon (BigCommerce marketing.v2.yml `expires`): coupon_expired with the stub\'s message, nothing lost', async () => {
    const p = await withLines(await page());
    await p.shop.applyCoupon('TAKE5');
    const before = JSON.stringify(p.shop.cart.toJSON());
    await assert.rejects(p.shop.applyCoupon('SUMMER2020'), rejectsWith('coupon_expired', (e) => assert.equal(e.message, 'This coupon has expired')));
    assert.equal(JSON.stringify(p.shop.cart.toJSON()), before);
    assert.deepEqual(section(p.shop).coupons, ['TAKE5']);
    p.shop.destroy();
  });

  test('a minimum the cart does not meet, and an unknown code: their own codes', async () => {
    const p = await withLines(await page(), [[88, 1]]);
    await assert.rejects(p.shop.applyCoupon('TENOFF'), rejectsWith('coupon_minimum_not_met', (e) => assert.match(e.message, /\$50/)));
    await assert.rejects(p.shop.applyCoupon('NOSUCHCODE'), rejectsWith('coupon_not_found'));
    assert.equal(section(p.shop), undefined);
    p.shop.destroy();
  });

  test('a code that is not one (empty, control characters, over 50 characters) is refused before any request', async () => {
    const p = await withLines(await page());
    const sent = p.requests.length;
    for (const code of ['', '   ', 'SAVE\u000010', 'X'.repeat(51), 42, null]) {
      await assert.rejects(p.shop.applyCoupon(code), rejectsWith('invalid_coupon_code'));
    }
    assert.equal(p.requests.length, sent, p.requests.slice(sent).join(', '));
    p.shop.destroy();
  });

  test('removeCoupon takes it off the checkout and out of the saved cart', async () => {
    const p = await withLines(await page());
    await p.shop.applyCoupon('SAVE10');
    const totals = await p.shop.removeCoupon('save10');
    assert.equal(totals.discount.minor, 0);
    assert.deepEqual(totals.coupons, []);
    assert.equal(section(p.shop), undefined); // nothing left to keep
    assert.deepEqual((await storeCheckout(p.shop.cart.cartId)).coupons, []);
    p.shop.destroy();
  });
});

describe('addresses and shipping', () => {
  test('setAddresses, shippingOptions(), chooseShipping: the option the store selected, kept in the saved cart', async () => {
    const p = await withLines(await page());
    const afterAddresses = await p.shop.setAddresses({ billing: ADA, shipping: ADA });
    assert.equal(afterAddresses.shippingChosen, false);
    const saved = section(p.shop);
    assert.equal(saved.billing.stateOrProvince, 'Texas'); // normalised by the details module
    assert.equal(saved.billing.stateOrProvinceCode, 'TX');
    assert.equal(saved.consignments.length, 1);
    const options = await p.shop.shippingOptions();
    assert.ok(options.length >= 2, JSON.stringify(options));
    for (const option of options) {
      assert.equal(typeof option.id, 'string');
      assert.equal(option.cost.currency, 'USD');
      assert.ok(Number.isInteger(option.cost.minor));
      assert.equal(typeof option.cost.formatted, 'string');
    }
    const express = options.find((o) => o.description === 'Express');
    const totals = await p.shop.chooseShipping(express.id);
    assert.equal(totals.shippingChosen, true);
    assert.equal(totals.shipping.minor, express.cost.minor);
    assert.equal(section(p.shop).consignments[0].shippingOptionId, express.id);
    assert.equal(section(p.shop).consignments[0].shippingOptionDescription, 'Express');
    const remote = await storeCheckout(p.shop.cart.cartId);
    assert.equal(remote.consignments[0].selected_shipping_option.id, express.id);
    assert.equal(remote.billing_address.email, 'ada@example.com');
    p.shop.destroy();
  });

  test('field errors come before any request, every field named with its path and code', async () => {
    const p = await withLines(await page());
    const sent = p.requests.length;
    await assert.rejects(p.shop.setAddresses({
      billing: { ...ADA, email: 'not an email', postalCode: '' },
      shipping: [{ address: { ...ADA, countryCode: 'XX' } }],
    }), rejectsWith('invalid_address', (error) => {
      const byField = Object.fromEntries(error.details.fields.map((f) => [f.field, f.code]));
      assert.equal(byField['billing.email'], 'invalid_email');
      assert.equal(byField['billing.postalCode'], 'invalid_postal_code');
      assert.equal(byField['shipping[0].address.countryCode'], 'invalid_country');
      for (const field of error.details.fields) assert.ok(field.message.length > 0);
    }));
    await assert.rejects(p.shop.shippingOptions({ countryCode: 'US' }), rejectsWith('invalid_address', (error) => {
      assert.ok(error.details.fields.some((f) => f.field === 'address.email'));
    }));
    await assert.rejects(p.shop.setAddresses({ shipping: [{ address: ADA, lineIds: ['l99'] }] }), rejectsWith('line_not_found'));
    await assert.rejects(p.shop.setAddresses({}), rejectsWith('invalid_argument'));
    await assert.rejects(p.shop.setAddresses({ billing: { ...ADA, city: 'Austin\u0007' } }), rejectsWith('invalid_address'));
    await assert.rejects(p.shop.chooseShipping('../../v3/orders'), rejectsWith('invalid_argument'));
    assert.equal(p.requests.length, sent, p.requests.slice(sent).join(', '));
    assert.equal(section(p.shop), undefined);
    p.shop.destroy();
  });

  test('an address BigCommerce refuses (CreateConsignmentRequest requires state_or_province): address_refused, nothing kept', async () => {
    const p = await withLines(await page());
    await p.shop.setAddresses({ billing: ADA });
    const before = section(p.shop);
    // A UK address without a county passes the module's checks (it knows no UK subdivisions) but not the store's.
    const london = { ...ADA, countryCode: 'GB', stateOrProvince: '', postalCode: 'SW1A 1AA', city: 'London', address1: '10 Downing Street' };
    await assert.rejects(p.shop.setAddresses({ shipping: london }), rejectsWith('address_refused', (e) => assert.match(e.message, /store refused/i)));
    assert.deepEqual(section(p.shop), before);
    p.shop.destroy();
  });

  test('shippingOptions(address) for an estimate: the options for that place, before the shopper typed everything', async () => {
    const p = await withLines(await page());
    const options = await p.shop.shippingOptions({ countryCode: 'CA', stateOrProvince: 'Ontario', postalCode: 'M5V 2T6', email: 'ada@example.com' });
    assert.deepEqual(options.map((o) => o.description).sort(), ['Express', 'Standard']);
    assert.ok(options.every((o) => o.consignmentId));
    const totals = await p.shop.chooseShipping(options.find((o) => o.description === 'Standard').id);
    assert.equal(totals.shippingChosen, true);
    assert.equal(section(p.shop).consignments[0].address.countryCode, 'CA');
    p.shop.destroy();
  });

  test('a new address that does not offer the option chosen before: a shipping_option_unavailable error event, the option dropped from the saved cart', async () => {
    const p = await withLines(await page());
    await p.shop.setAddresses({ billing: ADA, shipping: ADA });
    const ground = (await p.shop.shippingOptions()).find((o) => o.description === 'Ground');
    await p.shop.chooseShipping(ground.id);
    const toronto = { ...ADA, address1: '1 Front St W', city: 'Toronto', stateOrProvince: 'ON', countryCode: 'CA', postalCode: 'M5V 2T6' };
    const totals = await p.shop.setAddresses({ shipping: toronto });
    assert.equal(totals.shippingChosen, false);
    const lost = events(p, 'error').filter((e) => e.code === 'shipping_option_unavailable');
    assert.equal(lost.length, 1);
    assert.match(lost[0].message, /Ground/);
    assert.equal(section(p.shop).consignments[0].shippingOptionId, undefined);
    assert.equal(section(p.shop).consignments[0].address.countryCode, 'CA');
    p.shop.destroy();
  });

  test('an estimate for the place of the address already set keeps the whole address, in the saved cart and the store, after the cart changes too', async () => {
    const p = await withLines(await page());
    await p.shop.setAddresses({ billing: ADA, shipping: ADA });
    const options = await p.shop.shippingOptions({ countryCode: 'US', stateOrProvince: 'TX', postalCode: '78701', email: 'ada@example.com' });
    assert.ok(options.length >= 1);
    assert.equal(section(p.shop).consignments[0].address.address1, '1 Analytical Way');
    // A changed line syncs the cart again and brings the store in line with the saved section.
    await p.shop.cart.update(p.shop.cart.items[0].id, 3);
    await p.shop.totals();
    const remote = await storeCheckout(p.shop.cart.cartId);
    assert.equal(remote.consignments[0].address.address1, '1 Analytical Way');
    assert.equal(remote.consignments[0].address.first_name, 'Ada');
    p.shop.destroy();
  });
});

describe('gift certificates', () => {
  test('applyGiftCertificate: its balance pays part of the order (amountDue), removeGiftCertificate gives it back', async () => {
    const p = await withLines(await page(), [[80, 1, 64]]); // Orbit Terrarium (large), $109
    const totals = await p.shop.applyGiftCertificate('GC-7YQ2-4FFA'); // $60 left on it
    assert.deepEqual(totals.giftCertificates.map((g) => [g.code, g.used.minor, g.balance.minor]), [['GC-7YQ2-4FFA', 6000, 6000]]);
    assert.equal(totals.amountDue.minor, totals.grandTotal.minor - 6000);
    assert.deepEqual(section(p.shop).giftCertificates, ['GC-7YQ2-4FFA']);
    const without = await p.shop.removeGiftCertificate('GC-7YQ2-4FFA');
    assert.equal(without.amountDue.minor, without.grandTotal.minor);
    assert.equal(section(p.shop), undefined);
    p.shop.destroy();
  });

  test('used up, expired, another currency, or not a code: each its own code, nothing kept', async () => {
    const p = await withLines(await page());
    await assert.rejects(p.shop.applyGiftCertificate('GC-USED-0000'), rejectsWith('gift_certificate_used_up'));
    await assert.rejects(p.shop.applyGiftCertificate('GC-EXPD-2020'), rejectsWith('gift_certificate_expired'));
    await assert.rejects(p.shop.applyGiftCertificate('GC-EURO-5050'), rejectsWith('gift_certificate_currency'));
    const sent = p.requests.length;
    await assert.rejects(p.shop.applyGiftCertificate('GC 7YQ2'), rejectsWith('invalid_gift_certificate_code'));
    assert.equal(p.requests.length, sent);
    assert.equal(section(p.shop), undefined);
    p.shop.destroy();
  });
});

describe('the saved checkout section', () => {
  test('a reload sees the details, and totals() asks the store again (gift-certificate balances included)', async () => {
    const storage = new MemoryStorage();
    const first = await withLines(await page({ storage }));
    await first.shop.applyCoupon('SAVE10');
    await first.shop.applyGiftCertificate('GC-7YQ2-4FFA');
    first.shop.destroy();
    const reloaded = await page({ storage });
    assert.deepEqual(section(reloaded.shop).coupons, ['SAVE10']);
    const totals = await reloaded.shop.totals();
    assert.deepEqual(totals.coupons.map((c) => c.code), ['SAVE10']);
    assert.equal(totals.giftCertificates[0].code, 'GC-7YQ2-4FFA');
    assert.ok(totals.amountDue.minor < totals.grandTotal.minor);
    reloaded.shop.destroy();
  });

  test('another tab sees a coupon applied here (change event from the other tab, its totals with the coupon)', async () => {
    const storage = new MemoryStorage();
    const browser = browserFetch();
    const one = await withLines(await page({ storage, browser }));
    const two = await page({ storage, browser });
    await one.shop.applyCoupon('TAKE5');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the BroadcastChannel message
    assert.ok(events(two, 'change').some((e) => e.source === 'other-tab'));
    assert.deepEqual(section(two.shop).coupons, ['TAKE5']);
    const totals = await two.shop.totals();
    assert.equal(totals.discount.minor, 500);
    one.shop.destroy();
    two.shop.destroy();
  });

  test('a corrupt saved section is dropped with saved_checkout_invalid on first use; the cart is kept', async () => {
    const storage = new MemoryStorage();
    const first = await withLines(await page({ storage }));
    const key = first.shop.storageKey;
    first.shop.destroy();
    const doc = JSON.parse(storage.getItem(key));
    doc.checkout = { billing: { ...ADA, email: 'nope' }, coupons: ['SAVE10'] };
    storage.setItem(key, JSON.stringify(doc));
    const reloaded = await page({ storage });
    assert.equal(reloaded.shop.cart.count, 2); // the cart core keeps the section opaque
    const totals = await reloaded.shop.totals();
    const [error] = events(reloaded, 'error');
    assert.equal(error?.code, 'saved_checkout_invalid');
    assert.ok(error.details.fields.some((f) => /billing\.email/.test(f.field)), JSON.stringify(error.details));
    assert.equal(section(reloaded.shop), undefined);
    assert.equal(reloaded.shop.cart.count, 2);
    assert.deepEqual(totals.coupons, []);
    reloaded.shop.destroy();
  });

  test('checkout() prefills the hosted checkout from the saved section (POST /checkout brings BigCommerce in line)', async () => {
    const storage = new MemoryStorage();
    const first = await withLines(await page({ storage }));
    await first.shop.setAddresses({ billing: ADA, shipping: ADA });
    const [option] = await first.shop.shippingOptions();
    await first.shop.chooseShipping(option.id);
    await first.shop.applyCoupon('SAVE10');
    first.shop.destroy();
    // Another page of the site, whose cart is then changed: a new line the consignment must cover too.
    const other = await page({ storage });
    await other.shop.cart.add({ productId: 86, quantity: 1 });
    const started = await other.shop.checkout({ mode: 'redirect' });
    assert.match(started.url, /^https?:\/\//);
    const remote = await storeCheckout(other.shop.cart.cartId);
    assert.equal(remote.billing_address.email, 'ada@example.com');
    assert.equal(remote.consignments.length, 1);
    assert.equal(remote.consignments[0].line_item_ids.length, 2);
    assert.equal(remote.consignments[0].selected_shipping_option?.id ?? null, option.id);
    assert.deepEqual(remote.coupons.map((c) => c.code.toUpperCase()), ['SAVE10']);
    other.shop.destroy();
  });
});

describe('orders and saved cards', () => {
  async function readyToOrder(p) {
    await p.shop.setAddresses({ billing: ADA, shipping: ADA });
    const [option] = await p.shop.shippingOptions();
    await p.shop.chooseShipping(option.id);
  }

  test('placeOrder: checkout_incomplete naming what is missing, then an incomplete order', async () => {
    const p = await withLines(await page());
    await assert.rejects(p.shop.placeOrder(), rejectsWith('checkout_incomplete', (e) => assert.match(e.message, /billing address/)));
    await readyToOrder(p);
    const order = await p.shop.placeOrder();
    assert.equal(order.status, 'incomplete');
    assert.ok(Number.isInteger(order.orderId));
    assert.equal((await storeOrder(order.orderId)).status, 'Incomplete');
    p.shop.destroy();
  });

  test('savedCards: sign_in_required for a guest; the signed-in shopper\'s cards as opaque ids', async () => {
    const p = await withLines(await page());
    await assert.rejects(p.shop.savedCards(), rejectsWith('sign_in_required'));
    await p.shop.signIn(SHOPPER.email, SHOPPER.password);
    const cards = await p.shop.savedCards();
    assert.ok(cards.length >= 3);
    assert.deepEqual(cards.map((c) => c.last4).sort(), ['0002', '3184', '4242']);
    for (const card of cards) assert.doesNotMatch(card.id, /^[0-9a-f]{64}$/); // never the instrument token
    p.shop.destroy();
  });

  test('payWithSavedCard: paid, the order is paid in the store, the cart emptied with a complete event', async () => {
    const p = await withLines(await page());
    await p.shop.signIn(SHOPPER.email, SHOPPER.password);
    await readyToOrder(p);
    const card = (await p.shop.savedCards()).find((c) => c.last4 === '4242');
    const paid = await p.shop.payWithSavedCard(card.id);
    assert.equal(paid.status, 'paid');
    assert.deepEqual(events(p, 'complete'), [{ source: 'saved_card', orderId: paid.orderId }]);
    assert.equal(p.shop.cart.count, 0);
    assert.equal(p.shop.cart.cartId, null);
    assert.equal(section(p.shop), undefined);
    assert.equal((await storeOrder(paid.orderId)).status, 'Awaiting Fulfillment');
    p.shop.destroy();
  });

  test('a declined card: a fallback event with the reason, the hosted payment step opened, the cart and details kept', async () => {
    const p = await withLines(await page());
    await p.shop.signIn(SHOPPER.email, SHOPPER.password);
    await readyToOrder(p);
    await p.shop.applyCoupon('SAVE10');
    const before = section(p.shop);
    const card = (await p.shop.savedCards()).find((c) => c.last4 === '0002');
    const result = await p.shop.payWithSavedCard(card.id, { mode: 'redirect' });
    assert.equal(result.status, 'payment_required');
    assert.equal(result.reason, 'card_declined');
    assert.ok(result.message.length > 0);
    assert.deepEqual(events(p, 'fallback').map((f) => f.reason), ['card_declined']);
    assert.equal(result.checkout.mode, 'redirect');
    assert.deepEqual(events(p, 'navigate'), [result.checkout.url]);
    assert.equal(p.shop.cart.count, 2);
    assert.deepEqual(section(p.shop), before);
    assert.deepEqual(events(p, 'complete'), []);
    p.shop.destroy();
  });

  test('a card id that is not one is refused before any request', async () => {
    const p = await withLines(await page());
    const sent = p.requests.length;
    for (const id of ['', '../../payments', 'x'.repeat(500), 7]) await assert.rejects(p.shop.payWithSavedCard(id), rejectsWith('invalid_argument'));
    assert.equal(p.requests.length, sent);
    p.shop.destroy();
  });
});

test('without a server stub: no_server; with an empty cart: cart_empty', async () => {
  const offline = await createCheckout({ storeOrigins: [stack.config.storeUrl], storage: 'memory' });
  await assert.rejects(offline.totals(), rejectsWith('no_server'));
  offline.destroy();
  const p = await page();
  await assert.rejects(p.shop.applyCoupon('SAVE10'), rejectsWith('cart_empty'));
  p.shop.destroy();
});
