// A cart id is not a key: it travels in checkout URLs, storage and events. Without the cart token that
// POST /api/cart gave, nobody reads, changes, deletes or checks out a cart; a customer's cart needs that
// customer's session too. Each attack runs against server/main.js and the sandbox, and the victim's cart is
// checked in the sandbox afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStack } from './harness.mjs';

const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const cookieOf = (res) => res.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('bcch_session=') && c.length > 'bcch_session='.length);
const saved = (lines, extra = {}) => ({ version: 2, currency: 'USD', nextLine: lines.length + 1, lines, ...extra });
const TERRARIUM = { id: 'l1', type: 'product', productId: 80, variantId: 64, quantity: 2 };

let stack;
let victim; // { cookie, cartId, cartToken }
before(async () => {
  stack = await startStack();
  const signIn = await stack.request('POST', '/api/session', { json: SHOPPER });
  assert.equal(signIn.status, 200, signIn.text);
  const cookie = cookieOf(signIn);
  const cart = await stack.request('POST', '/api/cart', { cookie, json: saved([TERRARIUM]) });
  assert.equal(cart.status, 200, cart.text);
  victim = { cookie, cartId: cart.body.cartId, cartToken: cart.body.cartToken };
});
after(() => stack?.stop());

function victimCart() {
  const cart = stack.sandbox.state.carts[victim.cartId];
  return cart && { customerId: cart.customer_id, items: cart.items.map((i) => [i.product_id, i.quantity]) };
}

test('the victim\'s cart is the customer\'s, in the sandbox', () => {
  assert.deepEqual(victimCart(), { customerId: 1, items: [[80, 2]] });
});

test('attack: reading the cart by id alone is refused (403 cart_token_required), and no customer id leaks', async () => {
  const res = await stack.request('GET', `/api/cart/${victim.cartId}`);
  assert.equal(res.status, 403);
  assert.equal(res.body.error.code, 'cart_token_required');
  assert.ok(!res.text.includes('customerId'));
});

test('attack: the victim\'s token without the victim\'s session is refused (403 cart_not_yours)', async () => {
  const read = await stack.request('GET', `/api/cart/${victim.cartId}`, { headers: { 'X-Cart-Token': victim.cartToken } });
  assert.equal(read.status, 403);
  assert.equal(read.body.error.code, 'cart_not_yours');
  const checkout = await stack.request('POST', '/api/checkout', { json: { cartId: victim.cartId, cartToken: victim.cartToken } });
  assert.equal(checkout.body.error.code, 'cart_not_yours');
});

test('attack: emptying the cart by id ({cartId, lines: []}) deletes nothing', async () => {
  const res = await stack.request('POST', '/api/cart', { json: saved([], { cartId: victim.cartId }) });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.cartReplaced, { previousCartId: victim.cartId, reason: 'cart_token_missing' });
  assert.equal(res.body.cartId, null);
  assert.deepEqual(victimCart(), { customerId: 1, items: [[80, 2]] });
});

test('attack: changing the cart by id starts a fresh guest cart and leaves the victim\'s alone', async () => {
  const res = await stack.request('POST', '/api/cart', { json: saved([{ ...TERRARIUM, quantity: 9 }], { cartId: victim.cartId }) });
  assert.equal(res.status, 200, res.text);
  assert.notEqual(res.body.cartId, victim.cartId);
  assert.equal(res.body.cart.customerId, 0);
  assert.equal(res.body.cartReplaced.reason, 'cart_token_missing');
  assert.deepEqual(victimCart(), { customerId: 1, items: [[80, 2]] });
});

test('attack: a token for another cart, or a forged one, opens nothing', async () => {
  const own = await stack.request('POST', '/api/cart', { json: saved([{ id: 'l1', type: 'product', productId: 81, quantity: 1 }]) });
  const forged = `${victim.cartToken.split('.')[0]}.${'A'.repeat(43)}`;
  for (const cartToken of [own.body.cartToken, forged, 'not-a-token']) {
    const checkout = await stack.request('POST', '/api/checkout', { json: { cartId: victim.cartId, cartToken } });
    assert.equal(checkout.status, 403);
    assert.equal(checkout.body.error.code, 'cart_token_invalid');
    const sync = await stack.request('POST', '/api/cart', { json: saved([], { cartId: victim.cartId, cartToken }) });
    assert.equal(sync.body.cartReplaced.reason, 'cart_token_invalid');
  }
  assert.deepEqual(victimCart(), { customerId: 1, items: [[80, 2]] });
});

test('the owner, signed in with the token, still reads and checks out the cart', async () => {
  const read = await stack.request('GET', `/api/cart/${victim.cartId}`, { cookie: victim.cookie, headers: { 'X-Cart-Token': victim.cartToken } });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.body.exists, true);
  const checkout = await stack.request('POST', '/api/checkout', { cookie: victim.cookie, json: { cartId: victim.cartId, cartToken: victim.cartToken } });
  assert.equal(checkout.status, 200, checkout.text);
  assert.equal(checkout.body.signedIn, true);
});

test('a guest who signs in keeps their cart, which becomes the customer\'s', async () => {
  const guest = await stack.request('POST', '/api/cart', { json: saved([{ id: 'l1', type: 'product', productId: 86, quantity: 1 }]) });
  const signIn = await stack.request('POST', '/api/session', { json: SHOPPER });
  const cookie = cookieOf(signIn);
  const again = await stack.request('POST', '/api/cart', { cookie, json: saved([{ id: 'l1', type: 'product', productId: 86, quantity: 1 }], { cartId: guest.body.cartId, cartToken: guest.body.cartToken }) });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.cartId, guest.body.cartId);
  assert.equal(again.body.cartReplaced, undefined);
  assert.equal(again.body.cart.customerId, 1);
  assert.notEqual(again.body.cartToken, guest.body.cartToken, 'the new token names the customer');
  // Signed out, the customer's cart is not the guest's any more.
  const out = await stack.request('POST', '/api/checkout', { json: { cartId: again.body.cartId, cartToken: again.body.cartToken } });
  assert.equal(out.body.error.code, 'cart_not_yours');
});
