#!/usr/bin/env node
// npm start: builds what is missing, then runs the demo storefront with the server stub mounted under /api
// (http://127.0.0.1:8080) and, unless real credentials are set, the sandbox store (http://localhost:8081).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from './stack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-needed'], { stdio: 'inherit' });

// With SANDBOX_HTTPS=true the sandbox's certificate authority is kept in .sandbox-tls/, so a browser told to
// trust it once keeps trusting it (docs/sandbox.md, "HTTPS").
const env = { ...process.env };
if (/^(1|true|yes)$/i.test(env.SANDBOX_HTTPS ?? '')) env.SANDBOX_TLS_DIR ||= join(root, '.sandbox-tls');

let stack;
try {
  stack = await startStack({ env, log: (line) => console.log(line) });
} catch (error) {
  console.error(error.name === 'ConfigError' ? `Configuration error: ${error.message}` : error);
  process.exit(1);
}

console.log(`
bc-checkout-helper demo
  storefront + server stub  ${stack.storefrontUrl}/   (stub at ${stack.storefrontUrl}/api)
  ${stack.sandbox ? `sandbox store             ${stack.sandbox.url}/` : `BigCommerce store          ${stack.config.storeUrl}`}${stack.sandbox?.checkoutUrl ? `
  checkout domain           ${stack.sandbox.checkoutUrl}/` : ''}
`);
if (stack.sandbox) {
  console.log(`Sandbox credentials (set these variables to keep them across restarts):
  BC_STORE_HASH=${stack.env.BC_STORE_HASH}
  BC_ACCESS_TOKEN=${stack.env.BC_ACCESS_TOKEN}
  BC_CLIENT_ID=${stack.env.BC_CLIENT_ID}
  BC_CLIENT_SECRET=${stack.env.BC_CLIENT_SECRET}
  BC_CHANNEL_ID=${stack.env.BC_CHANNEL_ID}
  SESSION_SECRET=${stack.env.SESSION_SECRET}
Sandbox shopper: shopper@example.com / Sandbox-Passw0rd!
`);
  if (stack.tls) {
    console.log(`The sandbox serves https with a certificate of its own. Trust its authority once in your browser
(${stack.tls.caFile}), or start Chromium with --ignore-certificate-errors-spki-list=${stack.tls.spki}
(docs/sandbox.md, "HTTPS").
`);
  }
}
console.log('(Ctrl+C to stop)');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stack.close().then(() => process.exit(0)));
