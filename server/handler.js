// The server stub: a Web-standard fetch handler, so the same code runs on Node (server/transport/node-adapter.js) and on
// serverless or edge platforms. It alone holds the API token and the client secret, and no response, header
// or log line ever carries them.
import { createCartSync, normaliseCart } from './cart-sync.js';
import { secretsOf } from './config.js';
import { createLoginTokens } from './customer-login-jwt.js';
import { cors, errorResponse, HttpError, json as jsonResponse, readJson } from './http.js';
import { lazyResponse, responseFor } from './transport/lazy-fetch.js';
import { createLogger, createScrubber } from './log.js';
import { createRateLimiter } from './rate-limit.js';
import { createSessionCookies } from './session-cookie.js';
import { parseOrigin, runSetupCheck } from './setup-check.js';
import { createUpstream, UpstreamError } from './bigcommerce-client.js';

const UNLIMITED = new Set(['GET /health', 'GET /session', 'DELETE /session']);
const PRODUCT_QUERY_KEYS = new Set(['page', 'limit', 'id:in', 'keyword', 'categories:in', 'brand_id', 'sort', 'direction', 'is_visible']);

/**
 * @param {ReturnType<import('./config.js').loadConfig>} config
 * @param {{ core: object, fetch?: typeof fetch, now?: () => number, log?: (line: string) => void,
 *           basePath?: string, sleep?: (ms: number) => Promise<void> }} deps
 *   `core` is the loaded WebAssembly core (loadCore() from the package) that validates carts and URLs.
 * @returns {(request: Request, info?: { clientAddress?: string }) => Promise<Response>}
 */
export function createHandler(config, deps) {
  const { core, now = () => Date.now(), basePath = '/api' } = deps;
  if (!core) throw new Error('createHandler needs the loaded core: createHandler(config, { core: await loadCore() })');
  const log = createLogger(secretsOf(config), deps.log);
  const scrub = createScrubber(secretsOf(config));
  // Every JSON answer goes through the scrubber: some carry text that came from BigCommerce.
  const json = (status, body, headers) => jsonResponse(status, body, headers, scrub);
  const upstream = createUpstream(config, { fetch: deps.fetch, sleep: deps.sleep });
  const sessions = createSessionCookies(config.sessionSecret, { now });
  const limiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, now });
  const loginLimiter = createRateLimiter({ perMinute: 10, now });
  const carts = createCartSync({ core, upstream, config });
  let timeOffset = null; // store clock minus ours, from GET /v2/time, refreshed every 10 minutes
  const logins = createLoginTokens(config, { now, storeTime: () => storeClockOffset() });

  let timeOffsetPending = null; // the GET /v2/time under way: checkouts arriving meanwhile wait for it, not send their own

  async function storeClockOffset() {
    if (timeOffset && now() - timeOffset.at < 600_000) return timeOffset.ms;
    timeOffsetPending ??= (async () => {
      try {
        const { json: body } = await upstream.request('GET', '/v2/time');
        timeOffset = { ms: body.time * 1000 - now(), at: now() };
      } catch {
        timeOffset = { ms: 0, at: now() }; // an unknown skew is better than no login
      } finally {
        timeOffsetPending = null;
      }
    })();
    await timeOffsetPending;
    return timeOffset.ms;
  }

  const routes = {
    'GET /health': async () => json(200, { ok: true, channelId: config.channelId, storeUrl: config.storeUrl }),

    'POST /cart': async (request) => {
      const body = await readJson(request);
      const savedCart = body && typeof body === 'object' && body.cart && typeof body.cart === 'object' ? body.cart : body;
      if (!savedCart || typeof savedCart !== 'object' || Array.isArray(savedCart)) {
        throw new HttpError(400, 'invalid_cart', 'Send the saved cart document (cart.toJSON()) as the body');
      }
      const session = await sessions.read(request);
      const result = await carts.sync(savedCart, session ? session.customerId : undefined);
      return json(200, result);
    },

    'POST /checkout': async (request, info) => {
      const body = await readJson(request);
      const cartId = body?.cartId;
      const mode = body?.mode ?? 'redirect';
      if (!core._isCartId(cartId)) throw new HttpError(400, 'invalid_cart_id', 'cartId must be a BigCommerce cart id');
      if (mode !== 'redirect' && mode !== 'embedded') throw new HttpError(400, 'invalid_mode', 'mode must be "redirect" or "embedded"');
      // Redirect URLs are single use: ask for fresh ones every time.
      let redirectUrls;
      try {
        ({ json: { data: redirectUrls } } = await upstream.request('POST', `/v3/carts/${cartId}/redirect_urls`, {}));
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) {
          throw new HttpError(404, 'cart_not_found', 'The cart no longer exists (it expired or became an order)');
        }
        throw error;
      }
      const storeOrigins = [config.storeUrl];
      const checkoutUrl = checked(() => core.chooseCheckoutUrl({ redirectUrls, mode, storeOrigins }));
      const session = await sessions.read(request);
      if (!session) return json(200, { url: checkoutUrl, mode, signedIn: false });
      const loginUrl = await logins.loginUrl({ customerId: session.customerId, redirectTo: checkoutUrl, requestIp: clientOf(request, info) ?? undefined });
      // With a login URL the core checks that URL alone; the redirect URLs are not sent across a second time.
      const url = checked(() => core.chooseCheckoutUrl({ mode, loginUrl, storeOrigins }));
      return json(200, { url, mode, signedIn: true });
    },

    'GET /session': async (request) => {
      const session = await sessions.read(request);
      return json(200, session ? { signedIn: true, customer: customerOf(session) } : { signedIn: false });
    },

    'POST /session': async (request, info) => {
      const attempt = loginLimiter.take(clientOf(request, info) ?? 'unknown');
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
    },

    'DELETE /session': async (request) => json(200, { signedIn: false }, { 'Set-Cookie': sessions.clear(request) }),

    'GET /catalog/products': async (request) => {
      const incoming = new URL(request.url).searchParams;
      const query = new URLSearchParams({ include: 'variants,options,modifiers,images' });
      for (const [key, value] of incoming) if (PRODUCT_QUERY_KEYS.has(key)) query.set(key, value);
      const { json: body } = await upstream.request('GET', `/v3/catalog/products?${query}`);
      return json(200, body, { 'Cache-Control': 'public, max-age=60' });
    },

    // Only with SETUP_CHECK=true; otherwise no such route (404). The embedding page is the Origin header (a
    // cross-origin call), else ?origin= (a same-origin fetch sends no Origin, and behind an https proxy the
    // request URL says http), else the request URL's own origin. "null" (a sandboxed or file: page) says nothing.
    ...(config.setupCheck && {
      'GET /setup-check': async (request) => {
        const url = new URL(request.url);
        const header = request.headers.get('origin');
        const raw = header && header !== 'null' ? header : url.searchParams.get('origin') ?? url.origin;
        const embeddingOrigin = parseOrigin(raw);
        if (!embeddingOrigin) {
          throw new HttpError(400, 'invalid_origin', `The page's origin (the Origin header, or ?origin=) must be a web origin such as https://shop.example.com: scheme, host and port, no path; got ${JSON.stringify(raw.slice(0, 200))}`);
        }
        const result = await runSetupCheck({ config, upstream, embeddingOrigin, stubOrigin: url.origin, now });
        return json(200, { embeddingOrigin, ...result });
      },
    }),
  };

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

  function route(method, path) {
    const exact = routes[`${method} ${path}`];
    if (exact) return exact;
    const cart = path.match(/^\/cart\/([^/]+)$/);
    if (cart && method === 'GET') {
      // Whether a cart still exists: after a hosted checkout, a cart that is gone became an order.
      return async () => {
        if (!core._isCartId(cart[1])) throw new HttpError(400, 'invalid_cart_id', 'Not a BigCommerce cart id');
        try {
          const { json: body } = await upstream.request('GET', `/v3/carts/${cart[1]}?include=${core._cartInclude}`);
          return json(200, { exists: true, cart: normaliseCart(body.data, core) });
        } catch (error) {
          if (error instanceof UpstreamError && error.status === 404) return json(200, { exists: false });
          throw error;
        }
      };
    }
    const product = path.match(/^\/catalog\/products\/([1-9][0-9]{0,9})$/);
    if (product && method === 'GET') {
      return async () => {
        const { json: body } = await upstream.request('GET', `/v3/catalog/products/${product[1]}?include=variants,options,modifiers,images`);
        return json(200, body, { 'Cache-Control': 'public, max-age=60' });
      };
    }
    return null;
  }

  function clientOf(request, info) {
    if (config.trustProxy) {
      const forwarded = request.headers.get('x-forwarded-for');
      if (forwarded) return forwarded.split(',')[0].trim();
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
          headers: { ...access.headers, 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' },
        }));
      }
      if (!access.allowed && request.method !== 'GET') {
        throw new HttpError(403, 'origin_not_allowed', 'Requests from this origin are not allowed (ALLOWED_ORIGINS)');
      }
      const handler = route(request.method, path);
      if (!handler) throw new HttpError(404, 'not_found', `No route ${request.method} ${url.pathname}`);
      // The limit guards the Cart API: routes that never call BigCommerce (health, reading the session) are free.
      // Without a client address (a platform that passes none, see docs/server.md) all clients share one bucket.
      if (!UNLIMITED.has(`${request.method} ${path}`)) {
        const allowance = limiter.take(clientOf(request, info) ?? 'unknown');
        if (!allowance.ok) throw tooMany(allowance.retryAfter, `Too many requests; try again in ${allowance.retryAfter} s`);
      }
      response = await handler(request, info);
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
  if (error instanceof UpstreamError) {
    log('warn', 'upstream error', { status: error.status, title: error.body?.title });
    if (error.status === 429) {
      return new HttpError(429, 'upstream_rate_limited', 'BigCommerce is busy; try again shortly', { headers: { 'Retry-After': String(error.retryAfter ?? 5) } });
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
