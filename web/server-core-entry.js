// Entry of dist/server-core.js (the package's "./server-core" outside Node): the server core for Cloudflare
// Workers, Vercel's Edge Runtime and other fetch-handler platforms, which hand over bc-checkout-server.wasm as a
// compiled module (wasmModule) or find it next to this file. Node, Deno and Bun get dist/node.js instead.
import { loadServerCoreWith } from './server-core.js';

export const loadServerCore = (options) => loadServerCoreWith(() => ({
  locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-server.wasm', import.meta.url).href : path),
}), options);
