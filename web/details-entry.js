// The checkout-details chunk (dist/bc-checkout-details.js): what the browser builds import the first time a
// page uses checkout details (details-lazy.js): the details module (its .wasm found next to the chunk unless told
// otherwise), the Checkout object's details methods and the drop-in's widgets for them.
import { loadDetailsCoreWith } from './details-core.js';

export { loadDetailsCoreWith };
export { createCheckoutDetails } from './checkout-details.js';
export { startDetailsWidgets } from './drop-in-details.js';

const nextToChunk = () => ({
  locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-details.wasm', import.meta.url).href : path),
});

/** loadDetailsCore(options?): the same loading options as loadCore (locateFile, wasmBinary, wasmModule, instantiateWasm). */
export const loadDetailsCore = (options) => loadDetailsCoreWith(nextToChunk, options);
