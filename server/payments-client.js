// Paying for an order with a shopper's stored card, server to server (BigCommerce docs, "Payments API"):
//   1. GET  /v3/customers/{id}/stored-instruments   the customer's vaulted cards (customers.v3.yml)
//   2. GET  /v3/payments/methods?order_id=          which gateways can charge this order, and with what
//   3. POST /v3/payments/access_tokens              a Payment Access Token (PAT) for this one order
//   4. POST {BC_PAYMENTS_URL}/stores/{hash}/payments with `Authorization: PAT ...`, on BigCommerce's payments server
// No card number ever passes through the stub: only the stored instrument's token, which stays on this server
// (the browser sees an opaque id, cardIdOf below). Calls 1-3 go through the REST client; call 4 through a client of
// the payments server made the same way (quota pacing, bounded retries, errors with host and path for the log),
// which never sends the API token. A POST is never repeated after a 500 or a lost answer, so a payment is never
// taken twice.
import { createUpstream, UpstreamError } from './bigcommerce-client.js';
import { base64url } from './signed-json.js';

const encoder = new TextEncoder();

// The Payments API answers in its own media type (BigCommerce docs, "Process payments": Accept
// application/vnd.bc.v1+json).
const PAYMENTS_MEDIA_TYPE = 'application/vnd.bc.v1+json';

/** How a payment that did not go through ended, for the shopper: the hosted payment step finishes it. */
export const PAYMENT_REASONS = Object.freeze({
  card_declined: 'The card was declined; choose another way to pay',
  three_d_secure_required: 'Your bank wants to confirm this payment; finish it on the payment step',
  stored_card_unsupported: 'This card cannot be charged here; finish the payment on the payment step',
  gift_certificates_partial: 'Gift certificates that do not cover the whole order are taken on the payment step',
  payment_failed: 'The payment did not go through; finish it on the payment step',
});

/**
 * @param {object} config the stub's configuration (paymentsUrl, storeHash, sessionSecret)
 * @param {{ upstream: { request: Function }, fetch?: typeof fetch, sleep?: Function, now?: () => number }} deps
 */
export function createPayments(config, { upstream, fetch, sleep, now }) {
  const gateway = createUpstream(config, {
    fetch, sleep, now, baseUrl: `${config.paymentsUrl}/stores/${config.storeHash}`, apiToken: false,
  });
  // Saved-card ids: HMAC-SHA256 of the customer and the instrument token with SESSION_SECRET, so an id names
  // one card of one customer, reveals nothing of the token and cannot be made without the secret.
  const key = crypto.subtle.importKey('raw', encoder.encode(config.sessionSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  /** The opaque id the browser sees for a stored instrument of `customerId`. */
  async function cardIdOf(customerId, instrumentToken) {
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(`bcch saved card\n${customerId}\n${instrumentToken}`));
    return `card_${base64url(new Uint8Array(mac)).slice(0, 32)}`;
  }

  /** The customer's stored cards (customers.v3.yml getCustomerStoredInstruments answers with a bare array). */
  async function storedCards(customerId) {
    const { json } = await upstream.request('GET', `/v3/customers/${customerId}/stored-instruments`);
    const list = Array.isArray(json) ? json : Array.isArray(json?.data) ? json.data : [];
    return list.filter((i) => i && i.type === 'stored_card' && typeof i.token === 'string' && i.token);
  }

  /** The browser's view of the customer's cards: { id, brand, last4, expiryMonth, expiryYear, isDefault }. */
  async function listCards(customerId) {
    const cards = await storedCards(customerId);
    return Promise.all(cards.map(async (card) => ({
      id: await cardIdOf(customerId, card.token),
      brand: typeof card.brand === 'string' ? card.brand : '',
      last4: typeof card.last_4 === 'string' ? card.last_4 : '',
      expiryMonth: Number.isInteger(card.expiry_month) ? card.expiry_month : null,
      expiryYear: Number.isInteger(card.expiry_year) ? card.expiry_year : null,
      isDefault: card.is_default === true,
    })));
  }

  /** The stored card of `customerId` whose id is `cardId`, or null: the list is read again, never trusted. */
  async function findCard(customerId, cardId) {
    for (const card of await storedCards(customerId)) {
      if (await cardIdOf(customerId, card.token) === cardId) return card;
    }
    return null;
  }

  /** The order's payment methods (GET /v3/payments/methods?order_id=): { id, stored_instruments, ... }[]. */
  async function methodsFor(orderId) {
    const { json } = await upstream.request('GET', `/v3/payments/methods?order_id=${orderId}`);
    return Array.isArray(json?.data) ? json.data : [];
  }

  /** A Payment Access Token for one order (POST /v3/payments/access_tokens { order: { id } }). */
  async function accessToken(orderId) {
    const { json } = await upstream.request('POST', '/v3/payments/access_tokens', { order: { id: orderId, is_recurring: false } });
    const token = json?.data?.id;
    if (typeof token !== 'string' || !token) throw new UpstreamError(502, null, { method: 'POST', url: `${config.apiUrl}/v3/payments/access_tokens`, reason: 'no token in the answer' });
    return token;
  }

  /**
   * Charges one instrument for the whole order. -> { status: 'paid', transactionId? } or
   * { status: 'payment_required', reason } (a refusal of the gateway: the shopper finishes on the payment step).
   * Any other failure (network, 5xx, quota) is thrown as UpstreamError for the handler to map.
   */
  async function pay(orderId, { instrument, paymentMethodId }) {
    const pat = await accessToken(orderId);
    try {
      const { json } = await gateway.request('POST', '/payments', { payment: { instrument, payment_method_id: paymentMethodId } }, {
        headers: { Authorization: `PAT ${pat}`, Accept: PAYMENTS_MEDIA_TYPE },
      });
      const status = json?.data?.status;
      if (status === 'success' || status === 'pending') return { status: 'paid', ...(json.data.id !== undefined && { transactionId: String(json.data.id) }) };
      return { status: 'payment_required', reason: reasonOf(json) };
    } catch (error) {
      // The gateway's refusals; a 404 or 401 here is a set-up fault (BC_PAYMENTS_URL, the PAT) and is thrown.
      if (error instanceof UpstreamError && (error.status === 400 || error.status === 402 || error.status === 422)) {
        return { status: 'payment_required', reason: reasonOf(error.body) };
      }
      throw error;
    }
  }

  return { cardIdOf, listCards, findCard, methodsFor, pay };
}

/**
 * Why a payment did not go through, from the Payments API's error body (`{ status, title, code, errors? }`;
 * BigCommerce docs, "Payments API", error codes): 30051 the stored instrument is not usable with this order,
 * 30104 and wording about the issuer or a decline a declined card, and an issuer that wants the shopper
 * (3-D Secure, "additional action") a payment only the hosted step can take.
 */
function reasonOf(body) {
  const errors = body?.errors;
  const entries = Array.isArray(errors) ? errors.flatMap((e) => (e && typeof e === 'object' ? Object.values(e) : [e]))
    : errors && typeof errors === 'object' ? [...Object.keys(errors), ...Object.values(errors)] : [];
  const words = [body?.title, body?.type, body?.data?.status, body?.detail, ...entries]
    .filter((w) => typeof w === 'string').join(' ').toLowerCase();
  const codes = [body?.code, ...entries].map(Number).filter(Number.isInteger);
  if (/three_d_secure|3ds|3-d secure|additional_action|additional action|challenge/.test(words)) return 'three_d_secure_required';
  if (codes.includes(30051)) return 'stored_card_unsupported';
  if (codes.includes(30104) || /declin|card issuer|insufficient|do not honou?r|card_error/.test(words)) return 'card_declined';
  return 'payment_failed';
}
