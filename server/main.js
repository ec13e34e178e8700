#!/usr/bin/env node
// Runs the server stub alone on Node (PORT, default 3000), configured from the environment.
import { loadCore } from '../dist/node.js';
import { ConfigError, createHandler, listen, loadConfig } from './index.js';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const handler = createHandler(config, { core: await loadCore() });
const { url } = await listen(handler, { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1', trustProxy: config.trustProxy });
console.log(`bc-checkout-helper server stub on ${url}/api (store ${config.storeUrl}, channel ${config.channelId})`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
