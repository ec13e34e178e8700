// Keeping the cart: storage, reloads, broken saved carts, and "two tabs" (two checkouts on one storage in one
// process; Node 20's global BroadcastChannel links them as it links a site's tabs).
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckout, BCCheckoutError, MemoryStorage } from '../../dist/node.js';

const STORE = 'https://store-abc.mybigcommerce.com';
const OTHER_STORE = 'https://shop.example.com';

// Every checkout a test opens is destroyed after that test (a live one keeps its BroadcastChannel open).
const shops = [];
function destroyAll() {
  for (const shop of shops.splice(0)) shop.destroy();
}

async function open(storage, options = {}) {
  const shop = await createCheckout({ storeOrigins: STORE, storage, locale: 'en-US', ...options });
  shops.push(shop);
  return shop;
}

/** The storage key a checkout with these options uses (read from a throwaway memory-backed checkout). */
async function keyFor(options = {}) {
  const probe = await createCheckout({ storeOrigins: STORE, storage: 'memory', ...options });
  const key = probe.storageKey;
  probe.destroy();
  return key;
}

/** A plain Map-backed StorageLike, to check that any object with the three methods works. */
class MapStorage {
  constructor(entries = []) { this.map = new Map(entries); }
  getItem(key) { return this.map.has(key) ? this.map.get(key) : null; }
  setItem(key, value) { this.map.set(key, String(value)); }
  removeItem(key) { this.map.delete(key); }
}

/** Resolves with the next `name` event that passes `filter`; rejects after `timeout` ms. */
function nextEvent(shop, name, { filter = () => true, timeout = 1000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no '${name}' event within ${timeout} ms`));
    }, timeout);
    const unsubscribe = shop.on(name, (payload) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(payload);
    });
  });
}

/** Every `name` event over `ms` milliseconds. */
async function eventsDuring(shop, name, ms) {
  const seen = [];
  const unsubscribe = shop.on(name, (payload) => seen.push(payload));
  await new Promise((resolve) => setTimeout(resolve, ms));
  unsubscribe();
  return seen;
}

function bcError(code) {
  return (error) => {
    assert.ok(error instanceof BCCheckoutError, `expected a BCCheckoutError, got ${error && error.name}: ${error && error.message}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

const GIFT = {
  name: 'Birthday gift',
  theme: 'Birthday',
  amount: '25.00',
  sender: { name: 'Ann', email: 'ann@example.com' },
  recipient: { name: 'Bob', email: 'bob@example.com' },
};

describe('two tabs on one storage', () => {
  afterEach(destroyAll);

  test("a change in one appears in the other with source 'other-tab'", async () => {
    const storage = new MemoryStorage();
    const a = await open(storage);
    const b = await open(storage);
    const localEvents = [];
    a.on('change', (event) => localEvents.push(event.source));

    const seenByB = nextEvent(b, 'change');
    await a.cart.add({ productId: 80, variantId: 64, quantity: 2, price: '19.99' });
    const event = await seenByB;
    assert.equal(event.source, 'other-tab');
    assert.equal(event.cart, b.cart);
    assert.equal(b.cart.count, 2);
    assert.deepEqual(b.cart.items, a.cart.items);
    assert.equal(b.cart.subtotal.formatted, '$39.98');

    // And back: b's change reaches a.
    const seenByA = nextEvent(a, 'change', { filter: (e) => e.source === 'other-tab' });
    await b.cart.update('l1', 5);
    await seenByA;
    assert.equal(a.cart.count, 5);
    assert.deepEqual(a.cart.toJSON(), b.cart.toJSON());
    assert.deepEqual(localEvents, ['local', 'other-tab']);

    // clear() travels too.
    const cleared = nextEvent(b, 'change');
    await a.cart.clear();
    await cleared;
    assert.equal(b.cart.isEmpty, true);
  });

  test('works the same with a Map-backed storage object of our own', async () => {
    const storage = new MapStorage();
    const a = await open(storage);
    const b = await open(storage);
    const seen = nextEvent(b, 'change');
    await a.cart.addCustom({ sku: 'ENGRAVE', name: 'Engraving', listPrice: '5.00' });
    assert.equal((await seen).source, 'other-tab');
    assert.equal(b.cart.items[0].sku, 'ENGRAVE');
    assert.equal(storage.getItem(a.storageKey), JSON.stringify(a.cart.toJSON()));
  });

  test('destroying one tab does not disturb the others', async () => {
    const storage = new MemoryStorage();
    const a = await open(storage);
    const b = await open(storage);
    const c = await open(storage);
    b.destroy();
    const seenByC = nextEvent(c, 'change');
    await a.cart.add({ productId: 1 });
    await seenByC; // c still follows, so the message was sent
    assert.throws(() => b.cart.items, bcError('destroyed'));
  });

  test("a saved cart in another currency from another tab does not change this tab's currency", async () => {
    // The same store and channel configured for EUR in one tab and USD in the other share a storage key.
    const storage = new MemoryStorage();
    const usd = await open(storage);
    const eur = await open(storage, { currency: 'EUR' });
    const events = eventsDuring(usd, 'change', 300);
    await eur.cart.add({ productId: 80, price: '19.99' });
    await events;
    assert.equal(usd.cart.currency, 'USD', 'a USD checkout must not end up holding a EUR cart');
    assert.equal(usd.cart.subtotal.currency, 'USD');
  });
});

describe('reload', () => {
  afterEach(destroyAll);

  test('a new instance on the same storage restores the cart exactly', async () => {
    const storage = new MapStorage();
    const first = await open(storage);
    await first.cart.add({
      productId: 80, variantId: 64, quantity: 2, price: '19.99', name: 'Orbit Terrarium',
      imageUrl: 'https://cdn.example.com/80.jpg', url: '/orbit/', optionSelections: [{ optionId: 3, optionValue: 'Hello' }, { optionId: 1, optionValue: 7 }],
    });
    const removed = await first.cart.add({ productId: 81 });
    await first.cart.add({ productId: 82 }); // no price
    await first.cart.addCustom({ sku: 'ENGRAVE', name: 'Engraving', quantity: 3, listPrice: '5.50' });
    await first.cart.addGiftCertificate(GIFT);
    await first.cart.remove(removed.id);
    const doc = first.cart.toJSON();
    const items = JSON.stringify(first.cart.items);
    const { count, subtotal } = first.cart;
    first.destroy();

    const second = await open(storage);
    assert.equal(second.recovery, null);
    assert.deepEqual(second.cart.toJSON(), doc);
    assert.equal(JSON.stringify(second.cart.items), items);
    assert.equal(second.cart.count, count);
    assert.deepEqual(second.cart.subtotal, subtotal);
    assert.equal(second.cart.subtotal.complete, false);
    // The id counter survives too: the removed line's id is not reused.
    const next = await second.cart.add({ productId: 99 });
    assert.equal(next.id, 'l6');
  });

  test('an empty or never-used storage gives an empty cart and no error', async () => {
    const storage = new MapStorage();
    const shop = await open(storage);
    const errors = await eventsDuring(shop, 'error', 50);
    assert.deepEqual(errors, []);
    assert.equal(shop.cart.isEmpty, true);
    assert.equal(shop.recovery, null);
  });

  test('a version-1 document (money as decimal strings) is migrated', async () => {
    const storage = new MapStorage();
    const key = await keyFor();
    storage.setItem(key, JSON.stringify({ version: 1, currency: 'USD', lines: [{ id: 'l3', type: 'product', productId: 80, quantity: 2, price: '19.99' }] }));
    const shop = await open(storage);
    assert.equal(shop.recovery, null);
    assert.equal(shop.cart.items.length, 1);
    const [line] = shop.cart.items;
    assert.equal(line.id, 'l3');
    assert.equal(line.productId, 80);
    assert.equal(line.quantity, 2);
    assert.deepEqual(line.price, { minor: 1999, currency: 'USD', formatted: '$19.99' });
    assert.equal(shop.cart.subtotal.formatted, '$39.98');
    const added = await shop.cart.add({ productId: 81 });
    assert.equal(added.id, 'l4');
    // The next save is a version-3 document.
    const saved = JSON.parse(storage.getItem(key));
    assert.equal(saved.version, 3);
    assert.equal(saved.nextLine, 5);
    assert.equal(saved.lines[0].price, 1999);
  });
});

describe('saved carts that cannot be restored', () => {
  afterEach(destroyAll);

  const broken = [
    ['not JSON', '{not json', 'saved_cart_corrupt'],
    ['empty text', '', 'saved_cart_corrupt'],
    ['a JSON array', '[1,2,3]', 'saved_cart_corrupt'],
    ['a JSON string', '"cart"', 'saved_cart_corrupt'],
    ['a newer version', '{"version":99,"currency":"USD","nextLine":1,"lines":[]}', 'saved_cart_unsupported_version'],
    ['version as a string', '{"version":"2","currency":"USD","nextLine":1,"lines":[]}', 'saved_cart_invalid'],
    ['lines of the wrong type', '{"version":2,"currency":"USD","nextLine":1,"lines":"x"}', 'saved_cart_invalid'],
    ['no lines', '{"version":2,"currency":"USD","nextLine":1}', 'saved_cart_invalid'],
    ['productId as a string', '{"version":2,"currency":"USD","nextLine":2,"lines":[{"id":"l1","type":"product","productId":"80","quantity":1}]}', 'saved_cart_invalid'],
    ['a negative quantity', '{"version":2,"currency":"USD","nextLine":2,"lines":[{"id":"l1","type":"product","productId":80,"quantity":-1}]}', 'saved_cart_invalid'],
    ['nextLine reusing an id', '{"version":2,"currency":"USD","nextLine":1,"lines":[{"id":"l1","type":"product","productId":80,"quantity":1}]}', 'saved_cart_invalid'],
    ['an unknown currency', '{"version":2,"currency":"ZZZ","nextLine":1,"lines":[]}', 'saved_cart_invalid'],
  ];

  for (const [label, text, code] of broken) {
    test(`${label}: 'error' event ${code}, raw text kept, empty working cart`, async () => {
      const storage = new MapStorage();
      const key = await keyFor();
      storage.setItem(key, text);
      const shop = await open(storage);
      // The listener is attached only now, after createCheckout resolved: the error still arrives.
      const error = await nextEvent(shop, 'error');
      assert.ok(error instanceof BCCheckoutError);
      assert.equal(error.code, code, error.message);
      const recoveryKey = `${shop.storageKey}:recovery`;
      assert.equal(storage.getItem(recoveryKey), text);
      assert.deepEqual(error.details, { recoveryKey, text });
      assert.ok(shop.recovery);
      assert.equal(shop.recovery.text, text);
      assert.equal(shop.recovery.key, recoveryKey);
      assert.equal(shop.recovery.error, error);

      assert.equal(shop.cart.isEmpty, true);
      const line = await shop.cart.add({ productId: 5, price: '2.00' });
      assert.equal(shop.cart.count, 1);
      assert.equal(line.id, 'l1');
      assert.deepEqual(JSON.parse(storage.getItem(key)), shop.cart.toJSON());
      assert.equal(storage.getItem(recoveryKey), text, 'the recovery copy outlives the next save');
    });
  }

  test('a saved cart in another currency: saved_cart_currency_mismatch and an empty cart', async () => {
    const storage = new MemoryStorage();
    const eur = await open(storage, { currency: 'EUR' });
    await eur.cart.add({ productId: 80, price: '19.99', quantity: 2 });
    const text = storage.getItem(eur.storageKey);
    eur.destroy();

    const usd = await open(storage, { currency: 'USD' });
    const error = await nextEvent(usd, 'error');
    assert.ok(error instanceof BCCheckoutError);
    assert.equal(error.code, 'saved_cart_currency_mismatch');
    assert.equal(usd.cart.isEmpty, true);
    assert.equal(usd.cart.currency, 'USD');
    assert.equal(usd.recovery.text, text);
    assert.equal(storage.getItem(`${usd.storageKey}:recovery`), text);
    const line = await usd.cart.add({ productId: 1, price: '1.00' });
    assert.equal(line.price.currency, 'USD');
  });

  test('when the recovery copy cannot be written, recovery.key is null but the text is kept in memory', async () => {
    const key = await keyFor();
    const storage = new MapStorage([[key, '{not json']]);
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (k, v) => {
      if (k.endsWith(':recovery')) throw new Error('denied');
      setItem(k, v);
    };
    const shop = await open(storage);
    const error = await nextEvent(shop, 'error');
    assert.equal(error.code, 'saved_cart_corrupt');
    assert.deepEqual(error.details, { recoveryKey: null, text: '{not json' });
    assert.equal(shop.recovery.key, null);
    assert.equal(shop.recovery.text, '{not json');
    await shop.cart.add({ productId: 1 });
    assert.equal(shop.cart.count, 1);
  });

  test('a saved cart whose subtotal cannot be represented does not make createCheckout fail', async () => {
    // Each price fits an int64 of minor units, their sum does not. Restoring must not brick the storefront:
    // createCheckout resolves, the text is kept for recovery and the cart starts empty.
    const key = await keyFor();
    const text = JSON.stringify({ version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 80, quantity: 2, price: 5000000000000000000 }] });
    const storage = new MapStorage([[key, text]]);
    const shop = await open(storage);
    const error = await nextEvent(shop, 'error');
    assert.ok(error instanceof BCCheckoutError);
    assert.ok(['saved_cart_invalid', 'amount_too_large'].includes(error.code), error.code);
    assert.equal(shop.recovery.text, text);
    assert.doesNotThrow(() => shop.cart.items);
    assert.equal(shop.cart.isEmpty, true);
  });

  test('a storage whose getItem throws: storage_failed, and the cart works in memory', async () => {
    const storage = new MapStorage();
    storage.getItem = () => { throw new Error('SecurityError: access denied'); };
    const shop = await open(storage);
    const error = await nextEvent(shop, 'error');
    assert.equal(error.code, 'storage_failed');
    await shop.cart.add({ productId: 1 });
    assert.equal(shop.cart.count, 1);
  });
});

describe('storage failures while saving', () => {
  afterEach(destroyAll);

  for (const [label, makeError] of [
    ['a DOMException QuotaExceededError', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    ["an Error named 'QuotaExceededError'", () => Object.assign(new Error('quota'), { name: 'QuotaExceededError' })],
  ]) {
    test(`${label}: 'error' event storage_quota_exceeded, the in-memory cart keeps working`, async () => {
      const storage = new MapStorage();
      storage.setItem = () => { throw makeError(); };
      const shop = await open(storage);
      const errors = [];
      shop.on('error', (error) => errors.push(error));
      const line = await shop.cart.add({ productId: 80, price: '19.99' });
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof BCCheckoutError);
      assert.equal(errors[0].code, 'storage_quota_exceeded');
      assert.equal(errors[0].cause?.name, 'QuotaExceededError');

      await shop.cart.update(line.id, 3);
      await shop.cart.addCustom({ sku: 'A', name: 'B', listPrice: 1 });
      assert.equal(shop.cart.count, 4);
      assert.equal(shop.cart.subtotal.formatted, '$60.97');
      assert.equal(shop.cart.toJSON().lines.length, 2);
      assert.ok(errors.every((e) => e.code === 'storage_quota_exceeded'));
    });
  }

  test('an error raised before any listener is attached is delivered when one is', async () => {
    const storage = new MapStorage();
    storage.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    const shop = await open(storage);
    await shop.cart.add({ productId: 1 });
    const error = await nextEvent(shop, 'error');
    assert.equal(error.code, 'storage_quota_exceeded');
  });

  test('another setItem failure gives storage_failed', async () => {
    const storage = new MapStorage();
    storage.setItem = () => { throw new Error('disk on fire'); };
    const shop = await open(storage);
    const seen = nextEvent(shop, 'error');
    await shop.cart.add({ productId: 1 });
    assert.equal((await seen).code, 'storage_failed');
    assert.equal(shop.cart.count, 1);
  });
});

describe('storage keys', () => {
  afterEach(destroyAll);

  test('the key includes the store origin and the channel id', async () => {
    const storage = new MemoryStorage();
    const one = await open(storage, { channelId: 1 });
    const two = await open(storage, { channelId: 2 });
    const other = await open(storage, { storeOrigins: OTHER_STORE, channelId: 1 });
    assert.ok(one.storageKey.includes(STORE));
    assert.ok(other.storageKey.includes(OTHER_STORE));
    assert.match(one.storageKey, /1$/);
    assert.match(two.storageKey, /2$/);
    assert.equal(new Set([one.storageKey, two.storageKey, other.storageKey]).size, 3);
  });

  test('two channels on one storage do not share a cart', async () => {
    const storage = new MemoryStorage();
    const one = await open(storage, { channelId: 1 });
    const two = await open(storage, { channelId: 2 });
    const twoEvents = eventsDuring(two, 'change', 200);
    await one.cart.add({ productId: 80, quantity: 2 });
    assert.deepEqual(await twoEvents, []);
    assert.equal(two.cart.isEmpty, true);
    assert.notEqual(storage.getItem(one.storageKey), null);
    assert.equal(storage.getItem(two.storageKey), null);

    await two.cart.add({ productId: 90 });
    const oneAgain = await open(storage, { channelId: 1 });
    const twoAgain = await open(storage, { channelId: 2 });
    assert.deepEqual(oneAgain.cart.items.map((l) => [l.productId, l.quantity]), [[80, 2]]);
    assert.deepEqual(twoAgain.cart.items.map((l) => [l.productId, l.quantity]), [[90, 1]]);
  });

  test('two store origins on one storage do not share a cart', async () => {
    const storage = new MemoryStorage();
    const a = await open(storage, { storeOrigins: STORE });
    const b = await open(storage, { storeOrigins: OTHER_STORE });
    const bEvents = eventsDuring(b, 'change', 200);
    await a.cart.add({ productId: 80 });
    assert.deepEqual(await bEvents, []);
    assert.equal(b.cart.isEmpty, true);
    const bAgain = await open(storage, { storeOrigins: OTHER_STORE });
    assert.equal(bAgain.cart.isEmpty, true);
  });
});
