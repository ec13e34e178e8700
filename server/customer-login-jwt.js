// Customer Login JWTs (guides/start_authentication_customer-login.mdx, openapi/customer_login.yml):
// HS256 with the API account's client secret; iat now (valid 30 s), a unique jti, channel_id (without it
// embedded checkout fails on CORS). Signed with jose, which uses Web Crypto and runs on edge platforms.
import { SignJWT } from 'jose';

/**
 * @param {{ now?: () => number, storeTime?: () => Promise<number>, loginOriginFor?: (redirectTo: string) => string }} deps
 *   loginOriginFor: where the login URL for a redirect_to goes (the channel's checkout domain when the checkout
 *   is there, server/checkout-origin.js); BC_STORE_URL without it
 */
export function createLoginTokens(config, { now = () => Date.now(), storeTime, loginOriginFor } = {}) {
  // Imported once: handed raw bytes, jose imports the key again for every signature (~50 µs of CPU each).
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(config.clientSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  /**
   * The URL that signs the customer in on the store and then sends them to `redirectTo`.
   * @param {{ customerId: number, redirectTo: string, requestIp?: string }} options
   */
  async function loginUrl({ customerId, redirectTo, requestIp }) {
    // The store's clock decides whether iat is fresh; storeTime() gives its offset when known.
    const offsetMs = storeTime ? await storeTime() : 0;
    const claims = {
      operation: 'customer_login',
      store_hash: config.storeHash,
      customer_id: customerId,
      channel_id: config.channelId,
      redirect_to: redirectTo,
    };
    if (config.jwtRequestIp && requestIp) claims.request_ip = requestIp;
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.clientId)
      .setIssuedAt(Math.floor((now() + offsetMs) / 1000))
      .setJti(crypto.randomUUID())
      .sign(await key);
    return `${loginOriginFor ? loginOriginFor(redirectTo) : config.storeUrl}/login/token/${jwt}`;
  }

  return { loginUrl };
}

/**
 * The store's clock minus ours, from GET /v2/time (the store checks a login JWT's iat against its own clock),
 * cached for 10 minutes. Checkouts that arrive while one request is under way wait for it rather than send
 * their own; an unknown skew counts as 0, which is better than no login.
 * @returns {() => Promise<number>}
 */
export function createStoreClock(upstream, { now = () => Date.now() } = {}) {
  let offset = null;
  let pending = null;
  return async function storeClockOffset() {
    if (offset && now() - offset.at < 600_000) return offset.ms;
    pending ??= (async () => {
      try {
        const { json: body } = await upstream.request('GET', '/v2/time');
        offset = { ms: body.time * 1000 - now(), at: now() };
      } catch {
        offset = { ms: 0, at: now() };
      } finally {
        pending = null;
      }
    })();
    await pending;
    return offset.ms;
  };
}
