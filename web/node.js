// ES module entry for Node (server stub, tests). Emscripten's ES6 output cannot find its .wasm on Node
// (__dirname), so the bytes are read here and handed over as wasmBinary. The checkout details and the checkout
// flow are imported statically: there is no download to save.
import { readFile } from 'node:fs/promises';
import { makeApi } from './api.js';
import * as flow from './flow-chunk.js';
import { createCheckoutDetails } from './checkout-details.js';
import { loadDetailsCoreWith } from './details-core.js';
import { loadServerCoreWith } from './server-core.js';

const bytesOf = (file) => async () => ({ wasmBinary: await readFile(new URL(file, import.meta.url)) });
const details = {
  createCheckoutDetails,
  loadDetailsCore: (options) => loadDetailsCoreWith(bytesOf('./bc-checkout-details.wasm'), options),
};

const api = makeApi(bytesOf('./bc-checkout-helper.wasm'), null, async () => details, async () => flow);

export const { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version } = api;

/** The server stub's core (the package's "./server-core", which resolves here in Node, Deno and Bun). */
export const loadServerCore = (options) => loadServerCoreWith(bytesOf('./bc-checkout-server.wasm'), options);
