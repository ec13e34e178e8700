// The signed-in shopper, kept in an httpOnly cookie signed with SESSION_SECRET (HMAC-SHA256, Web Crypto, so it
// runs on edge platforms too). The cookie holds the customer id and an expiry; nothing secret.
import { isLoopbackHostname } from './config.js';

const COOKIE = 'bcch_session';
const MAX_AGE_S = 7 * 24 * 3600;
const encoder = new TextEncoder();

const decoder = new TextDecoder();
// btoa/atob rather than Buffer: they exist on Node and on every edge runtime.
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export function createSessionCookies(secret, { now = () => Date.now() } = {}) {
  const keyPromise = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

  async function sign(payload) {
    const body = base64url(encoder.encode(JSON.stringify(payload)));
    const mac = await crypto.subtle.sign('HMAC', await keyPromise, encoder.encode(body));
    return `${body}.${base64url(new Uint8Array(mac))}`;
  }

  // Cookies whose signature checked out, oldest first: a signed-in shopper sends the same cookie with
  // every request, and Web Crypto's HMAC (a job on the thread pool in Node) was about a tenth of a checkout's
  // CPU. Bounded (the oldest goes); the expiry is still checked on every read. Only a valid cookie gets in.
  const verified = new Map();
  const VERIFIED_MAX = 10_000;

  /** The session of a request, or null (no cookie, bad signature, expired). */
  async function read(request) {
    const value = cookieValue(request.headers.get('cookie'), COOKIE);
    if (!value) return null;
    const known = verified.get(value);
    if (known) return known.exp * 1000 < now() ? null : known;
    const payload = await verify(value);
    if (payload) {
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value);
      verified.set(value, payload);
    }
    return payload;
  }

  async function verify(value) {
    const [body, mac] = value.split('.');
    if (!body || !mac) return null;
    let valid = false;
    try {
      valid = await crypto.subtle.verify('HMAC', await keyPromise, fromBase64url(mac), encoder.encode(body));
    } catch {
      return null;
    }
    if (!valid) return null;
    try {
      const payload = JSON.parse(decoder.decode(fromBase64url(body)));
      if (typeof payload.customerId !== 'number' || typeof payload.exp !== 'number' || payload.exp * 1000 < now()) return null;
      return Object.freeze(payload);
    } catch {
      return null;
    }
  }

  /** Set-Cookie for a new session. Secure everywhere but plain-http loopback (the local demo). */
  async function create(request, customer) {
    const exp = Math.floor(now() / 1000) + MAX_AGE_S;
    const value = await sign({ customerId: customer.id, email: customer.email, name: customer.name, exp });
    return `${COOKIE}=${value}; ${attributes(request)}; Max-Age=${MAX_AGE_S}`;
  }

  function clear(request) {
    return `${COOKIE}=; ${attributes(request)}; Max-Age=0`;
  }

  return { read, create, clear };
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
