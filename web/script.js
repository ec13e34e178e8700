// Classic <script> build: defines window.BCCheckout. The .wasm is found next to this script
// (document.currentScript is only set while the script first runs, so it is read now). With data-server on
// the tag, the drop-in starts too: markup with data-bc-* attributes then needs no JavaScript (drop-in.js).
import { makeApi } from './api.js';
import { lazyDetailsCore } from './details-lazy.js';
import { startDropIn } from './drop-in.js';

const script = typeof document !== 'undefined' ? document.currentScript : null;
const scriptUrl = script ? script.src : '';

const api = makeApi(
  () => ({
    locateFile: (path) => (path.endsWith('.wasm') && scriptUrl ? new URL('bc-checkout-helper.wasm', scriptUrl).href : path),
  }),
  () => new URL('bc-checkout-embedded.js', scriptUrl || globalThis.location.href).href,
);

/** The checkout-details module, fetched from beside this script on first use (docs/checkout-api.md). */
api.loadDetailsCore = lazyDetailsCore(
  () => new URL('bc-checkout-details.js', scriptUrl || globalThis.location.href).href,
  () => new URL('bc-checkout-details.wasm', scriptUrl || globalThis.location.href).href,
);

if (script?.dataset.server) {
  const attributes = { ...script.dataset };
  const domReady = document.readyState === 'loading' ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })) : Promise.resolve();
  /** The drop-in's checkout object, once it is running (rejects with the reason it could not start). */
  api.ready = domReady.then(() => startDropIn(api, attributes));
  api.ready.catch((error) => {
    console.error(`bc-checkout-helper: ${error.message}`);
    document.dispatchEvent(new CustomEvent('bc:error', { detail: error }));
  });
}

globalThis.BCCheckout = api;
