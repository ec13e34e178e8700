// The real stack for attacks: the sandbox store in this process (so a test can look at its orders and carts)
// and the server stub as deployed, `node server/main.js` in its own process(es), with the environment a test
// gives it. Every process and server started here is stopped by stop().
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createSandbox, SANDBOX_LISTEN_OPTIONS } from '../../sandbox/index.js';
import { listen } from '../../server/transport/index.js';
import { freePort } from '../../scripts/free-port.mjs';

const main = fileURLToPath(new URL('../../server/main.js', import.meta.url));
const hex = (n) => randomBytes(n).toString('hex');
export const STOREFRONT = 'http://127.0.0.1:8080'; // the site origin the stub allows and the sandbox embeds for

export { freePort };

/**
 * @param {{ env?: Record<string, string>, workers?: number, sandbox?: object }} [options] `sandbox`: more options
 *   for createSandbox, such as `quota`
 * @returns {Promise<{ stub: string, sandbox: object, sandboxUrl: string, env: object, stop(): Promise<void>,
 *   request(method: string, path: string, init?: { json?: any, headers?: object, cookie?: string }): Promise<{ status: number, headers: Headers, body: any, text: string }> }>}
 */
export async function startStack({ env: extra = {}, workers = 1, sandbox: sandboxOptions = {} } = {}) {
  const creds = { storeHash: `sec${hex(3)}`, accessToken: hex(16), clientId: hex(8), clientSecret: hex(16), channelId: 1 };
  let sandbox = null;
  const forward = (request, info) => sandbox.fetch(request, info);
  const sandboxServer = await listen(forward, { port: 0, host: '127.0.0.1', ...SANDBOX_LISTEN_OPTIONS });
  const sandboxUrl = `http://127.0.0.1:${sandboxServer.port}`;
  sandbox = createSandbox({ ...creds, origin: sandboxUrl, siteUrl: STOREFRONT, log: () => {}, ...sandboxOptions });
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    NODE_PATH: process.env.NODE_PATH ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    BC_STORE_HASH: creds.storeHash,
    BC_ACCESS_TOKEN: creds.accessToken,
    BC_CLIENT_ID: creds.clientId,
    BC_CLIENT_SECRET: creds.clientSecret,
    BC_CHANNEL_ID: '1',
    BC_API_URL: sandboxUrl,
    BC_STORE_URL: sandboxUrl,
    SESSION_SECRET: hex(32),
    ALLOWED_ORIGINS: STOREFRONT,
    WEB_CONCURRENCY: String(workers),
    ...extra,
  };
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stub = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (/server stub on /.test(output)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await sandboxServer.close();
      throw new Error(`the stub did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  // Each request on a connection of its own, so that with WEB_CONCURRENCY workers they land on every worker
  // (node:cluster hands new connections round-robin).
  function request(method, path, { json, headers = {}, cookie } = {}) {
    const all = { Origin: STOREFRONT, ...headers };
    if (cookie) all.Cookie = cookie;
    const body = json === undefined ? undefined : JSON.stringify(json);
    if (body !== undefined) all['Content-Type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = httpRequest(stub + path, { method, headers: all, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          let parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
          const cookies = [res.headers['set-cookie'] ?? []].flat();
          resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).filter(([k]) => k !== 'set-cookie').map(([k, v]) => [k, String(v)])), cookies, body: parsed, text });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    stub,
    sandbox,
    sandboxUrl,
    env,
    output: () => output,
    request,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await sandboxServer.close();
      await sandbox.close();
    },
  };
}
