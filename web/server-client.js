// Calls to the server stub (the only part that talks to BigCommerce). Errors come back as BCCheckoutError
// with the stub's code (line_rejected, rate_limited, ...) and its extra fields (lineId, retryAfter).
import { BCCheckoutError } from './errors.js';

export function createServerClient(base, fetchImpl = globalThis.fetch) {
  const root = String(base).replace(/\/+$/, '');

  async function call(method, path, body, headers = {}) {
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
  }

  return {
    syncCart: (savedCart) => call('POST', '/cart', savedCart),
    cartStatus: (cartId, cartToken) => call('GET', `/cart/${encodeURIComponent(cartId)}`, undefined, cartToken ? { 'X-Cart-Token': cartToken } : {}),
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
