// The shopper's sandbox session: who is signed in and which cart they are checking out, kept where a real
// store keeps it, in a cookie on the store's origin. The embedded checkout is the same store inside a
// cross-site iframe, so that cookie is a third-party cookie there: it is `SameSite=None; Secure`, and where
// the browser blocks third-party cookies the frame has no session and BigCommerce answers "Cannot start
// checkout session with an empty cart" (BigCommerce's embedded checkout FAQ; the Checkout SDK's allow-cookie
// step exists for this, bigcommerce/checkout-sdk-js packages/core/src/embedded-checkout/embedded-checkout.ts).
// docs/sandbox.md lists what is modelled.
import { randomBytes } from 'node:crypto';
import { findCart, setCustomer, touch } from './carts.js';
import { parseCookies, serializeCookie } from './store-http.js';

export const SESSION_COOKIE = 'SHOP_SESSION_TOKEN';
const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
const ID = /^[A-Za-z0-9_-]{32}$/;

const newId = () => randomBytes(24).toString('base64url');

export function createShopperSessions(ctx) {
  // Browsers keep Secure cookies from https origins and from localhost (a secure context), which is where a
  // developer runs the sandbox over plain http; the cookie is the same either way.
  const attributes = { secure: true, sameSite: 'None', maxAge: SESSION_IDLE_MS / 1000 };

  function live(session) {
    if (!session || session.kind !== 'cookie') return null;
    return ctx.now() - session.seen_at > SESSION_IDLE_MS ? null : session;
  }

  return {
    /** The session the request's cookie names, or null (no cookie, as in a frame whose cookies are blocked). */
    fromRequest(request) {
      const id = parseCookies(request.headers.get('cookie'))[SESSION_COOKIE];
      return id && ID.test(id) ? live(ctx.state.sessions[id]) : null;
    },

    /** A new session (inside a transaction). */
    create({ customerId = 0, cartId = null } = {}) {
      const now = ctx.now();
      const session = { id: newId(), kind: 'cookie', customer_id: customerId, cart_id: cartId, created_at: now, seen_at: now, order_ids: [] };
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
      const session = this.create({ customerId, cartId });
      session.order_ids = orderIds;
      return session;
    },

    /** Ends a session (inside a transaction). */
    end(session) {
      if (session) delete ctx.state.sessions[session.id];
    },

    cookieFor(session) {
      return serializeCookie(SESSION_COOKIE, session.id, attributes);
    },

    clearCookie() {
      return serializeCookie(SESSION_COOKIE, '', { ...attributes, maxAge: 0 });
    },

    prune() {
      const now = ctx.now();
      for (const [id, session] of Object.entries(ctx.state.sessions)) {
        if (session.kind !== 'cookie' || now - session.seen_at > SESSION_IDLE_MS) delete ctx.state.sessions[id];
      }
    },
  };
}
