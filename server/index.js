// The server stub's public surface. On Node:
//   const handler = createHandler(loadConfig(process.env), { core: await loadServerCore() });
//   await listen(handler, { port: 3000 });
// On a serverless or edge platform, export `handler` (or wrap it) as the platform's fetch handler.
export { createHandler } from './handler.js';
export { loadConfig, ConfigError } from './config.js';
export { createNodeServer, listen } from './transport/node-adapter.js';
