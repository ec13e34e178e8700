#!/usr/bin/env node
// npm run bench:runtimes: guest-checkout throughput of the stub on each runtime it is tested on (tests/runtimes/),
// relative to Node in the same run: server/main.js on Node (one process), examples/deploy/deno.js on Deno,
// examples/deploy/bun.js on Bun and the Worker (examples/deploy/cloudflare-worker/) on workerd, one after the other,
// against one sandbox store (sandbox/main.js in its own process) with the same load: autocannon here, POST
// /api/checkout for an existing guest cart (a fresh checkout URL each time), `--connections` (20) for `--seconds`
// (5) after `--warmup` (2) unmeasured seconds, `--rounds` (3) times. Prints JSON: per runtime the median
// requests per second and the stub's CPU per request, and both relative to Node. Not a test: figures depend on
// the machine, and on a shared one on what else runs; compare the ratios, within one run. `--runtimes node,bun`
// picks some.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { RUNTIMES, freePort } from '../tests/runtimes/runtime-stack.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const seconds = Number(option('--seconds', 5));
const warmupSeconds = Number(option('--warmup', 2));
const connections = Number(option('--connections', 20));
const chosen = option('--runtimes', 'node,deno,bun,workerd').split(',');
const rounds = Number(option('--rounds', 3));
const STOREFRONT = 'http://127.0.0.1:8080';

const sandboxPort = await freePort();
const creds = {
  BC_STORE_HASH: 'benchruntimes',
  BC_ACCESS_TOKEN: randomBytes(16).toString('hex'),
  BC_CLIENT_ID: randomBytes(8).toString('hex'),
  BC_CLIENT_SECRET: randomBytes(16).toString('hex'),
};
const sandbox = spawn(process.execPath, [fileURLToPath(new URL('../sandbox/main.js', import.meta.url))], {
  env: { ...process.env, ...creds, SANDBOX_PORT: String(sandboxPort), SANDBOX_ORIGIN: `http://localhost:${sandboxPort}`, SITE_URL: STOREFRONT },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.once('exit', () => sandbox.kill('SIGKILL'));
const stubEnv = {
  ...creds,
  BC_CHANNEL_ID: '1',
  BC_API_URL: `http://localhost:${sandboxPort}`,
  BC_STORE_URL: `http://localhost:${sandboxPort}`,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ALLOWED_ORIGINS: STOREFRONT,
  // The load comes from one address (and on workerd from none the handler can see): no per-client limit.
  RATE_LIMIT_PER_MINUTE: '100000000',
  NODE_PATH: process.env.NODE_PATH ?? '',
};
for (let deadline = Date.now() + 15_000; ;) {
  try {
    if ((await fetch(`http://127.0.0.1:${sandboxPort}/stores/${creds.BC_STORE_HASH}/v2/time`, { headers: { 'X-Auth-Token': creds.BC_ACCESS_TOKEN } })).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) throw new Error('the sandbox did not start in 15 s');
  await new Promise((r) => setTimeout(r, 100));
}

// CPU time (user + system, all threads) of a process and its children, in ms, from /proc (ticks of 10 ms): the
// stub's CPU per request says less about the other load on a shared machine than its throughput does.
const statFields = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
};
const cpuMs = (pid) => [pid, ...readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
  try {
    return Number(statFields(n)[1]) === pid;
  } catch {
    return false;
  }
}).map(Number)].reduce((sum, member) => {
  const fields = statFields(member);
  return sum + (Number(fields[11]) + Number(fields[12])) * 10;
}, 0);

const load = (options) => new Promise((resolve, reject) => {
  autocannon({ connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
});

async function benchRuntime(name) {
  const stub = await RUNTIMES[name](stubEnv, { quiet: true });
  try {
    const api = `${stub.url}/api`;
    const headers = { 'content-type': 'application/json', origin: STOREFRONT };
    const savedCart = { version: 2, currency: 'USD', nextLine: 2, lines: [{ id: 'l1', type: 'product', productId: 81, quantity: 1 }] };
    const synced = await fetch(`${api}/cart`, { method: 'POST', headers, body: JSON.stringify(savedCart) });
    const cart = await synced.json();
    if (!synced.ok) throw new Error(`POST /api/cart answered ${synced.status}: ${JSON.stringify(cart).slice(0, 300)}`);
    const options = { url: `${api}/checkout`, method: 'POST', headers, body: JSON.stringify({ cartId: cart.cartId, cartToken: cart.cartToken }) };
    if (warmupSeconds > 0) await load({ ...options, duration: warmupSeconds });
    const cpuBefore = cpuMs(stub.pid);
    const result = await load({ ...options, duration: seconds });
    const stubCpuMs = cpuMs(stub.pid) - cpuBefore;
    return {
      requestsPerSecond: Math.round(result.requests.average),
      stubCpuMsPerRequest: +(stubCpuMs / Math.max(1, result.requests.total)).toFixed(3),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    await stub.stop();
  }
}

// Rounds take the runtimes in turn, so that a burst of other load on the machine falls on all of them; each
// figure is the median over the rounds.
const runs = Object.fromEntries(chosen.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of chosen) {
    try {
      runs[name].push(await benchRuntime(name));
    } catch (error) {
      runs[name].push({ failed: String(error.message).split('\n').slice(0, 3).join(' ') });
    }
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const results = {};
for (const [name, list] of Object.entries(runs)) {
  const ok = list.filter((run) => run.failed === undefined);
  if (!ok.length) {
    results[name] = { failed: list[0].failed };
    continue;
  }
  results[name] = {
    requestsPerSecond: Math.round(median(ok.map((run) => run.requestsPerSecond))),
    stubCpuMsPerRequest: +median(ok.map((run) => run.stubCpuMsPerRequest)).toFixed(3),
    latencyMsP50: median(ok.map((run) => run.latencyMs.p50)),
    latencyMsP99: median(ok.map((run) => run.latencyMs.p99)),
    non2xx: ok.reduce((sum, run) => sum + run.non2xx, 0),
    errors: ok.reduce((sum, run) => sum + run.errors, 0),
    rounds: ok.map((run) => run.requestsPerSecond),
    ...(ok.length < list.length && { failedRounds: list.length - ok.length }),
  };
}
const node = results.node;
for (const result of Object.values(results)) {
  if (node?.requestsPerSecond && result.requestsPerSecond !== undefined) {
    result.throughputRelativeToNode = +(result.requestsPerSecond / node.requestsPerSecond).toFixed(2);
    result.cpuPerRequestRelativeToNode = +(result.stubCpuMsPerRequest / node.stubCpuMsPerRequest).toFixed(2);
  }
}
console.log(JSON.stringify({ route: 'POST /api/checkout (guest, existing cart)', connections, seconds, rounds, runtimes: results }, null, 2));
sandbox.kill('SIGTERM');
process.exit(0);
