// The checkout-details chunk (dist/bc-checkout-details.js): what the browser builds import the first time a
// page uses checkout details (details-lazy.js). Its .wasm is found next to the chunk unless told otherwise.
import { loadDetailsCoreWith } from './details-core.js';

export { loadDetailsCoreWith };

const nextToChunk = () => ({
  locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-details.wasm', import.meta.url).href : path),
});

/** loadDetailsCore(options?): the same loading options as loadCore (locateFile, wasmBinary, wasmModule, instantiateWasm). */
export const loadDetailsCore = (options) => loadDetailsCoreWith(nextToChunk, options);
