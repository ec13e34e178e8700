// ES module entry for browsers and bundlers. Bundlers (Vite, webpack 5, esbuild) see the
// new URL(..., import.meta.url) pattern and ship the .wasm next to the bundle.
import { chunkLoader, makeApi } from './api.js';

const api = makeApi(
  () => ({
    locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-helper.wasm', import.meta.url).href : path),
  }),
  () => new URL('./bc-checkout-embedded.js', import.meta.url).href,
  chunkLoader(() => new URL('./bc-checkout-details.js', import.meta.url).href, 'details'),
  chunkLoader(() => new URL('./bc-checkout-flow.js', import.meta.url).href, 'flow'),
);

export const { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version } = api;
