// The stub on another runtime, against the sandbox store in this process over loopback (plain http): the
// recipes of docs/deploy.md, run as a merchant would run them (examples/deploy/), each in its own process. Every
// process and server started here is stopped by stop(), which the tests call in after() (so also on failure), and
// once more when this process exits.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../scripts/free-port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenSandbox } from '../../sandbox/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const STOREFRONT = 'http://127.0.0.1:8080'; // the site the stub allows and the sandbox's channel is on
export const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const hex = (n) => randomBytes(n).toString('hex');

export { freePort };

/** The sandbox store on loopback, and the stub's variables for it. */
export async function startSandbox(options = {}) {
  const creds = { storeHash: `rt${hex(3)}`, accessToken: hex(16), clientId: hex(8), clientSecret: hex(16), channelId: 1 };
  const served = await listenSandbox({ ...creds, siteUrl: STOREFRONT, log: () => {}, ...options });
  const env = {
    BC_STORE_HASH: creds.storeHash,
    BC_ACCESS_TOKEN: creds.accessToken,
    BC_CLIENT_ID: creds.clientId,
    BC_CLIENT_SECRET: creds.clientSecret,
    BC_CHANNEL_ID: '1',
    BC_API_URL: served.apiUrl,
    BC_STORE_URL: served.origin,
    BC_PAYMENTS_URL: served.paymentsUrl,
    SESSION_SECRET: hex(32),
    ALLOWED_ORIGINS: STOREFRONT,
  };
  return { ...served, env, creds };
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Spawns `command args` with `env` and waits until http://127.0.0.1:{port}/api/health answers at all (any status:
 * what it answers is for the tests to judge). Rejects with the process's output if it exits first or is not
 * listening within `startMs`.
 */
export async function startProcess({ command, args, env, port, cwd = ROOT, startMs = 30_000, cleanup, quiet = false }) {
  // quiet: standard output (a log line per request) goes nowhere, for load runs where draining it would cost
  // this process (the load generator) CPU; errors still come through.
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), ...env }, stdio: ['ignore', quiet ? 'ignore' : 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 5_000, false))]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    running.delete(child);
    cleanup?.();
  };
  const deadline = Date.now() + startMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`${command} exited before listening:\n${output}`);
    }
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${command} was not listening on ${url} after ${startMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, pid: child.pid, stop, output: () => output };
}

/**
 * Evaluates an ES module given as text on `runtime` ('deno' or 'bun'; `deno eval`, `bun -e`) in the repository's
 * root, so that its imports ('./server/...', 'undici') resolve as the examples' do, and returns what it printed
 * last, parsed as JSON. The process ends by itself or is killed at `timeoutMs`.
 */
export async function evalModule(runtime, source, { env = {}, timeoutMs = 20_000 } = {}) {
  const args = runtime === 'deno' ? ['eval', '--ext=js', source] : ['-e', source];
  // Not spawnSync: this process serves the sandbox the module may call.
  const child = spawn(bin(runtime), args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(tmpdir(), 'bcch-deno-cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  clearTimeout(timer);
  running.delete(child);
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch {
    throw new Error(`${runtime} printed no JSON (exit ${status}):\n${stdout}\n${stderr}`);
  }
}

// Made and called in the runtime itself: what createNodeUpstreamFetch() gives there, and whether a client made
// from that runtime's `undici` is accepted and answers the sandbox's /v2/time.
const CLIENT_PROBE = `
import * as undici from 'undici';
import zlib from 'node:zlib';
import { EventEmitter } from 'node:events';
import { createNodeUpstreamFetch } from './server/node-upstream.js';
import { createUndiciFetch } from './server/transport/undici-fetch.js';
const out = { nodeUpstream: typeof (await createNodeUpstreamFetch()) };
try {
  const client = createUndiciFetch({ undici, zlib, EventEmitter });
  const answer = await client(process.env.PROBE_URL, { headers: { 'X-Auth-Token': process.env.PROBE_TOKEN, Accept: 'application/json' }, timeout: 5000 });
  out.status = answer.status;
  out.time = JSON.parse(await answer.text()).time;
  await client.close();
} catch (error) {
  out.error = { name: error.name, code: error.code, message: error.message };
}
console.log(JSON.stringify(out));
`;

/** CLIENT_PROBE on `runtime` against a sandbox of its own, stopped afterwards. */
export async function probeUpstreamClients(runtime) {
  const store = await startSandbox();
  try {
    return await evalModule(runtime, CLIENT_PROBE, { env: { PROBE_URL: `${store.apiUrl}/stores/${store.env.BC_STORE_HASH}/v2/time`, PROBE_TOKEN: store.env.BC_ACCESS_TOKEN } });
  } finally {
    await store.close();
  }
}

/** server/main.js on Node itself, as deployed: the figures of the other runtimes are relative to it. */
export async function startNode(env, options = {}) {
  const port = await freePort();
  return startProcess({ command: process.execPath, args: ['server/main.js'], env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, port, ...options });
}

/** examples/deploy/deno.js, with the permissions docs/deploy.md gives it. */
export async function startDeno(env, options = {}) {
  const port = await freePort();
  return startProcess({
    command: bin('deno'),
    args: ['run', '--allow-net', '--allow-env', '--allow-read', 'examples/deploy/deno.js'],
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(tmpdir(), 'bcch-deno-cache') },
    port,
    ...options,
  });
}

/** server/main.js run with bun: Bun's node: modules serve it, and its fetch calls BigCommerce. */
export async function startBunMain(env, options = {}) {
  const port = await freePort();
  return startProcess({ command: bin('bun'), args: ['server/main.js'], env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, port, ...options });
}

/** examples/deploy/bun.js. */
export async function startBun(env, options = {}) {
  const port = await freePort();
  return startProcess({ command: bin('bun'), args: ['examples/deploy/bun.js'], env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, port, ...options });
}

const WORKER_DIR = join(ROOT, 'examples', 'deploy', 'cloudflare-worker');

/**
 * The esbuild command docs/deploy.md gives merchants for the Worker, as written there (the first line that starts
 * with `npx esbuild`), run from the Worker's folder with its output sent to `outdir`.
 */
export function buildWorker(outdir) {
  const docs = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const line = docs.split('\n').find((l) => l.trimStart().startsWith('npx esbuild '));
  if (!line) throw new Error('docs/deploy.md gives no `npx esbuild ...` command for the Worker');
  const words = line.trim().split(/\s+/).slice(2).map((w) => w.replace(/^'(.*)'$/, '$1'));
  if (!words.some((w) => w.startsWith('--outdir='))) throw new Error(`the documented command has no --outdir: ${line}`);
  const args = words.map((w) => (w.startsWith('--outdir=') ? `--outdir=${outdir}` : w));
  execFileSync(bin('esbuild'), [...args, '--log-level=warning'], { cwd: WORKER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  // The two modules the Worker imports as compiled WebAssembly: the server core and the checkout-details module.
  return { args, entry: 'worker.js', wasm: ['bc-checkout-server.wasm', 'bc-checkout-details.wasm'] };
}

/** wrangler.toml's compatibility date and flags, so that workerd runs the Worker as Wrangler would deploy it. */
function wranglerSettings() {
  const toml = readFileSync(join(WORKER_DIR, 'wrangler.toml'), 'utf8');
  const date = toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  const flags = toml.match(/^compatibility_flags\s*=\s*\[([^\]]*)\]/m)?.[1].match(/"[^"]+"/g) ?? [];
  if (!date) throw new Error('wrangler.toml has no compatibility_date');
  return { date, flags };
}

const capnpText = (value) => JSON.stringify(String(value)); // a Cap'n Proto text literal is a JSON string literal

/**
 * The Worker built as docs/deploy.md says and served by workerd (the runtime of Cloudflare Workers) with a
 * config of ours: the variables as text bindings, and outbound fetch allowed to this machine (workerd's default
 * network is the public internet only), where the sandbox listens.
 */
export async function startWorkerd(env, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bcch-workerd-'));
  try {
    const built = buildWorker(dir);
    const { date, flags } = wranglerSettings();
    const port = await freePort();
    const bindings = Object.entries(env).map(([name, value]) => `    (name = ${capnpText(name)}, text = ${capnpText(value)}),`).join('\n');
    writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "stub", worker = .stub),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "stub") ],
);
const stub :Workerd.Worker = (
  modules = [
    (name = "${built.entry}", esModule = embed "${built.entry}"),
${built.wasm.map((name) => `    (name = "${name}", wasm = embed "${name}"),`).join('\n')}
  ],
  compatibilityDate = "${date}",
  compatibilityFlags = [${flags.join(', ')}],
  bindings = [
${bindings}
  ],
  globalOutbound = "loopback",
);
`);
    return await startProcess({ command: bin('workerd'), args: ['serve', join(dir, 'config.capnp'), ...(options.quiet ? [] : ['--verbose'])], env: {}, port, cwd: dir, ...options, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export const RUNTIMES = { node: startNode, deno: startDeno, bun: startBun, workerd: startWorkerd };
