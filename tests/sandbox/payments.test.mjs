// Stored cards, gift certificates and the Payments API in the sandbox store (BigCommerce docs, Payments API
// overview; customers.v3.yml getCustomerStoredInstruments; access-tokens_payments.v3.yml; process_payments.yml;
// marketing.v2.yml gift certificates). Run: node --test tests/sandbox/payments.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { listenSandbox, stubSettingsFor } from '../../sandbox/index.js';
import { STORED_CARDS } from '../../sandbox/seed.js';
import { CREDS, PAYMENTS_ORIGIN, api, makeSandbox, readyCheckout } from './sandbox-helpers.mjs';

const ACCEPT = 'application/vnd.bc.v1+json';

async function pay(sb, token, payment, { origin = PAYMENTS_ORIGIN, accept = ACCEPT, authorization = `PAT ${token}` } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (accept) headers.Accept = accept;
  if (authorization) headers.Authorization = authorization;
  const response = await sb.fetch(new Request(`${origin}/stores/${CREDS.storeHash}/payments`, { method: 'POST', headers, body: JSON.stringify({ payment }) }));
  const text = await response.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* a plain-text refusal */ }
  return { status: response.status, body };
}

const storedCard = (token) => ({ instrument: { type: 'stored_card', token }, payment_method_id: 'stripe.card' });
const giftCertificate = (code) => ({ instrument: { type: 'gift_certificate', gift_certificate_code: code }, payment_method_id: 'bigcommerce.gift_certificate' });

/** An Incomplete order of the seeded shopper (customer 1) and a fresh PAT for it. */
async function incompleteOrder(sb, options = {}) {
  const { cart } = await readyCheckout(sb, options);
  const orderId = (await api(sb, 'POST', `/v3/checkouts/${cart.id}/orders`)).body.data.id;
  const pat = await api(sb, 'POST', '/v3/payments/access_tokens', { order: { id: orderId } });
  assert.equal(pat.status, 201);
  return { cart, orderId, token: pat.body.data.id };
}

describe('stored instruments, payment methods and Payment Access Tokens (api.bigcommerce.com)', () => {
  test('GET /v3/customers/{id}/stored-instruments lists the shopper\'s cards by token, never a card number (customers.v3.yml CardInstrument)', async () => {
    const sb = makeSandbox();
    const cards = await api(sb, 'GET', '/v3/customers/1/stored-instruments');
    assert.equal(cards.status, 200);
    assert.deepEqual(cards.body.map((c) => [c.type, c.brand, c.last_4, c.is_default, c.token]), [
      ['stored_card', 'VISA', '4242', true, STORED_CARDS.pays],
      ['stored_card', 'MASTERCARD', '0002', false, STORED_CARDS.declines],
      ['stored_card', 'VISA', '3184', false, STORED_CARDS.needs3ds],
    ]);
    assert.ok(cards.body.every((c) => !('outcome' in c) && c.billing_address.country_code === 'US'));
    assert.equal((await api(sb, 'GET', '/v3/customers/999/stored-instruments')).status, 404);
  });

  test('GET /v3/payments/methods?order_id= lists the order customer\'s stored cards; not the Test Payment Gateway ("The Payments API does not support" it)', async () => {
    const sb = makeSandbox();
    const { orderId } = await incompleteOrder(sb);
    const methods = await api(sb, 'GET', `/v3/payments/methods?order_id=${orderId}`);
    assert.equal(methods.status, 200);
    assert.deepEqual(methods.body.data.map((m) => m.id), ['bigcommerce.gift_certificate', 'stripe.card']);
    assert.deepEqual(methods.body.data[1].stored_instruments.map((c) => c.last_4), ['4242', '0002', '3184']);
    const guest = await incompleteOrder(sb, { customerId: 0 });
    const guestMethods = await api(sb, 'GET', `/v3/payments/methods?order_id=${guest.orderId}`);
    assert.deepEqual(guestMethods.body.data[1].stored_instruments, [], 'a guest has no stored cards');
    assert.equal((await api(sb, 'GET', '/v3/payments/methods')).status, 422);
    assert.equal((await api(sb, 'GET', '/v3/payments/methods?order_id=999999')).body.code, 30003);
  });

  test('POST /v3/payments/access_tokens: 201 {data: {id}} for an Incomplete order; 30003 for none; 30101 "Order is invalid." once paid', async () => {
    const sb = makeSandbox();
    const { orderId, token } = await incompleteOrder(sb);
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    const missing = await api(sb, 'POST', '/v3/payments/access_tokens', { order: { id: 999999 } });
    assert.deepEqual([missing.status, missing.body.code, missing.body.title], [404, 30003, 'Order could not be found.']);
    assert.equal((await api(sb, 'POST', '/v3/payments/access_tokens', { order: {} })).status, 422);
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.pays))).status, 202);
    const paid = await api(sb, 'POST', '/v3/payments/access_tokens', { order: { id: orderId } });
    assert.deepEqual([paid.status, paid.body.code, paid.body.title], [422, 30101, 'Order is invalid.']);
  });
});

describe('the payment (POST https://payments.bigcommerce.com/stores/{hash}/payments, Authorization: PAT)', () => {
  test('a stored card that pays: 202 {data: {id, transaction_type, status: success}}; Awaiting Fulfillment, cart deleted, stock taken; the PAT is single use', async () => {
    const sb = makeSandbox();
    const { cart, orderId, token } = await incompleteOrder(sb);
    const paid = await pay(sb, token, storedCard(STORED_CARDS.pays));
    assert.equal(paid.status, 202);
    assert.deepEqual(Object.keys(paid.body.data).sort(), ['id', 'status', 'transaction_type']);
    assert.equal(paid.body.data.status, 'success');
    const order = await api(sb, 'GET', `/v2/orders/${orderId}`);
    assert.deepEqual([order.body.status_id, order.body.status, order.body.payment_method], [11, 'Awaiting Fulfillment', 'Stripe']);
    assert.equal((await api(sb, 'GET', `/v3/carts/${cart.id}`)).status, 404, '"Once the order is paid, the cart is deleted"');
    const variants = await api(sb, 'GET', '/v3/catalog/products/80/variants');
    assert.equal(variants.body.data.find((v) => v.id === 64).inventory_level, 24);
    const reused = await pay(sb, token, storedCard(STORED_CARDS.pays));
    assert.equal(reused.status, 401);
    assert.match(reused.body.detail, /has been used/);
  });

  test('a declined card: 422 with code 30104 and the order still Incomplete, so the same PAT pays with another card', async () => {
    const sb = makeSandbox();
    const { orderId, token } = await incompleteOrder(sb);
    const declined = await pay(sb, token, storedCard(STORED_CARDS.declines));
    assert.deepEqual([declined.status, declined.body.code, declined.body.title], [422, 30104, 'There was a problem processing your card. Please contact your card issuer.']);
    assert.equal((await api(sb, 'GET', `/v2/orders/${orderId}`)).body.status_id, 0);
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.pays))).status, 202);
  });

  test('a card that needs 3-D Secure is refused (Payments API overview: a 3-D Secure payment needs the shopper), errors.three_d_secure', async () => {
    const sb = makeSandbox();
    const { orderId, token } = await incompleteOrder(sb);
    const refused = await pay(sb, token, storedCard(STORED_CARDS.needs3ds));
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors.three_d_secure, 'three_d_secure_required');
    assert.equal((await api(sb, 'GET', `/v2/orders/${orderId}`)).body.status_id, 0);
  });

  test('another shopper\'s card is 30051; a card with the gift-certificate method or an unknown instrument is 10001', async () => {
    const sb = makeSandbox();
    const { token } = await incompleteOrder(sb);
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.otherShopper))).body.code, 30051);
    assert.equal((await pay(sb, token, { ...storedCard(STORED_CARDS.pays), payment_method_id: 'bigcommerce.gift_certificate' })).body.code, 10001);
    assert.equal((await pay(sb, token, { instrument: { type: 'card', number: '4242424242424242' }, payment_method_id: 'stripe.card' })).body.code, 10001);
    assert.equal((await pay(sb, token, { payment_method_id: 'stripe.card' })).status, 400);
  });

  test('a gift certificate pays only when its balance covers the order; the balance is reduced (GET /v2/gift_certificates?code=)', async () => {
    const sb = makeSandbox();
    const { orderId, token } = await incompleteOrder(sb); // $134.23
    const tooSmall = await pay(sb, token, giftCertificate('GC-7YQ2-4FFA')); // $60 left
    assert.equal(tooSmall.status, 422);
    assert.match(tooSmall.body.title, /does not cover the order total/);
    for (const code of ['GC-EXPD-2020', 'GC-DSBL-0001', 'GC-PEND-0002', 'GC-EURO-5050', 'NOT-A-CODE']) {
      assert.equal((await pay(sb, token, giftCertificate(code))).status, 422, code);
    }
    assert.equal((await pay(sb, token, giftCertificate('gc-big0-5000'))).status, 202);
    const order = await api(sb, 'GET', `/v2/orders/${orderId}`);
    assert.deepEqual([order.body.status, order.body.gift_certificate_amount], ['Awaiting Fulfillment', '134.2300']);
    const certificate = await api(sb, 'GET', '/v2/gift_certificates?code=GC-BIG0-5000');
    assert.equal(certificate.body[0].balance, '365.7700');
  });

  test('the Payments API answers only on its own origin, only with a PAT and Accept: application/vnd.bc.v1+json', async () => {
    const sb = makeSandbox();
    const { token } = await incompleteOrder(sb);
    const onStore = await pay(sb, token, storedCard(STORED_CARDS.pays), { origin: CREDS.origin });
    assert.equal(onStore.status, 404);
    assert.match(onStore.body, /served on https:\/\/payments\.bigcommerce\.com/);
    const storeApi = await sb.fetch(new Request(`${PAYMENTS_ORIGIN}/stores/${CREDS.storeHash}/v3/carts`, { headers: { 'X-Auth-Token': CREDS.accessToken } }));
    assert.equal(storeApi.status, 404, 'no store API on the payments host');
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.pays), { accept: 'application/json' })).status, 406);
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.pays), { authorization: `Bearer ${token}` })).status, 401);
    assert.equal((await pay(sb, token, storedCard(STORED_CARDS.pays), { authorization: `PAT ${token.slice(0, -2)}xx` })).status, 401);
    const otherStore = makeSandbox({ clientSecret: 'another-secret' });
    assert.equal((await pay(otherStore, token, storedCard(STORED_CARDS.pays))).status, 401, 'a PAT of another store');
  });
});

describe('gift certificates, read side (marketing.v2.yml getGiftCertificates, getGiftCertificate)', () => {
  test('?code= finds one in v2\'s shape; an unknown code is 204; an expiry date in the past reads expired; /{id} 404 is v2\'s array', async () => {
    const sb = makeSandbox();
    const found = await api(sb, 'GET', '/v2/gift_certificates?code=GC-7YQ2-4FFA');
    assert.equal(found.status, 200);
    const [certificate] = found.body;
    assert.deepEqual([certificate.code, certificate.amount, certificate.balance, certificate.status, certificate.currency_code], ['GC-7YQ2-4FFA', '100.0000', '60.0000', 'active', 'USD']);
    assert.match(certificate.expiry_date, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal((await api(sb, 'GET', '/v2/gift_certificates?code=NOPE')).status, 204);
    assert.equal((await api(sb, 'GET', '/v2/gift_certificates/6')).body.currency_code, 'EUR');
    const missing = await api(sb, 'GET', '/v2/gift_certificates/999');
    assert.deepEqual([missing.status, Array.isArray(missing.body)], [404, true]);
    let clock = Date.now();
    const aging = makeSandbox({ now: () => clock });
    clock += 2 * 365 * 24 * 3600 * 1000; // the seed's certificates expire a year after the store's first day
    assert.equal((await api(aging, 'GET', '/v2/gift_certificates/1')).body.status, 'expired');
  });
});

describe('listenSandbox serves the Payments API on a listener of its own', () => {
  test('paymentsUrl, BC_PAYMENTS_URL from stubSettingsFor, and a payment over real sockets', async () => {
    const served = await listenSandbox({ ...CREDS, origin: undefined, log: () => {} });
    try {
      assert.match(served.paymentsUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(served.paymentsUrl, served.apiUrl);
      assert.equal(stubSettingsFor(served).env.BC_PAYMENTS_URL, served.paymentsUrl);
      const rest = (method, path, body) => fetch(`${served.apiUrl}/stores/${CREDS.storeHash}${path}`, {
        method, headers: { 'X-Auth-Token': CREDS.accessToken, 'Content-Type': 'application/json', Accept: 'application/json' }, body: body && JSON.stringify(body),
      }).then((r) => r.json());
      const cart = (await rest('POST', '/v3/carts', { customer_id: 1, line_items: [{ product_id: 88, quantity: 1 }] })).data;
      await rest('POST', `/v3/checkouts/${cart.id}/billing-address`, { first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78751' });
      const withConsignment = (await rest('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{
        address: { first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78751' },
        line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }],
      }])).data.consignments[0];
      await rest('PUT', `/v3/checkouts/${cart.id}/consignments/${withConsignment.id}`, { shipping_option_id: withConsignment.available_shipping_options[0].id });
      const orderId = (await rest('POST', `/v3/checkouts/${cart.id}/orders`)).data.id;
      const token = (await rest('POST', '/v3/payments/access_tokens', { order: { id: orderId } })).data.id;
      const paid = await fetch(`${served.paymentsUrl}/stores/${CREDS.storeHash}/payments`, {
        method: 'POST', headers: { Authorization: `PAT ${token}`, Accept: ACCEPT, 'Content-Type': 'application/json' }, body: JSON.stringify({ payment: storedCard(STORED_CARDS.pays) }),
      });
      assert.equal(paid.status, 202);
      assert.equal((await paid.json()).data.status, 'success');
      const wrongPlace = await fetch(`${served.apiUrl}/stores/${CREDS.storeHash}/payments`, { method: 'POST', headers: { Authorization: `PAT ${token}` } });
      assert.equal(wrongPlace.status, 404);
      await wrongPlace.text();
    } finally {
      await served.close();
    }
  });
});
