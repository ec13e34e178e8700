// Loads the WebAssembly core once and wraps its raw Embind functions (JSON strings in and out)
// in plain functions. Users never see the raw module.
import createCoreModule from 'bc-checkout-core-glue';
import { BCCheckoutError, unwrap } from './errors.js';
import { cachedLoader, VERSION } from './wasm-loader.js';

export { VERSION };

/**
 * Returns the one cached promise of the core. The first call's options win; later calls get the same core.
 * `defaults` (a possibly async function) come from the entry point: where the .wasm is in a browser,
 * its bytes in Node. Options the caller gives (locateFile, wasmBinary, instantiateWasm) replace them.
 */
export const loadCoreWith = cachedLoader(createCoreModule, 'bc-checkout-helper.wasm', (raw) => makeCore(raw));

function makeCore(raw) {
  const json = (value) => JSON.stringify(value);
  const { cartSessionMethods, cartInclude } = JSON.parse(raw.constants());
  return Object.freeze({
    version: VERSION,
    /** Is `url` a checkout entry point on one of `storeOrigins`? Never throws. */
    isSafeCheckoutUrl(url, storeOrigins) {
      const result = JSON.parse(raw.checkCheckoutUrl(String(url), json(toOriginList(storeOrigins))));
      return result.ok ? { safe: true } : { safe: false, code: result.error.code, reason: result.error.message };
    },
    /** Picks and checks the URL for a mode; throws BCCheckoutError when it is missing or unsafe. */
    chooseCheckoutUrl({ redirectUrls, mode, loginUrl, storeOrigins }) {
      const urls = redirectUrls ?? {};
      if (typeof urls !== 'object' || Array.isArray(urls)) throw new BCCheckoutError('invalid_argument', 'redirectUrls must be an object');
      const candidates = {
        checkout_url: optionalText(urls.checkout_url, 'redirectUrls.checkout_url'),
        embedded_checkout_url: optionalText(urls.embedded_checkout_url, 'redirectUrls.embedded_checkout_url'),
        loginUrl: optionalText(loginUrl, 'loginUrl'),
      };
      const { chosen } = unwrap(raw.chooseCheckoutUrl(String(mode), candidates.checkout_url, candidates.embedded_checkout_url,
        candidates.loginUrl, json(toOriginList(storeOrigins))));
      return candidates[chosen];
    },
    /** Throws when a configured store origin is unusable (not https, has a path, ...). */
    checkStoreOrigins(storeOrigins) {
      unwrap(raw.checkStoreOrigins(json(toOriginList(storeOrigins))));
    },
    /** The Cart API requests that bring `remoteCart` (Cart_Full, or null) in line with the saved cart. */
    planCartSync(savedCart, remoteCart, options = {}) {
      const text = typeof savedCart === 'string' ? savedCart : json(savedCart);
      const { customItems, ...rest } = options ?? {};
      const list = customItems === undefined || customItems === null ? '' : typeof customItems === 'string' ? customItems : json(customItems);
      const { requests, cartId } = unwrap(raw.planCartSync(text, json(remoteCart ?? null), json(rest), list));
      return { requests, cartId };
    },
    /** Checks the merchant's custom item list (docs/server.md); returns its SKUs, throws invalid_custom_items. */
    checkCustomItems(list) {
      return unwrap(raw.checkCustomItems(typeof list === 'string' ? list : json(list))).skus;
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
  });
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function optionalText(value, name) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new BCCheckoutError('invalid_argument', `${name} must be a string`);
  return value;
}

function toOriginList(storeOrigins) {
  if (storeOrigins === undefined || storeOrigins === null) return [];
  return Array.isArray(storeOrigins) ? storeOrigins.map(String) : [String(storeOrigins)];
}
