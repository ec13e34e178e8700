// Classic <script> build: defines window.BCCheckout. The .wasm is found next to this script
// (document.currentScript is only set while the script first runs, so it is read now). With data-server on
// the tag, the drop-in starts too: markup with data-bc-* attributes then needs no JavaScript (drop-in.js).
import { chunkLoader, makeApi } from './api.js';
import { startDropIn } from './drop-in.js';

const script = typeof document !== 'undefined' ? document.currentScript : null;
const scriptUrl = script ? script.src : '';
const nextToScript = (file) => () => new URL(file, scriptUrl || globalThis.location.href).href;
// The checkout details, and the drop-in's widgets for them, come in a chunk next to this script.
const loadDetails = chunkLoader(nextToScript('bc-checkout-details.js'), 'details');

const api = makeApi(
  () => ({
    locateFile: (path) => (path.endsWith('.wasm') && scriptUrl ? new URL('bc-checkout-helper.wasm', scriptUrl).href : path),
  }),
  nextToScript('bc-checkout-embedded.js'),
  loadDetails,
  chunkLoader(nextToScript('bc-checkout-flow.js'), 'flow'),
);

if (script?.dataset.server) {
  const attributes = { ...script.dataset };
  const domReady = document.readyState === 'loading' ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })) : Promise.resolve();
  /** The drop-in's checkout object, once it is running (rejects with the reason it could not start). */
  api.ready = domReady.then(() => startDropIn(api, attributes, document, loadDetails));
  api.ready.catch((error) => {
    console.error(`bc-checkout-helper: ${error.message}`);
    document.dispatchEvent(new CustomEvent('bc:error', { detail: error }));
  });
}

globalThis.BCCheckout = api;
