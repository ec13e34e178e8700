// The shopper's sandbox session: who is signed in and which cart they are checking out. A top-level page
// keeps it in a cookie; the embedded checkout, a cross-site iframe where third-party cookies may be blocked,
// carries its own session id in its URL and forms instead. One-time login codes carry a Customer Login JWT's
// sign-in into that iframe (see login-token.js).
import { randomBytes } from 'node:crypto';
import { findCart, setCustomer, touch } from './carts.js';
import { parseCookies, serializeCookie } from './store-http.js';

const SESSION_COOKIE = 'SHOP_SESSION_TOKEN';
const COOKIE_SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
const EMBEDDED_SESSION_IDLE_MS = 24 * 3600 * 1000;
const LOGIN_CODE_LIFETIME_MS = 2 * 60 * 1000;
const ID = /^[A-Za-z0-9_-]{32}$/;

const newId = () => randomBytes(24).toString('base64url');

export function createShopperSessions(ctx) {
  const secureCookies = ctx.options.origin.startsWith('https:');

  function live(session, kind) {
    if (!session || session.kind !== kind) return null;
    const idle = kind === 'cookie' ? COOKIE_SESSION_IDLE_MS : EMBEDDED_SESSION_IDLE_MS;
    return ctx.now() - session.seen_at > idle ? null : session;
  }

  return {
    /** The cookie session of a top-level page, or null. */
    fromRequest(request) {
      const id = parseCookies(request.headers.get('cookie'))[SESSION_COOKIE];
      return id && ID.test(id) ? live(ctx.state.sessions[id], 'cookie') : null;
    },

    /** The embedded checkout's session, from its `session` parameter. */
    embedded(id) {
      return typeof id === 'string' && ID.test(id) ? live(ctx.state.sessions[id], 'embedded') : null;
    },

    /** A new session (inside a transaction). */
    create(kind, { customerId = 0, cartId = null } = {}) {
      const now = ctx.now();
      const session = { id: newId(), kind, customer_id: customerId, cart_id: cartId, created_at: now, seen_at: now, order_ids: [] };
      ctx.state.sessions[session.id] = session;
      return session;
    },

    /**
     * Signs a browser in (inside a transaction): a new session id, as after any sign-in, keeping the cart of
     * the old session when it is a guest cart (now the customer's, as BigCommerce claims it) or already theirs.
     */
    signIn(request, customerId) {
      const previous = this.fromRequest(request);
      let cartId = null;
      const orderIds = previous?.order_ids ?? [];
      if (previous) {
        const cart = findCart(ctx, previous.cart_id);
        if (cart && (cart.customer_id === 0 || cart.customer_id === customerId)) {
          if (cart.customer_id === 0) {
            setCustomer(ctx, cart, customerId);
            touch(ctx, cart);
          }
          cartId = cart.id;
        }
        delete ctx.state.sessions[previous.id];
      }
      const session = this.create('cookie', { customerId, cartId });
      session.order_ids = orderIds;
      return session;
    },

    cookieFor(session) {
      // Over https the cookie may also work inside the embedded checkout where the browser allows it.
      return serializeCookie(SESSION_COOKIE, session.id, { secure: secureCookies, sameSite: secureCookies ? 'None' : 'Lax', maxAge: COOKIE_SESSION_IDLE_MS / 1000 });
    },

    clearCookie() {
      return serializeCookie(SESSION_COOKIE, '', { secure: secureCookies, sameSite: secureCookies ? 'None' : 'Lax', maxAge: 0 });
    },

    /** A single-use code standing for a signed-in customer, valid two minutes (inside a transaction). */
    issueLoginCode(customerId) {
      const code = newId();
      ctx.state.loginCodes[code] = { customer_id: customerId, expires_at: ctx.now() + LOGIN_CODE_LIFETIME_MS };
      return code;
    },

    /** The customer id a login code stands for, using it up; null when unknown, used or expired. */
    redeemLoginCode(code) {
      if (typeof code !== 'string' || !ID.test(code)) return null;
      const entry = ctx.state.loginCodes[code];
      if (!entry) return null;
      delete ctx.state.loginCodes[code];
      return entry.expires_at >= ctx.now() ? entry.customer_id : null;
    },

    prune() {
      const now = ctx.now();
      for (const [id, session] of Object.entries(ctx.state.sessions)) {
        const idle = session.kind === 'cookie' ? COOKIE_SESSION_IDLE_MS : EMBEDDED_SESSION_IDLE_MS;
        if (now - session.seen_at > idle) delete ctx.state.sessions[id];
      }
      for (const [code, entry] of Object.entries(ctx.state.loginCodes)) if (entry.expires_at < now) delete ctx.state.loginCodes[code];
    },
  };
}
