// A shopper never sets a custom item's price. The attack: a saved cart with a custom line carrying a real
// catalog SKU at 0.00 ("ORB-TERR", 5 of them) and a second custom line at 0.01. By default the store sells no
// custom items and the cart is refused; with a list, custom lines are named and priced from it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStack } from './harness.mjs';

const ATTACK = {
  version: 2, currency: 'USD', nextLine: 3,
  lines: [
    { id: 'l1', type: 'custom', sku: 'ORB-TERR', name: 'Orbit Terrarium', listPrice: 0, quantity: 5 },
    { id: 'l2', type: 'custom', sku: 'PENNY', name: 'Anything', listPrice: 1, quantity: 1 },
  ],
};

describe('a store that sells no custom items (the default)', () => {
  let stack;
  before(async () => { stack = await startStack(); });
  after(() => stack?.stop());

  test('attack: shopper-priced custom lines are refused, naming the line, and no cart is made', async () => {
    const before = Object.keys(stack.sandbox.state.carts).length;
    const res = await stack.request('POST', '/api/cart', { json: ATTACK });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error.code, 'custom_items_not_sold');
    assert.equal(res.body.error.lineId, 'l1');
    assert.equal(Object.keys(stack.sandbox.state.carts).length, before, 'no cart was created');
  });
});

describe('a store that sells gift wrap', () => {
  let stack;
  const LIST = { items: [{ sku: 'GIFT-WRAP', name: 'Gift wrap', prices: { USD: 400 }, maxQuantity: 3 }] };
  before(async () => { stack = await startStack({ env: { CUSTOM_ITEMS: JSON.stringify(LIST) } }); });
  after(() => stack?.stop());

  test('attack: a catalog SKU as a custom line is refused as not sold', async () => {
    const res = await stack.request('POST', '/api/cart', { json: ATTACK });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'unknown_custom_item');
    assert.equal(res.body.error.lineId, 'l1');
  });

  test('attack: gift wrap at 0.00 reaches BigCommerce at the list price, under the list name', async () => {
    const res = await stack.request('POST', '/api/cart', { json: { version: 2, currency: 'USD', nextLine: 3, lines: [
      { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 1 },
      { id: 'l2', type: 'custom', sku: 'GIFT-WRAP', name: 'Orbit Terrarium', listPrice: 0, quantity: 2 },
    ] } });
    assert.equal(res.status, 200, res.text);
    const cart = stack.sandbox.state.carts[res.body.cartId];
    const custom = cart.items.find((i) => i.sku === 'GIFT-WRAP');
    assert.equal(custom.name, 'Gift wrap');
    assert.equal(res.body.cart.lines.find((l) => l.kind === 'custom').listPrice, 400);
    // Totals at the store's prices: the terrarium at its catalog price, the wrap at the list's.
    assert.equal(res.body.cart.cartAmount, 10900 + 2 * 400);
  });

  test('attack: more than the offer\'s maximum is refused', async () => {
    const res = await stack.request('POST', '/api/cart', { json: { version: 2, currency: 'USD', nextLine: 2, lines: [
      { id: 'l1', type: 'custom', sku: 'GIFT-WRAP', name: 'Gift wrap', listPrice: 400, quantity: 4 },
    ] } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'custom_item_quantity_exceeds_max');
  });

  test('a CUSTOM_ITEMS the core cannot read stops the stub at start, naming it', async () => {
    await assert.rejects(startStack({ env: { CUSTOM_ITEMS: JSON.stringify({ items: [{ sku: 'X', name: 'X', prices: { usd: 1 } }] }) } }), /CUSTOM_ITEMS .*prices\.usd/);
  });
});
