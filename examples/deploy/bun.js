// The stub on Bun (docs/deploy.md, "Bun"): Bun.serve with the handler, the configuration from the environment.
//   bun bun.js
// The handler calls BigCommerce with Bun's own fetch: Bun's built-in `undici` module cannot serve as the client
// (its Agent has no request()). tests/runtimes/bun.test.mjs runs this file against the sandbox store.
import { loadDetailsCore } from 'bc-checkout-helper';
import { loadServerCore } from 'bc-checkout-helper/server-core';
import { ConfigError, createHandler, loadConfig } from 'bc-checkout-helper/server';

let handler;
try {
  handler = createHandler(loadConfig(process.env), { core: await loadServerCore(), detailsCore: await loadDetailsCore() });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}

const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST ?? '127.0.0.1',
  fetch: (request, bunServer) => handler(request, { clientAddress: bunServer.requestIP(request)?.address }),
});
console.log(`bc-checkout-helper server stub on http://${server.hostname}:${server.port}/api (Bun ${Bun.version})`);
