// The core's pure functions as the shipped Node build exposes them (dist/node.js): loading, version,
// checkout URL checks, money parsing and the Cart API sync plan. The big URL threat-model table lives in
// tests/native/checkout_url_test.cpp; here we check that the JS wrapping passes inputs and verdicts through.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createCheckout, loadCore, loadServerCore, BCCheckoutError, version } from '../../dist/node.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

const STORE = 'https://store-abc.mybigcommerce.com';
const OTHER_STORE = 'https://shop.example.com';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
  'eyJpc3MiOiJhYmMiLCJvcGVyYXRpb24iOiJjdXN0b21lcl9sb2dpbiIsImN1c3RvbWVyX2lkIjo3fQ.' +
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
// What the Cart API returns in redirect_urls (cart.php?action=loadInCheckout...).
const REDIRECT_URLS = {
  cart_url: `${STORE}/cart.php?action=load&id=3f1c2a9e-0b4d-4c8e-9f61-2a7b5d0e8c41&token=0f1e2d3c4b5a`,
  checkout_url: `${STORE}/cart.php?action=loadInCheckout&id=3f1c2a9e-0b4d-4c8e-9f61-2a7b5d0e8c41&token=0f1e2d3c4b5a`,
  embedded_checkout_url: `${STORE}/cart.php?embedded=1&action=loadInCheckout&id=3f1c2a9e-0b4d-4c8e-9f61-2a7b5d0e8c41&token=aa`,
};

/** assert.throws matcher: a BCCheckoutError with this code and a message a person can read. */
function bcError(code) {
  return (error) => {
    assert.ok(error instanceof BCCheckoutError, `expected a BCCheckoutError, got ${error && error.name}: ${error && error.message}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'BCCheckoutError');
    assert.equal(error.code, code, error.message);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0);
    return true;
  };
}

describe('loadCore and version', () => {
  test('every call returns the same promise and the same core object', async () => {
    const first = loadCore();
    const second = loadCore();
    assert.ok(first instanceof Promise);
    assert.equal(second, first);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, b);
    // Later calls, even with options, get the cached core (the first call's options win).
    assert.equal(await loadCore(), a);
    assert.equal(loadCore({ locateFile: (p) => p }), first);
  });

  test('the core has the documented functions, and the server core the server stub\'s too', async () => {
    const [core, serverCore] = await Promise.all([loadCore(), loadServerCore()]);
    const cartFunctions = ['isSafeCheckoutUrl', 'checkStoreOrigins', 'isCartId', 'parseMoney', 'currencyExponent'];
    const serverFunctions = ['chooseCheckoutUrl', 'planCartSync', 'checkCustomItems'];
    for (const name of cartFunctions) assert.equal(typeof core[name], 'function', name);
    // What only the server calls is not in the module every page downloads (bc-checkout-helper.wasm).
    for (const name of serverFunctions) assert.equal(core[name], undefined, name);
    for (const name of [...cartFunctions, ...serverFunctions]) assert.equal(typeof serverCore[name], 'function', name);
    assert.notEqual(serverCore, core);
    assert.equal(serverCore.cartInclude, core.cartInclude);
  });

  test('checkouts use the same cached core', async () => {
    const core = await loadCore();
    const shop = await createCheckout({ storeOrigins: STORE, storage: 'memory' });
    try {
      assert.equal(shop.core, core);
    } finally {
      shop.destroy();
    }
  });

  test('version matches package.json, for the package and for the loaded core', async () => {
    assert.equal(version, pkg.version);
    assert.match(version, /^\d+\.\d+\.\d+/);
    const core = await loadCore();
    assert.equal(core.version, pkg.version);
  });
});

describe('isSafeCheckoutUrl', () => {
  let core;
  let serverCore;
  before(async () => {
    [core, serverCore] = await Promise.all([loadCore(), loadServerCore()]);
  });

  const good = [
    `${STORE}/checkout`,
    `${STORE}/cart.php?action=loadInCheckout&id=3f1c2a9e&token=aa`,
    `${STORE}/embedded-checkout`,
    `https://www.store-abc.mybigcommerce.com/checkout`,
    `HTTPS://STORE-ABC.MYBIGCOMMERCE.COM/checkout`,
    `${STORE}:443/checkout`,
    `${STORE}/login/token/${JWT}`,
  ];
  for (const url of good) {
    test(`accepts ${url.slice(0, 80)}`, () => {
      assert.deepEqual(core.isSafeCheckoutUrl(url, STORE), { safe: true });
      assert.deepEqual(core.isSafeCheckoutUrl(url, [STORE]), { safe: true });
    });
  }

  const hostile = [
    ['https://evil.com/checkout', 'origin_not_allowed'],
    [`${STORE}.evil.com/checkout`, 'origin_not_allowed'],
    [`${STORE}:8443/checkout`, 'origin_not_allowed'],
    ['http://store-abc.mybigcommerce.com/checkout', 'insecure_scheme'],
    ['javascript:alert(1)', 'scheme_not_allowed'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'scheme_not_allowed'],
    ['//evil.com/checkout', 'not_absolute'],
    ['/checkout', 'not_absolute'],
    ['', 'not_absolute'],
    [`https://store-abc.mybigcommerce.com@evil.com/checkout`, 'userinfo'],
    [`https://evil.com@store-abc.mybigcommerce.com/checkout`, 'userinfo'],
    ['https://%73tore-abc.mybigcommerce.com/checkout', 'encoded_authority'],
    ['https://store-\u0430bc.mybigcommerce.com/checkout', 'bad_character'], // Cyrillic a
    ['https:\\\\store-abc.mybigcommerce.com/checkout', 'bad_character'],
    [' https://store-abc.mybigcommerce.com/checkout', 'bad_character'],
    ['https://[::1]/checkout', 'origin_not_allowed'], // this machine, but not the store
    ['https://[2001:db8::1]/checkout', 'bad_host'], // [::1] is the only IP-literal host
    ['https://[0:0:0:0:0:0:0:1]/checkout', 'bad_host'], // [::1], not as browsers write it
    [`${STORE}:99999/checkout`, 'bad_port'],
    [`${STORE}/account.php`, 'path_not_allowed'],
    [`${STORE}/checkout/../admin`, 'path_not_allowed'],
    [`${STORE}/login/token/not-a-jwt`, 'path_not_allowed'],
    [`${STORE}/checkout?x=${'a'.repeat(9000)}`, 'url_too_long'],
  ];
  for (const [url, code] of hostile) {
    test(`refuses ${JSON.stringify(url.slice(0, 70))} with ${code}`, () => {
      for (const origins of [STORE, [STORE], [OTHER_STORE, STORE]]) {
        const verdict = core.isSafeCheckoutUrl(url, origins);
        assert.deepEqual(Object.keys(verdict).sort(), ['code', 'reason', 'safe']);
        assert.equal(verdict.safe, false);
        assert.equal(verdict.code, code, verdict.reason);
        assert.equal(typeof verdict.reason, 'string');
        assert.ok(verdict.reason.length > 0);
      }
    });
  }

  test('a string origin and a one-element array give the same verdicts', () => {
    for (const url of [...good, ...hostile.map(([u]) => u)]) {
      assert.deepEqual(core.isSafeCheckoutUrl(url, STORE), core.isSafeCheckoutUrl(url, [STORE]), url);
    }
  });

  test('with several origins, any of them may match', () => {
    assert.deepEqual(core.isSafeCheckoutUrl(`${OTHER_STORE}/checkout`, [STORE, OTHER_STORE]), { safe: true });
    assert.deepEqual(core.isSafeCheckoutUrl(`${STORE}/checkout`, [OTHER_STORE, STORE]), { safe: true });
    // ... but only those: the other store is not allowed when it is not listed.
    const verdict = core.isSafeCheckoutUrl(`${OTHER_STORE}/checkout`, STORE);
    assert.equal(verdict.safe, false);
    assert.equal(verdict.code, 'origin_not_allowed');
  });

  test('a trailing slash on a configured origin is accepted', () => {
    assert.deepEqual(core.isSafeCheckoutUrl(`${STORE}/checkout`, `${STORE}/`), { safe: true });
  });

  test('never throws: a missing or unusable origin list is a refusal', () => {
    let verdict = core.isSafeCheckoutUrl(`${STORE}/checkout`, []);
    assert.deepEqual({ safe: verdict.safe, code: verdict.code }, { safe: false, code: 'no_store_origins' });
    verdict = core.isSafeCheckoutUrl(`${STORE}/checkout`, undefined);
    assert.deepEqual({ safe: verdict.safe, code: verdict.code }, { safe: false, code: 'no_store_origins' });
    verdict = core.isSafeCheckoutUrl('http://example.com/checkout', 'http://example.com');
    assert.deepEqual({ safe: verdict.safe, code: verdict.code }, { safe: false, code: 'invalid_store_origin' });
    verdict = core.isSafeCheckoutUrl(null, STORE);
    assert.equal(verdict.safe, false);
    assert.equal(verdict.code, 'not_absolute');
  });

  test('http is accepted for a configured localhost origin (development)', () => {
    assert.deepEqual(core.isSafeCheckoutUrl('http://localhost:3000/checkout', 'http://localhost:3000'), { safe: true });
    const verdict = core.isSafeCheckoutUrl('http://localhost:3001/checkout', 'http://localhost:3000');
    assert.equal(verdict.safe, false);
  });

  test('http on this machine is any loopback host: localhost, 127.x.y.z and [::1]', () => {
    const store = 'http://[::1]:8081';
    assert.deepEqual(core.isSafeCheckoutUrl(`${store}/cart.php`, store), { safe: true });
    assert.deepEqual(core.isSafeCheckoutUrl(`${store}/cart.php?action=loadInCheckout&id=c1&token=t1`, store), { safe: true });
    assert.deepEqual(core.isSafeCheckoutUrl(`${store}/login/token/${JWT}`, store), { safe: true });
    assert.equal(core.isSafeCheckoutUrl('http://[::1]:8082/cart.php', store).code, 'origin_not_allowed');
    assert.equal(core.isSafeCheckoutUrl('http://localhost:8081/cart.php', store).code, 'origin_not_allowed');
    assert.deepEqual(core.isSafeCheckoutUrl('http://127.0.0.2:8081/checkout', 'http://127.0.0.2:8081'), { safe: true });
    assert.equal(
      serverCore.chooseCheckoutUrl({ mode: 'redirect', redirectUrls: { checkout_url: `${store}/cart.php?action=loadInCheckout&id=c1&token=t1` }, storeOrigins: store }),
      `${store}/cart.php?action=loadInCheckout&id=c1&token=t1`,
    );
  });
});

describe('chooseCheckoutUrl', () => {
  let core;
  before(async () => {
    core = await loadServerCore();
  });

  test('redirect mode returns checkout_url', () => {
    assert.equal(core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', storeOrigins: STORE }), REDIRECT_URLS.checkout_url);
    assert.equal(core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', storeOrigins: [OTHER_STORE, STORE] }), REDIRECT_URLS.checkout_url);
  });

  test('embedded mode returns embedded_checkout_url', () => {
    assert.equal(
      core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'embedded', storeOrigins: [STORE] }),
      REDIRECT_URLS.embedded_checkout_url,
    );
  });

  test('a login URL (customer login token) takes precedence', () => {
    const loginUrl = `${STORE}/login/token/${JWT}`;
    assert.equal(core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', loginUrl, storeOrigins: STORE }), loginUrl);
    assert.equal(core.chooseCheckoutUrl({ redirectUrls: {}, mode: 'embedded', loginUrl, storeOrigins: STORE }), loginUrl);
  });

  test('a login URL must be a login-token URL on the store', () => {
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', loginUrl: `${STORE}/checkout`, storeOrigins: STORE }),
      bcError('path_not_allowed'),
    );
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', loginUrl: `https://evil.com/login/token/${JWT}`, storeOrigins: STORE }),
      bcError('origin_not_allowed'),
    );
  });

  test('throws missing_checkout_url when the mode has no URL', () => {
    assert.throws(() => core.chooseCheckoutUrl({ redirectUrls: {}, mode: 'redirect', storeOrigins: STORE }), bcError('missing_checkout_url'));
    // cart_url (the cart page) is never a stand-in for checkout, in either mode.
    for (const mode of ['redirect', 'embedded']) {
      assert.throws(() => core.chooseCheckoutUrl({ redirectUrls: { cart_url: REDIRECT_URLS.cart_url }, mode, storeOrigins: STORE }), bcError('missing_checkout_url'), mode);
    }
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: { checkout_url: REDIRECT_URLS.checkout_url }, mode: 'embedded', storeOrigins: STORE }),
      bcError('missing_checkout_url'),
    );
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: { embedded_checkout_url: REDIRECT_URLS.embedded_checkout_url }, mode: 'redirect', storeOrigins: STORE }),
      bcError('missing_checkout_url'),
    );
  });

  test('throws origin_not_allowed for a URL on another host', () => {
    const redirectUrls = { checkout_url: 'https://evil.com/cart.php?action=loadInCheckout&id=1&token=2' };
    assert.throws(() => core.chooseCheckoutUrl({ redirectUrls, mode: 'redirect', storeOrigins: STORE }), bcError('origin_not_allowed'));
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'redirect', storeOrigins: [OTHER_STORE] }),
      bcError('origin_not_allowed'),
    );
  });

  test('throws the URL check code for other unsafe URLs, and invalid_mode for an unknown mode', () => {
    assert.throws(
      () => core.chooseCheckoutUrl({ redirectUrls: { checkout_url: 'javascript:alert(1)' }, mode: 'redirect', storeOrigins: STORE }),
      bcError('scheme_not_allowed'),
    );
    assert.throws(() => core.chooseCheckoutUrl({ redirectUrls: REDIRECT_URLS, mode: 'popup', storeOrigins: STORE }), bcError('invalid_mode'));
  });
});

describe('checkStoreOrigins', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  test('accepts https origins and http://localhost', () => {
    assert.equal(core.checkStoreOrigins(STORE), undefined);
    assert.equal(core.checkStoreOrigins([STORE, OTHER_STORE, 'http://localhost:3000']), undefined);
  });

  test('accepts plain http on every loopback host: 127.x.y.z and [::1] too', () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://127.1.2.3:3000', 'http://[::1]:8081', 'http://[::1]', 'https://[::1]:8443']) {
      assert.equal(core.checkStoreOrigins(origin), undefined, origin);
    }
    for (const origin of ['http://128.0.0.1', 'http://[::2]:8081', 'http://127.1:3000', 'http://0.0.0.0']) {
      assert.throws(() => core.checkStoreOrigins(origin), bcError('invalid_store_origin'), origin);
    }
  });

  test('throws invalid_store_origin for http://example.com', () => {
    assert.throws(() => core.checkStoreOrigins('http://example.com'), bcError('invalid_store_origin'));
    assert.throws(() => core.checkStoreOrigins([STORE, 'http://example.com']), bcError('invalid_store_origin'));
  });

  test('throws invalid_store_origin for an origin with a path, userinfo or another scheme', () => {
    for (const origin of [`${STORE}/shop`, `${STORE}?x=1`, 'https://user@store.example.com', 'ftp://store.example.com', 'store.example.com']) {
      assert.throws(() => core.checkStoreOrigins(origin), bcError('invalid_store_origin'), origin);
    }
  });

  test('throws no_store_origins for an empty list', () => {
    assert.throws(() => core.checkStoreOrigins([]), bcError('no_store_origins'));
  });
});

describe('parseMoney and currencyExponent', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  test('parses exact amounts into minor units of the currency', () => {
    assert.deepEqual(core.parseMoney('19.99', 'USD'), { minor: 1999, exponent: 2 });
    assert.deepEqual(core.parseMoney(19.99, 'USD'), { minor: 1999, exponent: 2 });
    assert.deepEqual(core.parseMoney('5', 'JPY'), { minor: 5, exponent: 0 });
    assert.deepEqual(core.parseMoney('1.234', 'KWD'), { minor: 1234, exponent: 3 });
    assert.deepEqual(core.parseMoney('0.1', 'USD'), { minor: 10, exponent: 2 });
    assert.deepEqual(core.parseMoney(0.1, 'USD'), { minor: 10, exponent: 2 });
    assert.deepEqual(core.parseMoney('19.990', 'USD'), { minor: 1999, exponent: 2 });
    assert.deepEqual(core.parseMoney('7', 'usd'), { minor: 700, exponent: 2 });
  });

  const refusals = [
    ['19.999', 'USD'],
    [19.999, 'USD'],
    ['1.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['abc', 'USD'],
    ['', 'USD'],
    ['1e3', 'USD'],
    ['1,000', 'USD'],
    [' 1', 'USD'],
    ['+1', 'USD'],
    ['.5', 'USD'],
    ['5.', 'USD'],
    [NaN, 'USD'],
    [Infinity, 'USD'],
  ];
  for (const [amount, currency] of refusals) {
    test(`refuses ${JSON.stringify(String(amount))} ${currency} with invalid_amount`, () => {
      assert.throws(() => core.parseMoney(amount, currency), bcError('invalid_amount'));
    });
  }

  test('refuses an unknown currency with unknown_currency', () => {
    assert.throws(() => core.parseMoney('1', 'XXX'), bcError('unknown_currency'));
    assert.throws(() => core.parseMoney('1', 'US'), bcError('unknown_currency'));
  });

  test('refuses amounts beyond int64 with amount_too_large', () => {
    assert.throws(() => core.parseMoney('99999999999999999999', 'USD'), bcError('amount_too_large'));
  });

  test('never returns an inexact minor amount (beyond 2^53 a JS number cannot hold it)', () => {
    // 12345678901234567 minor units: not representable as a double. "Exactly; throws on anything inexact":
    // either refuse it or return it exactly -- never 12345678901234568.
    let result;
    try {
      result = core.parseMoney('123456789012345.67', 'USD');
    } catch (error) {
      assert.ok(error instanceof BCCheckoutError);
      assert.equal(error.code, 'amount_too_large');
      return;
    }
    assert.ok(Number.isSafeInteger(result.minor), `parseMoney returned the inexact minor amount ${result.minor}`);
  });

  test('currencyExponent gives ISO 4217 minor units, undefined when unknown', () => {
    assert.equal(core.currencyExponent('USD'), 2);
    assert.equal(core.currencyExponent('EUR'), 2);
    assert.equal(core.currencyExponent('JPY'), 0);
    assert.equal(core.currencyExponent('KWD'), 3);
    assert.equal(core.currencyExponent('BHD'), 3);
    assert.equal(core.currencyExponent('CLF'), 4);
    assert.equal(core.currencyExponent('jpy'), 0);
    assert.equal(core.currencyExponent('XXX'), undefined);
    assert.equal(core.currencyExponent(''), undefined);
    assert.equal(core.currencyExponent('USDX'), undefined);
  });
});

describe('planCartSync', () => {
  // carts.v3.yml, CartCreatePostData: line_items are cart_PostVariant | cart_PostModifier.
  const LINE_ITEM_KEYS = new Set(['quantity', 'product_id', 'variant_id', 'option_selections', 'name', 'gift_wrapping', 'list_price']);
  const CREATE_KEYS = new Set(['customer_id', 'line_items', 'custom_items', 'gift_certificates', 'channel_id', 'currency', 'locale']);
  const CUSTOM_ITEM_KEYS = new Set(['sku', 'name', 'quantity', 'list_price', 'image_url']);

  const saved = {
    version: 2,
    currency: 'USD',
    nextLine: 5,
    lines: [
      { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2, price: 1999, name: 'Orbit Terrarium' },
      { id: 'l2', type: 'product', productId: 81, quantity: 1, optionSelections: [{ optionId: 12, optionValue: 103 }, { optionId: 13, optionValue: 'Happy birthday' }] },
      { id: 'l4', type: 'custom', sku: 'ENGRAVE', name: 'Engraving', quantity: 1, listPrice: 500 },
    ],
  };

  // The merchant sells ENGRAVE (docs/server.md, "Custom items"): the plan prices custom lines from this list.
  const SELLS = { customItems: { items: [{ sku: 'ENGRAVE', name: 'Engraving', prices: { USD: 500 } }] } };

  let core;
  const shops = [];
  after(() => shops.forEach((s) => s.destroy()));

  before(async () => {
    core = await loadServerCore();
  });

  function checkCreateRequest(request, { channelId, currency }) {
    assert.equal(request.method, 'POST');
    assert.match(request.path, /^\/carts(\?|$)/);
    // The checkout URL comes from redirect_urls, which the create request must include.
    const include = new URLSearchParams(request.path.split('?')[1] ?? '').get('include') ?? '';
    assert.ok(include.split(',').includes('redirect_urls'), request.path);
    const body = request.body;
    assert.equal(typeof body, 'object');
    for (const key of Object.keys(body)) assert.ok(CREATE_KEYS.has(key), `unexpected create field ${key}`);
    assert.equal(body.channel_id, channelId);
    assert.deepEqual(body.currency, { code: currency });
    assert.ok(Array.isArray(body.line_items));
    for (const item of body.line_items) {
      for (const key of Object.keys(item)) assert.ok(LINE_ITEM_KEYS.has(key), `unexpected line item field ${key}`);
      assert.ok(!('list_price' in item), 'a product line item must never carry a browser price (list_price)');
      assert.ok(Number.isInteger(item.product_id) && item.product_id > 0);
      assert.ok(Number.isInteger(item.quantity) && item.quantity > 0);
    }
    return body;
  }

  test('a saved cart and no remote cart give one POST /carts request as carts.v3.yml expects', () => {
    const { requests, cartId } = core.planCartSync(saved, null, SELLS);
    assert.equal(cartId, '');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].kind, 'createCart');
    // One line id per item, in the body's order: line_items, then custom_items.
    assert.deepEqual(requests[0].lineIds, ['l1', 'l2', 'l4']);
    const body = checkCreateRequest(requests[0], { channelId: 1, currency: 'USD' });
    assert.deepEqual(body.line_items, [
      { quantity: 2, product_id: 80, variant_id: 64 },
      { quantity: 1, product_id: 81, option_selections: [{ option_id: 12, option_value: 103 }, { option_id: 13, option_value: 'Happy birthday' }] },
    ]);
    // Custom items are the merchant's own lines: they carry their price (decimal, major units).
    assert.ok(Array.isArray(body.custom_items));
    assert.deepEqual(body.custom_items, [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 1, list_price: 5 }]);
    for (const item of body.custom_items) for (const key of Object.keys(item)) assert.ok(CUSTOM_ITEM_KEYS.has(key), key);
    assert.ok(!('customer_id' in body));
  });

  test('options: channelId, customerId and locale reach the body', () => {
    const { requests } = core.planCartSync(saved, null, { ...SELLS, channelId: 7, customerId: 42, locale: 'en-US' });
    const body = checkCreateRequest(requests[0], { channelId: 7, currency: 'USD' });
    assert.equal(body.customer_id, 42);
    assert.equal(body.locale, 'en-US');
  });

  test('the saved cart may be given as its JSON text', () => {
    assert.deepEqual(core.planCartSync(JSON.stringify(saved), null, SELLS), core.planCartSync(saved, null, SELLS));
  });

  test("a checkout's toJSON() document plans the same create request", async () => {
    const shop = await createCheckout({ storeOrigins: STORE, storage: 'memory', currency: 'JPY', channelId: 3 });
    shops.push(shop);
    await shop.cart.add({ productId: 80, variantId: 64, quantity: 3, price: 1999 });
    await shop.cart.add({ productId: 90, quantity: 1 });
    const { requests } = core.planCartSync(shop.cart.toJSON(), null, { ...SELLS, channelId: 3 });
    assert.equal(requests.length, 1);
    const body = checkCreateRequest(requests[0], { channelId: 3, currency: 'JPY' });
    assert.deepEqual(body.line_items, [
      { quantity: 3, product_id: 80, variant_id: 64 },
      { quantity: 1, product_id: 90 },
    ]);
  });

  test('every request says its kind and the saved lines it serves; the kept cart id follows from the kinds', () => {
    const remote = {
      id: 'c-1', customer_id: 0, channel_id: 1, currency: { code: 'USD' },
      line_items: {
        physical_items: [
          { id: 'li-1', product_id: 80, variant_id: 64, quantity: 1 },
          { id: 'li-9', product_id: 99, variant_id: 1, quantity: 1 },
        ],
        digital_items: [], gift_certificates: [],
        custom_items: [{ id: 'ci-1', sku: 'ENGRAVE', name: 'Engraving', quantity: 3, list_price: 5 }],
      },
    };
    const { requests, cartId } = core.planCartSync({ ...saved, cartId: 'c-1' }, remote, { ...SELLS, customerId: 7 });
    assert.equal(cartId, 'c-1');
    assert.deepEqual(requests.map((r) => [r.kind, r.method, r.lineIds]), [
      ['setCustomer', 'PUT', []],
      ['addItems', 'POST', ['l2', 'l4']],
      ['updateItem', 'PUT', ['l1']],
      ['deleteItem', 'DELETE', ['l4']], // the custom item of the old quantity: replaced by the add
      ['deleteItem', 'DELETE', []], // an item no saved line has
    ]);
    assert.deepEqual(requests.map((r) => r.path.split('?')[0]), [
      '/carts/c-1', '/carts/c-1/items', '/carts/c-1/items/li-1', '/carts/c-1/items/ci-1', '/carts/c-1/items/li-9',
    ]);

    const replaced = core.planCartSync(saved, { ...remote, currency: { code: 'EUR' } }, SELLS);
    assert.equal(replaced.cartId, '');
    assert.deepEqual(replaced.requests.map((r) => [r.kind, r.lineIds]), [['deleteCart', []], ['createCart', ['l1', 'l2', 'l4']]]);
    const emptied = core.planCartSync({ version: 2, currency: 'USD', nextLine: 1, lines: [] }, remote, SELLS);
    assert.equal(emptied.cartId, '');
    assert.deepEqual(emptied.requests.map((r) => [r.kind, r.method, r.path]), [['deleteCart', 'DELETE', '/carts/c-1']]);
  });

  test("the server stub's include and cart id rule are the core's: the include of every planned request", () => {
    const { requests } = core.planCartSync(saved, null, SELLS);
    assert.equal(requests[0].path, `/carts?include=${core.cartInclude}`);
    assert.deepEqual(core.cartInclude.split(','), ['redirect_urls', 'line_items.physical_items.options', 'line_items.digital_items.options']);
    for (const id of ['d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5', 'D4E978C2-BDCF-41B0-A49B-ECF1A1A8F2D5', 'cart-1', 'a'.repeat(64)]) {
      assert.equal(core.isCartId(id), true, id);
    }
    for (const id of ['', 'a'.repeat(65), '../x', 'a/b', 'abc%2F..', 'abc?x=1', 'abc def', 'caf\u00e9', 'a\u0000b', undefined, null, 42, ['cart-1']]) {
      assert.equal(core.isCartId(id), false, String(id));
    }
  });

  test('a version 3 document plans as its version 2 lines would: the checkout section is not the cart sync\'s', () => {
    const v3 = { ...saved, version: 3, checkout: { billing: { countryCode: 'US' }, coupons: ['SAVE10'] } };
    assert.deepEqual(core.planCartSync(v3, null, SELLS), core.planCartSync(saved, null, SELLS));
    assert.throws(() => core.planCartSync({ ...v3, checkout: ['SAVE10'] }, null, SELLS), bcError('saved_cart_invalid'));
  });

  test('a cart session keeps the checkout section it is given (setCheckout) in what it saves', () => {
    const session = core._createCartSession();
    try {
      assert.equal(JSON.parse(session.restore(JSON.stringify(saved))).fromVersion, 2);
      assert.equal(JSON.parse(session.setCheckout(JSON.stringify({ coupons: ['SAVE10'] }))).ok, true);
      const doc = JSON.parse(session.save());
      assert.equal(doc.version, 3);
      assert.deepEqual(doc.checkout, { coupons: ['SAVE10'] });
      assert.equal(JSON.parse(session.setCheckout('"SAVE10"')).error.code, 'invalid_argument');
      assert.equal(JSON.parse(session.setCheckout('')).ok, true);
      assert.ok(!('checkout' in JSON.parse(session.save())));
    } finally {
      session.delete();
    }
  });

  test('an empty saved cart and no remote cart need no request', () => {
    const { requests, cartId } = core.planCartSync({ version: 2, currency: 'USD', nextLine: 1, lines: [] }, null, SELLS);
    assert.deepEqual(requests, []);
    assert.equal(cartId, '');
  });

  test('an unreadable saved cart throws a saved_cart_* BCCheckoutError', () => {
    assert.throws(() => core.planCartSync('{not json', null, SELLS), bcError('saved_cart_corrupt'));
    assert.throws(() => core.planCartSync({ version: 2, currency: 'USD', nextLine: 1, lines: 'x' }, null, SELLS), bcError('saved_cart_invalid'));
    assert.throws(() => core.planCartSync({ ...saved, version: 99 }, null, SELLS), bcError('saved_cart_unsupported_version'));
  });

  test('custom lines are priced from the merchant\'s list, and refused without one, naming the line', () => {
    const hostile = { ...saved, lines: [saved.lines[0], { id: 'l4', type: 'custom', sku: 'ENGRAVE', name: 'Orbit Terrarium', quantity: 5, listPrice: 0 }] };
    const { requests } = core.planCartSync(hostile, null, SELLS);
    assert.deepEqual(requests[0].body.custom_items, [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 5, list_price: 5 }]);
    assert.throws(() => core.planCartSync(hostile, null), (error) => error.code === 'custom_items_not_sold' && error.details.lineId === 'l4');
    const unknown = { ...hostile, lines: [{ ...hostile.lines[1], sku: 'ORB-TERR' }] };
    assert.throws(() => core.planCartSync(unknown, null, SELLS), (error) => error.code === 'unknown_custom_item' && error.details.lineId === 'l4');
    assert.deepEqual(core.checkCustomItems(SELLS.customItems), ['ENGRAVE']);
    assert.throws(() => core.checkCustomItems({ items: [{ sku: 'A' }] }), bcError('invalid_custom_items'));
  });
});
