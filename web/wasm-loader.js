// Loading an Emscripten module the same way for both of our modules (the cart's and site protection's):
// one cached promise per module, the caller's locateFile/wasmBinary/instantiateWasm or the entry point's
// defaults, a clear error when the .wasm cannot be had, and a version check against this script.
import { BCCheckoutError } from './errors.js';

/* global __BCCH_VERSION__ */
export const VERSION = typeof __BCCH_VERSION__ === 'string' ? __BCCH_VERSION__ : '0.0.0-dev';

/**
 * @param {(moduleOptions: object) => Promise<object>} factory  the Emscripten glue's default export
 * @param {string} file  the .wasm's name, for messages
 * @param {(raw: object) => object} wrap  turns the raw module into the public object
 * @returns {(defaults: () => object | Promise<object>, options?: object) => Promise<object>} a loader whose
 *   first call's options win; a failed load (offline, 404) may be retried
 */
export function cachedLoader(factory, file, wrap) {
  let promise = null;
  return function load(defaults, options = {}) {
    promise ??= instantiate(factory, file, defaults, options ?? {}).then(wrap).catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

async function instantiate(factory, file, defaults, options) {
  const moduleOptions = {};
  for (const key of ['locateFile', 'wasmBinary', 'instantiateWasm']) {
    if (options[key] !== undefined) moduleOptions[key] = options[key];
  }
  let raw;
  try {
    if (Object.keys(moduleOptions).length === 0) Object.assign(moduleOptions, await defaults());
    raw = await factory(moduleOptions);
  } catch (cause) {
    const error = new BCCheckoutError(
      'core_load_failed',
      `Could not load ${file} (${cause && cause.message ? cause.message : cause}). ` +
        'Serve it next to the script with Content-Type application/wasm, or pass locateFile.',
    );
    error.cause = cause;
    throw error;
  }
  const moduleVersion = raw.version();
  if (moduleVersion !== VERSION) {
    throw new BCCheckoutError(
      'core_version_mismatch',
      `${file} is version ${moduleVersion} but the script is ${VERSION}: deploy both from the same build.`,
    );
  }
  return raw;
}
