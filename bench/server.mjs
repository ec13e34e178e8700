#!/usr/bin/env node
// npm run bench:server: the server stub under load on loopback, as deployed (server/main.js, one worker per
// core unless --workers N), with the sandbox store as its upstream in another process; autocannon runs here.
// Prints JSON: requests per second and p50/p99 latency for POST /api/checkout (a signed-in shopper, so every
// request signs a Customer Login JWT) and POST /api/cart, 50 connections for 10 seconds each after 3 seconds
// of unmeasured warm-up, with the CPU each process spent, and the stub's resident memory (all its workers)
// over 100,000 requests. Checkout and cart are measured twice: with the shared state in memory, and in Redis
// (a redis-server started for the run on a free loopback port, as REDIS_URL gives it), since every request then
// checks its session and rate limit there. Last, /api/health's latency while 1,000 slow clients trickle their
// bodies. Not a test: figures depend on the machine. `--state memory|redis` runs one of the two.
// First, and alone with `--calls`: the BigCommerce calls each checkout flow costs, counted by an in-process
// sandbox (sandbox.restCalls), and how many such checkouts a minute a Standard-plan store's quota (150 requests
// per 30 s, shared with every other app on the store) can serve. These figures do not depend on the machine.
// With them, the calls of the checkout-details flows (a coupon, a shipping estimate, a prefilled checkout, an order
// paid with a saved card: docs/checkout-api.md) and the gzip bytes of the lazy details module
// (dist/bc-checkout-details.wasm and .js) a page loads when the shopper first uses them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { startRedis } from '../scripts/redis-server.mjs';
import { loadDetailsCore, loadServerCore } from '../dist/node.js';
import { createHandler, loadConfig } from '../server/index.js';
import { createSandbox } from '../sandbox/index.js';
import { QUOTA_PLANS } from '../sandbox/rate-quota.js';
import { freePort } from '../scripts/free-port.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = option('--seconds', 10);
const totalForMemory = option('--requests', 100_000);
// The first seconds of a fresh process run cold (JIT tiers, connection pools, heap growth) and, measured,
// doubled the checkout p99; the figures are for the warm server.
const warmupSeconds = option('--warmup', 3);
// The stub's worker processes (WEB_CONCURRENCY): by default one per core, as it would be deployed on this machine.
const stubWorkers = option('--workers', availableParallelism());
const stateKinds = args.includes('--state') ? [args[args.indexOf('--state') + 1]] : ['memory', 'redis'];


/** BigCommerce calls per checkout flow, through the stub (in-process) and a sandbox that counts them. */
async function callsPerCheckout() {
  const creds = { storeHash: 'callcount', accessToken: randomBytes(16).toString('hex'), clientId: 'calls', clientSecret: randomBytes(16).toString('hex') };
  const origin = 'http://localhost:8081';
  const site = 'http://127.0.0.1:8080';
  const sandbox = createSandbox({ ...creds, origin, siteUrl: site, log: () => {} });
  const handler = createHandler(loadConfig({
    BC_STORE_HASH: creds.storeHash, BC_ACCESS_TOKEN: creds.accessToken, BC_CLIENT_ID: creds.clientId, BC_CLIENT_SECRET: creds.clientSecret,
    BC_API_URL: origin, BC_STORE_URL: origin, ALLOWED_ORIGINS: site, SESSION_SECRET: randomBytes(32).toString('hex'),
  }), { core: await loadServerCore(), fetch: (url, init) => sandbox.fetch(new Request(url, init)), log: () => {} });
  const call = async (path, json, cookie) => {
    const response = await handler(new Request(`${site}/api${path}`, {
      method: 'POST', body: JSON.stringify(json), headers: { Origin: site, 'Content-Type': 'application/json', ...(cookie && { Cookie: cookie }) },
    }), { clientAddress: '127.0.0.1' });
    const body = await response.json();
    if (!response.ok) throw new Error(`POST /api${path}: ${response.status} ${JSON.stringify(body)}`);
    return { body, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
  };
  const cart = (quantity = 1, extra = {}) => ({ version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity }], ...extra });
  const counted = async (run) => {
    sandbox.restCalls.reset();
    await run();
    return { calls: sandbox.restCalls.total, byRoute: sandbox.restCalls.byRoute() };
  };
  const flows = {};
  flows.firstGuestCheckout = await counted(() => call('/checkout', { cart: cart() }));
  flows.firstGuestCheckoutInTwoRequests = await counted(async () => {
    const { body } = await call('/cart', cart());
    await call('/checkout', { cartId: body.cartId, cartToken: body.cartToken });
  });
  const { body: first } = await call('/checkout', { cart: cart() });
  flows.laterCheckoutUnchanged = await counted(() => call('/checkout', { cart: cart(1, { cartId: first.cartId }), cartToken: first.cartToken }));
  flows.laterCheckoutChangedQuantity = await counted(() => call('/checkout', { cart: cart(2, { cartId: first.cartId }), cartToken: first.cartToken }));
  const { cookie } = await call('/session', { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' });
  // The first signed-in checkout also reads the store's clock for the login JWT (cached 10 minutes).
  flows.signedInFirstCheckout = await counted(() => call('/checkout', { cart: cart(), mode: 'embedded' }, cookie));
  flows.signedInFirstCheckoutClockCached = await counted(() => call('/checkout', { cart: cart(), mode: 'embedded' }, cookie));
  const { requests, windowMs } = QUOTA_PLANS.standard;
  const perMinute = (requests * 60_000) / windowMs;
  for (const flow of Object.values(flows)) flow.standardPlanCheckoutsPerMinute = Math.floor(perMinute / flow.calls);
  return { standardPlanQuota: `${requests} requests per ${windowMs} ms (${perMinute} a minute, shared by every app on the store)`, flows };
}

/** BigCommerce calls per checkout-details flow (server/checkout-details.js), counted as callsPerCheckout counts. */
async function callsPerDetailsFlow() {
  const creds = { storeHash: 'detailcount', accessToken: randomBytes(16).toString('hex'), clientId: 'calls', clientSecret: randomBytes(16).toString('hex') };
  const origin = 'http://localhost:8081';
  const site = 'http://127.0.0.1:8080';
  const paymentsOrigin = 'http://localhost:8082'; // the Payments API's own host
  const sandbox = createSandbox({ ...creds, origin, siteUrl: site, paymentsOrigin, log: () => {} });
  const handler = createHandler(loadConfig({
    BC_STORE_HASH: creds.storeHash, BC_ACCESS_TOKEN: creds.accessToken, BC_CLIENT_ID: creds.clientId, BC_CLIENT_SECRET: creds.clientSecret,
    BC_API_URL: origin, BC_STORE_URL: origin, BC_PAYMENTS_URL: paymentsOrigin, ALLOWED_ORIGINS: site, SESSION_SECRET: randomBytes(32).toString('hex'), CHECKOUT_ORDERS: 'true',
  }), { core: await loadServerCore(), detailsCore: await loadDetailsCore(), fetch: (url, init) => {
    // The payments server is not the REST API: its calls are counted apart (they spend none of the REST quota).
    if (String(url).startsWith(paymentsOrigin)) paymentsCalls++;
    return sandbox.fetch(new Request(url, init));
  }, log: () => {} });
  let paymentsCalls = 0;
  const call = async (method, path, { json, cookie, token } = {}) => {
    const response = await handler(new Request(`${site}/api${path}`, {
      method, body: json === undefined ? undefined : JSON.stringify(json),
      headers: { Origin: site, 'Content-Type': 'application/json', ...(cookie && { Cookie: cookie }), ...(token && { 'X-Cart-Token': token }) },
    }), { clientAddress: '127.0.0.1' });
    const body = await response.json();
    if (!response.ok) throw new Error(`${method} /api${path}: ${response.status} ${JSON.stringify(body)}`);
    return { body, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
  };
  const counted = async (run) => {
    sandbox.restCalls.reset();
    paymentsCalls = 0;
    const note = await run();
    return {
      calls: sandbox.restCalls.total, byRoute: sandbox.restCalls.byRoute(),
      ...(paymentsCalls && { paymentsApiCalls: paymentsCalls }), ...(typeof note === 'string' && { note }),
    };
  };
  const address = {
    firstName: 'Sam', lastName: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin',
    stateOrProvince: 'TX', countryCode: 'US', postalCode: '78751',
  };
  const saved = (extra = {}) => ({ version: 3, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }], ...extra });
  const newCart = async (cookie) => (await call('POST', '/cart', { json: saved(), cookie })).body;
  const flows = {};
  let cart = await newCart();
  flows.applyCoupon = await counted(() => call('POST', `/checkouts/${cart.cartId}/coupons`, { token: cart.cartToken, json: { code: 'SAVE10' } }));
  flows.estimateShipping = await counted(() => call('POST', `/checkouts/${cart.cartId}/shipping-options`, {
    token: cart.cartToken, json: { address: { countryCode: 'US', stateOrProvince: 'TX', postalCode: '78751', email: 'shopper@example.com' } },
  }));
  // The details the shim keeps in the saved cart, set in one PUT, then the checkout asked for.
  cart = await newCart();
  const details = { billing: address, consignments: [{ address }], coupons: ['SAVE10'] };
  flows.setDetails = await counted(() => call('PUT', `/checkouts/${cart.cartId}`, { token: cart.cartToken, json: { details, cart: saved({ cartId: cart.cartId }) } }));
  flows.checkoutAfterDetailsSet = await counted(() => call('POST', '/checkout', { json: { cart: saved({ cartId: cart.cartId, checkout: details }), cartToken: cart.cartToken } }));
  // A first checkout whose saved cart carries the details: cart, details and redirect URL in one request.
  flows.prefilledFirstCheckout = await counted(() => call('POST', '/checkout', { json: { cart: saved({ checkout: details }) } }));
  // Signed in: the option chosen, then an order paid with the shopper's saved card.
  const { cookie } = await call('POST', '/session', { json: { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' } });
  cart = await newCart(cookie);
  const set = await call('PUT', `/checkouts/${cart.cartId}`, { cookie, token: cart.cartToken, json: { details: { billing: address, consignments: [{ address }] } } });
  const optionId = set.body.checkout.consignments[0].shippingOptions[0].id;
  await call('PUT', `/checkouts/${cart.cartId}/shipping`, { cookie, token: cart.cartToken, json: { optionId } });
  flows.savedCards = await counted(() => call('GET', `/checkouts/${cart.cartId}/saved-cards`, { cookie, token: cart.cartToken }));
  const { body: { cards } } = await call('GET', `/checkouts/${cart.cartId}/saved-cards`, { cookie, token: cart.cartToken });
  flows.orderAndSavedCardPayment = await counted(async () => {
    if (!cards.length) return 'the sandbox shopper has no stored card';
    const { body } = await call('POST', `/checkouts/${cart.cartId}/payments`, { cookie, token: cart.cartToken, json: { cardId: cards[0].id } });
    return body.status === 'paid' ? undefined : `payment ${body.status} (${body.reason})`;
  });
  const { requests, windowMs } = QUOTA_PLANS.standard;
  const perMinute = (requests * 60_000) / windowMs;
  for (const flow of Object.values(flows)) if (flow.calls) flow.standardPlanFlowsPerMinute = Math.floor(perMinute / flow.calls);
  await sandbox.close();
  return flows;
}

/** gzip bytes of the lazy checkout-details module, as a page downloads it. */
function detailsModuleSizes() {
  const sizes = {};
  for (const name of ['bc-checkout-details.wasm', 'bc-checkout-details.js']) {
    try {
      const bytes = readFileSync(new URL(`../dist/${name}`, import.meta.url));
      sizes[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    } catch {
      sizes[name] = null; // not built
    }
  }
  return sizes;
}

const calls = await callsPerCheckout();
const detailsCalls = await callsPerDetailsFlow();
const detailsModule = detailsModuleSizes();
if (args.includes('--calls')) {
  console.log(JSON.stringify({ callsPerCheckout: calls, callsPerCheckoutDetailsFlow: detailsCalls, checkoutDetailsModule: detailsModule }, null, 2));
  process.exit(0);
}

const sandboxPort = await freePort();
const env = {
  ...process.env,
  BC_STORE_HASH: 'benchstore',
  BC_ACCESS_TOKEN: randomBytes(16).toString('hex'),
  BC_CLIENT_ID: randomBytes(8).toString('hex'),
  BC_CLIENT_SECRET: randomBytes(16).toString('hex'),
  BC_CHANNEL_ID: '1',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  SANDBOX_PORT: String(sandboxPort),
  SANDBOX_ORIGIN: `http://localhost:${sandboxPort}`,
  BC_API_URL: `http://127.0.0.1:${sandboxPort}`,
  BC_STORE_URL: `http://localhost:${sandboxPort}`,
  RATE_LIMIT_PER_MINUTE: '100000000',
};

// Children write their logs to /dev/null: a log pipe this process (busy running autocannon) drains slowly
// would block their writes and measure the pipe, not the server. Readiness is polled over HTTP instead.
function start(script, extraEnv, readyUrl, headers = {}) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = null;
  child.once('exit', (code) => (exited = code));
  const ready = (async () => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`${script} exited with ${exited}`);
      try {
        if ((await fetch(readyUrl, { headers })).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${script} did not start in 15 s`);
  })();
  return { child, ready };
}

const statFields = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
};
// A process and its children (the stub's cluster workers).
const processTree = (pid) => {
  const children = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Number(statFields(name)[1]) === pid) children.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return [pid, ...children];
};
const rssMiB = (pid) => {
  let kB = 0;
  for (const member of processTree(pid)) {
    const match = readFileSync(`/proc/${member}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    if (match) kB += Number(match[1]);
  }
  return +(kB / 1024).toFixed(1);
};
// CPU time of a process and its children in ms (all threads; user + system), from /proc/<pid>/stat in ticks of 10 ms.
const cpuMs = (pid) => processTree(pid).reduce((sum, member) => {
  const fields = statFields(member);
  return sum + (Number(fields[11]) + Number(fields[12])) * 10;
}, 0);

const sandbox = start('../sandbox/main.js', {}, `http://127.0.0.1:${sandboxPort}/stores/${env.BC_STORE_HASH}/v2/time`, { 'X-Auth-Token': env.BC_ACCESS_TOKEN });
await sandbox.ready;
const load = (options) => new Promise((resolve, reject) => {
  autocannon({ connections: 50, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
});
const summary = ({ result, cpuPercent }) => ({
  requestsPerSecond: Math.round(result.requests.average),
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  cpuPercent,
});

/** The stub with its shared state in `kind`: checkout and cart under load, and (memory only) RSS over many requests. */
async function benchStub(kind) {
  const redis = kind === 'redis' ? await startRedis() : null;
  const stubPort = await freePort();
  const stubProcess = start('../server/main.js', { PORT: String(stubPort), HOST: '127.0.0.1', WEB_CONCURRENCY: String(stubWorkers), ...(redis && { REDIS_URL: redis.url }) }, `http://127.0.0.1:${stubPort}/api/health`);
  try {
    await stubProcess.ready;
    const api = `http://127.0.0.1:${stubPort}/api`;
    const post = (path, body, headers = {}) => fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    const savedCart = { version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }] };
    const synced = await (await post('/cart', savedCart)).json();
    if (!synced.cartId || !synced.cartToken) throw new Error(`POST /api/cart failed: ${JSON.stringify(synced)}`);
    const signIn = await post('/session', { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
    const cookie = signIn.headers.get('set-cookie').split(';')[0];

    // A route under load: warm-up first, then the measured run with the CPU share of each process (100 = one
    // core), which says which one is the bottleneck; this process runs autocannon.
    const measure = async (options) => {
      if (warmupSeconds > 0) await load({ ...options, duration: warmupSeconds });
      const pids = { stub: stubProcess.child.pid, sandbox: sandbox.child.pid, ...(redis && { redis: redis.pid }) };
      const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
      const own = process.cpuUsage();
      const started = performance.now();
      const result = await load({ ...options, duration: seconds });
      const elapsed = performance.now() - started;
      const cpuPercent = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, Math.round(((cpuMs(pid) - before[name]) / elapsed) * 100)]));
      const { user, system } = process.cpuUsage(own);
      cpuPercent.autocannon = Math.round(((user + system) / 1000 / elapsed) * 100);
      return { result, cpuPercent };
    };

    // Signed in, with the cart token: every checkout verifies the session (and asks the shared state whether it
    // was revoked), the cart token and the rate limit, then signs a login JWT.
    const checkout = summary(await measure({
      url: `${api}/checkout`, method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ cartId: synced.cartId, cartToken: synced.cartToken, mode: 'embedded' }),
    }));
    const cart = summary(await measure({
      url: `${api}/cart`, method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...savedCart, cartId: synced.cartId, cartToken: synced.cartToken }),
    }));
    const out = { checkout, cart };
    if (kind === 'memory') {
      // Memory: resident set size of the stub's processes before and after many more requests.
      const rssBefore = rssMiB(stubProcess.child.pid);
      const after = [];
      const steps = 4;
      for (let step = 1; step <= steps; step++) {
        await load({
          url: `${api}/checkout`, method: 'POST', amount: Math.round(totalForMemory / steps),
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ cartId: synced.cartId, cartToken: synced.cartToken, mode: 'redirect' }),
        });
        after.push({ requests: Math.round((totalForMemory / steps) * step), rssMiB: rssMiB(stubProcess.child.pid) });
      }
      out.memory = { rssBeforeMiB: rssBefore, after };
      out.slowClients = await slowClients(stubPort);
    }
    return out;
  } finally {
    stubProcess.child.kill();
    await redis?.stop();
  }
}

/**
 * 1,000 connections from 127.0.0.2 that send a POST's headers and then a byte every 200 ms, while /api/health
 * is asked every 20 ms from 127.0.0.1: its latency, and how long the slow connections were held (the stub's
 * defaults: MAX_CONNECTIONS_PER_CLIENT 256 are held, the rest closed at once; REQUEST_TIMEOUT_MS 10 s).
 */
async function slowClients(stubPort) {
  const head = 'POST /api/cart HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{';
  const opened = Date.now();
  const sockets = Array.from({ length: 1000 }, () => new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: stubPort, localAddress: '127.0.0.2' });
    const timer = setInterval(() => { if (!socket.destroyed) socket.write('x'); }, 200);
    socket.on('connect', () => socket.write(head));
    socket.on('error', () => {});
    socket.on('close', () => { clearInterval(timer); resolve(Date.now() - opened); });
  }));
  const latencies = [];
  let failures = 0;
  let all = false;
  Promise.all(sockets).then(() => { all = true; });
  while (!all && Date.now() - opened < 20_000) {
    const started = performance.now();
    try {
      const res = await fetch(`http://127.0.0.1:${stubPort}/api/health`);
      await res.text();
      if (res.ok) latencies.push(performance.now() - started);
      else failures++;
    } catch {
      failures++;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const held = await Promise.all(sockets);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return {
    slowConnections: 1000,
    healthChecks: latencies.length,
    healthFailures: failures,
    healthLatencyMs: { p50: at(0.5), p99: at(0.99), max: +sorted.at(-1).toFixed(1) },
    heldMs: { closedAtOnce: held.filter((ms) => ms < 1000).length, longest: Math.max(...held) },
    targets: { healthP99Ms: 50, met: at(0.99) < 50 && failures === 0 },
  };
}

try {
  const results = {};
  for (const kind of stateKinds) results[kind] = await benchStub(kind);
  const reference = results.memory?.checkout.requestsPerSecond;
  console.log(JSON.stringify({
    callsPerCheckout: calls,
    callsPerCheckoutDetailsFlow: detailsCalls,
    checkoutDetailsModule: detailsModule,
    connections: 50,
    secondsEach: seconds,
    warmupSeconds,
    stubWorkers,
    ...results,
    targets: {
      checkoutRequestsPerSecond: 2000,
      checkoutP99Ms: 50,
      met: Object.values(results).every((r) => r.checkout.requestsPerSecond >= 2000 && r.checkout.latencyMs.p99 < 50),
      ...(results.redis && reference && { redisCheckoutsRelativeToMemory: +(results.redis.checkout.requestsPerSecond / reference).toFixed(2) }),
    },
  }, null, 2));
} finally {
  sandbox.child.kill();
}
