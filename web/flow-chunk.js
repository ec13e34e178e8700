// Entry of dist/bc-checkout-flow.js, a lazy chunk of both browser builds: the checkout flow (redirect, embedded,
// resume). A page pays for it when it first checks out or syncs, or comes back from a checkout it started, not on
// every load (web/checkout.js loads it by URL, as the checkout details are). The stub's client stays in the page
// builds: session() is what a page with a sign-in link asks on load.
export { CheckoutFlow } from './checkout-flow.js';
