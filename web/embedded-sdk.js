// Entry of dist/bc-checkout-embedded.js: only the embedded-checkout part of the real Checkout SDK
// (@bigcommerce/checkout-sdk, pinned in package.json), loaded the first time a shopper starts an embedded
// checkout and never before. The package's exports map hides this self-contained build, so the build
// script points at the file itself.
import sdk from 'bc-checkout-sdk-embedded';

export const embedCheckout = sdk.embedCheckout;
