// The signed-in shopper, kept in an httpOnly cookie signed with SESSION_SECRET (HMAC-SHA256, Web Crypto, so it
// runs on edge platforms too). The cookie holds a session id, the customer, when the session began, when it was
// last used and when it ends; nothing secret. A session ends when it is idle too long, when its lifetime is over,
// or when the shopper signs out: signing out revokes the id in the shared state (server/shared-state.js), so a
// copy of the old cookie is refused by every worker and instance. Signing in always starts a new id.
import { isLoopbackHostname } from './loopback.js';
import { base64url, createSignedJson } from './signed-json.js';

const COOKIE = 'bcch_session';

export const SESSION_DEFAULTS = Object.freeze({ idleMinutes: 60, maxHours: 24 });

/**
 * @param {string} secret
 * @param {{ state: { revoke(id: string, ttlMs: number): Promise<void>, isRevoked(id: string): Promise<boolean> },
 *           now?: () => number, idleMinutes?: number, maxHours?: number, onStateError?: (error: Error) => void }} options
 */
export function createSessionCookies(secret, { state, now = () => Date.now(), idleMinutes = SESSION_DEFAULTS.idleMinutes, maxHours = SESSION_DEFAULTS.maxHours, onStateError = () => {} }) {
  const signed = createSignedJson(secret);
  const idleS = idleMinutes * 60;
  const maxS = maxHours * 3600;
  // A session in use gets a fresh `seen` once a tenth of the idle time has passed, not on every request.
  const renewAfterS = Math.max(1, Math.floor(idleS / 10));

  // Cookies whose signature checked out, oldest first: a signed-in shopper sends the same cookie with every
  // request, and Web Crypto's HMAC (a job on the thread pool in Node) was about a tenth of a checkout's CPU.
  // Bounded (the oldest goes). Idle time, lifetime and revocation are still checked on every read.
  const verified = new Map();
  const VERIFIED_MAX = 10_000;
  // What read() found for a request, so routes that read the session twice pay once.
  const seen = new WeakMap();

  /**
   * The session of a request, or null (no cookie, bad signature, idle too long, over its lifetime, revoked).
   * `renew` is a Set-Cookie that keeps a session in use from going idle, when one is due.
   * @returns {Promise<null | { sid: string, customerId: number, email: string, name: string, renew: string | null }>}
   */
  function read(request) {
    let pending = seen.get(request);
    if (!pending) {
      pending = readUncached(request);
      seen.set(request, pending);
    }
    return pending;
  }

  async function readUncached(request) {
    const value = cookieValue(request.headers.get('cookie'), COOKIE);
    if (!value) return null;
    let payload = verified.get(value);
    if (!payload) {
      payload = await verify(value);
      if (!payload) return null;
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value);
      verified.set(value, payload);
    }
    const t = Math.floor(now() / 1000);
    if (payload.exp <= t || t - payload.seen > idleS) return null;
    let revoked;
    try {
      revoked = await state.isRevoked(payload.sid);
    } catch (error) {
      // Whether it was revoked cannot be known: the shopper continues as a guest (checkout still works), and
      // the log says why.
      onStateError(error);
      return null;
    }
    if (revoked) return null;
    const renew = t - payload.seen >= renewAfterS ? await cookieFor(request, { ...payload, seen: t }) : null;
    return { sid: payload.sid, customerId: payload.customerId, email: payload.email, name: payload.name, renew };
  }

  async function verify(value) {
    const payload = await signed.open(value);
    const integer = (v) => Number.isSafeInteger(v) && v >= 0;
    if (!payload || typeof payload.sid !== 'string' || !integer(payload.customerId) || !integer(payload.exp) || !integer(payload.seen)) return null;
    return Object.freeze(payload);
  }

  async function cookieFor(request, payload) {
    const value = await signed.sign(payload);
    return `${COOKIE}=${value}; ${attributes(request)}; Max-Age=${Math.max(0, payload.exp - Math.floor(now() / 1000))}`;
  }

  /** Set-Cookie for a new session with a new id; the request's old session, if any, is revoked. */
  async function create(request, customer) {
    await end(request);
    const t = Math.floor(now() / 1000);
    const sid = base64url(crypto.getRandomValues(new Uint8Array(16)));
    return cookieFor(request, { sid, customerId: customer.id, email: customer.email, name: customer.name, iat: t, seen: t, exp: t + maxS });
  }

  /** Revokes the request's session everywhere; resolves once the shared state has it. */
  async function end(request) {
    const value = cookieValue(request.headers.get('cookie'), COOKIE);
    const payload = value && (verified.get(value) ?? await verify(value));
    if (!payload) return;
    const ttlMs = (payload.exp - Math.floor(now() / 1000)) * 1000;
    if (ttlMs > 0) await state.revoke(payload.sid, ttlMs);
  }

  /** The Set-Cookie that clears the session cookie in this browser. */
  function clearCookie(request) {
    return `${COOKIE}=; ${attributes(request)}; Max-Age=0`;
  }

  /** Revokes the session and returns the Set-Cookie that clears it. */
  async function clear(request) {
    await end(request);
    return clearCookie(request);
  }

  /** What read() found for this request, if a route asked; null when none did. */
  function readAlready(request) {
    return seen.get(request) ?? null;
  }

  return { read, readAlready, create, clear, clearCookie };
}

function attributes(request) {
  const url = new URL(request.url);
  const loopback = url.protocol === 'http:' && isLoopbackHostname(url.hostname);
  return `Path=/; HttpOnly; SameSite=Lax${loopback ? '' : '; Secure'}`;
}

function cookieValue(header, name) {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
