// Loads the WebAssembly core once and wraps its raw Embind functions (JSON strings in and out)
// in plain functions. Users never see the raw module.
import createCoreModule from 'bc-checkout-core-glue';
import { unwrap } from './errors.js';
import { cachedLoader, VERSION } from './wasm-loader.js';

export { VERSION };

/**
 * Returns the one cached promise of the core. The first call's options win; later calls get the same core.
 * `defaults` (a possibly async function) come from the entry point: where the .wasm is in a browser,
 * its bytes in Node. Options the caller gives (locateFile, wasmBinary, instantiateWasm) replace them.
 */
export const loadCoreWith = cachedLoader(createCoreModule, 'bc-checkout-helper.wasm', (raw) => makeCore(raw), 'callCartSessionUtf8');

/** The cart module's functions, also the base of the server core (server-core.js), which adds its own. */
export function coreFunctions(raw) {
  const json = (value) => JSON.stringify(value);
  const { cartSessionMethods, cartInclude } = JSON.parse(raw.constants());
  return {
    version: VERSION,
    /** Is `url` a checkout entry point on one of `storeOrigins`? Never throws. */
    isSafeCheckoutUrl(url, storeOrigins) {
      const result = JSON.parse(raw.checkCheckoutUrl(String(url), json(toOriginList(storeOrigins))));
      return result.ok ? { safe: true } : { safe: false, code: result.error.code, reason: result.error.message };
    },
    /** Throws when a configured store origin is unusable (not https, has a path, ...). */
    checkStoreOrigins(storeOrigins) {
      unwrap(raw.checkStoreOrigins(json(toOriginList(storeOrigins))));
    },
    /** "19.99", "USD" -> { minor: 1999, exponent: 2 }, exactly; throws on anything inexact. */
    parseMoney(amount, currency) {
      const { minor, exponent } = unwrap(raw.parseMoney(String(amount), String(currency)));
      return { minor, exponent };
    },
    /** ISO 4217 minor-unit digits (JPY 0, USD 2, KWD 3), or undefined for an unknown code. */
    currencyExponent(code) {
      const exponent = raw.currencyExponent(String(code));
      return exponent < 0 ? undefined : exponent;
    },
    /** The Cart API `include` of every cart the plan reads or writes (the server stub reads carts with it too). */
    cartInclude,
    /** Is `id` a BigCommerce cart id, and nothing that could change a Cart API path? */
    isCartId: (id) => typeof id === 'string' && raw.isCartId(id),
    // Internal: a live cart in the core, by handle. Owned and deleted by the checkout object, never handed out.
    _createCartSession() {
      let handle = raw.createCartSession();
      // A saved cart goes in as UTF-8 bytes: Embind copies a Uint8Array into the module as it is, where a string
      // is encoded by a loop in JavaScript that was a tenth of what restoring a cart cost.
      // The result comes back as bytes in the module's memory (valid until the next call), decoded at once;
      // HEAPU8 is read after the call, as a call may grow the memory.
      const result = (address) => fromUtf8.decode(raw.HEAPU8.subarray(address, address + raw.cartResultLength()));
      const call = (method) => method === 'restore'
        ? (text = '') => result(raw.callCartSessionUtf8(handle, method, utf8.encode(String(text)), 0))
        : (text = '', number) => result(raw.callCartSessionUtf8(handle, method, String(text), number));
      const session = { delete() { raw.destroyCartSession(handle); handle = 0; } };
      for (const method of cartSessionMethods) session[method] = call(method);
      return session;
    },
  };
}

const makeCore = (raw) => Object.freeze(coreFunctions(raw));

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function toOriginList(storeOrigins) {
  if (storeOrigins === undefined || storeOrigins === null) return [];
  return Array.isArray(storeOrigins) ? storeOrigins.map(String) : [String(storeOrigins)];
}
