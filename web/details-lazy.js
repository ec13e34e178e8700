// loadDetailsCore for the browser builds: the checkout-details chunk and its .wasm are fetched on first use,
// so a page that never reaches checkout details pays nothing for them.
import { BCCheckoutError } from './errors.js';

/**
 * @param {() => string} chunkUrl where this build's dist/bc-checkout-details.js is
 * @param {() => string} wasmUrl where bc-checkout-details.wasm is by default (beside the cart module's .wasm)
 */
export function lazyDetailsCore(chunkUrl, wasmUrl) {
  let chunk = null;
  const defaults = () => ({ locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl() : path) });
  return function loadDetailsCore(options) {
    chunk ??= import(/* webpackIgnore: true */ /* @vite-ignore */ chunkUrl()).catch((cause) => {
      chunk = null;
      throw Object.assign(new BCCheckoutError('core_load_failed', `Could not load the checkout-details module (${cause && cause.message}). Serve bc-checkout-details.js next to the script.`), { cause });
    });
    return chunk.then((m) => m.loadDetailsCoreWith(defaults, options));
  };
}
