// Cart tokens: a cart id travels in redirect URLs, storage and events, so it proves nothing. POST /api/cart
// answers with a token bound to the cart id, its owner (a signed-in customer, or the guest browser that holds
// the token) and this store and channel, signed with SESSION_SECRET (HMAC-SHA256 over a message that starts
// "bcch cart token", so it never verifies as a session cookie). Reading, changing, checking out and asking the
// status of a cart need it. Stateless: any instance with the same secret verifies it.
import { createSignedJson } from './signed-json.js';

const TOKEN = /^[A-Za-z0-9_-]{1,512}\.[A-Za-z0-9_-]{43}$/;

/** The owner a token names: 'guest', or the customer id. */
export const GUEST = 'guest';

/**
 * @param {string} secret SESSION_SECRET
 * @param {{ storeHash: string, channelId: number }} scope
 */
export function createCartTokens(secret, { storeHash, channelId }) {
  const signed = createSignedJson(secret, { context: `bcch cart token\n${storeHash}\n${channelId}\n` });
  // Tokens whose signature checked out: the browser sends the same one with every call (bounded, oldest out).
  const verified = new Map();
  const VERIFIED_MAX = 10_000;

  // Tokens already made: every sync of a cart answers with the same token (it names the same cart and owner),
  // and signing one is a Web Crypto job on the thread pool. Bounded, oldest out.
  const issued = new Map();

  /** A token for `cartId` owned by `owner` (GUEST or a customer id). */
  async function issue(cartId, owner) {
    const name = `${owner}\n${cartId}`;
    const known = issued.get(name);
    if (known) return known;
    const token = await signed.sign({ c: cartId, o: owner });
    if (issued.size >= VERIFIED_MAX) issued.delete(issued.keys().next().value);
    issued.set(name, token);
    return token;
  }

  /** { cartId, owner } for a token this stub issued, else null (absent, malformed, forged, another store's). */
  async function read(token) {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    const known = verified.get(token);
    if (known) return known;
    const { c, o } = (await signed.open(token)) ?? {};
    if (typeof c !== 'string' || !(o === GUEST || Number.isSafeInteger(o))) return null;
    const claims = Object.freeze({ cartId: c, owner: o });
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
