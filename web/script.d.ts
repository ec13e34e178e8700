// Types of the script-tag build (bc-checkout-helper/script, dist/bc-checkout-helper.js), which defines the global
// BCCheckout: the ES module's API, plus `ready` with the drop-in (docs/script-tag.md). A page's own TypeScript
// names it with /// <reference types="bc-checkout-helper/script" />, or imports the build for its side effect.
import type { BCCheckoutGlobal } from './index.js';

declare global {
  var BCCheckout: BCCheckoutGlobal;
}

export {};
