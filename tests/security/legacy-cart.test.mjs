// A cart saved before cart tokens existed (a cartId, no cartToken) still works for its guest: the next sync
// does not touch the old BigCommerce cart (its id alone proves nothing), makes a fresh one from the same lines,
// keeps the new token in the saved cart and tells the page (cartreplaced). Later calls carry the token.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCheckout } from '../../dist/node.js';
import { startStack } from './harness.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
}

test('a saved cart without a token: a fresh cart with the same lines, a token kept, and the page told', async () => {
  // The old cart, made before tokens: it exists in the store, and the page has only its id.
  const old = await stack.request('POST', '/api/cart', { json: { version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 }] } });
  const oldId = old.body.cartId;
  const key = `bc-checkout-helper:cart:${stack.sandboxUrl}:1`;
  const storage = memoryStorage({ [key]: JSON.stringify({ version: 2, currency: 'USD', nextLine: 2, cartId: oldId, lines: [{ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 }] }) });
  const shop = await createCheckout({ storeOrigins: stack.sandboxUrl, server: `${stack.stub}/api`, storage, locale: 'en-US' });
  try {
    assert.equal(shop.cart.cartId, oldId);
    const replaced = [];
    shop.on('cartreplaced', (event) => replaced.push(event));
    const { cartId, cartToken } = await shop.sync();
    assert.notEqual(cartId, oldId);
    assert.deepEqual(replaced, [{ previousCartId: oldId, reason: 'cart_token_missing' }]);
    assert.equal(shop.cart.count, 2, 'the shopper keeps the lines');
    assert.deepEqual(stack.sandbox.state.carts[cartId].items.map((i) => [i.product_id, i.quantity]), [[80, 2]]);
    const saved = JSON.parse(storage.getItem(key));
    assert.equal(saved.cartId, cartId);
    assert.equal(saved.cartToken, cartToken, 'the token is kept with the cart id');
    // The next sync uses that cart, with its token: nothing is replaced again.
    await shop.cart.add({ productId: 81 });
    const next = await shop.sync();
    assert.equal(next.cartId, cartId);
    assert.equal(replaced.length, 1);
    // The old cart was left as it was.
    assert.deepEqual(stack.sandbox.state.carts[oldId].items.map((i) => [i.product_id, i.quantity]), [[80, 2]]);
  } finally {
    shop.destroy();
  }
});
