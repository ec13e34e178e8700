// The three origins of the demo, started in one process: the storefront with the server stub under /api,
// and the sandbox store. npm start and the end-to-end tests both use it.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDetailsCore, loadServerCore } from '../dist/node.js';
import { createHandler, loadConfig } from '../server/index.js';
import { createNodeServer } from '../server/transport/node-adapter.js';
import { createNodeUpstreamFetch } from '../server/node-upstream.js';
import { installProtection } from '../server/protection-install.js';
import { createUpstream } from '../server/bigcommerce-client.js';
import { staticFiles } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const secret = (bytes) => randomBytes(bytes).toString('hex');

/**
 * @param {{ env?: object, storefrontPort?: number, sandboxPort?: number, log?: (line: string) => void,
 *           staticMounts?: [string, string][], https?: boolean }} options  ports 0 pick free ones (tests);
 *           staticMounts add [url prefix, folder] pairs served before dist/ and demo/; https (or
 *           SANDBOX_HTTPS=true) serves the sandbox store's pages over https with a loopback certificate
 *           (sandbox/loopback-certificate.js), its REST API then on a plain-http port of its own, as a real
 *           store's API is on another host than its pages; checkoutDomain (or SANDBOX_CHECKOUT_PORT) gives the
 *           channel a checkout domain on the storefront's own site, http://127.0.0.1:{port}
 */
export async function startStack({ env: baseEnv = process.env, storefrontPort, sandboxPort, log = () => {}, staticMounts = [], https, checkoutDomain = false } = {}) {
  const env = { ...baseEnv };
  const realStore = Boolean(env.BC_STORE_HASH && env.BC_ACCESS_TOKEN && env.BC_API_URL !== 'sandbox');
  const sfPort = storefrontPort ?? Number(env.PORT ?? 8080);
  const sbPort = sandboxPort ?? Number(env.SANDBOX_PORT ?? 8081);
  const closers = [];

  // The storefront listens first so its real port is known (port 0 in tests) for ALLOWED_ORIGINS and the site URL.
  const storefront = createServer();
  await new Promise((resolve, reject) => {
    storefront.once('error', reject);
    storefront.listen(sfPort, '127.0.0.1', resolve);
  });
  closers.push(() => new Promise((resolve) => { storefront.closeAllConnections(); storefront.close(() => resolve()); }));
  const storefrontUrl = `http://127.0.0.1:${storefront.address().port}`;

  let sandbox = null;
  let tls = null;
  try {
    if (!realStore) {
      // Sandbox mode: the stub and the sandbox read the same BC_* values; unset ones are generated.
      env.BC_STORE_HASH ||= `sandbox${secret(3)}`;
      env.BC_ACCESS_TOKEN ||= secret(16);
      env.BC_CLIENT_ID ||= secret(8);
      env.BC_CLIENT_SECRET ||= secret(16);
      env.BC_CHANNEL_ID ||= '1';
      const { listenSandbox } = await import('../sandbox/index.js');
      const secure = https ?? /^(1|true|yes)$/i.test(env.SANDBOX_HTTPS ?? '');
      tls = secure ? (await import('../sandbox/loopback-certificate.js')).createLoopbackCertificate({ dir: env.SANDBOX_TLS_DIR || undefined }) : null;
      // A checkout domain on the storefront's own site (SANDBOX_CHECKOUT_PORT, or checkoutDomain in tests):
      // the channel's checkout URL customised, as a merchant does so that the store's cookies are first-party.
      const wantedCheckoutPort = checkoutDomain ? 0 : env.SANDBOX_CHECKOUT_PORT ? Number(env.SANDBOX_CHECKOUT_PORT) : undefined;
      // Listens first, so the sandbox knows its real origins (port 0 in tests) before it builds any URL.
      const served = await listenSandbox({
        storeHash: env.BC_STORE_HASH,
        accessToken: env.BC_ACCESS_TOKEN,
        clientId: env.BC_CLIENT_ID,
        clientSecret: env.BC_CLIENT_SECRET,
        channelId: Number(env.BC_CHANNEL_ID),
        siteUrl: storefrontUrl,
        dataFile: env.SANDBOX_DATA || undefined,
        quota: env.SANDBOX_QUOTA || undefined, // the store's REST quota (sandbox/rate-quota.js); none by default
      }, { port: sbPort, tls: tls ?? undefined, checkoutPort: wantedCheckoutPort });
      closers.push(() => served.close());
      sandbox = { url: served.origin, apiUrl: served.apiUrl, checkoutUrl: served.checkoutOrigin ?? null, app: served.sandbox };
      env.BC_API_URL = sandbox.apiUrl;
      env.BC_STORE_URL = served.origin;
      // The demo pays with saved cards through the sandbox's Payments API (its own host, as BigCommerce's), on the
      // orders the stub makes.
      env.BC_PAYMENTS_URL ||= served.paymentsUrl;
      env.CHECKOUT_ORDERS ||= 'true';
    }
    env.SESSION_SECRET ||= secret(32);
    env.ALLOWED_ORIGINS ||= storefrontUrl;
    // The demo shows the setup check (GET /api/setup-check); a deployed stub has it off unless asked.
    env.SETUP_CHECK ||= 'true';

    const config = loadConfig(env);
    // The details routes wait for their module on first use (a failure is answered there, not thrown here).
    const detailsCore = loadDetailsCore();
    detailsCore.catch(() => {});
    const handler = createHandler(config, {
      core: await loadServerCore(), detailsCore, log: (line) => log(line), fetch: await createNodeUpstreamFetch(),
    });
    const serveStatic = staticFiles([
      ...staticMounts,
      ['/dist/', join(root, 'dist')],
      ['/', join(root, 'demo')],
    ]);
    const api = createNodeServer(handler);
    const install = demoInstaller({ config, sandbox, storefrontUrl });
    storefront.on('request', (req, res) => {
      if (req.url === '/api' || req.url.startsWith('/api/')) api.emit('request', req, res);
      else if (req.url === '/demo/protect/install') install(req, res);
      else if (req.url === '/demo/store-origins.json') {
        // Demo only: the origins the demo page lists in createCheckout({ storeOrigins }), the store's and, when the
        // sandbox has one, the channel's checkout domain. A storefront of your own writes them in its code.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
          .end(JSON.stringify([config.storeUrl, ...(sandbox?.checkoutUrl ? [sandbox.checkoutUrl] : [])]));
      }
      else if (!serveStatic(req, res)) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    });
    return {
      env,
      config,
      storefrontUrl,
      sandbox,
      // The sandbox's certificate when it serves https: `spki` for Chromium's --ignore-certificate-errors-spki-list.
      tls: tls && { spki: tls.spki, caCert: tls.caCert, caFile: tls.caFile },
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
}

/**
 * POST /demo/protect/install: the demo's site-protection configurator installs its config on the sandbox
 * store, as `bc-checkout-helper protect --install` would. Demo only: it is not part of the server stub, and
 * with a real store it refuses (use the CLI with your own credentials there).
 */
function demoInstaller({ config, sandbox, storefrontUrl }) {
  const reply = (res, status, body) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  return async function install(req, res) {
    if (req.method !== 'POST') return reply(res, 405, { error: { code: 'method_not_allowed', message: 'POST a protect.json' } });
    // The page's own origin only: a form on another site must not install scripts on the store.
    if (req.headers.origin !== storefrontUrl) return reply(res, 403, { error: { code: 'origin_not_allowed', message: 'Install from the demo page itself' } });
    if (!sandbox) return reply(res, 403, { error: { code: 'sandbox_only', message: 'The demo installs on the sandbox store only. For a real store run: npx bc-checkout-helper protect --config protect.json --install' } });
    let text = '';
    for await (const chunk of req) {
      text += chunk;
      if (text.length > 65536) return reply(res, 413, { error: { code: 'body_too_large', message: 'The config is over 64 KB' } });
    }
    try {
      const { loadProtection } = await import('../dist/protect-node.js');
      const artifacts = (await loadProtection()).artifacts(text);
      const result = await installProtection({
        artifacts,
        headlessOrigin: JSON.parse(text).headlessOrigin,
        channelId: config.channelId,
        upstream: createUpstream(config),
      });
      reply(res, 200, result);
    } catch (error) {
      reply(res, error.code === 'invalid_protection_config' ? 400 : 502, { error: { code: error.code ?? 'install_failed', message: error.message } });
    }
  };
}
