// The checkout-details chunk for the browser builds: it and its .wasm are fetched on first use, so a page that
// never reaches checkout details pays nothing for them. One import serves loadDetailsCore, the Checkout object's
// details methods and the drop-in's widgets.
import { BCCheckoutError } from './errors.js';

/**
 * @param {() => string} chunkUrl where this build's dist/bc-checkout-details.js is
 * @param {() => string} wasmUrl where bc-checkout-details.wasm is by default (beside the cart module's .wasm)
 * @returns {() => Promise<object>} the chunk's exports, its loadDetailsCore finding the .wasm at wasmUrl
 */
export function lazyDetailsChunk(chunkUrl, wasmUrl) {
  let chunk = null;
  const defaults = () => ({ locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl() : path) });
  return function loadDetailsChunk() {
    chunk ??= import(/* webpackIgnore: true */ /* @vite-ignore */ chunkUrl()).then(
      (m) => ({ ...m, loadDetailsCore: (options) => m.loadDetailsCoreWith(defaults, options) }),
      (cause) => {
        chunk = null;
        throw Object.assign(new BCCheckoutError('core_load_failed', `Could not load the checkout-details module (${cause && cause.message}). Serve bc-checkout-details.js next to the script.`), { cause });
      },
    );
    return chunk;
  };
}
