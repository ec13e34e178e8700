// The checkout-details module (bc-checkout-details.wasm) in plain functions: addresses, checkout details, the
// Checkouts API plan and the checkout view. Loaded once, on first use, the way the cart core is (wasm-loader.js);
// users never see the raw module. Errors are BCCheckoutError; amounts are integer minor units.
import createDetailsModule from 'bc-checkout-details-glue';
import { BCCheckoutError, unwrap } from './errors.js';
import { cachedLoader, VERSION } from './wasm-loader.js';

export const DETAILS_WASM = 'bc-checkout-details.wasm';

/** One cached promise of the module; `defaults` come from the entry point, as loadCoreWith's do. */
export const loadDetailsCoreWith = cachedLoader(createDetailsModule, DETAILS_WASM, (raw) => makeDetailsCore(raw), 'planDetailsSync');

const PURPOSES = ['billing', 'shipping', 'estimate'];

function makeDetailsCore(raw) {
  const { checkoutInclude } = JSON.parse(raw.constants());
  return Object.freeze({
    version: VERSION,
    /** The address checked for `purpose` ('billing', 'shipping', 'estimate') and normalised; throws invalid_address. */
    checkAddress(address, purpose) {
      if (!PURPOSES.includes(purpose)) throw new BCCheckoutError('invalid_argument', `purpose must be one of ${PURPOSES.join(', ')}`);
      if (!isObject(address)) throw new BCCheckoutError('invalid_address', 'the address must be an object');
      return unwrap(raw.checkAddress(JSON.stringify(address), purpose)).address;
    },
    /** The checkout details checked and normalised; throws invalid_details with every refused field by path. */
    checkDetails(details) {
      return unwrap(raw.checkDetails(detailsJson(details))).details;
    },
    /** A coupon code trimmed and checked (1 to 50 characters); throws invalid_coupon_code. */
    checkCouponCode(code) {
      if (typeof code !== 'string') throw new BCCheckoutError('invalid_coupon_code', 'the coupon code must be text');
      return unwrap(raw.checkCouponCode(code)).code;
    },
    /** A gift-certificate code trimmed and checked (letters, digits, dashes); throws invalid_gift_certificate_code. */
    checkGiftCertificateCode(code) {
      if (typeof code !== 'string') throw new BCCheckoutError('invalid_gift_certificate_code', 'the gift certificate code must be text');
      return unwrap(raw.checkGiftCertificateCode(code)).code;
    },
    /**
     * The Checkouts API requests that bring `checkout` (the `data` of a Checkout answer read with
     * checkoutInclude) in line with `details`. Run them in order, then plan again with the last answer.
     */
    planDetailsSync({ details, checkout, savedCart } = {}) {
      const { requests, unmet } = unwrap(raw.planDetailsSync(detailsJson(details), checkoutJson(checkout), savedCartText(savedCart)));
      return { requests, unmet };
    },
    /** A Checkout answer's `data` as the page shows it (CheckoutView); `savedCart` names the lines of its items. */
    readCheckout(checkout, savedCart) {
      return unwrap(raw.readCheckout(checkoutJson(checkout), savedCartText(savedCart))).checkout;
    },
    /** The totals with gift certificates paying in the order given: each one min(balance, what is still due). */
    applyGiftCertificates(totals, certificates) {
      if (!Array.isArray(certificates)) throw new BCCheckoutError('invalid_argument', 'certificates must be an array of { code, balance }');
      if (!isObject(totals)) throw new BCCheckoutError('invalid_argument', 'totals must be the totals of a checkout view');
      return unwrap(raw.applyGiftCertificates(JSON.stringify(totals), JSON.stringify(certificates))).totals;
    },
    /** The Checkouts API `include` of every checkout read that planDetailsSync and readCheckout are given. */
    checkoutInclude,
  });
}

// Objects cross as JSON text; anything else is refused here, before the module sees it.
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function detailsJson(details) {
  if (!isObject(details)) throw new BCCheckoutError('invalid_details', 'the checkout details must be an object');
  return JSON.stringify(details);
}

function checkoutJson(checkout) {
  if (!isObject(checkout)) throw new BCCheckoutError('invalid_checkout', 'checkout must be the data of a BigCommerce Checkout answer');
  return JSON.stringify(checkout);
}

function savedCartText(savedCart) {
  if (savedCart === undefined || savedCart === null) return '';
  if (typeof savedCart === 'string') return savedCart;
  if (!isObject(savedCart)) throw new BCCheckoutError('invalid_argument', 'savedCart must be the saved cart document or its text');
  return JSON.stringify(savedCart);
}
