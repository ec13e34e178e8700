// Stored cards and the Payments API (BigCommerce docs, Payments API overview): a customer's stored instruments
// (customers.v3.yml GET /customers/{customerId}/stored-instruments), the methods that can pay an order
// (GET /v3/payments/methods?order_id=), a Payment Access Token for an Incomplete order (POST
// /v3/payments/access_tokens, access-tokens_payments.v3.yml: "a single use BigCommerce-generated JWT that's tied to
// the particular order"), and the payment itself, which BigCommerce takes on its own host
// (https://payments.bigcommerce.com/stores/{store_hash}/payments) with `Authorization: PAT <token>` and
// `Accept: application/vnd.bc.v1+json` instead of X-Auth-Token (process_payments.yml).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError, STATUS_CODES_URL, notFound } from './errors.js';
import { findCustomer } from './customers.js';
import { findGiftCertificate, statusOf } from './gift-certificates.js';
import { completeOrder } from './orders.js';
import { readStoreJson, storeJson } from './store-http.js';

const PAT_LIFETIME_MS = 60 * 60 * 1000; // "The token expires after one hour." (Payments API overview)
const ERROR_CODES_URL = 'https://developer.bigcommerce.com/docs/store-operations/payments#error-codes';
const CARD_METHOD = { id: 'stripe.card', name: 'Stripe', test_mode: true, type: 'card' };
const GIFT_CERTIFICATE_METHOD = { id: 'bigcommerce.gift_certificate', name: 'Gift Certificate', test_mode: false, type: 'gift_certificate' };

/** The Payments API's error body (process_payments.yml Error Payment Response): status, title, type, code. */
const paymentError = (status, code, title, extra = {}) =>
  new ApiError(status, title, { body: { status, title, type: ERROR_CODES_URL, ...(code ? { code } : {}), ...extra } });

const storedInstrumentsOf = (ctx, customerId) => ctx.state.storedInstruments[customerId] ?? [];
const renderInstrument = ({ outcome, ...instrument }) => ({ ...instrument });

function requireOrderFor(ctx, rawId) {
  const id = Number(rawId);
  const order = Number.isInteger(id) && id > 0 ? ctx.state.orders[id] : null;
  if (!order) throw paymentError(404, 30003, 'Order could not be found.');
  return order;
}

function requireIncomplete(order) {
  // Error code 30101: "Order is invalid." — "Orders must be in Incomplete Status with a status_id:0".
  if (order.status_id !== 0) throw paymentError(422, 30101, 'Order is invalid.', { detail: `Order ${order.id} is not Incomplete (status_id 0): it is paid already or was not made for payment.` });
}

// ---- Payment Access Tokens --------------------------------------------------------------------------------

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signToken(ctx, claims) {
  const head = `${b64url({ typ: 'JWT', alg: 'HS256' })}.${b64url(claims)}`;
  const signature = createHmac('sha256', ctx.options.clientSecret).update(`payments:${head}`).digest('base64url');
  return `${head}.${signature}`;
}

/** The ledger entry of a PAT that is well formed, signed by this store, unexpired and unused, else null. */
function readToken(ctx, token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', ctx.options.clientSecret).update(`payments:${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return ctx.state.paymentAccessTokens[parts[1]] ?? null;
}

// ---- REST (api.bigcommerce.com) ------------------------------------------------------------------------------

export function registerPaymentRoutes(router, ctx) {
  router.add('GET', '/v3/customers/:customerId/stored-instruments', async ({ params }) => {
    const id = Number(params.customerId);
    if (!Number.isInteger(id) || !findCustomer(ctx.state, id)) throw notFound('Customer not found');
    return storeJson(200, storedInstrumentsOf(ctx, id).map(renderInstrument));
  });

  // The methods that can pay this order, with the order customer's stored cards; the Test Payment Gateway is not
  // among them ("The Payments API does not support the BigCommerce Test Payment Gateway").
  router.add('GET', '/v3/payments/methods', async ({ url }) => {
    const orderId = url.searchParams.get('order_id');
    if (orderId === null) throw new ApiError(422, 'Missing or incorrect required fields', { errors: { order_id: 'order_id is required' } });
    const order = requireOrderFor(ctx, orderId);
    const cards = order.customer_id ? storedInstrumentsOf(ctx, order.customer_id).map(renderInstrument) : [];
    return storeJson(200, {
      data: [
        { ...GIFT_CERTIFICATE_METHOD, supported_instruments: [], stored_instruments: [] },
        {
          ...CARD_METHOD,
          supported_instruments: ['VISA', 'MASTERCARD', 'AMEX', 'STORED_CARD'].map((type) => ({ instrument_type: type, verification_value_required: false })),
          stored_instruments: cards,
        },
      ],
      meta: {},
    });
  });

  router.add('POST', '/v3/payments/access_tokens', async ({ request }) => {
    const body = await readStoreJson(request);
    const id = body?.order?.id;
    if (!Number.isInteger(id) || id < 1) throw new ApiError(422, 'Missing or incorrect required fields', { errors: { 'order.id': 'order.id must be a positive integer' } });
    return ctx.transact(() => {
      const order = requireOrderFor(ctx, id);
      requireIncomplete(order);
      const now = ctx.now();
      const claims = {
        iss: 'payments.bigcommerce.com', sub: ctx.options.storeHash, jti: randomUUID(), iat: Math.floor(now / 1000),
        exp: Math.floor((now + PAT_LIFETIME_MS) / 1000), data: { order_id: String(order.id), amount: order.total, currency: order.currency_code },
      };
      const token = signToken(ctx, claims);
      ctx.state.paymentAccessTokens[token.split('.')[1]] = { order_id: order.id, expires_at: now + PAT_LIFETIME_MS, used_at: null };
      return storeJson(201, { data: { id: token }, meta: {} });
    }, { ledgersOnly: true });
  });
}

// ---- the payment (payments.bigcommerce.com) ------------------------------------------------------------------

function readInstrument(body) {
  const payment = body?.payment;
  const invalid = (field, text) => paymentError(400, 10001, 'Unable to process the payment because invalid data was supplied with the transaction.', { errors: { [field]: text } });
  if (!payment || typeof payment !== 'object') throw invalid('payment', 'payment is required');
  if (typeof payment.payment_method_id !== 'string' || !payment.payment_method_id) throw invalid('payment.payment_method_id', 'payment_method_id is required: an id from GET /v3/payments/methods');
  const instrument = payment.instrument;
  if (!instrument || typeof instrument !== 'object') throw invalid('payment.instrument', 'instrument is required');
  return { methodId: payment.payment_method_id, instrument, invalid };
}

/**
 * POST /stores/{hash}/payments: 202 { data: { id, transaction_type, status } } (the success body of the Payments
 * API overview's examples) for a stored card that pays or a gift certificate that covers the whole order.
 */
async function processPayment(ctx, request) {
  if (request.method !== 'POST') throw new ApiError(405, `${request.method} is not allowed here.`, { headers: { Allow: 'POST' } });
  const accept = request.headers.get('accept') ?? '';
  // process_payments.yml AcceptPaymentResponse: "This required value must be `application/vnd.bc.v1+json`".
  if (!accept.split(',').some((v) => v.trim().split(';')[0] === 'application/vnd.bc.v1+json')) {
    throw paymentError(406, null, 'Not Acceptable', { detail: 'Send Accept: application/vnd.bc.v1+json to the Payments API.' });
  }
  const match = /^PAT (\S+)$/.exec(request.headers.get('authorization') ?? '');
  const entry = match ? readToken(ctx, match[1]) : null;
  if (!entry || entry.used_at || entry.expires_at < ctx.now()) {
    const detail = !match
      ? 'Send the Payment Access Token as "Authorization: PAT <token>" (POST /v3/payments/access_tokens makes one).'
      : entry?.used_at ? 'This Payment Access Token has been used: a PAT pays once. Make a new one.' : 'This Payment Access Token is not valid for this store, or has expired (after one hour).';
    throw paymentError(401, null, 'Unauthorized', { detail });
  }
  const body = await readStoreJson(request).catch(() => null);
  const { methodId, instrument, invalid } = readInstrument(body);
  return ctx.transact(() => {
    const order = requireOrderFor(ctx, entry.order_id);
    requireIncomplete(order);
    let paymentMethod;
    let giftCertificateAmount = 0;
    if (instrument.type === 'stored_card') {
      if (methodId !== CARD_METHOD.id) throw invalid('payment.payment_method_id', `stored cards are paid with ${CARD_METHOD.id}`);
      const card = storedInstrumentsOf(ctx, order.customer_id).find((c) => c.token === instrument.token);
      if (!order.customer_id || !card) throw paymentError(422, 30051, 'That stored payment instrument could not be found. Please try a different payment option.');
      if (card.outcome === 'declines') throw paymentError(422, 30104, 'There was a problem processing your card. Please contact your card issuer.');
      if (card.outcome === 'needs_3ds') {
        // "Attempts to process any payment that requires 3D Secure verification using a card that has not been
        // previously saved will be unsuccessful" (Payments API overview): the issuer wants the shopper, so the
        // payment has to be taken where the shopper is. BigCommerce documents no code of its own for it.
        throw paymentError(422, 30104, 'This card needs 3-D Secure verification by the shopper. Take the payment in the checkout.', { errors: { three_d_secure: 'three_d_secure_required' } });
      }
      paymentMethod = CARD_METHOD.name;
    } else if (instrument.type === 'gift_certificate') {
      if (methodId !== GIFT_CERTIFICATE_METHOD.id) throw invalid('payment.payment_method_id', `gift certificates are paid with ${GIFT_CERTIFICATE_METHOD.id}`);
      const certificate = findGiftCertificate(ctx, instrument.gift_certificate_code ?? '');
      const status = certificate && statusOf(ctx, certificate);
      if (!certificate || status !== 'active') {
        throw paymentError(422, 10001, certificate ? `This gift certificate is ${status}.` : 'This gift certificate code is not valid.');
      }
      if (certificate.currency_code !== order.currency_code) {
        // giftCertificate_Full.currency_code: "Gift Certificates can only be used if the transactional currency of
        // the cart is the same as the one defined in the gift certificate."
        throw paymentError(422, 10001, `This gift certificate is in ${certificate.currency_code} and the order in ${order.currency_code}.`);
      }
      if (certificate.balance < order.total) {
        // A part payment would leave the order Pending (Payments API overview); the sandbox takes a gift
        // certificate only when it pays the whole order, so the rest is paid in the checkout.
        throw paymentError(422, 10001, 'The gift certificate balance does not cover the order total. Pay the order in the checkout.');
      }
      certificate.balance -= order.total;
      giftCertificateAmount = order.total;
      paymentMethod = GIFT_CERTIFICATE_METHOD.name;
    } else {
      throw invalid('payment.instrument.type', 'the sandbox takes stored_card and gift_certificate instruments');
    }
    completeOrder(ctx, order, { paymentMethod, giftCertificateAmount });
    entry.used_at = ctx.now();
    const id = randomUUID();
    ctx.state.transactions[id] = { order_id: order.id, amount: order.total, method: paymentMethod, created_at: ctx.now() };
    return storeJson(202, { data: { id, transaction_type: 'purchase', status: 'success' } });
  });
}

/**
 * The Payments API host: only POST /stores/{store_hash}/payments is served there, and nothing of the store's REST
 * API. `handle(request, url)` answers a request that came in on that host.
 */
export function createPaymentsHandler(ctx) {
  return async function handlePayments(request, url) {
    try {
      if (url.pathname !== `/stores/${ctx.options.storeHash}/payments`) {
        throw paymentError(404, null, 'Not Found', { detail: `The Payments API serves POST /stores/${ctx.options.storeHash}/payments only; the rest of the REST API is at the store's API address.` });
      }
      return await processPayment(ctx, request);
    } catch (error) {
      if (error instanceof ApiError) return storeJson(error.status, error.toBody(), error.headers);
      ctx.log(`sandbox: unexpected error in payments ${request.method} ${url.pathname}: ${error?.stack ?? error}`);
      return storeJson(500, { status: 500, title: 'Internal Server Error', type: STATUS_CODES_URL });
    }
  };
}
