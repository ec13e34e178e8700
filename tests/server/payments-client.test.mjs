// The Payments API client (server/payments-client.js) against a scripted BigCommerce: what it sends to which
// host, that the API token never goes to the payments server and the instrument token never comes out, and how a
// gateway's refusal (a decline, 3-D Secure) reads. BigCommerce docs, "Payments API": a Payment Access Token from
// POST /v3/payments/access_tokens, then POST https://payments.bigcommerce.com/stores/{hash}/payments with
// `Authorization: PAT {token}` and `Accept: application/vnd.bc.v1+json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUpstream } from '../../server/bigcommerce-client.js';
import { loadConfig } from '../../server/index.js';
import { createPayments } from '../../server/payments-client.js';
import { ENV, SECRETS, STORE_HASH, fakeUpstream, reply } from './server-fixtures.mjs';

const PAYMENTS = 'https://payments.bigcommerce.com';
const TOKEN = '84596bea275fa254da820056bdc3e495bdf01fd11c51b0336347d447ee16200c';
const CARD = { type: 'stored_card', token: TOKEN, is_default: true, brand: 'VISA', expiry_month: 4, expiry_year: 2031, issuer_identification_number: '411111', last_4: '1111' };

function setUp() {
  const upstream = fakeUpstream();
  const config = loadConfig(ENV);
  const rest = createUpstream(config, { fetch: upstream.fetch, sleep: async () => {} });
  const payments = createPayments(config, { upstream: rest, fetch: upstream.fetch, sleep: async () => {} });
  upstream
    .on('GET', '/v3/customers/7/stored-instruments', reply(200, [CARD, { type: 'stored_paypal_account', token: 'pp1', is_default: false, email: 'a@b.c' }]))
    .on('GET', '/v3/payments/methods?order_id=120', reply(200, { data: [{ id: 'braintree.card', name: 'Card', stored_instruments: [{ type: 'stored_card', token: TOKEN }] }] }))
    .on('POST', '/v3/payments/access_tokens', reply(201, { data: { id: 'pat.jwt.value' } }));
  return { upstream, payments, config };
}

test('BC_PAYMENTS_URL defaults to BigCommerce\'s payments server for the real API', () => {
  assert.equal(loadConfig(ENV).paymentsUrl, PAYMENTS);
  assert.equal(loadConfig(ENV).checkoutOrders, false);
  assert.throws(() => loadConfig({ ...ENV, BC_PAYMENTS_URL: 'http://127.0.0.1:9000' }), /BC_PAYMENTS_URL is a local address/);
  assert.throws(() => loadConfig({ ...ENV, BC_PAYMENTS_URL: 'http://payments.example.com' }), /BC_PAYMENTS_URL must use https/);
  assert.throws(() => loadConfig({ ...ENV, CHECKOUT_ORDERS: 'yes' }), /CHECKOUT_ORDERS must be true or false/);
});

test('saved cards: only stored cards, each with an opaque id that is neither the token nor the same for another customer', async () => {
  const { payments, upstream } = setUp();
  upstream.on('GET', '/v3/customers/8/stored-instruments', reply(200, [CARD]));
  const cards = await payments.listCards(7);
  assert.equal(cards.length, 1);
  assert.deepEqual({ ...cards[0], id: undefined }, { id: undefined, brand: 'VISA', last4: '1111', expiryMonth: 4, expiryYear: 2031, isDefault: true });
  assert.match(cards[0].id, /^card_[A-Za-z0-9_-]{32}$/);
  assert.ok(!JSON.stringify(cards).includes(TOKEN.slice(0, 16)));
  const [other] = await payments.listCards(8);
  assert.notEqual(other.id, cards[0].id, 'the same card of another customer has another id');
  assert.equal((await payments.findCard(7, cards[0].id)).token, TOKEN);
  assert.equal(await payments.findCard(7, other.id), null);
});

test('a payment: PAT for the order, then the payments server with Authorization: PAT and never the API token', async () => {
  const { payments, upstream } = setUp();
  upstream.on('POST', /^\/payments$/, reply(201, { data: { id: 'txn-1', status: 'success', transaction_type: 'purchase' } }));
  const outcome = await payments.pay(120, { instrument: { type: 'stored_card', token: TOKEN }, paymentMethodId: 'braintree.card' });
  assert.deepEqual(outcome, { status: 'paid', transactionId: 'txn-1' });
  const pat = upstream.calls.find((c) => c.path === '/v3/payments/access_tokens');
  assert.deepEqual(pat.body, { order: { id: 120, is_recurring: false } });
  const payment = upstream.calls.find((c) => c.url === `${PAYMENTS}/stores/${STORE_HASH}/payments`);
  assert.ok(payment, upstream.log().join('\n'));
  assert.equal(payment.headers.get('authorization'), 'PAT pat.jwt.value');
  assert.equal(payment.headers.get('accept'), 'application/vnd.bc.v1+json');
  assert.equal(payment.headers.get('x-auth-token'), null);
  assert.ok(!JSON.stringify([...payment.headers]).includes(SECRETS.BC_ACCESS_TOKEN));
  assert.deepEqual(payment.body, { payment: { instrument: { type: 'stored_card', token: TOKEN }, payment_method_id: 'braintree.card' } });
});

test('a decline and a 3-D Secure challenge are payment_required with their reason; a 500 is not repeated', async () => {
  const { payments, upstream } = setUp();
  upstream.on('POST', /^\/payments$/,
    reply(422, { status: 422, title: 'Payment was declined', errors: [{ code: 'card_declined', message: 'Your card was declined' }] }),
    reply(422, { status: 422, title: 'Additional action required', errors: [{ code: 'three_d_secure_required' }] }),
    reply(500, { status: 500, title: 'Internal error' }));
  const pay = () => payments.pay(120, { instrument: { type: 'stored_card', token: TOKEN }, paymentMethodId: 'braintree.card' });
  assert.deepEqual(await pay(), { status: 'payment_required', reason: 'card_declined' });
  assert.deepEqual(await pay(), { status: 'payment_required', reason: 'three_d_secure_required' });
  const before = upstream.calls.filter((c) => c.url.startsWith(PAYMENTS)).length;
  await assert.rejects(pay(), (error) => error.status === 500);
  assert.equal(upstream.calls.filter((c) => c.url.startsWith(PAYMENTS)).length, before + 1, 'a payment POST is sent once');
});
