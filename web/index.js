// ES module entry for browsers and bundlers. Bundlers (Vite, webpack 5, esbuild) see the
// new URL(..., import.meta.url) pattern and ship the .wasm next to the bundle.
import { makeApi } from './api.js';
import { lazyDetailsChunk } from './details-lazy.js';

const api = makeApi(
  () => ({
    locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-helper.wasm', import.meta.url).href : path),
  }),
  () => new URL('./bc-checkout-embedded.js', import.meta.url).href,
  // The checkout details (docs/checkout-api.md), fetched on first use.
  lazyDetailsChunk(
    () => new URL('./bc-checkout-details.js', import.meta.url).href,
    () => new URL('./bc-checkout-details.wasm', import.meta.url).href,
  ),
);

export const { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version } = api;
