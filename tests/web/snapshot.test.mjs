// The cart as state for UI frameworks, from the shipped builds: shop.subscribe / shop.getSnapshot (what React's
// useSyncExternalStore needs: the same snapshot object until the cart changes), shop.store (Svelte's store
// contract) and bc-checkout-helper/react's useCart, rendered with react-dom/server. "Two tabs" are two checkouts
// on one storage, linked by Node's global BroadcastChannel as a site's tabs are.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { createCheckout, BCCheckoutError, MemoryStorage } from '../../dist/node.js';
import { useCart } from '../../dist/react.js';

const STORE = 'https://store-abc.mybigcommerce.com';
const CART_ID = '1c0f5d9e-7a4b-4c2e-9d3f-8b6a5e4d3c2b';
const TERRARIUM = { productId: 80, variantId: 64, quantity: 1, name: 'Orbit Terrarium', price: '19.99' };

const shops = [];
afterEach(() => {
  for (const shop of shops.splice(0)) shop.destroy();
});

async function open(options = {}) {
  const shop = await createCheckout({ storeOrigins: STORE, storage: 'memory', locale: 'en-US', ...options });
  shops.push(shop);
  return shop;
}

/** A fetch that answers the server stub's routes from `routes` ('POST /cart' -> { status, body }), recording calls. */
function fakeStub(routes) {
  const calls = [];
  const fetch = async (url, init) => {
    const route = `${init.method} ${new URL(url).pathname.replace(/^\/api/, '')}`;
    calls.push(route);
    const answer = routes[route] ?? { status: 404, body: { error: { code: 'not_found', message: route } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, calls };
}

/** Resolves with the next snapshot `shop.subscribe` delivers that passes `filter`. */
function nextSnapshot(shop, filter = () => true) {
  return new Promise((resolve) => {
    const unsubscribe = shop.subscribe((snapshot) => {
      if (!filter(snapshot)) return;
      unsubscribe();
      resolve(snapshot);
    });
  });
}

describe('getSnapshot', () => {
  test('the same frozen object until the cart changes, a new one after', async () => {
    const shop = await open();
    const empty = shop.getSnapshot();
    assert.equal(shop.getSnapshot(), empty);
    assert.ok(Object.isFrozen(empty) && Object.isFrozen(empty.items) && Object.isFrozen(empty.subtotal));
    assert.deepEqual(Object.keys(empty).sort(), ['cartId', 'checkingOut', 'count', 'currency', 'isEmpty', 'items', 'subtotal']);
    assert.deepEqual(
      { count: empty.count, isEmpty: empty.isEmpty, cartId: empty.cartId, currency: empty.currency, checkingOut: empty.checkingOut, items: empty.items },
      { count: 0, isEmpty: true, cartId: null, currency: 'USD', checkingOut: false, items: [] },
    );

    // Reading the cart through its own getters does not make a new snapshot either.
    void shop.cart.items, shop.cart.subtotal.formatted;
    assert.equal(shop.getSnapshot(), empty);

    const line = await shop.cart.add({ ...TERRARIUM, quantity: 2 });
    const added = shop.getSnapshot();
    assert.notEqual(added, empty);
    assert.equal(shop.getSnapshot(), added);
    assert.equal(added.count, 2);
    assert.equal(added.isEmpty, false);
    assert.equal(added.subtotal.formatted, '$39.98');
    assert.deepEqual(added.items, [line]);
    assert.equal(added.items, shop.cart.items, 'the cart\'s own frozen lines, not copies');
    // The earlier snapshot still says what the cart was: nothing in it was changed in place.
    assert.equal(empty.count, 0);
    assert.throws(() => { 'use strict'; added.count = 5; }, TypeError);

    await shop.cart.update(line.id, 3);
    assert.notEqual(shop.getSnapshot(), added);
    assert.equal(shop.getSnapshot().count, 3);
  });

  test('subscribe and getSnapshot are bound and the same functions for the object\'s life', async () => {
    const shop = await open();
    const { subscribe, getSnapshot } = shop;
    assert.equal(shop.subscribe, subscribe);
    assert.equal(shop.getSnapshot, getSnapshot);
    let calls = 0;
    const unsubscribe = subscribe(() => { calls += 1; });
    await shop.cart.add(TERRARIUM);
    assert.equal(calls, 1);
    assert.equal(getSnapshot().count, 1);
    unsubscribe();
  });
});

describe('subscribe', () => {
  test('called with the new snapshot on each change; unsubscribe stops it', async () => {
    const shop = await open();
    const seen = [];
    const unsubscribe = shop.subscribe((snapshot) => seen.push(snapshot));
    await shop.cart.add(TERRARIUM);
    await shop.cart.add(TERRARIUM);
    assert.deepEqual(seen.map((s) => s.count), [1, 2]);
    assert.equal(seen[1], shop.getSnapshot());
    assert.notEqual(seen[0], seen[1]);

    unsubscribe();
    unsubscribe(); // twice is harmless
    await shop.cart.clear();
    assert.equal(seen.length, 2);
  });

  test('one function subscribed twice is two subscriptions, each undone on its own', async () => {
    const shop = await open();
    let calls = 0;
    const listener = () => { calls += 1; };
    const first = shop.subscribe(listener);
    const second = shop.subscribe(listener);
    await shop.cart.add(TERRARIUM);
    assert.equal(calls, 2);
    first();
    await shop.cart.add(TERRARIUM);
    assert.equal(calls, 3);
    second();
    await shop.cart.add(TERRARIUM);
    assert.equal(calls, 3);
  });

  test('a listener that unsubscribes another during a change stops it at once', async () => {
    const shop = await open();
    const calls = [];
    let unsubscribeB;
    shop.subscribe(() => { calls.push('a'); unsubscribeB(); });
    unsubscribeB = shop.subscribe(() => calls.push('b'));
    await shop.cart.add(TERRARIUM);
    assert.deepEqual(calls, ['a']);
  });

  test('a listener that throws does not stop the others, nor the change; its error is rethrown apart', async () => {
    const shop = await open();
    shop.subscribe(() => { throw new Error('listener broke'); });
    let seen = null;
    shop.subscribe((snapshot) => { seen = snapshot; });
    // The error is thrown again from a timer of its own (reported as uncaught, as a browser would): caught here.
    const deferred = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = (fn) => deferred.push(fn);
    try {
      await shop.cart.add(TERRARIUM);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.equal(seen?.count, 1);
    assert.equal(shop.cart.count, 1);
    assert.equal(deferred.length, 1);
    assert.throws(deferred[0], /listener broke/);
  });

  test('refuses a listener that is not a function', async () => {
    const shop = await open();
    for (const bad of [undefined, null, 'change', {}]) {
      assert.throws(() => shop.subscribe(bad), (error) => error instanceof BCCheckoutError && error.code === 'invalid_argument');
    }
  });

  test('another tab\'s change reaches the listener with a new snapshot', async () => {
    const storage = new MemoryStorage();
    const a = await open({ storage });
    const b = await open({ storage });
    const before = b.getSnapshot();
    const seen = nextSnapshot(b);
    await a.cart.add({ ...TERRARIUM, quantity: 4 });
    const snapshot = await seen;
    assert.notEqual(snapshot, before);
    assert.equal(snapshot, b.getSnapshot());
    assert.equal(snapshot.count, 4);
    assert.equal(snapshot.subtotal.formatted, '$79.96');

    // And the emptying travels too.
    const emptied = nextSnapshot(b);
    await a.cart.clear();
    assert.equal((await emptied).isEmpty, true);
  });

  test('sync setting the BigCommerce cart id is a change', async () => {
    const stub = fakeStub({ 'POST /cart': { status: 200, body: { cartId: CART_ID, cartToken: 'tok.en', cart: { id: CART_ID, lines: [] } } } });
    const shop = await open({ server: 'https://shop.example.com/api', fetch: stub.fetch });
    await shop.cart.add(TERRARIUM);
    const before = shop.getSnapshot();
    const seen = [];
    shop.subscribe((snapshot) => seen.push(snapshot));
    await shop.sync();
    assert.deepEqual(stub.calls, ['POST /cart']);
    assert.equal(seen.at(-1), shop.getSnapshot());
    assert.equal(shop.getSnapshot().cartId, CART_ID);
    assert.equal(before.cartId, null);
  });

  test('checkingOut is true while checkout() runs and false once it settles, each a new snapshot', async () => {
    const url = `${STORE}/cart.php?action=loadInCheckout&id=${CART_ID}&token=abc`;
    const stub = fakeStub({ 'POST /checkout': { status: 200, body: { url, mode: 'redirect', cartId: CART_ID, cartToken: 'tok.en', cart: { id: CART_ID, lines: [] } } } });
    const shop = await open({ server: 'https://shop.example.com/api', fetch: stub.fetch });
    await shop.cart.add(TERRARIUM);
    const flags = [];
    shop.subscribe((snapshot) => flags.push(snapshot.checkingOut));
    const navigations = [];
    const started = shop.checkout({ navigate: (to) => navigations.push(to) });
    assert.equal(shop.getSnapshot().checkingOut, true);
    assert.deepEqual(await started, { mode: 'redirect', url });
    assert.equal(shop.getSnapshot().checkingOut, false);
    assert.deepEqual(navigations, [url]);
    // true, the cart id the stub answered with (still checking out), then false.
    assert.deepEqual(flags, [true, true, false]);

    // A refused checkout settles too.
    const failing = fakeStub({ 'POST /checkout': { status: 400, body: { error: { code: 'cart_empty', message: 'The cart is empty' } } } });
    const other = await open({ server: 'https://shop.example.com/api', fetch: failing.fetch });
    await other.cart.add(TERRARIUM);
    const attempt = other.checkout({ navigate: () => {} });
    assert.equal(other.getSnapshot().checkingOut, true);
    await assert.rejects(attempt, (error) => error.code === 'cart_empty');
    assert.equal(other.getSnapshot().checkingOut, false);
  });

  test('the emptying after an order placed on the hosted checkout is a change', async (t) => {
    // The page comes back from the hosted checkout: the helper asks the stub about its cart, finds it gone
    // (an order now) and empties it. That check runs on a browser page only, so this test gives Node a document.
    const hadDocument = 'document' in globalThis;
    if (!hadDocument) {
      globalThis.document = { getElementById: () => null };
      t.after(() => delete globalThis.document);
    }
    const url = `${STORE}/cart.php?action=loadInCheckout&id=${CART_ID}&token=abc`;
    const stub = fakeStub({
      'POST /checkout': { status: 200, body: { url, mode: 'redirect', cartId: CART_ID, cartToken: 'tok.en', cart: { id: CART_ID, lines: [] } } },
      [`GET /cart/${CART_ID}`]: { status: 200, body: { exists: false } },
    });
    const storage = new MemoryStorage();
    const leaving = await open({ storage, server: 'https://shop.example.com/api', fetch: stub.fetch });
    await leaving.cart.add(TERRARIUM);
    await leaving.checkout({ navigate: () => {} });
    leaving.destroy();

    const back = await open({ storage, server: 'https://shop.example.com/api', fetch: stub.fetch });
    assert.equal(back.getSnapshot().count, 1);
    assert.equal(back.getSnapshot().cartId, CART_ID);
    const completed = new Promise((resolve) => back.on('complete', resolve));
    const seen = [];
    back.subscribe((snapshot) => seen.push(snapshot));
    await completed;
    assert.ok(stub.calls.includes(`GET /cart/${CART_ID}`));
    const last = back.getSnapshot();
    assert.equal(seen.at(-1), last);
    assert.equal(last.isEmpty, true);
    assert.equal(last.cartId, null);
  });
});

describe('destroy', () => {
  test('no listener is called or kept after destroy(); the last snapshot stays readable', async () => {
    const storage = new MemoryStorage();
    const a = await open({ storage });
    const b = await open({ storage });
    await b.cart.add(TERRARIUM);
    let calls = 0;
    b.subscribe(() => { calls += 1; });
    const last = b.getSnapshot();
    b.destroy();
    assert.equal(b.getSnapshot(), last, 'a component unmounting after destroy() still reads the cart');
    assert.equal(last.count, 1);

    // Another tab's change no longer reaches it.
    await a.cart.add(TERRARIUM);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(calls, 0);

    // Subscribing afterwards keeps nothing and gives an unsubscribe that does nothing.
    const unsubscribe = b.subscribe(() => { calls += 1; });
    assert.equal(typeof unsubscribe, 'function');
    unsubscribe();
    // A Svelte store over a destroyed checkout still gives its last value at once.
    let value = null;
    b.store.subscribe((snapshot) => { value = snapshot; })();
    assert.equal(value, last);
  });

  test('the listeners of a destroyed checkout can be garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    const shop = await open();
    const refs = [];
    // Subscribed before destroy() and left subscribed (a component that never unmounted), and after it.
    (() => {
      const before = () => {};
      shop.subscribe(before);
      refs.push(new WeakRef(before));
    })();
    shop.destroy();
    (() => {
      const after = () => {};
      shop.subscribe(after);
      shop.store.subscribe(after);
      refs.push(new WeakRef(after));
    })();
    // WeakRef targets are kept until the current job ends: let it end, then collect.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    assert.deepEqual(refs.map((ref) => ref.deref() === undefined), [true, true]);
  });
});

describe('store (Svelte\'s store contract)', () => {
  test('subscribe calls run at once with the snapshot, then on every change, until unsubscribed', async () => {
    const shop = await open();
    assert.equal(shop.store, shop.store, 'one store per checkout');
    const seen = [];
    const unsubscribe = shop.store.subscribe((snapshot) => seen.push(snapshot));
    assert.deepEqual(seen, [shop.getSnapshot()], 'called at once, as svelte/store get() needs');
    await shop.cart.add(TERRARIUM);
    assert.equal(seen.length, 2);
    assert.equal(seen[1], shop.getSnapshot());
    unsubscribe();
    await shop.cart.clear();
    assert.equal(seen.length, 2);
  });

  test('svelte/store get(): subscribe, read, unsubscribe at once', async () => {
    const shop = await open();
    await shop.cart.add({ ...TERRARIUM, quantity: 2 });
    // svelte/store's get_store_value, in short.
    const get = (store) => {
      let value;
      store.subscribe((v) => { value = v; })();
      return value;
    };
    assert.equal(get(shop.store).count, 2);
  });
});

describe('useCart (bc-checkout-helper/react)', () => {
  function CartBadge({ shop }) {
    const cart = useCart(shop);
    return createElement('span', null, cart === null ? 'loading' : `${cart.count} item(s), ${cart.subtotal.formatted}`);
  }

  test('renders the checkout\'s snapshot', async () => {
    const shop = await open();
    await shop.cart.add({ ...TERRARIUM, quantity: 3 });
    assert.equal(renderToString(createElement(CartBadge, { shop })), '<span>3 item(s), $59.97</span>');
  });

  test('gives null while there is no checkout yet', () => {
    assert.equal(renderToString(createElement(CartBadge, { shop: null })), '<span>loading</span>');
    assert.equal(renderToString(createElement(CartBadge, { shop: undefined })), '<span>loading</span>');
  });
});
