// What every entry point exports, given that entry point's way of finding the .wasm.
import { createCheckoutWith } from './checkout.js';
import { loadCoreWith, VERSION } from './core.js';
import { BCCheckoutError } from './errors.js';
import { MemoryStorage } from './storage.js';

export function makeApi(coreDefaults) {
  const loadCore = (options) => loadCoreWith(coreDefaults, options);
  const createCheckout = (options) => createCheckoutWith(loadCore, options);
  return { loadCore, createCheckout, BCCheckoutError, MemoryStorage, version: VERSION };
}
