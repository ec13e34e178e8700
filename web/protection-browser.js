// bc-checkout-helper/protect for browsers and bundlers: bc-protect.wasm is found next to this file.
import { makeLoadProtection } from './protection.js';

export const loadProtection = makeLoadProtection(() => ({}));
export { BCCheckoutError } from './errors.js';
