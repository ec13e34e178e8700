// ES module entry for Node (server stub, tests). Emscripten's ES6 output cannot find its .wasm on Node
// (__dirname), so the bytes are read here and handed over as wasmBinary. The checkout details are imported
// statically: there is no download to save.
import { readFile } from 'node:fs/promises';
import { makeApi } from './api.js';
import { createCheckoutDetails } from './checkout-details.js';
import { loadDetailsCoreWith } from './details-core.js';

const bytesOf = (file) => async () => ({ wasmBinary: await readFile(new URL(file, import.meta.url)) });
const details = {
  createCheckoutDetails,
  loadDetailsCore: (options) => loadDetailsCoreWith(bytesOf('./bc-checkout-details.wasm'), options),
};

const api = makeApi(bytesOf('./bc-checkout-helper.wasm'), null, async () => details);

export const { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version } = api;
