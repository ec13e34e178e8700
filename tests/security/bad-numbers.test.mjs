// Bad numbers are errors, never defaults: NaN and ±Infinity become null in JSON, which once read as "quantity
// 1". The page's own cart refuses them; a saved cart that carries null, a fraction or an out-of-range number
// is refused by the stub, and nothing reaches BigCommerce.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCheckout } from '../../dist/node.js';
import { startStack } from './harness.mjs';

let stack;
let shop;
before(async () => {
  stack = await startStack();
  shop = await createCheckout({ storeOrigins: stack.sandboxUrl, server: `${stack.stub}/api`, storage: 'memory', locale: 'en-US' });
});
after(async () => {
  shop?.destroy();
  await stack?.stop();
});

test('attack: cart.add with a NaN or infinite quantity is refused and adds nothing', async () => {
  for (const quantity of [NaN, Infinity, -Infinity, 1.5, -1]) {
    await assert.rejects(shop.cart.add({ productId: 80, variantId: 64, quantity }), (error) => error.code === 'invalid_quantity', String(quantity));
  }
  assert.equal(shop.cart.count, 0);
  const line = await shop.cart.add({ productId: 80, variantId: 64 });
  assert.equal(line.quantity, 1, 'only an absent quantity means 1');
  await assert.rejects(shop.cart.update(line.id, NaN), (error) => error.code === 'invalid_quantity');
  assert.equal(shop.cart.count, 1);
});

test('attack: a saved cart with null, fractional or huge numbers is refused before BigCommerce is called', async () => {
  const before = Object.keys(stack.sandbox.state.carts).length;
  const line = (extra) => ({ id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 1, ...extra });
  for (const bad of [{ quantity: null }, { quantity: 2.5 }, { quantity: 1e21 }, { productId: null }, { productId: 80.5 }, { variantId: 1e300 }, { price: 1e400 }]) {
    const res = await stack.request('POST', '/api/cart', { json: { version: 2, currency: 'USD', nextLine: 2, lines: [line(bad)] } });
    assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${res.text}`);
    assert.match(res.body.error.code, /^saved_cart_invalid$|^invalid_quantity$|^quantity_exceeds_max$/);
  }
  assert.equal(Object.keys(stack.sandbox.state.carts).length, before);
});
