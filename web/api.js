// What every entry point exports, given that entry point's way of finding the .wasm.
import { createCheckoutWith } from './checkout.js';
import { loadCoreWith, VERSION } from './core.js';
import { BCCheckoutError } from './errors.js';
import { MemoryStorage } from './storage.js';

/**
 * A lazy chunk of this build (the Checkout SDK's embedded part, the checkout details), imported by URL the first
 * time it is needed; a failed download may be tried again.
 * @param {() => string} url where the chunk is
 * @param {'sdk' | 'details' | 'flow'} chunk which one: the error of a failed download says
 */
export function chunkLoader(url, chunk) {
  let loading = null;
  return () => {
    loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ url()).catch((cause) => {
      loading = null;
      throw Object.assign(CHUNK_FAILURES[chunk](cause && cause.message), { cause });
    });
    return loading;
  };
}

const CHUNK_FAILURES = {
  sdk: (why) => new BCCheckoutError('sdk_load_failed', `Could not load the embedded checkout (${why})`),
  details: (why) => new BCCheckoutError('details_load_failed', `Could not load the checkout details (${why})`),
  flow: (why) => new BCCheckoutError('checkout_load_failed', `Could not load the checkout (${why})`),
};

/**
 * @param {() => Promise<object> | object} coreDefaults how this build finds the .wasm
 * @param {(() => string) | null} sdkUrl where this build's embedded-checkout chunk is (null: no embedded checkout)
 * @param {() => Promise<object>} loadDetails this build's checkout-details code (the lazy chunk in browsers)
 * @param {() => Promise<object>} loadFlow this build's checkout flow and server client (the lazy chunk in browsers)
 */
export function makeApi(coreDefaults, sdkUrl, loadDetails, loadFlow) {
  const loadCore = (options) => loadCoreWith(coreDefaults, options);
  // The Checkout SDK's embedded part is fetched the first time a shopper starts an embedded checkout.
  const loadChunk = sdkUrl && chunkLoader(sdkUrl, 'sdk');
  const loadSdk = loadChunk && (() => loadChunk().then((m) => m.embedCheckout));
  const createCheckout = (options) => createCheckoutWith(loadCore, options, { loadSdk, loadDetails, loadFlow });
  // The details module's own .wasm, loaded with its chunk (docs/api.md, "Checkout details").
  const loadDetailsCore = (options) => loadDetails().then((m) => m.loadDetailsCore(options));
  return { loadCore, loadDetailsCore, createCheckout, BCCheckoutError, MemoryStorage, version: VERSION };
}
