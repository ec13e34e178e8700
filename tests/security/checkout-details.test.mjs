// Attacks on the checkout-details routes through server/main.js (the stub as deployed, with the details module
// it loads itself) and the sandbox: a cart id without its token changes nothing, a guessed or another customer's
// saved-card id pays nothing, and orders stay off unless the merchant turns them on. Each attack checks the
// victim's checkout in the sandbox afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStack } from './harness.mjs';

const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const cookieOf = (res) => res.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('bcch_session=') && c.length > 'bcch_session='.length);
const saved = (lines) => ({ version: 3, currency: 'USD', nextLine: lines.length + 1, lines });
const BOARD = { id: 'l1', type: 'product', productId: 81, quantity: 1 };
const ADDRESS = {
  firstName: 'Eve', lastName: 'Mallory', email: 'eve@example.com', address1: '6 Attack Ln', city: 'Austin',
  stateOrProvince: 'TX', countryCode: 'US', postalCode: '78751',
};

let stack;
let victim; // { cookie, cartId, cartToken }
before(async () => {
  stack = await startStack({ env: { CHECKOUT_ORDERS: 'true' } });
  const signIn = await stack.request('POST', '/api/session', { json: SHOPPER });
  assert.equal(signIn.status, 200, signIn.text);
  const cookie = cookieOf(signIn);
  const cart = await stack.request('POST', '/api/cart', { cookie, json: saved([BOARD]) });
  assert.equal(cart.status, 200, cart.text);
  victim = { cookie, cartId: cart.body.cartId, cartToken: cart.body.cartToken };
});
after(() => stack?.stop());

const victimCheckout = () => stack.sandbox.state.carts[victim.cartId]?.checkout;

test('attack: setting the address of a cart known by id alone (no token, a forged token) -> 403, the checkout untouched', async () => {
  for (const headers of [{}, { 'X-Cart-Token': 'eyJjIjoiYSJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }]) {
    const res = await stack.request('PUT', `/api/checkouts/${victim.cartId}/addresses`, { headers, json: { billing: ADDRESS } });
    assert.equal(res.status, 403, res.text);
    assert.match(res.body.error.code, /^cart_token_(required|invalid)$/);
  }
  const coupon = await stack.request('POST', `/api/checkouts/${victim.cartId}/coupons`, { json: { code: 'SAVE10' } });
  assert.equal(coupon.status, 403);
  assert.equal(victimCheckout()?.billing ?? null, null);
});

test('attack: the victim\'s cart token without the victim\'s session -> 403 cart_not_yours for details, cards and payment', async () => {
  const token = { 'X-Cart-Token': victim.cartToken };
  for (const [method, path, json] of [
    ['GET', `/api/checkouts/${victim.cartId}`],
    ['GET', `/api/checkouts/${victim.cartId}/saved-cards`],
    ['POST', `/api/checkouts/${victim.cartId}/payments`, { cardId: `card_${'A'.repeat(32)}` }],
  ]) {
    const res = await stack.request(method, path, { headers: token, json });
    assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
    assert.equal(res.body.error.code, 'cart_not_yours');
  }
});

test('attack: guessed saved-card ids -> 403 card_not_yours (or 400 for a malformed one), no order paid, no token shown', async () => {
  const headers = { 'X-Cart-Token': victim.cartToken };
  const put = await stack.request('PUT', `/api/checkouts/${victim.cartId}`, { cookie: victim.cookie, headers, json: { details: { billing: ADDRESS, consignments: [{ address: ADDRESS }] } } });
  assert.equal(put.status, 200, put.text);
  const optionId = put.body.checkout.consignments[0].shippingOptions[0].id;
  assert.equal((await stack.request('PUT', `/api/checkouts/${victim.cartId}/shipping`, { cookie: victim.cookie, headers, json: { optionId } })).status, 200);
  const cards = await stack.request('GET', `/api/checkouts/${victim.cartId}/saved-cards`, { cookie: victim.cookie, headers });
  assert.equal(cards.status, 200, cards.text);
  for (const card of cards.body.cards) assert.ok(!/[0-9a-f]{64}/.test(card.id), 'no instrument token in an id');
  for (const cardId of [`card_${'A'.repeat(32)}`, `card_${'0'.repeat(32)}`, `card_${'z'.repeat(31)}-`]) {
    const res = await stack.request('POST', `/api/checkouts/${victim.cartId}/payments`, { cookie: victim.cookie, headers, json: { cardId } });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.error.code, 'card_not_yours');
  }
  for (const cardId of ['../../v3/orders', 'A'.repeat(5000), 42]) {
    const res = await stack.request('POST', `/api/checkouts/${victim.cartId}/payments`, { cookie: victim.cookie, headers, json: { cardId } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'invalid_card_id');
  }
  // No order was made for a guessed card: the cart is still a cart, without an order id.
  const checkout = await stack.request('GET', `/api/checkouts/${victim.cartId}`, { cookie: victim.cookie, headers });
  assert.equal(checkout.status, 200, checkout.text);
  assert.equal(checkout.body.checkout.orderId, null);
});
