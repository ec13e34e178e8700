// Calls to the server stub (the only part that talks to BigCommerce). Errors come back as BCCheckoutError
// with the stub's code (line_rejected, rate_limited, ...) and its extra fields (lineId, retryAfter).
import { BCCheckoutError } from './errors.js';

function createCaller(base, fetchImpl = globalThis.fetch) {
  const root = String(base).replace(/\/+$/, '');
  return async function call(method, path, body, headers = {}) {
    let response;
    try {
      response = await fetchImpl(`${root}${path}`, {
        method,
        credentials: 'include', // the session cookie, when the stub is on another origin
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw Object.assign(new BCCheckoutError('network_error', `Could not reach the server at ${root} (${cause && cause.message})`), { cause });
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const { code, message, ...details } = data?.error ?? {};
      // Retry-After in seconds (the stub never sends a date); the body's retryAfter, when it has one, is the same.
      const retryAfter = Number(response.headers.get('retry-after') ?? details.retryAfter);
      throw new BCCheckoutError(
        code ?? `http_${response.status}`,
        message ?? `The server answered ${response.status}`,
        { status: response.status, ...details, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfter } : {}) },
      );
    }
    return data;
  };
}

// The cart's token, which every route of one cart needs (server/cart-token.js).
const cartTokenHeader = (cartToken) => (cartToken ? { 'X-Cart-Token': cartToken } : {});

export function createServerClient(base, fetchImpl) {
  const call = createCaller(base, fetchImpl);
  return {
    syncCart: (savedCart) => call('POST', '/cart', savedCart),
    cartStatus: (cartId, cartToken) => call('GET', `/cart/${encodeURIComponent(cartId)}`, undefined, cartTokenHeader(cartToken)),
    // The saved cart synced and its checkout URL in one request (its cartToken travels inside the document too).
    // `login: false` asks for the plain checkout URL even for a signed-in shopper: no Customer Login JWT is made.
    checkout: (savedCart, mode, { login } = {}) => call('POST', '/checkout', {
      cart: savedCart, cartToken: savedCart?.cartToken ?? undefined, mode, ...(login === false && { login: false }),
    }),
    session: () => call('GET', '/session'),
    signIn: (email, password) => call('POST', '/session', { email, password }),
    signOut: () => call('DELETE', '/session'),
  };
}

/**
 * The stub's checkout-details routes (docs/checkout-api.md), each for one synced cart `{ cartId, cartToken }`.
 * Only the lazy checkout-details chunk uses them, so a page pays for them on first use.
 */
export function createDetailsClient(base, fetchImpl) {
  const call = createCaller(base, fetchImpl);
  const on = ({ cartId, cartToken }, method, rest, body) =>
    call(method, `/checkouts/${encodeURIComponent(cartId)}${rest}`, body, cartTokenHeader(cartToken));
  return {
    checkout: (cart) => on(cart, 'GET', ''),
    // `savedCart` names the lines the consignments' lineIds are.
    updateDetails: (cart, details, savedCart) => on(cart, 'PUT', '', { details, cart: savedCart }),
    applyCoupon: (cart, code) => on(cart, 'POST', '/coupons', { code }),
    removeCoupon: (cart, code) => on(cart, 'DELETE', `/coupons/${encodeURIComponent(code)}`),
    checkGiftCertificate: (cart, code) => on(cart, 'POST', '/gift-certificates', { code }),
    setAddresses: (cart, addresses, savedCart) => on(cart, 'PUT', '/addresses', { ...addresses, cart: savedCart }),
    shippingOptions: (cart, address) => on(cart, 'POST', '/shipping-options', { address }),
    chooseShipping: (cart, optionId, consignmentId) => on(cart, 'PUT', '/shipping', { optionId, ...(consignmentId && { consignmentId }) }),
    placeOrder: (cart) => on(cart, 'POST', '/orders', {}),
    savedCards: (cart) => on(cart, 'GET', '/saved-cards'),
    pay: (cart, cardId, giftCertificates) => on(cart, 'POST', '/payments', { cardId, ...(giftCertificates.length && { giftCertificates }) }),
  };
}
