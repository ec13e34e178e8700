// The checkout-details module as the shipped Node build exposes it (dist/node.js loadDetailsCore): loading,
// the plain-object API, the error shapes, and that the cart module a page loads before checkout stays within
// its budget. The rules themselves are pinned by tests/native (address_test.cpp, checkout_*_test.cpp).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { BCCheckoutError, loadCore, loadDetailsCore, version } from '../../dist/node.js';

const dist = (file) => new URL(`../../dist/${file}`, import.meta.url);
const gzip = (file) => gzipSync(readFileSync(dist(file)), { level: 9 }).length;

const CHECKOUT_ID = 'd4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5';
const ITEM = '8edef915-8e8e-4ebd-bece-31fbb1191a7e';
// A Checkout answer's data, by hand after checkouts.v3.yml (Checkout): one physical item, nothing done yet.
const CHECKOUT = {
  id: CHECKOUT_ID,
  cart: {
    id: CHECKOUT_ID, customer_id: 0, currency: { code: 'USD' }, tax_included: false, discount_amount: 0,
    line_items: { physical_items: [{ id: ITEM, product_id: 80, variant_id: 64, quantity: 2, list_price: 19.99, options: [] }], digital_items: [] },
  },
  billing_address: { id: '5dd1aa5d1a5a1', first_name: '', email: '', country_code: '' },
  consignments: [], coupons: [], taxes: [], order_id: null,
  shipping_cost_total_ex_tax: 0, handling_cost_total_ex_tax: 0, tax_total: 0, subtotal_ex_tax: 39.98, grand_total: 39.98, version: 1,
};
const SAVED = { version: 3, currency: 'USD', nextLine: 2, cartId: CHECKOUT_ID, lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 }] };
const ADDRESS = { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', address1: '1 Main St', city: 'Austin', stateOrProvince: 'texas', countryCode: 'us', postalCode: '78701' };

/** assert.throws matcher: a BCCheckoutError with this code, a message, and (when given) these fields. */
function bcError(code, fields) {
  return (error) => {
    assert.ok(error instanceof BCCheckoutError, `expected a BCCheckoutError, got ${error && error.name}: ${error && error.message}`);
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.length > 0);
    if (fields) assert.deepEqual(error.details.fields.map((f) => `${f.field} ${f.code}`), fields);
    return true;
  };
}

let details;
before(async () => {
  details = await loadDetailsCore();
});

describe('loadDetailsCore', () => {
  test('every call returns the same cached module, apart from the cart core', async () => {
    assert.equal(await loadDetailsCore(), details);
    assert.notEqual(await loadCore(), details);
    assert.deepEqual(Object.keys(details).sort(), ['applyGiftCertificates', 'checkAddress', 'checkCouponCode', 'checkDetails',
      'checkGiftCertificateCode', 'checkoutInclude', 'planDetailsSync', 'readCheckout', 'version']);
    assert.ok(Object.isFrozen(details));
    assert.equal(details.checkoutInclude, 'consignments.available_shipping_options,cart.line_items.physical_items.options');
    assert.equal(details.version, version);
  });

  test('the module loads from its bytes or from a compiled WebAssembly.Module, and refuses the cart module\'s bytes', async () => {
    // A fresh copy of the entry, so its cached promise is its own.
    const fresh = async () => (await import(`../../dist/node.js?copy=${Math.random()}`)).loadDetailsCore;
    const bytes = readFileSync(dist('bc-checkout-details.wasm'));
    assert.equal(typeof (await (await fresh())({ wasmBinary: bytes })).checkAddress, 'function');
    assert.equal(typeof (await (await fresh())({ wasmModule: await WebAssembly.compile(bytes) })).readCheckout, 'function');
    // Each copy has its own BCCheckoutError class: matched by name and code.
    const loadFailed = (e) => e.name === 'BCCheckoutError' && e.code === 'core_load_failed' && /bc-checkout-details\.wasm/.test(e.message);
    await assert.rejects((await fresh())({ wasmBinary: readFileSync(dist('bc-checkout-helper.wasm')) }), loadFailed);
    await assert.rejects((await fresh())({ wasmBinary: new TextEncoder().encode('<!doctype html>') }), loadFailed);
  });
});

describe('addresses and codes', () => {
  test('checkAddress normalises and names each refused field', () => {
    assert.deepEqual(details.checkAddress(ADDRESS, 'billing'), { ...ADDRESS, stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', countryCode: 'US' });
    assert.throws(() => details.checkAddress({ countryCode: 'US', email: 'nope' }, 'estimate'),
      bcError('invalid_address', ['email invalid_email', 'stateOrProvince invalid_state', 'postalCode invalid_postal_code']));
    for (const field of ['firstName', 'city']) {
      assert.throws(() => details.checkAddress({ ...ADDRESS, [field]: { toString: () => 'x' } }, 'shipping'), bcError('invalid_address'));
      assert.throws(() => details.checkAddress({ ...ADDRESS, [field]: 'a\u0000b' }, 'shipping'), bcError('invalid_address'));
    }
  });

  test('hostile arguments are refused with their codes before the module sees them', () => {
    assert.throws(() => details.checkAddress(ADDRESS, 'delivery'), bcError('invalid_argument'));
    assert.throws(() => details.checkAddress(null, 'billing'), bcError('invalid_address'));
    assert.throws(() => details.checkAddress('1 Main St', 'billing'), bcError('invalid_address'));
    assert.throws(() => details.checkDetails([]), bcError('invalid_details'));
    assert.throws(() => details.checkCouponCode(10), bcError('invalid_coupon_code'));
    assert.throws(() => details.checkGiftCertificateCode({}), bcError('invalid_gift_certificate_code'));
    assert.throws(() => details.readCheckout('{}'), bcError('invalid_checkout'));
    assert.throws(() => details.planDetailsSync(), bcError('invalid_details'));
    assert.throws(() => details.applyGiftCertificates({ grandTotal: 1 }, 'GC-1'), bcError('invalid_argument'));
  });

  test('coupon and gift-certificate codes are trimmed and checked', () => {
    assert.equal(details.checkCouponCode('  SAVE10 '), 'SAVE10');
    assert.throws(() => details.checkCouponCode('A'.repeat(51)), bcError('invalid_coupon_code'));
    assert.equal(details.checkGiftCertificateCode(' GC-7YQ2-4FFA '), 'GC-7YQ2-4FFA');
    assert.throws(() => details.checkGiftCertificateCode('GC/../1'), bcError('invalid_gift_certificate_code'));
  });

  test('checkDetails gives all four sections and names fields by path', () => {
    assert.deepEqual(details.checkDetails({}), { billing: null, consignments: [], coupons: [], giftCertificates: [] });
    const normal = details.checkDetails({ consignments: [{ address: { countryCode: 'CA', email: 'a@b.co', postalCode: 'k1a0b1', stateOrProvince: 'ON' }, lineIds: ['l1'] }], coupons: ['SAVE10', 'save10'] });
    assert.deepEqual(normal.consignments[0].address, { email: 'a@b.co', stateOrProvince: 'Ontario', stateOrProvinceCode: 'ON', countryCode: 'CA', postalCode: 'K1A 0B1' });
    assert.deepEqual(normal.coupons, ['SAVE10']);
    assert.throws(() => details.checkDetails({ billing: { ...ADDRESS, email: '' }, consignments: [{ address: ADDRESS, lineIds: ['x'] }] }),
      bcError('invalid_details', ['billing.email invalid_email', 'consignments[0].lineIds[0] invalid_line_id']));
  });
});

describe('planDetailsSync and readCheckout', () => {
  const wanted = { billing: ADDRESS, consignments: [{ address: ADDRESS, shippingOptionDescription: 'Express' }], coupons: ['SAVE10'] };

  test('a plan from an empty checkout: billing, consignment with the saved cart\'s item, coupon; bodies in snake_case', () => {
    const { requests, unmet } = details.planDetailsSync({ details: wanted, checkout: CHECKOUT, savedCart: SAVED });
    assert.deepEqual(requests.map((r) => `${r.kind} ${r.method} ${r.path}`), [
      `setBillingAddress PUT /checkouts/${CHECKOUT_ID}/billing-address/5dd1aa5d1a5a1`,
      `addConsignments POST /checkouts/${CHECKOUT_ID}/consignments?include=consignments.available_shipping_options`,
      `addCoupon POST /checkouts/${CHECKOUT_ID}/coupons`,
    ]);
    assert.equal(requests[0].body.state_or_province_code, 'TX');
    assert.deepEqual(requests[1].body[0].line_items, [{ item_id: ITEM, quantity: 2 }]);
    assert.deepEqual(requests[2].body, { coupon_code: 'SAVE10' });
    assert.deepEqual(unmet, []);
    // The saved cart may be given as its text, or left out.
    assert.deepEqual(details.planDetailsSync({ details: wanted, checkout: CHECKOUT, savedCart: JSON.stringify(SAVED) }).requests, requests);
    assert.equal(details.planDetailsSync({ details: wanted, checkout: CHECKOUT }).requests.length, 3);
  });

  test('readCheckout gives the view with money in minor units and the lines of the consignment\'s items', () => {
    const checkout = structuredClone(CHECKOUT);
    checkout.consignments = [{ id: 'c1', address: { email: 'ann@example.com', country_code: 'US' }, line_item_ids: [ITEM],
      available_shipping_options: [{ id: 'o1', description: 'Express', type: 'shipping_flatrate', cost: 12.5, transit_time: '1 day' }],
      selected_shipping_option: { id: 'o1', description: 'Express', cost: 12.5 } }];
    checkout.coupons = [{ code: 'SAVE10', display_name: '10% off', discounted_amount: 4 }];
    checkout.grand_total = 48.48;
    const view = details.readCheckout(checkout, SAVED);
    assert.equal(view.currency, 'USD');
    assert.equal(view.exponent, 2);
    assert.equal(view.orderId, null);
    assert.equal(view.billingAddress, null);
    assert.deepEqual(view.consignments[0].lineIds, ['l1']);
    assert.deepEqual(view.consignments[0].shippingOptions, [{ id: 'o1', description: 'Express', type: 'shipping_flatrate', cost: 1250, transitTime: '1 day' }]);
    assert.equal(view.consignments[0].selectedOptionId, 'o1');
    assert.deepEqual(view.coupons, [{ code: 'SAVE10', name: '10% off', discount: 400 }]);
    assert.deepEqual(view.totals, { subtotal: 3998, discount: 400, shipping: 0, handling: 0, tax: 0, taxes: [], grandTotal: 4848 });
    const paid = details.applyGiftCertificates(view.totals, [{ code: 'GC-1', balance: 5000 }]);
    assert.deepEqual(paid.giftCertificates, [{ code: 'GC-1', used: 4848, balance: 5000 }]);
    assert.equal(paid.amountDue, 0);
    assert.equal(paid.grandTotal, 4848);
  });

  test('a checkout BigCommerce could not have sent is invalid_checkout, naming the field', () => {
    assert.throws(() => details.readCheckout({ ...CHECKOUT, id: '../orders' }), bcError('invalid_checkout'));
    assert.throws(() => details.readCheckout({ ...CHECKOUT, grand_total: 0.1 + 0.2 }), (e) => e.code === 'invalid_checkout' && /grand_total/.test(e.message));
    assert.throws(() => details.planDetailsSync({ details: {}, checkout: CHECKOUT, savedCart: { version: 99 } }), bcError('saved_cart_unsupported_version'));
  });
});

describe('size', () => {
  test('the cart module a page loads before checkout stays small; the details module is its own download', () => {
    const cartWasm = readFileSync(dist('bc-checkout-helper.wasm'));
    for (const name of ['checkAddress', 'planDetailsSync', 'readCheckout', 'Armed Forces Pacific']) {
      assert.ok(!cartWasm.includes(name), `${name} is in the cart module`);
    }
    assert.ok(readFileSync(dist('bc-checkout-details.wasm')).includes('Armed Forces Pacific'));
    // Measured when the module was added (bench/core.mjs): 49,318 bytes gzip before the saved cart's version 3,
    // the script-tag build 17,666; the page may grow by at most 1 KB for checkout details.
    assert.ok(gzip('bc-checkout-helper.wasm') + gzip('bc-checkout-helper.js') <= 49_318 + 17_666 + 1024,
      `the cart module and script grew to ${gzip('bc-checkout-helper.wasm')} + ${gzip('bc-checkout-helper.js')} bytes gzip`);
    assert.ok(!readFileSync(dist('bc-checkout-helper.js'), 'utf8').includes('createDetailsModule'), 'the details glue is in the script build');
    assert.ok(!readFileSync(dist('index.js'), 'utf8').includes('createDetailsModule'), 'the details glue is in the ES module build');
  });
});

describe('one BCCheckoutError for the page and the lazy chunk', () => {
  // The browser builds load dist/bc-checkout-details.js on first use, and it carries its own copy of the error
  // class: an error from there must still be `instanceof` the class the page imported (web/errors.js).
  test('an error thrown by the chunk\'s module is instanceof the main build\'s BCCheckoutError', async () => {
    const chunk = await import('../../dist/bc-checkout-details.js');
    const details = await chunk.loadDetailsCore({ wasmBinary: readFileSync(dist('bc-checkout-details.wasm')) });
    assert.throws(() => details.checkCouponCode(''), (error) => error instanceof BCCheckoutError && error.code === 'invalid_coupon_code');
  });
});
