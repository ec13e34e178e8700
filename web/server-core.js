// The server core (bc-checkout-server.wasm): the cart core's functions and the ones only the server stub calls,
// planning Cart API calls, choosing the checkout URL to hand out, checking the custom item list. A module of its
// own so that pages never download them (wasm/bindings/server_bindings.cpp).
import createServerCoreModule from 'bc-checkout-server-glue';
import { coreFunctions, toOriginList } from './core.js';
import { BCCheckoutError, unwrap } from './errors.js';
import { cachedLoader } from './wasm-loader.js';

export const SERVER_WASM = 'bc-checkout-server.wasm';

/** The one cached promise of the server core; the first call's options win (as loadCoreWith). */
export const loadServerCoreWith = cachedLoader(createServerCoreModule, SERVER_WASM, (raw) => makeServerCore(raw), 'planCartSync');

function makeServerCore(raw) {
  const json = (value) => JSON.stringify(value);
  return Object.freeze({
    ...coreFunctions(raw),
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
  });
}

function optionalText(value, name) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new BCCheckoutError('invalid_argument', `${name} must be a string`);
  return value;
}
