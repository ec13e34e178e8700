// Entry of dist/bc-checkout-details.js, the lazy chunk of both browser builds: the checkout details (the shim's
// logic, the details module and its .wasm, found next to this chunk) and the drop-in's widgets for them. The
// Checkout object's methods import it by URL on first use, as the embedded Checkout SDK is loaded.
import { loadDetailsCoreWith } from './details-core.js';

export { createCheckoutDetails } from './checkout-details.js';
export { startDetailsWidgets } from './drop-in-details.js';

export const loadDetailsCore = (options) => loadDetailsCoreWith(() => ({
  locateFile: (path) => (path.endsWith('.wasm') ? new URL('./bc-checkout-details.wasm', import.meta.url).href : path),
}), options);
