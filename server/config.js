// Configuration of the server stub, from the environment. Anything missing or malformed stops start-up with
// a message naming the variable: a stub that starts half-configured fails later, in front of a shopper.
import { EXTRA_PRODUCT_FIELDS } from './catalog-view.js';
import { isLoopbackHostname } from './loopback.js';
import { SESSION_DEFAULTS } from './session-cookie.js';
import { CONNECTION_LIMITS } from './transport/connection-limits.js';

export class ConfigError extends Error {
  constructor(variable, problem) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

function origin(env, name, { required = true, fallback } = {}) {
  const raw = env[name] ?? fallback;
  if (raw === undefined || raw === '') {
    if (required) throw new ConfigError(name, 'is required');
    return undefined;
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL such as https://store-abc.mybigcommerce.com (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw new ConfigError(name, `must use https (plain http only for localhost, 127.x.y.z and [::1]), got "${raw}"`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(name, `must be an origin without path, query or credentials, got "${raw}"`);
  }
  return url.origin;
}

function text(env, name, { pattern, describe, minLength = 1 } = {}) {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(name, 'is required');
  if (value.length < minLength) throw new ConfigError(name, `must have at least ${minLength} characters`);
  if (pattern && !pattern.test(value)) throw new ConfigError(name, `must be ${describe}`);
  return value;
}

function positiveInteger(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new ConfigError(name, `must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function fieldList(env, name, allowed) {
  const fields = (env[name] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length) throw new ConfigError(name, `names fields the catalog view cannot add: ${unknown.join(', ')} (it can add: ${allowed.join(', ')})`);
  return Object.freeze([...new Set(fields)]);
}

function customItemList(env) {
  const raw = env.CUSTOM_ITEMS;
  if (raw === undefined || raw === '') return undefined;
  let list;
  try {
    list = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('CUSTOM_ITEMS', `must be JSON such as {"items":[{"sku":"GIFT-WRAP","name":"Gift wrap","prices":{"USD":400}}]} (${error.message})`);
  }
  if (!list || typeof list !== 'object' || !Array.isArray(list.items)) throw new ConfigError('CUSTOM_ITEMS', 'must be an object with an "items" array');
  return list;
}

function proxyHops(env) {
  const raw = env.TRUST_PROXY;
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return 0;
  if (raw === 'true') return 1;
  if (!/^[1-9]$/.test(raw)) throw new ConfigError('TRUST_PROXY', `must be true, false or the number of proxies in front of the stub (1 to 9), got "${raw}"`);
  return Number(raw);
}

function redisUrl(env) {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a URL such as redis://127.0.0.1:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError('REDIS_URL', `must start with redis:// or rediss://, got "${url.protocol}"`);
  return raw;
}

function quotaWait(env) {
  const ms = positiveInteger(env, 'QUOTA_MAX_WAIT_MS', 2500);
  if (ms > 30_000) throw new ConfigError('QUOTA_MAX_WAIT_MS', `must be at most 30000 (a shopper does not wait longer for a button), got "${env.QUOTA_MAX_WAIT_MS}"`);
  return ms;
}

function workerCount(env) {
  const workers = positiveInteger(env, 'WEB_CONCURRENCY', 1);
  if (workers > 64) throw new ConfigError('WEB_CONCURRENCY', `must be at most 64 (one process per core is the useful most), got "${env.WEB_CONCURRENCY}"`);
  return workers;
}

// BigCommerce's REST API (BigCommerce docs, "API accounts": https://api.bigcommerce.com/stores/{store_hash}).
const BIGCOMMERCE_API_HOST = 'api.bigcommerce.com';
const BIGCOMMERCE_PAYMENTS_URL = 'https://payments.bigcommerce.com';

function booleanFlag(env, name) {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** BigCommerce's payments server, or the API's own origin when the API is on this machine (the sandbox). */
function defaultPaymentsUrl(env) {
  try {
    const api = new URL(env.BC_API_URL);
    if (isLoopbackHostname(api.hostname)) return api.origin;
  } catch {
    // BC_API_URL unset or malformed: its own check says so.
  }
  return BIGCOMMERCE_PAYMENTS_URL;
}

/**
 * BC_PAYMENTS_URL follows BC_API_URL as BC_STORE_URL does: a loopback payments server only beside a loopback API
 * (the sandbox), and no public payments server beside a local API. Half and half sends a sandbox's Payment Access
 * Token to BigCommerce, or a real store's to whatever listens on this machine.
 */
function checkPaymentsAndApiAgree(paymentsUrl, apiUrl) {
  const paymentsLocal = isLoopbackHostname(new URL(paymentsUrl).hostname);
  const apiLocal = isLoopbackHostname(new URL(apiUrl).hostname);
  if (paymentsLocal && !apiLocal) {
    throw new ConfigError('BC_PAYMENTS_URL', `is a local address (${paymentsUrl}) while BC_API_URL is not (${apiUrl}): for the real store leave BC_PAYMENTS_URL unset (${BIGCOMMERCE_PAYMENTS_URL}); for the sandbox set BC_API_URL to the sandbox too`);
  }
  if (apiLocal && !paymentsLocal) {
    throw new ConfigError('BC_PAYMENTS_URL', `is a public address (${paymentsUrl}) while BC_API_URL is a local one (${apiUrl}): for the sandbox leave BC_PAYMENTS_URL unset (the sandbox's API origin) or set it to the sandbox`);
  }
}

/**
 * BC_STORE_URL and BC_API_URL name one store: both the sandbox (on this machine) or both the real one. Half
 * and half starts fine and fails in front of shoppers: the real store's API with a local store URL sends
 * shoppers' checkout links to the wrong place and refuses the real store's checkout URLs; a local API with a
 * real store URL sends the cart calls (and the API token) to whatever listens on this machine.
 */
function checkStoreAndApiAgree(storeUrl, apiUrl) {
  const storeLocal = isLoopbackHostname(new URL(storeUrl).hostname);
  const api = new URL(apiUrl);
  const apiLocal = isLoopbackHostname(api.hostname);
  if (storeLocal && api.hostname === BIGCOMMERCE_API_HOST) {
    throw new ConfigError('BC_STORE_URL', `is a local address (${storeUrl}, a sandbox store?) while BC_API_URL is BigCommerce's API (${apiUrl}${apiUrl === 'https://api.bigcommerce.com' ? ', the default' : ''}). `
      + `For the sandbox, set BC_API_URL to the sandbox too (the same origin as BC_STORE_URL, or listenSandbox()'s apiUrl); for the real store, set BC_STORE_URL to the store's address, such as https://store-{store_hash}.mybigcommerce.com`);
  }
  if (apiLocal && !storeLocal) {
    throw new ConfigError('BC_API_URL', `is a local address (${apiUrl}, a sandbox store?) while BC_STORE_URL is a public store (${storeUrl}). `
      + `For the real store, leave BC_API_URL unset (https://api.bigcommerce.com); for the sandbox, set BC_STORE_URL to the sandbox's address too (such as http://localhost:8081)`);
  }
}

/**
 * Reads and checks the stub's configuration.
 * @param {Record<string, string | undefined>} env usually process.env
 */
export function loadConfig(env) {
  const config = {
    storeHash: text(env, 'BC_STORE_HASH', { pattern: /^[a-z0-9]{1,32}$/, describe: 'the store hash, lower-case letters and digits (from the API path /stores/{hash})' }),
    accessToken: text(env, 'BC_ACCESS_TOKEN', { pattern: /^[\x21-\x7e]+$/, describe: 'an API account access token' }),
    clientId: text(env, 'BC_CLIENT_ID', { pattern: /^[\x21-\x7e]+$/, describe: 'the API account client id' }),
    clientSecret: text(env, 'BC_CLIENT_SECRET', { pattern: /^[\x21-\x7e]+$/, describe: 'the API account client secret' }),
    channelId: positiveInteger(env, 'BC_CHANNEL_ID', 1),
    apiUrl: origin(env, 'BC_API_URL', { fallback: 'https://api.bigcommerce.com' }),
    // The Payments API's own server (BigCommerce docs, "Payments API": payments are sent to
    // https://payments.bigcommerce.com/stores/{store_hash}/payments with a Payment Access Token, not the API token).
    // A loopback API (the sandbox) takes the payments on its own origin unless told otherwise.
    paymentsUrl: origin(env, 'BC_PAYMENTS_URL', { fallback: defaultPaymentsUrl(env) }),
    // Optional: POST /api/checkouts/:cartId/orders and /payments make orders through the Checkouts API. Off by
    // default: an order made there skips the hosted checkout's own checks, which a merchant turns on knowingly.
    checkoutOrders: booleanFlag(env, 'CHECKOUT_ORDERS'),
    storeUrl: origin(env, 'BC_STORE_URL'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => origin({ ALLOWED_ORIGINS: item }, 'ALLOWED_ORIGINS')),
    sessionSecret: text(env, 'SESSION_SECRET', { minLength: 32 }),
    // A signed-in session ends after this long unused, and this long after sign-in whatever happens.
    sessionIdleMinutes: positiveInteger(env, 'SESSION_IDLE_MINUTES', SESSION_DEFAULTS.idleMinutes),
    sessionMaxHours: positiveInteger(env, 'SESSION_MAX_HOURS', SESSION_DEFAULTS.maxHours),
    // Optional: rate limits and revoked sessions shared by every worker and instance (server/redis-state.js).
    redisUrl: redisUrl(env),
    // Optional: the Customer Login JWT's request_ip claim ties a login link to the shopper's IP address.
    jwtRequestIp: env.BC_JWT_REQUEST_IP === 'true',
    upstreamTimeoutMs: positiveInteger(env, 'UPSTREAM_TIMEOUT_MS', 10_000),
    // The longest a BigCommerce call waits for the store's REST quota (pacing, or a 429's reset time) before the
    // shopper is told store_busy with Retry-After instead: a checkout button should answer within seconds.
    quotaMaxWaitMs: quotaWait(env),
    rateLimitPerMinute: positiveInteger(env, 'RATE_LIMIT_PER_MINUTE', 300),
    // How many proxies stand between the internet and the stub (a load balancer: 1; a CDN in front of one: 2);
    // `true` means 1. The client is then read from X-Forwarded-For that many hops from the right.
    trustProxy: proxyHops(env),
    // Optional: GET /api/setup-check (server/setup-check.js) tells a merchant what is wrong in their set-up. Off by
    // default: it shows the channel's site URL and the allowed origins, which is for setting up and demos only.
    setupCheck: env.SETUP_CHECK === 'true',
    // Optional: the custom items the store sells (docs/server.md), as JSON; without it custom lines are refused.
    // The core checks its fields when the handler is made.
    customItems: customItemList(env),
    // Optional: product fields a shopper may see beyond the storefront view (server/catalog-view.js).
    catalogExtraFields: fieldList(env, 'CATALOG_EXTRA_FIELDS', EXTRA_PRODUCT_FIELDS),
    // Node processes serving the stub (server/main.js), the usual WEB_CONCURRENCY convention of hosts: one
    // process uses one core. Each keeps its own rate limits and caches (docs/deploy.md).
    workers: workerCount(env),
    // The Node adapter's deadlines and caps for slow and greedy clients (server/transport/node-adapter.js).
    connectionLimits: Object.freeze({
      headersTimeoutMs: positiveInteger(env, 'HEADERS_TIMEOUT_MS', CONNECTION_LIMITS.headersTimeoutMs),
      requestTimeoutMs: positiveInteger(env, 'REQUEST_TIMEOUT_MS', CONNECTION_LIMITS.requestTimeoutMs),
      maxConnections: positiveInteger(env, 'MAX_CONNECTIONS', CONNECTION_LIMITS.maxConnections),
      maxConnectionsPerClient: positiveInteger(env, 'MAX_CONNECTIONS_PER_CLIENT', CONNECTION_LIMITS.maxConnectionsPerClient),
      maxRequestsPerClient: positiveInteger(env, 'MAX_REQUESTS_PER_CLIENT', CONNECTION_LIMITS.maxRequestsPerClient),
    }),
  };
  checkStoreAndApiAgree(config.storeUrl, config.apiUrl);
  checkPaymentsAndApiAgree(config.paymentsUrl, config.apiUrl);
  if (config.connectionLimits.headersTimeoutMs > config.connectionLimits.requestTimeoutMs) {
    throw new ConfigError('HEADERS_TIMEOUT_MS', `must be at most REQUEST_TIMEOUT_MS (${config.connectionLimits.requestTimeoutMs})`);
  }
  return Object.freeze(config);
}

/** The values that must never appear in a response, a header or a log line. */
export function secretsOf(config) {
  const redisPassword = config.redisUrl ? decodeURIComponent(new URL(config.redisUrl).password) : '';
  return [config.accessToken, config.clientSecret, config.sessionSecret, redisPassword].filter((s) => s && s.length >= 8);
}
