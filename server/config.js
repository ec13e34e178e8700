// Configuration of the server stub, from the environment. Anything missing or malformed stops start-up with
// a message naming the variable: a stub that starts half-configured fails later, in front of a shopper.
export class ConfigError extends Error {
  constructor(variable, problem) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/**
 * Whether `hostname` (a WHATWG URL's hostname, which writes every IPv4 and IPv6 address one way) is this machine:
 * localhost, any 127.x.y.z or [::1]. Plain http is acceptable there only, for local testing. The core applies
 * the same rule to the store origins and checkout URLs it checks (isLoopbackHost, wasm/core/src/url.cpp).
 */
export function isLoopbackHostname(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/.test(hostname);
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

function workerCount(env) {
  const workers = positiveInteger(env, 'WEB_CONCURRENCY', 1);
  if (workers > 64) throw new ConfigError('WEB_CONCURRENCY', `must be at most 64 (one process per core is the useful most), got "${env.WEB_CONCURRENCY}"`);
  return workers;
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
    storeUrl: origin(env, 'BC_STORE_URL'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => origin({ ALLOWED_ORIGINS: item }, 'ALLOWED_ORIGINS')),
    sessionSecret: text(env, 'SESSION_SECRET', { minLength: 32 }),
    // Optional: the Customer Login JWT's request_ip claim ties a login link to the shopper's IP address.
    jwtRequestIp: env.BC_JWT_REQUEST_IP === 'true',
    upstreamTimeoutMs: positiveInteger(env, 'UPSTREAM_TIMEOUT_MS', 10_000),
    rateLimitPerMinute: positiveInteger(env, 'RATE_LIMIT_PER_MINUTE', 300),
    // Behind a proxy or a platform that sets X-Forwarded-For, the client is its first address.
    trustProxy: env.TRUST_PROXY === 'true',
    // Optional: GET /api/setup-check (server/setup-check.js) tells a merchant what is wrong in their set-up. Off by
    // default: it shows the channel's site URL and the allowed origins, which is for setting up and demos only.
    setupCheck: env.SETUP_CHECK === 'true',
    // Node processes serving the stub (server/main.js), the usual WEB_CONCURRENCY convention of hosts: one
    // process uses one core. Each keeps its own rate limits and caches (docs/deploy.md).
    workers: workerCount(env),
  };
  return Object.freeze(config);
}

/** The values that must never appear in a response, a header or a log line. */
export function secretsOf(config) {
  return [config.accessToken, config.clientSecret, config.sessionSecret].filter((s) => s && s.length >= 8);
}
