// The stub as a Cloudflare Worker (docs/deploy.md, "Cloudflare Worker"). Wrangler builds it as it stands
// (wrangler.toml beside it); tests/runtimes/workerd.test.mjs builds it with esbuild as that page says and runs it on
// workerd, the runtime of Workers, against the sandbox store.
// The server core's build without Node's fs: no node: module, no import.meta.url needed.
import { loadServerCore } from 'bc-checkout-helper/server-core';
// The details module's own entry: the browser build loads it as a chunk from a URL, which a Worker has not.
import { loadDetailsCore } from 'bc-checkout-helper/details';
import { createHandler, loadConfig } from 'bc-checkout-helper/server';
import wasmModule from 'bc-checkout-helper/wasm/server'; // a WebAssembly.Module: Workers compile .wasm imports
import detailsWasmModule from 'bc-checkout-helper/wasm/details'; // the checkout-details module, likewise

let handlerPromise;
function getHandler(env) {
  handlerPromise ??= (async () => {
    const core = await loadServerCore({ wasmModule });
    // env holds the same variables as process.env would (secrets with `wrangler secret put`). No `fetch` is
    // passed: the handler calls BigCommerce with the Worker's own fetch.
    // The details module as a promise: it is instantiated while the first request runs, and only the
    // /api/checkouts routes wait for it.
    return createHandler(loadConfig(env), { core, detailsCore: loadDetailsCore({ wasmModule: detailsWasmModule }) });
  })().catch((error) => {
    // A configuration error is logged once per attempt and every request fails until it is fixed.
    handlerPromise = undefined;
    console.error(`bc-checkout-helper: ${error.message}`);
    throw error;
  });
  return handlerPromise;
}

export default {
  async fetch(request, env) {
    const handler = await getHandler(env);
    return handler(request, { clientAddress: request.headers.get('CF-Connecting-IP') ?? undefined });
  },
};
