// /login/token/{jwt}: the Customer Login API (customer_login.yml, guides/start_authentication_customer-login.mdx).
// The JWT is checked here with node:crypto HMAC, independently of the stub's jose signer: HS256 with the
// client secret, iss = client id, iat within 30 s, a jti never seen before, operation "customer_login",
// this store's hash, an existing customer, channel_id equal to the sandbox channel (a token without one is for
// channel 1, the guide's default), and request_ip (when given) equal to the browser's address.
//   GET  signs the browser in with a cookie and redirects to redirect_to (default /account.php). A refused token
//        sends the browser to /login.php, which shows the refusal ("If it was unsuccessful, a sign in attempt error
//        message will be displayed, and you will be directed to /login.php", Customer Login API guide).
//   POST is what the Checkout SDK sends for embedded checkout (XHR, withCredentials): it signs the browser in
//        with the same cookie and answers {"redirectUrl": ...} with CORS for the channel site. That cookie is a
//        third-party cookie for the storefront's page, so where the browser blocks those the frame that follows
//        arrives signed out and without a cart, as on BigCommerce.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { findCustomer } from './customers.js';
import { storeJson, redirect } from './store-http.js';

const MAX_SKEW_S = 30;
const JTI_MEMORY_MS = 10 * 60 * 1000; // longer than any iat a token could still pass with
const B64URL = /^[A-Za-z0-9_-]+$/;

class LoginTokenError extends Error {
  /** `code` is what GET puts in /login.php?login_error= (LOGIN_ERROR_TEXT in pages/account.js). */
  constructor(status, reason, code = 'invalid_token') {
    super(reason);
    this.status = status;
    this.code = code;
  }
}

function decodeSegment(segment, what) {
  if (!B64URL.test(segment)) throw new LoginTokenError(400, `The login token's ${what} is not base64url`);
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new LoginTokenError(400, `The login token's ${what} is not a JSON object`);
  }
}

const normaliseIp = (ip) => String(ip ?? '').trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * Checks a Customer Login JWT (inside a transaction). Throws LoginTokenError while the token is malformed or
 * its signature is wrong (nothing is recorded); once the signature is good the jti is recorded, so a token
 * is single use even when a later check fails, and the result is { claims, redirectUrl } or { error }.
 */
function verifyLoginToken(ctx, token, { clientAddress } = {}, addressedOrigin = ctx.options.origin) {
  const { clientId, clientSecret, storeHash, channelId } = ctx.options;
  const parts = String(token).split('.');
  if (parts.length !== 3 || parts.some((p) => !p)) throw new LoginTokenError(400, 'The login token is not a JWT');
  const header = decodeSegment(parts[0], 'header');
  if (header.alg !== 'HS256') throw new LoginTokenError(400, 'The login token must be signed with HS256');
  if (!B64URL.test(parts[2])) throw new LoginTokenError(400, "The login token's signature is not base64url");
  const expected = createHmac('sha256', clientSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LoginTokenError(401, 'The login token signature is not valid');
  }
  const claims = decodeSegment(parts[1], 'payload');
  if (typeof claims.jti !== 'string' || !claims.jti || claims.jti.length > 255) throw new LoginTokenError(400, 'The login token has no jti');
  if (ctx.state.usedJtis[claims.jti]) throw new LoginTokenError(401, 'The login token has already been used', 'used_token');
  ctx.state.usedJtis[claims.jti] = ctx.now() + JTI_MEMORY_MS;
  try {
    checkClaims(ctx, claims, { clientId, storeHash, channelId, clientAddress });
    return { claims, redirectUrl: redirectTarget(claims.redirect_to ?? '/account.php', addressedOrigin, ctx.storeOrigins()) };
  } catch (error) {
    if (error instanceof LoginTokenError) return { error };
    throw error;
  }
}

function checkClaims(ctx, claims, { clientId, storeHash, channelId, clientAddress }) {
  if (claims.iss !== clientId) throw new LoginTokenError(401, 'The login token was not issued by this API account (iss)');
  if (claims.operation !== 'customer_login') throw new LoginTokenError(401, 'The login token operation must be customer_login');
  if (claims.store_hash !== storeHash) throw new LoginTokenError(401, 'The login token is for another store (store_hash)');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw new LoginTokenError(400, 'The login token has no iat');
  const nowS = ctx.now() / 1000;
  if (claims.iat > nowS + MAX_SKEW_S) throw new LoginTokenError(401, 'The login token was issued in the future (iat); check the clock with GET /v2/time', 'expired_token');
  if (nowS - claims.iat > MAX_SKEW_S) throw new LoginTokenError(401, 'The login token has expired (iat is more than 30 seconds ago)', 'expired_token');
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp < nowS)) throw new LoginTokenError(401, 'The login token has expired (exp)', 'expired_token');
  // "The default channel_id value is 1" (Customer Login API guide): a token without one signs in to channel 1,
  // the store's own storefront; it is refused on any other channel (for embedded checkout, as a CORS failure).
  if (claims.channel_id === undefined || claims.channel_id === null) {
    if (channelId !== 1) {
      throw new LoginTokenError(401, `The login token has no channel_id, so it is for channel 1 (the default), not channel ${channelId}; set channel_id to ${channelId}`, 'wrong_channel');
    }
  } else if (claims.channel_id !== channelId) {
    throw new LoginTokenError(401, `The login token is for channel ${claims.channel_id}, not channel ${channelId}`, 'wrong_channel');
  }
  if (!Number.isInteger(claims.customer_id) || !findCustomer(ctx.state, claims.customer_id)) {
    throw new LoginTokenError(401, 'The login token names no customer of this store (customer_id)', 'unknown_customer');
  }
  if (claims.request_ip !== undefined) {
    if (!clientAddress || normaliseIp(claims.request_ip) !== normaliseIp(clientAddress)) {
      throw new LoginTokenError(403, 'The login token is for another IP address (request_ip)', 'wrong_ip');
    }
  }
}

/**
 * redirect_to as an absolute URL on the store: a path stays on the address the token came in on, a full URL may
 * name the store's own origin or a channel's checkout domain; anything that would leave the store is refused.
 */
function redirectTarget(value, origin, storeOrigins) {
  if (typeof value !== 'string' || !value || /[\u0000-\u001f\\]/.test(value)) throw new LoginTokenError(400, 'redirect_to is not a URL path', 'bad_redirect');
  const relative = value.startsWith('/') && !value.startsWith('//');
  let url;
  try {
    url = new URL(value, relative ? origin : undefined);
  } catch {
    throw new LoginTokenError(400, 'redirect_to is not a URL path', 'bad_redirect');
  }
  if (!storeOrigins.has(url.origin)) throw new LoginTokenError(400, 'redirect_to must be a path on this store', 'bad_redirect');
  return url;
}

export function registerLoginTokenRoutes(pages, ctx) {
  const cors = {
    'Access-Control-Allow-Origin': new URL(ctx.options.siteUrl).origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };

  pages.add('OPTIONS', '/login/token/:jwt', async () => new Response(null, {
    status: 204,
    headers: { ...cors, 'Access-Control-Allow-Methods': 'POST, GET, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type, Accept, X-Requested-With', 'Access-Control-Max-Age': '600' },
  }));

  /** { error } or { claims, redirectUrl } plus whatever `then` made of it, in one transaction. */
  function attempt(params, info, url, then) {
    try {
      return ctx.transact(() => {
        const result = verifyLoginToken(ctx, params.jwt, info ?? {}, ctx.addressedOrigin(url));
        return result.error ? result : then(result);
      });
    } catch (error) {
      if (error instanceof LoginTokenError) return { error };
      throw error;
    }
  }

  pages.add('GET', '/login/token/:jwt', async ({ request, url, params, info }) => {
    const result = attempt(params, info, url, ({ claims, redirectUrl }) => {
      const session = ctx.sessions.signIn(request, claims.customer_id);
      return redirect(redirectUrl.href, 302, { 'Set-Cookie': ctx.sessions.cookieFor(session) });
    });
    if (!result.error) return result;
    // To /login.php with a fixed code, never the reason's text: the page shows its own sentence for the code, so
    // nothing in the address reaches the page (no XSS) and the target is always this store's page (no open
    // redirect). The full reason goes to the sandbox's log for the developer.
    ctx.log(`sandbox: login token refused (GET): ${result.error.message}`);
    return redirect(`/login.php?login_error=${result.error.code}`, 302);
  });

  pages.add('POST', '/login/token/:jwt', async ({ request, url, params, info }) => {
    const result = attempt(params, info, url, ({ claims, redirectUrl }) => {
      const session = ctx.sessions.signIn(request, claims.customer_id);
      return storeJson(200, { redirectUrl: redirectUrl.href }, { ...cors, 'Set-Cookie': ctx.sessions.cookieFor(session) });
    });
    // The SDK shows `title` as the invalid_login_token error's message.
    return result.error ? storeJson(result.error.status, { title: result.error.message }, cors) : result;
  });
}

export function pruneJtis(ctx) {
  const now = ctx.now();
  for (const [jti, until] of Object.entries(ctx.state.usedJtis)) if (until < now) delete ctx.state.usedJtis[jti];
}
