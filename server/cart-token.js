// Cart tokens: a cart id travels in redirect URLs, storage and events, so it proves nothing. POST /api/cart
// answers with a token bound to the cart id, its owner (a signed-in customer, or the guest browser that holds
// the token) and this store and channel, signed with SESSION_SECRET (HMAC-SHA256 over a message that starts
// "bcch cart token", so it never verifies as a session cookie). Reading, changing, checking out and asking the
// status of a cart need it. Stateless: any instance with the same secret verifies it.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const TOKEN = /^[A-Za-z0-9_-]{1,512}\.[A-Za-z0-9_-]{43}$/;

/** The owner a token names: 'guest', or the customer id. */
export const GUEST = 'guest';

/**
 * @param {string} secret SESSION_SECRET
 * @param {{ storeHash: string, channelId: number }} scope
 */
export function createCartTokens(secret, { storeHash, channelId }) {
  const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const context = `bcch cart token\n${storeHash}\n${channelId}\n`;
  // Tokens whose signature checked out: the browser sends the same one with every call (bounded, oldest out).
  const verified = new Map();
  const VERIFIED_MAX = 10_000;

  // Tokens already made: every sync of a cart answers with the same token (it names the same cart and owner),
  // and signing one is a Web Crypto job on the thread pool. Bounded, oldest out.
  const issued = new Map();

  /** A token for `cartId` owned by `owner` (GUEST or a customer id). */
  async function issue(cartId, owner) {
    const body = base64url(encoder.encode(JSON.stringify({ c: cartId, o: owner })));
    const known = issued.get(body);
    if (known) return known;
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(context + body));
    const token = `${body}.${base64url(new Uint8Array(mac))}`;
    if (issued.size >= VERIFIED_MAX) issued.delete(issued.keys().next().value);
    issued.set(body, token);
    return token;
  }

  /** { cartId, owner } for a token this stub issued, else null (absent, malformed, forged, another store's). */
  async function read(token) {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    const known = verified.get(token);
    if (known) return known;
    const [body, mac] = token.split('.');
    let valid = false;
    try {
      valid = await crypto.subtle.verify('HMAC', await key, fromBase64url(mac), encoder.encode(context + body));
    } catch {
      return null;
    }
    if (!valid) return null;
    let claims;
    try {
      const { c, o } = JSON.parse(decoder.decode(fromBase64url(body)));
      if (typeof c !== 'string' || !(o === GUEST || Number.isSafeInteger(o))) return null;
      claims = Object.freeze({ cartId: c, owner: o });
    } catch {
      return null;
    }
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value);
    verified.set(token, claims);
    return claims;
  }

  return { issue, read };
}

/**
 * Whether the holder of `claims` may act on `cartId` with the session it has: a guest's token works with or
 * without a session (a guest who signs in keeps their cart), a customer's only with that customer's session.
 * @returns {null | 'cart_token_missing' | 'cart_token_invalid' | 'other_owner'} null when allowed, else why not
 */
export function cartRefusal(claims, cartId, customerId) {
  if (claims === undefined) return 'cart_token_missing';
  if (!claims || claims.cartId !== cartId) return 'cart_token_invalid';
  if (claims.owner !== GUEST && claims.owner !== customerId) return 'other_owner';
  return null;
}
