// The sandbox store: a local, offline stand-in for a BigCommerce store's REST APIs (under
// /stores/{store_hash}/v2 and /v3) and its hosted pages (storefront, cart, checkout, embedded checkout,
// customer login), as one Web-standard fetch handler. Serve it with server/transport/node-adapter.js listen().
import { createRouteTable, responseFor } from '../server/transport/index.js';
import { pruneCarts, registerCartRoutes } from './carts.js';
import { registerCatalogRoutes } from './catalog.js';
import { registerChannelRoutes } from './channels.js';
import { registerCheckoutRoutes } from './checkouts.js';
import { registerListingRoutes } from './listings.js';
import { createAttemptLimiter, registerCustomerRoutes } from './customers.js';
import { pruneJtis } from './login-token.js';
import { registerOrderRoutes } from './orders.js';
import { createPageHandler } from './pages/index.js';
import { createApiHandler } from './api-gateway.js';
import { createRateQuota, createRestCallLog, parseQuota } from './rate-quota.js';
import { registerScriptRoutes } from './scripts.js';
import { createSeed, headlessChannel } from './seed.js';
import { createShopperSessions } from './shopper-sessions.js';
import { createStore } from './state.js';

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

/** Makes loaded state agree with today's options: the channel's site is always `siteUrl`. */
function alignWithOptions(state, options, now) {
  const stamp = new Date(now()).toISOString();
  if (!state.channels.some((c) => c.id === options.channelId)) {
    state.channels.push(headlessChannel(options.channelId, stamp));
  }
  let site = state.sites.find((s) => s.channel_id === options.channelId);
  if (!site) {
    site = { id: Math.max(999, ...state.sites.map((s) => s.id)) + 1, channel_id: options.channelId, url: options.siteUrl, created_at: stamp, updated_at: stamp };
    state.sites.push(site);
  }
  if (site.url !== options.siteUrl) Object.assign(site, { url: options.siteUrl, updated_at: stamp });
  const hosted = state.sites.find((s) => s.channel_id === 1);
  if (options.channelId !== 1 && hosted && hosted.url !== options.origin) Object.assign(hosted, { url: options.origin, updated_at: stamp });
}

/**
 * Options for the Node adapter's listen() when it serves the sandbox: the stub is its main client, every request
 * from one address, so the per-client caps that guard the stub would only get in its way.
 */
export const SANDBOX_LISTEN_OPTIONS = Object.freeze({ maxConnectionsPerClient: Infinity, maxRequestsPerClient: Infinity });

/**
 * @param {{ storeHash: string, accessToken: string, clientId: string, clientSecret: string, channelId?: number,
 *           origin?: string, siteUrl?: string, dataFile?: string, now?: () => number, log?: (line: string) => void,
 *           quota?: 'unlimited' | 'standard' | 'plus' | 'pro' | { requests: number, windowMs: number } }} input
 * @returns {{ fetch: (request: Request, info?: { clientAddress?: string }) => Promise<Response>, state: object,
 *             restCalls: ReturnType<import('./rate-quota.js').createRestCallLog>, close: () => Promise<void> }}
 */
export function createSandbox(input = {}) {
  const now = input.now ?? (() => Date.now());
  const channelId = input.channelId ?? 1;
  if (!Number.isInteger(channelId) || channelId < 1) throw new TypeError('createSandbox: options.channelId must be a positive integer');
  const options = Object.freeze({
    storeHash: requiredText(input, 'storeHash'),
    accessToken: requiredText(input, 'accessToken'),
    clientId: requiredText(input, 'clientId'),
    clientSecret: requiredText(input, 'clientSecret'),
    channelId,
    origin: originOf(input.origin ?? 'http://localhost:8081', 'origin'),
    siteUrl: originOf(input.siteUrl ?? 'http://127.0.0.1:8080', 'siteUrl'),
    dataFile: input.dataFile,
    quota: parseQuota(input.quota),
  });
  const log = input.log ?? ((line) => console.error(line));

  const store = createStore({
    dataFile: options.dataFile,
    seed: () => createSeed({ channelId, siteUrl: options.siteUrl, origin: options.origin, now }),
    upgrade: (data) => alignWithOptions(data, options, now),
    ledgers: ['redirectTokens', 'usedJtis', 'loginCodes', 'sessions'],
    journaled: ['products'], // only stock changes, which register their undo (catalog.js takeStock)
  });

  const ctx = { options, now, state: store.data, log, loginLimiter: createAttemptLimiter({ now }) };
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
    // Expired carts, redirect tokens, sessions, login codes and remembered jtis go with a write, at most once
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

  let closed = false;
  async function fetch(request, info = {}) {
    if (closed) return new Response('The sandbox store is closed.', { status: 503 });
    const url = new URL(request.url);
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
