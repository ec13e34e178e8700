// Site protection in JS: the wasm protection module (bc-protect.wasm, separate from the cart's module so
// storefront pages never load it) behind plain functions. Used by the CLI, the server's installer and the
// demo's configurator; the hosted store itself runs only the generated snippet, which needs no wasm.
import createProtectModule from 'bc-protect-glue';
import { VERSION } from './core.js';
import { BCCheckoutError, unwrap } from './errors.js';

const text = (config) => (typeof config === 'string' ? config : JSON.stringify(config ?? null));

/**
 * @param {() => Promise<object> | object} defaults how this build finds bc-protect.wasm
 * @returns {(options?: object) => Promise<Protection>} one cached module per entry point
 */
export function makeLoadProtection(defaults) {
  let promise = null;
  return function loadProtection(options = {}) {
    promise ??= instantiate(defaults, options ?? {}).catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

async function instantiate(defaults, options) {
  const moduleOptions = {};
  for (const key of ['locateFile', 'wasmBinary', 'instantiateWasm']) {
    if (options[key] !== undefined) moduleOptions[key] = options[key];
  }
  let raw;
  try {
    if (Object.keys(moduleOptions).length === 0) Object.assign(moduleOptions, await defaults());
    raw = await createProtectModule(moduleOptions);
  } catch (cause) {
    throw Object.assign(new BCCheckoutError('core_load_failed', `Could not load bc-protect.wasm (${cause?.message ?? cause}).`), { cause });
  }
  if (raw.version() !== VERSION) {
    throw new BCCheckoutError('core_version_mismatch', `bc-protect.wasm is version ${raw.version()} but the script is ${VERSION}.`);
  }
  return Object.freeze({
    version: VERSION,
    /**
     * Where to send a shopper on a hosted page, or null to stay, with the reason.
     * Throws BCCheckoutError('invalid_protection_config') naming the field when the config is wrong.
     */
    decide(page, config) {
      const { target, reason, pageType, message } = unwrap(raw.protectionTarget(JSON.stringify(page ?? null), text(config)));
      return { target, reason, pageType, message };
    },
    /** The Script Manager snippet, the Sites & Routes payload and the Scripts API payload for a config. */
    artifacts(config) {
      const { snippet, routes, script } = unwrap(raw.protectionArtifacts(text(config)));
      return { snippet, routes, script };
    },
  });
}
