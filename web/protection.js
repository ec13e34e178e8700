// Site protection in JS: the wasm protection module (bc-protect.wasm, separate from the cart's module so
// storefront pages never load it) behind plain functions. Used by the CLI, the server's installer and the
// demo's configurator; the hosted store itself runs only the generated snippet, which needs no wasm.
import createProtectModule from 'bc-protect-glue';
import { unwrap } from './errors.js';
import { cachedLoader, VERSION } from './wasm-loader.js';

const text = (config) => (typeof config === 'string' ? config : JSON.stringify(config ?? null));
const load = cachedLoader(createProtectModule, 'bc-protect.wasm', (raw) => makeProtection(raw), 'protectionTarget');

/**
 * @param {() => Promise<object> | object} defaults how this build finds bc-protect.wasm
 * @returns {(options?: object) => Promise<Protection>} one cached module
 */
export function makeLoadProtection(defaults) {
  return (options = {}) => load(defaults, options);
}

function makeProtection(raw) {
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
