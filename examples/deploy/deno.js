// The stub on Deno (docs/deploy.md, "Deno"): Deno.serve with the handler, the configuration from the environment.
//   deno run --allow-net --allow-env --allow-read deno.js
// (--allow-read: the Node entry of the package, which Deno resolves, reads the core's .wasm from node_modules).
// The handler calls BigCommerce with Deno's own fetch. tests/runtimes/deno.test.mjs runs this file against the sandbox store.
import { loadDetailsCore } from 'bc-checkout-helper';
import { loadServerCore } from 'bc-checkout-helper/server-core';
import { ConfigError, createHandler, loadConfig } from 'bc-checkout-helper/server';

let handler;
try {
  handler = createHandler(loadConfig(Deno.env.toObject()), { core: await loadServerCore(), detailsCore: await loadDetailsCore() });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  Deno.exit(1);
}

Deno.serve({
  port: Number(Deno.env.get('PORT') ?? 3000),
  hostname: Deno.env.get('HOST') ?? '127.0.0.1',
  onListen: ({ hostname, port }) => console.log(`bc-checkout-helper server stub on http://${hostname}:${port}/api (Deno ${Deno.version.deno})`),
}, (request, info) => handler(request, { clientAddress: info.remoteAddr.hostname }));
