// What a storefront can reach on the checkout object and its cart: the members in docs/api.md and
// index.d.ts, nothing with a leading underscore, and no way to the core's live cart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckout } from '../../dist/node.js';

const STORE = 'https://store-abc.mybigcommerce.com';
const DISPOSE = Symbol.dispose ?? Symbol.for('Symbol.dispose');

const CHECKOUT_MEMBERS = ['cart', 'core', 'options', 'storageKey', 'recovery', 'on', 'off', 'checkout', 'detach', 'sync',
  'signIn', 'signOut', 'session', 'destroy', 'subscribe', 'getSnapshot', 'store',
  // Checkout details (docs/api.md), loaded on first use.
  'applyCoupon', 'removeCoupon', 'applyGiftCertificate', 'removeGiftCertificate', 'setAddresses', 'shippingOptions',
  'chooseShipping', 'totals', 'placeOrder', 'savedCards', 'payWithSavedCard'];
const CART_MEMBERS = ['items', 'count', 'subtotal', 'currency', 'isEmpty', 'cartId', 'add', 'addCustom',
  'addGiftCertificate', 'update', 'remove', 'clear', 'toJSON'];

const shops = [];
after(() => {
  for (const shop of shops) shop.destroy();
});

async function newShop() {
  const shop = await createCheckout({ storeOrigins: STORE, storage: 'memory', locale: 'en-US' });
  shops.push(shop);
  return shop;
}

/** Every key an outsider can name on `object`: its own and its prototypes' up to Object.prototype. */
function reachableKeys(object) {
  const keys = new Set();
  for (let o = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) keys.add(key);
  }
  return keys;
}

function assertSurface(object, documented, symbols, what) {
  const keys = reachableKeys(object);
  for (const key of keys) {
    const name = typeof key === 'symbol' ? key.description ?? '' : key;
    assert.ok(!name.startsWith('_'), `${what} exposes ${String(key)}`);
  }
  const strings = [...keys].filter((k) => typeof k === 'string' && k !== 'constructor').sort();
  assert.deepEqual(strings, [...documented].sort(), `${what}'s string members`);
  assert.deepEqual([...keys].filter((k) => typeof k === 'symbol'), symbols, `${what}'s symbol members`);
  for (const key of documented) assert.ok(key in object, `${what}.${key} exists`);
  for (const key in object) assert.ok(!key.startsWith('_'), `${what} enumerates ${key}`);
  for (const key of Object.keys(object)) assert.ok(!key.startsWith('_'), `${what} has own key ${key}`);
}

test('the checkout object has the documented members and nothing with a leading underscore', async () => {
  const shop = await newShop();
  assertSurface(shop, CHECKOUT_MEMBERS, [DISPOSE], 'checkout');
  for (const name of ['on', 'off', 'checkout', 'detach', 'sync', 'signIn', 'signOut', 'session', 'destroy', 'subscribe', 'getSnapshot']) {
    assert.equal(typeof shop[name], 'function', `checkout.${name}`);
  }
  assert.equal(typeof shop[DISPOSE], 'function');
  // subscribe and getSnapshot are own bound functions, so they can be handed on unbound (useSyncExternalStore).
  assert.deepEqual(Object.keys(shop).sort(), ['cart', 'getSnapshot', 'recovery', 'subscribe']);
});

test('the cart has the documented members and nothing with a leading underscore', async () => {
  const shop = await newShop();
  assertSurface(shop.cart, CART_MEMBERS, [], 'cart');
  assert.deepEqual(Object.keys(shop.cart), []);
});

test('the internal cart calls are not reachable from the public objects', async () => {
  const shop = await newShop();
  for (const name of ['_mutate', '_view', '_saved', '_setCartId', '_session', '_checkout']) {
    assert.equal(shop[name], undefined, `checkout.${name}`);
    assert.equal(shop.cart[name], undefined, `cart.${name}`);
  }
  // The public path still works, and a change made through it is what the cart shows.
  const line = await shop.cart.add({ productId: 80, quantity: 2, price: '1.50' });
  assert.equal(shop.cart.count, 2);
  assert.equal(shop.cart.items[0].id, line.id);
  assert.equal(shop.cart.toJSON().lines.length, 1);
});
