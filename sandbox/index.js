// The sandbox store: a local, offline stand-in for a BigCommerce store's REST APIs (under
// /stores/{store_hash}/v2 and /v3) and its hosted pages (storefront, cart, checkout, embedded checkout,
// customer login), as one Web-standard fetch handler. Serve it with server/transport/node-adapter.js listen().
import { createRouteTable, listen, responseFor } from '../server/transport/index.js';
import { pruneCarts, registerCartRoutes } from './carts.js';
import { registerCatalogRoutes } from './catalog.js';
import { customCheckoutOrigins, mainDomainOf, registerChannelRoutes, setCheckoutOrigin } from './channels.js';
import { registerCheckoutRoutes } from './checkouts.js';
import { registerGiftCertificateRoutes } from './gift-certificates.js';
import { registerListingRoutes } from './listings.js';
import { createAttemptLimiter, registerCustomerRoutes } from './customers.js';
import { pruneJtis } from './login-token.js';
import { registerOrderRoutes } from './orders.js';
import { registerPaymentMethodRoutes } from './payment-methods.js';
import { createPaymentsHandler, registerPaymentRoutes } from './payments.js';
import { createPageHandler } from './pages/index.js';
import { createApiHandler } from './api-gateway.js';
import { createRateQuota, createRestCallLog, parseQuota } from './rate-quota.js';
import { registerScriptRoutes } from './scripts.js';
import {
  createSeed, DEFAULT_PAYMENT_METHODS, headlessChannel, seedCoupons, seedGiftCertificates, seedStoredInstruments,
} from './seed.js';
import { createShopperSessions } from './shopper-sessions.js';
import { createStore } from './state.js';

// The package's `bc-checkout-helper/sandbox` entry is this file: what a merchant's tests need beside createSandbox.
export { createLoopbackCertificate } from './loopback-certificate.js';
export { stubSettingsFor } from './stub-settings.js';

const DEFAULT_SITE_URL = 'http://127.0.0.1:8080';
// BigCommerce takes payments on a host of its own (process_payments.yml servers).
const DEFAULT_PAYMENTS_ORIGIN = 'https://payments.bigcommerce.com';

function requiredText(options, name) {
  const value = options[name];
  if (typeof value !== 'string' || !value) throw new TypeError(`createSandbox: options.${name} must be a non-empty string`);
  return value;
}

function originOf(value, name) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createSandbox: options.${name} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new TypeError(`createSandbox: options.${name} must be http(s)`);
  return url.origin;
}

/**
 * The status of a refused purchase quantity (order_quantity_maximum or _minimum). BigCommerce's cart guide
 * (storefront_cart-checkout_guide_rest-management.mdx) lists it as 409; captured answers (vercel/commerce issue 628)
 * are 422, the default. Tests pick either, so a client must read both as a refused line.
 */
function purchaseLimitStatus(value = 422) {
  if (value !== 409 && value !== 422) throw new TypeError('createSandbox: options.maxQuantityStatus must be 409 or 422');
  return value;
}

/** The store's enabled payment methods as GET /v2/payments/methods lists them (payment_Base: code, name, test_mode). */
function enabledPaymentMethods(value = DEFAULT_PAYMENT_METHODS) {
  const valid = (m) => m && typeof m === 'object' && typeof m.code === 'string' && m.code && typeof m.name === 'string' && m.name;
  if (!Array.isArray(value) || !value.every(valid)) {
    throw new TypeError('createSandbox: options.paymentMethods must be an array of { code, name, test_mode? }');
  }
  return Object.freeze(value.map((m) => Object.freeze({ code: m.code, name: m.name, test_mode: m.test_mode === true })));
}

/**
 * Makes loaded state agree with today's options: the channel's site is always `siteUrl`, and its checkout domain
 * is `checkoutOrigin` (none when that is absent: a PUT of checkout-url lasts until the sandbox is restarted).
 */
function alignWithOptions(state, options, now) {
  const stamp = new Date(now()).toISOString();
  // Older state files: one-time login codes and sessions carried in the frame's URL, which the store never had.
  delete state.loginCodes;
  // Older state files: coupons without BigCommerce's rules, and no gift certificates, stored cards or payments.
  if (!state.coupons?.every((c) => typeof c.type === 'string')) state.coupons = seedCoupons(stamp);
  state.giftCertificates ??= seedGiftCertificates(now);
  state.storedInstruments ??= seedStoredInstruments();
  state.paymentAccessTokens ??= {};
  state.transactions ??= {};
  for (const [id, session] of Object.entries(state.sessions ?? {})) if (session.kind !== 'cookie') delete state.sessions[id];
  if (!state.channels.some((c) => c.id === options.channelId)) {
    state.channels.push(headlessChannel(options.channelId, stamp));
  }
  let site = state.sites.find((s) => s.channel_id === options.channelId);
  if (!site) {
    site = { id: Math.max(999, ...state.sites.map((s) => s.id)) + 1, channel_id: options.channelId, url: options.siteUrl, created_at: stamp, updated_at: stamp };
    state.sites.push(site);
  }
  if (site.url !== options.siteUrl) Object.assign(site, { url: options.siteUrl, updated_at: stamp });
  setCheckoutOrigin(site, options.checkoutOrigin ?? null, stamp);
  const hosted = state.sites.find((s) => s.channel_id === 1);
  if (options.channelId !== 1 && hosted && hosted.url !== options.origin) Object.assign(hosted, { url: options.origin, updated_at: stamp });
}

/**
 * Options for the Node adapter's listen() when it serves the sandbox: the stub is its main client, every request
 * from one address, so the per-client caps that guard the stub would only get in its way.
 */
export const SANDBOX_LISTEN_OPTIONS = Object.freeze({ maxConnectionsPerClient: Infinity, maxRequestsPerClient: Infinity });

/** `checkoutOrigin` checked as BigCommerce checks a checkout URL: another origin, on the storefront's main domain. */
function checkoutOriginOption(input, origin, siteUrl) {
  if (input.checkoutOrigin === undefined || input.checkoutOrigin === null) return undefined;
  const checkoutOrigin = originOf(input.checkoutOrigin, 'checkoutOrigin');
  if (checkoutOrigin === origin) throw new TypeError('createSandbox: options.checkoutOrigin must differ from options.origin (leave it out to keep the checkout on the store)');
  const [checkoutHost, siteHost] = [new URL(checkoutOrigin).hostname, new URL(siteUrl).hostname];
  if (mainDomainOf(checkoutHost) !== mainDomainOf(siteHost)) {
    throw new TypeError(`createSandbox: options.checkoutOrigin ${checkoutOrigin} is not on the storefront's main domain (${mainDomainOf(siteHost)}, from siteUrl ${siteUrl}); BigCommerce refuses such a checkout URL ("Your checkout and storefront must be within the same main domain")`);
  }
  return checkoutOrigin;
}

/** `paymentsOrigin`: where the Payments API answers; never the store's own address (BigCommerce's is another host). */
function paymentsOriginOption(input, origin) {
  const paymentsOrigin = originOf(input.paymentsOrigin ?? DEFAULT_PAYMENTS_ORIGIN, 'paymentsOrigin');
  if (paymentsOrigin === origin) throw new TypeError('createSandbox: options.paymentsOrigin must differ from options.origin: BigCommerce serves the Payments API on a host of its own');
  return paymentsOrigin;
}

/**
 * @param {{ storeHash: string, accessToken: string, clientId: string, clientSecret: string, channelId?: number,
 *           origin?: string, siteUrl?: string, checkoutOrigin?: string, dataFile?: string, now?: () => number,
 *           log?: (line: string) => void, maxQuantityStatus?: 409 | 422,
 *           paymentMethods?: { code: string, name: string, test_mode?: boolean }[],
 *           quota?: 'unlimited' | 'standard' | 'plus' | 'pro' | { requests: number, windowMs: number } }} input
 *   checkoutOrigin: the channel's own checkout domain (absent: checkout on `origin`, the store's). The caller
 *   serves the same fetch handler there too (listenSandbox() does both).
 * @returns {{ fetch: (request: Request, info?: { clientAddress?: string }) => Promise<Response>, state: object,
 *             restCalls: ReturnType<import('./rate-quota.js').createRestCallLog>, close: () => Promise<void> }}
 */
export function createSandbox(input = {}) {
  const now = input.now ?? (() => Date.now());
  const channelId = input.channelId ?? 1;
  if (!Number.isInteger(channelId) || channelId < 1) throw new TypeError('createSandbox: options.channelId must be a positive integer');
  const origin = originOf(input.origin ?? 'http://localhost:8081', 'origin');
  const siteUrl = originOf(input.siteUrl ?? DEFAULT_SITE_URL, 'siteUrl');
  const options = Object.freeze({
    storeHash: requiredText(input, 'storeHash'),
    accessToken: requiredText(input, 'accessToken'),
    clientId: requiredText(input, 'clientId'),
    clientSecret: requiredText(input, 'clientSecret'),
    channelId,
    origin,
    siteUrl,
    checkoutOrigin: checkoutOriginOption(input, origin, siteUrl),
    paymentsOrigin: paymentsOriginOption(input, origin),
    dataFile: input.dataFile,
    maxQuantityStatus: purchaseLimitStatus(input.maxQuantityStatus),
    paymentMethods: enabledPaymentMethods(input.paymentMethods),
    quota: parseQuota(input.quota),
  });
  const log = input.log ?? ((line) => console.error(line));

  const store = createStore({
    dataFile: options.dataFile,
    seed: () => createSeed({ channelId, siteUrl: options.siteUrl, origin: options.origin, now }),
    upgrade: (data) => alignWithOptions(data, options, now),
    ledgers: ['redirectTokens', 'usedJtis', 'sessions', 'paymentAccessTokens'],
    journaled: ['products'], // only stock changes, which register their undo (catalog.js takeStock)
  });

  const ctx = { options, now, state: store.data, log, loginLimiter: createAttemptLimiter({ now }) };
  /** The store's own origin and every channel's checkout domain: the addresses its pages may send a shopper to. */
  ctx.storeOrigins = () => new Set([options.origin, ...customCheckoutOrigins(ctx)]);
  /** The store address a page request came in on: a channel's checkout domain, else the store's own origin. */
  ctx.addressedOrigin = (url) => (url.origin !== options.origin && customCheckoutOrigins(ctx).has(url.origin) ? url.origin : options.origin);
  ctx.sessions = createShopperSessions(ctx);
  let prunedAt = 0;
  ctx.transact = (change, options) => store.transact((data, undo) => {
    ctx.undo = undo; // for code that changes a journaled collection (takeStock)
    let result;
    try {
      result = change();
    } finally {
      ctx.undo = null;
    }
    // Expired carts, redirect tokens, sessions and remembered jtis go with a write, at most once
    // a minute: each sweep walks every entry, and under load that would make every request pay for all of them.
    if (now() - prunedAt >= 60_000) {
      prunedAt = now();
      pruneCarts(ctx);
      ctx.sessions.prune();
      pruneJtis(ctx);
    }
    return result;
  }, options);

  // Each route keeps its template, so the call log counts "POST /v3/carts/:cartId/items", not one key per cart.
  const table = createRouteTable();
  const api = {
    add: (method, pattern, run) => table.add(method, pattern, { run, template: `${method} ${pattern}` }),
    match: (method, path) => table.match(method, path),
  };
  registerCartRoutes(api, ctx);
  registerCheckoutRoutes(api, ctx);
  registerCatalogRoutes(api, ctx);
  registerCustomerRoutes(api, ctx);
  registerChannelRoutes(api, ctx);
  registerListingRoutes(api, ctx);
  registerScriptRoutes(api, ctx);
  registerOrderRoutes(api, ctx);
  registerPaymentMethodRoutes(api, ctx);
  registerGiftCertificateRoutes(api, ctx);
  registerPaymentRoutes(api, ctx);
  const restCalls = createRestCallLog();
  const handleApi = createApiHandler({
    router: api,
    storeHash: options.storeHash,
    accessToken: options.accessToken,
    log,
    quota: options.quota ? createRateQuota(options.quota, { now }) : null,
    calls: restCalls,
  });
  const handlePage = createPageHandler(ctx);
  const handlePayments = createPaymentsHandler(ctx);

  /**
   * With a checkout domain the one handler answers two addresses and tells them apart by the request's origin:
   * the store's (its REST API and pages) and the checkout domain (pages only: BigCommerce's API is never served
   * on a storefront address). Pages on any other address are refused rather than taken for the store's. Without
   * a checkout domain every request is the store's, whatever address it came in on.
   */
  function misdirected(url) {
    if (url.origin === options.origin) return null;
    const checkoutOrigins = customCheckoutOrigins(ctx);
    const text = (status, message) => new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    if (checkoutOrigins.has(url.origin)) {
      return url.pathname.startsWith('/stores/') ? text(404, `The REST API is served on the store's address, ${options.origin}, not on its checkout domain.`) : null;
    }
    if (!options.checkoutOrigin && !checkoutOrigins.size) return null;
    // The REST API is BigCommerce's own host (api.bigcommerce.com), not a storefront address: any address but a
    // checkout domain serves it, such as the plain-http API listener of listenSandbox({ tls }).
    if (url.pathname.startsWith('/stores/')) return null;
    const served = [options.origin, ...checkoutOrigins].join(' and ');
    return text(421, `This sandbox store answers on ${served}, not on ${url.origin}.`);
  }

  let closed = false;
  async function fetch(request, info = {}) {
    if (closed) return new Response('The sandbox store is closed.', { status: 503 });
    const url = new URL(request.url);
    // The Payments API host answers its one route and nothing else; the store answers everything but payments.
    if (url.origin === options.paymentsOrigin) return responseFor(info, await handlePayments(request, url));
    if (/^\/stores\/[^/]+\/payments\/?$/.test(url.pathname)) {
      return responseFor(info, new Response(`The Payments API is served on ${options.paymentsOrigin}, not on the store's API address.`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    }
    const refusal = misdirected(url);
    if (refusal) return responseFor(info, refusal);
    const response = url.pathname.startsWith('/stores/') ? await handleApi(request, url, info) : await handlePage(request, url, info);
    // HEAD: the GET answer without its body.
    if (request.method === 'HEAD') return new Response(null, { status: response.status, headers: response.headers });
    return responseFor(info, response);
  }

  return {
    fetch,
    state: store.data,
    options,
    restCalls,
    async close() {
      closed = true; // every change was written when it happened; nothing is pending
    },
  };
}

/**
 * Serves a sandbox on this machine: listens first (port 0 picks a free port, so the origins name the ports really
 * used), then creates the sandbox with those origins, on 127.0.0.1 and, where the machine has it, [::1] ("localhost"
 * may resolve to either). With `tls` ({ key, cert }, such as loopback-certificate.js makes) the store's pages are
 * served over https, as a real store's are, and its REST API on a plain-http port of its own (a real store's API is
 * on another host than its pages), so that clients of the API need no trust in the certificate. With `checkoutPort`
 * a further listener serves the channel's checkout domain, at `checkoutOrigin`, by default http://{the site URL's
 * host}:{that port} (on the storefront's own site, as BigCommerce requires of a checkout domain). Every other
 * option goes to createSandbox.
 * @param {object} options  createSandbox's, without origin and checkoutOrigin
 * A listener of its own (`paymentsPort`, a free one by default) serves the Payments API, at `paymentsUrl`.
 * @param {{ port?: number, origin?: string, checkoutPort?: number, checkoutOrigin?: string, paymentsPort?: number,
 *           tls?: { key: string, cert: string } }} [where]
 * @returns {Promise<{ sandbox: object, origin: string, apiUrl: string, paymentsUrl: string, checkoutOrigin?: string, close: () => Promise<void> }>}
 *   apiUrl: where the REST API answers (the store's origin, or the plain-http listener with `tls`); paymentsUrl:
 *   where POST /stores/{hash}/payments answers (BC_PAYMENTS_URL)
 */
export async function listenSandbox(options, { port = 0, origin, checkoutPort, checkoutOrigin, paymentsPort = 0, tls } = {}) {
  let sandbox = null;
  const forward = (request, info) => sandbox.fetch(request, info);
  const servers = [];
  const close = async () => {
    await sandbox?.close();
    for (const server of servers.splice(0).reverse()) await server.close();
  };
  const listenBoth = async (wanted, extra = {}) => {
    const server = await listen(forward, { port: wanted, host: '127.0.0.1', ...SANDBOX_LISTEN_OPTIONS, ...extra });
    servers.push(server);
    const v6 = await listen(forward, { port: server.port, host: '::1', ...SANDBOX_LISTEN_OPTIONS, ...extra }).catch(() => null);
    if (v6) servers.push(v6);
    return server.port;
  };
  try {
    const storePort = await listenBoth(port, tls ? { tls: { key: tls.key, cert: tls.cert } } : {});
    const storeOrigin = origin || `${tls ? 'https' : 'http'}://localhost:${storePort}`;
    let apiUrl = storeOrigin;
    if (tls) {
      const api = await listen(forward, { port: 0, host: '127.0.0.1', ...SANDBOX_LISTEN_OPTIONS });
      servers.push(api);
      apiUrl = api.url;
    }
    // The Payments API on a listener of its own, plain http like the API listener: BigCommerce serves it on its own
    // host (payments.bigcommerce.com), and its clients are servers that need no trust in the pages' certificate.
    const payments = await listen(forward, { port: paymentsPort, host: '127.0.0.1', ...SANDBOX_LISTEN_OPTIONS });
    servers.push(payments);
    const paymentsUrl = payments.url.replace(/\/$/, '');
    let checkout;
    if (checkoutPort !== undefined && checkoutPort !== null) {
      const boundPort = await listenBoth(checkoutPort);
      checkout = checkoutOrigin || `http://${new URL(options.siteUrl ?? DEFAULT_SITE_URL).hostname}:${boundPort}`;
    } else if (checkoutOrigin) {
      throw new TypeError('listenSandbox: a checkoutOrigin needs a checkoutPort to listen on');
    }
    sandbox = createSandbox({ ...options, origin: storeOrigin, checkoutOrigin: checkout, paymentsOrigin: new URL(paymentsUrl).origin });
    return { sandbox, origin: storeOrigin, apiUrl, paymentsUrl, ...(checkout && { checkoutOrigin: checkout }), close };
  } catch (error) {
    await close();
    throw error;
  }
}
