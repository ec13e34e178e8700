// ES module entry for Node (server stub, tests). Emscripten's ES6 output cannot find its .wasm on Node
// (__dirname), so the bytes are read here and handed over as wasmBinary.
import { readFile } from 'node:fs/promises';
import { makeApi } from './api.js';
import { loadDetailsCoreWith } from './details-core.js';

const api = makeApi(async () => ({ wasmBinary: await readFile(new URL('./bc-checkout-helper.wasm', import.meta.url)) }));

export const { loadCore, createCheckout, BCCheckoutError, MemoryStorage, version } = api;

/** The checkout-details module (docs/checkout-api.md); its .wasm is read from beside this file. */
export const loadDetailsCore = (options) =>
  loadDetailsCoreWith(async () => ({ wasmBinary: await readFile(new URL('./bc-checkout-details.wasm', import.meta.url)) }), options);
