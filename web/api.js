// What every entry point exports, given that entry point's way of finding the .wasm.
import { createCheckoutWith } from './checkout.js';
import { loadCoreWith, VERSION } from './core.js';
import { BCCheckoutError } from './errors.js';
import { MemoryStorage } from './storage.js';

/**
 * @param {() => Promise<object> | object} coreDefaults how this build finds the .wasm
 * @param {(() => string) | null} sdkUrl where this build's embedded-checkout chunk is (null: no embedded checkout)
 * @param {() => Promise<object>} loadDetails this build's checkout-details code (the lazy chunk in browsers)
 */
export function makeApi(coreDefaults, sdkUrl, loadDetails) {
  const loadCore = (options) => loadCoreWith(coreDefaults, options);
  let sdk = null;
  // The Checkout SDK's embedded part is fetched the first time a shopper starts an embedded checkout.
  const loadSdk = sdkUrl && (() => {
    sdk ??= import(/* webpackIgnore: true */ /* @vite-ignore */ sdkUrl()).then((m) => m.embedCheckout).catch((cause) => {
      sdk = null;
      throw Object.assign(new BCCheckoutError('sdk_load_failed', `Could not load the embedded checkout (${cause && cause.message})`), { cause });
    });
    return sdk;
  });
  const createCheckout = (options) => createCheckoutWith(loadCore, options, loadSdk, loadDetails);
  const loadDetailsCore = (options) => loadDetails().then((m) => m.loadDetailsCore(options));
  return { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version: VERSION };
}
