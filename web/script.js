// Classic <script> build: defines window.BCCheckout. The .wasm is found next to this script
// (document.currentScript is only set while the script first runs, so it is read now).
import { makeApi } from './api.js';

const scriptUrl = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : '';

const api = makeApi(
  () => ({
    locateFile: (path) => (path.endsWith('.wasm') && scriptUrl ? new URL('bc-checkout-helper.wasm', scriptUrl).href : path),
  }),
  () => new URL('bc-checkout-embedded.js', scriptUrl || globalThis.location.href).href,
);

globalThis.BCCheckout = api;
