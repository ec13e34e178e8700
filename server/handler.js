// The server stub: a Web-standard fetch handler, so the same code runs on Node (server/transport/node-adapter.js)
// and on serverless or edge platforms. It alone holds the API token and the client secret, and no response, header
// or log line ever carries them.
import { createUpstream, StoreBusyError, UpstreamError } from './bigcommerce-client.js';
import { createCartSync, normaliseCart } from './cart-sync.js';
import { cartRefusal, createCartTokens, GUEST } from './cart-token.js';
import { createCatalogView } from './catalog-view.js';
import { addCheckoutDetailsRoutes } from './checkout-details.js';
import { createCheckoutOrigins } from './checkout-origin.js';
import { ConfigError, secretsOf } from './config.js';
import { createLoginTokens, createStoreClock } from './customer-login-jwt.js';
import { cors, errorResponse, HttpError, jsonResponse, readJson } from './http.js';
import { createLogger, createScrubber } from './log.js';
import { createSessionCookies } from './session-cookie.js';
import { createMemoryState, createRateLimiter } from './shared-state.js';
import { parseOrigin, runSetupCheck } from './setup-check.js';
import { lazyResponse, responseFor } from './transport/lazy-fetch.js';
import { createRouteTable } from './transport/route-table.js';

const CATALOG_CACHE = { 'Cache-Control': 'public, max-age=60' };

/**
 * @param {ReturnType<import('./config.js').loadConfig>} config
 * @param {{ core: object, fetch?: typeof fetch, now?: () => number, log?: (line: string) => void,
 *           basePath?: string, sleep?: (ms: number) => Promise<void>, detailsCore?: object | Promise<object> }} deps
 *   `core` is the loaded server core (loadServerCore() from bc-checkout-helper/server-core) that validates
 *   carts and URLs and plans the Cart API calls;
 *   `detailsCore` the checkout details module (loadDetailsCore()), or a promise of it, for the /checkouts routes.
 * @returns {(request: Request, info?: { clientAddress?: string }) => Promise<Response>}
 */
export function createHandler(config, deps) {
  const { core, now = () => Date.now(), basePath = '/api' } = deps;
  if (!core) throw new Error('createHandler needs the loaded core: createHandler(config, { core: await loadServerCore() })');
  // The page's cart core (loadCore()) lacks the server's calls: say which one to load, not "not a function" later.
  if (typeof core.planCartSync !== 'function') {
    throw new Error("createHandler needs the server core, not the page's: core: await loadServerCore() from 'bc-checkout-helper/server-core'");
  }
  if (config.customItems) {
    try {
      core.checkCustomItems(config.customItems);
    } catch (error) {
      throw new ConfigError('CUSTOM_ITEMS', error.message);
    }
  }
  const log = createLogger(secretsOf(config), deps.log);
  const scrub = createScrubber(secretsOf(config));
  // Every JSON answer goes through the scrubber: some carry text that came from BigCommerce.
  const json = (status, body, headers) => jsonResponse(status, body, headers, scrub);
  const upstream = createUpstream(config, { fetch: deps.fetch, sleep: deps.sleep, now });
  // Rate limits and revoked sessions: in this process unless the caller hands in shared state (server/main.js
  // does with REDIS_URL), so that every worker and instance agrees.
  const state = deps.state ?? createMemoryState({ now });
  const stateError = (error) => log('error', 'shared state unavailable', { kind: state.kind, cause: String(error?.message ?? error) });
  const sessions = createSessionCookies(config.sessionSecret, { state, now, idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours, onStateError: stateError });
  const limiter = createRateLimiter(state, { name: 'api', limit: config.rateLimitPerMinute, onError: stateError });
  const loginLimiter = createRateLimiter(state, { name: 'sign-in', limit: 10, onError: stateError });
  const carts = createCartSync({ core, upstream, config });
  const cartTokens = createCartTokens(config.sessionSecret, { storeHash: config.storeHash, channelId: config.channelId });
  const catalog = createCatalogView({ upstream, channelId: config.channelId, extraFields: config.catalogExtraFields, now });
  const checkoutOrigins = createCheckoutOrigins(config, { upstream, core, now, log });
  const logins = createLoginTokens(config, { now, storeTime: createStoreClock(upstream, { now }), loginOriginFor: checkoutOrigins.loginOriginFor });

  // The stub's routes below basePath. `free` routes never call BigCommerce and skip the per-client limit. Params
  // are ids, checked as they stand in the path: a %-escaped id is not one.
  const routes = createRouteTable({ decodeParams: false });
  // `session` routes read the shopper's session: it is looked up (a shared-state round trip with Redis) while
  // the rate limit is counted, not after.
  const add = (method, pattern, run, { free = false, session = false } = {}) => routes.add(method, pattern, { run, free, session });

  add('GET', '/health', async () => json(200, { ok: true, channelId: config.channelId, storeUrl: config.storeUrl }), { free: true });

  // The saved cart in, the BigCommerce cart and a cart token out. A cart id comes with the token POST /cart gave
  // for it, or the cart is not touched: the stub starts a fresh cart from the saved lines and says why
  // (`cartReplaced`), so a cart id read from a URL or a log opens nobody's cart (server/cart-token.js).
  add('POST', '/cart', async ({ request }) => {
    const { redirectUrls, ...synced } = await syncSavedCart(request, await readJson(request));
    return json(200, synced);
  }, { session: true });

  // Whether a cart still exists: after a hosted checkout, a cart that is gone became an order. Needs the cart's
  // token (X-Cart-Token).
  add('GET', '/cart/:cartId', async ({ request, params }) => {
    if (!core.isCartId(params.cartId)) throw new HttpError(400, 'invalid_cart_id', 'Not a BigCommerce cart id');
    await requireCartToken(request, params.cartId, request.headers.get('x-cart-token'));
    try {
      const { json: body } = await upstream.request('GET', `/v3/carts/${params.cartId}?include=${core.cartInclude}`);
      return json(200, { exists: true, cart: normaliseCart(body.data, core) });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return json(200, { exists: false });
      throw error;
    }
  }, { session: true });

  // A checkout URL for a cart: either `{ cartId, cartToken, mode }` for a cart synced before, or `{ cart, cartToken,
  // mode }`, which syncs the saved cart as POST /cart does and then answers with the URL, in one round trip from the
  // browser; a first checkout then costs one BigCommerce call (the create answer's redirect URLs).
  add('POST', '/checkout', async ({ request, info }) => {
    const body = await readJson(request);
    const mode = body?.mode ?? 'redirect';
    const withCart = body && typeof body === 'object' && body.cart !== undefined;
    const requireMode = () => {
      if (mode !== 'redirect' && mode !== 'embedded') throw new HttpError(400, 'invalid_mode', 'mode must be "redirect" or "embedded"');
    };
    let synced = null;
    let cartId;
    let savedDetails = null;
    if (withCart) {
      requireMode();
      savedDetails = await checkoutDetails.savedDetailsOf(body.cart);
      synced = await syncSavedCart(request, body);
      cartId = synced.cartId;
      if (!cartId) throw new HttpError(422, 'cart_empty', 'The cart is empty: add something before checking out', { details: { cartId: null } });
    } else {
      cartId = body?.cartId;
      if (!core.isCartId(cartId)) throw new HttpError(400, 'invalid_cart_id', 'cartId must be a BigCommerce cart id');
      requireMode();
      await requireCartToken(request, cartId, body?.cartToken);
    }
    // The hosted checkout opens with the saved details in place (addresses, shipping option, coupons).
    const prefilled = synced && await checkoutDetails.prefill(cartId, body.cart, savedDetails);
    // Redirect URLs are single use: fresh ones from the sync's last write, else asked for now.
    const redirectUrls = synced?.redirectUrls ?? await freshRedirectUrls(cartId);
    const cartFields = synced && { cartId, cartToken: synced.cartToken, cart: synced.cart, ...(synced.cartReplaced && { cartReplaced: synced.cartReplaced }),
      ...(prefilled && { checkoutDetails: prefilled }) };
    const storeOrigins = await checkoutOrigins.storeOriginsFor(redirectUrls, mode);
    const checkoutUrl = checked(() => core.chooseCheckoutUrl({ redirectUrls, mode, storeOrigins }));
    const session = await sessions.read(request);
    // `login: false`: the plain URL, no Customer Login JWT (single use, so never made for a URL that will not be
    // opened; the browser layer asks so to learn the checkout's origin before the allow-cookie round trip).
    if (!session || body.login === false) return json(200, { url: checkoutUrl, mode, signedIn: false, ...cartFields });
    const loginUrl = await logins.loginUrl({ customerId: session.customerId, redirectTo: checkoutUrl, requestIp: clientOf(request, info) ?? undefined });
    // With a login URL the core checks that URL alone; the redirect URLs are not sent across a second time.
    const url = checked(() => core.chooseCheckoutUrl({ mode, loginUrl, storeOrigins }));
    return json(200, { url, mode, signedIn: true, ...cartFields });
  }, { session: true });

  add('GET', '/session', async ({ request }) => {
    const session = await sessions.read(request);
    return json(200, session ? { signedIn: true, customer: customerOf(session) } : { signedIn: false });
  }, { free: true });

  add('POST', '/session', async ({ request, info }) => {
    const attempt = await loginLimiter.take(clientOf(request, info) ?? 'unknown');
    if (!attempt.ok) throw tooMany(attempt.retryAfter, `Too many sign-in attempts; try again in ${attempt.retryAfter} s`);
    const body = await readJson(request);
    const email = body?.email;
    const password = body?.password;
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password || email.length > 255 || password.length > 1024) {
      throw new HttpError(400, 'invalid_credentials_request', 'Send {"email": "...", "password": "..."}');
    }
    const { json: result } = await upstream.request('POST', '/v3/customers/validate-credentials', {
      email, password, channel_id: config.channelId,
    });
    if (!result?.is_valid || typeof result.customer_id !== 'number') {
      throw new HttpError(401, 'invalid_credentials', 'The email or password is not right');
    }
    const customer = await customerProfile(result.customer_id, email);
    const cookie = await sessions.create(request, customer);
    return json(200, { signedIn: true, customer: { id: customer.id, email: customer.email, name: customer.name } }, { 'Set-Cookie': cookie });
  });

  add('DELETE', '/session', async ({ request }) => {
    let cookie;
    try {
      cookie = await sessions.clear(request);
    } catch (error) {
      // The browser's copy goes, but a copy elsewhere could not be revoked: say so rather than claim it ended.
      stateError(error);
      throw new HttpError(503, 'session_store_unavailable', 'Signed out in this browser, but the sign-out could not be recorded; try again shortly', {
        headers: { 'Set-Cookie': sessions.clearCookie(request), 'Retry-After': '5' },
      });
    }
    return json(200, { signedIn: false }, { 'Set-Cookie': cookie });
  }, { free: true });

  // Checkout details, orders and payments below /checkouts/:cartId (server/checkout-details.js).
  const checkoutDetails = addCheckoutDetailsRoutes(add, {
    config, core, detailsCore: deps.detailsCore, upstream, requireCartToken, sessions, json, log, fetch: deps.fetch, sleep: deps.sleep, now,
  });

  // A storefront view of the catalog (server/catalog-view.js): visible, listed products and storefront fields.
  add('GET', '/catalog/products', async ({ request }) => json(200, await catalog.list(new URL(request.url).searchParams), CATALOG_CACHE));
  add('GET', '/catalog/products/:productId', async ({ params }) => json(200, await catalog.one(params.productId), CATALOG_CACHE));

  // Only with SETUP_CHECK=true; otherwise no such route (404). The embedding page is the Origin header (a
  // cross-origin call), else ?origin= (a same-origin fetch sends no Origin, and behind an https proxy the
  // request URL says http), else the request URL's own origin. "null" (a sandboxed or file: page) says nothing.
  if (config.setupCheck) {
    add('GET', '/setup-check', async ({ request }) => {
      const url = new URL(request.url);
      const header = request.headers.get('origin');
      const raw = header && header !== 'null' ? header : url.searchParams.get('origin') ?? url.origin;
      const embeddingOrigin = parseOrigin(raw);
      if (!embeddingOrigin) {
        throw new HttpError(400, 'invalid_origin', `The page's origin (the Origin header, or ?origin=) must be a web origin such as https://shop.example.com: scheme, host and port, no path; got ${JSON.stringify(raw.slice(0, 200))}`);
      }
      const result = await runSetupCheck({ config, upstream, embeddingOrigin, stubOrigin: url.origin, now });
      return json(200, { embeddingOrigin, ...result });
    });
  }

  /**
   * POST /cart's body (the saved cart, or { cart, cartToken }) synced to BigCommerce under the cart-token rules:
   * { cartId, cart, cartToken, cartReplaced?, redirectUrls } (redirectUrls: unused ones from the sync, or null).
   */
  async function syncSavedCart(request, body) {
    const wrapped = body && typeof body === 'object' && body.cart && typeof body.cart === 'object';
    const savedCart = wrapped ? body.cart : body;
    if (!savedCart || typeof savedCart !== 'object' || Array.isArray(savedCart)) {
      throw new HttpError(400, 'invalid_cart', 'Send the saved cart document (cart.toJSON()) as the body');
    }
    const { cartToken: tokenInCart, ...document } = savedCart;
    const token = wrapped && body.cartToken !== undefined ? body.cartToken : tokenInCart;
    const session = await sessions.read(request);
    const customerId = session ? session.customerId : undefined;
    let cartReplaced;
    if (document.cartId !== undefined && document.cartId !== '' && !core.isCartId(document.cartId)) {
      // Checked before anything else: it would go into a Cart API path.
      throw new HttpError(400, 'saved_cart_invalid', 'cartId is not a BigCommerce cart id');
    }
    if (document.cartId) {
      const refusal = await refusalOf(token, document.cartId, customerId);
      if (refusal) {
        cartReplaced = { previousCartId: document.cartId, reason: refusal };
        delete document.cartId;
      }
    }
    let result;
    try {
      result = await carts.sync(document, customerId);
    } catch (error) {
      // A refused line can leave a cart that holds the others (line_rejected names it): its token comes along.
      if (error instanceof HttpError && typeof error.details?.cartId === 'string') {
        error.details.cartToken = await cartTokens.issue(error.details.cartId, customerId ?? GUEST);
      }
      throw error;
    }
    const cartToken = result.cartId ? await cartTokens.issue(result.cartId, customerId ?? GUEST) : null;
    return { ...result, cartToken, ...(cartReplaced && { cartReplaced }) };
  }

  /** New single-use redirect URLs for a cart (carts.v3.yml createCartRedirectURL); 404 cart_not_found when it is gone. */
  async function freshRedirectUrls(cartId) {
    try {
      const { json: { data } } = await upstream.request('POST', `/v3/carts/${cartId}/redirect_urls`, {});
      return data;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) {
        throw new HttpError(404, 'cart_not_found', 'The cart no longer exists (it expired or became an order)');
      }
      throw error;
    }
  }

  /** Why the holder of `token` (absent as undefined or null) may not act on `cartId`, or null (server/cart-token.js). */
  async function refusalOf(token, cartId, customerId) {
    return cartRefusal(token === undefined || token === null ? undefined : await cartTokens.read(token), cartId, customerId);
  }

  /** Refuses (403) a cart call whose token is missing, for another cart, or a customer's without their session. */
  async function requireCartToken(request, cartId, token) {
    const session = await sessions.read(request);
    const refusal = await refusalOf(token, cartId, session ? session.customerId : undefined);
    if (refusal === 'other_owner') throw new HttpError(403, 'cart_not_yours', 'This cart belongs to another customer; sign in as them, or start a new cart');
    if (refusal) throw new HttpError(403, refusal === 'cart_token_missing' ? 'cart_token_required' : 'cart_token_invalid', 'Send the cart token that POST /cart gave for this cart');
  }

  async function customerProfile(id, email) {
    try {
      const { json: body } = await upstream.request('GET', `/v3/customers?id:in=${id}`);
      const c = body?.data?.[0];
      if (c) return { id, email: c.email ?? email, name: [c.first_name, c.last_name].filter(Boolean).join(' ') };
    } catch {
      // The profile is a nicety; the credentials were valid.
    }
    return { id, email, name: '' };
  }

  // Behind TRUST_PROXY=n proxies the client is the address the outermost of them saw: each proxy appends the
  // address it was called from to X-Forwarded-For, so that is the n-th entry from the right. Entries further
  // left were written by the client and are never trusted (docs/deploy.md shows the usual set-ups).
  function clientOf(request, info) {
    if (config.trustProxy > 0) {
      const forwarded = request.headers.get('x-forwarded-for');
      if (forwarded) {
        const hops = forwarded.split(',').map((entry) => entry.trim()).filter(Boolean);
        if (hops.length) return hops[Math.max(0, hops.length - config.trustProxy)];
      }
    }
    return info?.clientAddress || null;
  }

  return async function handle(request, info = {}) {
    const started = now();
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : null;
    const access = cors(request, config.allowedOrigins);
    let response;
    try {
      if (path === null) throw new HttpError(404, 'not_found', `No route ${url.pathname}`);
      if (request.method === 'OPTIONS') {
        if (!access.allowed) throw new HttpError(403, 'origin_not_allowed', 'This origin is not in ALLOWED_ORIGINS');
        return responseFor(info, lazyResponse(null, {
          status: 204,
          headers: { ...access.headers, 'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE', 'Access-Control-Allow-Headers': 'Content-Type, X-Cart-Token', 'Access-Control-Max-Age': '600' },
        }));
      }
      if (!access.allowed && request.method !== 'GET') {
        throw new HttpError(403, 'origin_not_allowed', 'Requests from this origin are not allowed (ALLOWED_ORIGINS)');
      }
      const found = routes.match(request.method, path);
      if (!found) throw new HttpError(404, 'not_found', `No route ${request.method} ${url.pathname}`);
      if (found.allow) {
        throw new HttpError(405, 'method_not_allowed', `${url.pathname} takes ${found.allow.join(', ')}, not ${request.method}`, { headers: { Allow: found.allow.join(', ') } });
      }
      // The limit guards the Cart API: routes that never call BigCommerce (health, reading the session) are free.
      // Without a client address (a platform that passes none, see docs/server.md) all clients share one bucket.
      if (found.handler.session) sessions.read(request).catch(() => {}); // awaited by the route; read() keeps it
      if (!found.handler.free) {
        const allowance = await limiter.take(clientOf(request, info) ?? 'unknown');
        if (!allowance.ok) throw tooMany(allowance.retryAfter, `Too many requests; try again in ${allowance.retryAfter} s`);
      }
      response = await found.handler.run({ request, info, params: found.params });
      // A session in use stays alive: its cookie is renewed now and then (server/session-cookie.js).
      const session = await sessions.readAlready(request);
      if (session?.renew && !response.headers.has('set-cookie')) response.headers.append('Set-Cookie', session.renew);
    } catch (error) {
      response = errorResponse(toHttpError(error, log), scrub);
    }
    for (const [name, value] of Object.entries(access.headers)) response.headers.set(name, value);
    log('info', 'request', { method: request.method, path: url.pathname, status: response.status, ms: now() - started });
    return responseFor(info, response);
  };
}

function checked(choose) {
  try {
    return choose();
  } catch (error) {
    if (error.code === 'missing_checkout_url') throw new HttpError(502, error.code, error.message);
    // The store handed back a URL we will not send a shopper to: a configuration problem, said plainly.
    throw new HttpError(502, 'unsafe_checkout_url', `BigCommerce returned a checkout URL that is not allowed: ${error.message}`, {
      details: { reason: error.code },
    });
  }
}

function tooMany(retryAfter, message) {
  return new HttpError(429, 'rate_limited', message, { headers: { 'Retry-After': String(retryAfter) } });
}

function customerOf(session) {
  return { id: session.customerId, email: session.email, name: session.name };
}

// Upstream failures become errors a storefront can show; never the upstream body (it could echo a token).
function toHttpError(error, log) {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreBusyError) {
    // The store's REST quota, shared by every app on it, is used up for longer than QUOTA_MAX_WAIT_MS: a
    // temporary condition of the store, retryable after the wait (server/quota-pacer.js).
    const retryAfter = Math.max(1, Math.ceil(error.retryAfter ?? 1));
    log('warn', 'store busy', { retryAfter });
    return new HttpError(503, 'store_busy', `The store is busy right now (its BigCommerce API quota is used up); try again in ${retryAfter} s`, {
      headers: { 'Retry-After': String(retryAfter) },
      details: { retryAfter },
    });
  }
  if (error instanceof UpstreamError) {
    // Where and why, so the cause is plain from the line alone: never the query or a header (server/log.js
    // scrubs the secrets from every line besides).
    log('warn', 'upstream error', { method: error.method, host: error.host, path: error.path, status: error.status, cause: error.reason, title: error.body?.title });
    if (error.status === 429) {
      // A 429 that is not the store's quota (a limit on one resource, such as sign-in attempts for one email).
      return new HttpError(429, 'upstream_rate_limited', 'BigCommerce asked to wait before trying this again', { headers: { 'Retry-After': String(error.retryAfter ?? 5) } });
    }
    if (error.status === 504) return new HttpError(504, 'upstream_timeout', 'BigCommerce did not answer in time; try again');
    if (error.status === 401 || error.status === 403) {
      return new HttpError(502, 'upstream_auth_failed', 'The server stub could not authenticate with BigCommerce (check BC_ACCESS_TOKEN and its scopes)');
    }
    if (error.status === 404) return new HttpError(404, 'not_found', 'BigCommerce has no such resource');
    if (error.status === 422 || error.status === 400) {
      return new HttpError(422, 'upstream_rejected', error.body?.title ?? 'BigCommerce refused the request');
    }
    return new HttpError(502, 'upstream_unavailable', 'BigCommerce is not answering properly; try again shortly');
  }
  log('error', 'unexpected error', { error: String(error && error.stack ? error.stack : error) });
  return new HttpError(500, 'internal_error', 'Internal error in the server stub');
}
