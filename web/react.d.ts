// Types for bc-checkout-helper/react. React itself is a peer dependency of the app.
import type { CartSnapshot, Checkout } from './index.js';

export type { CartSnapshot } from './index.js';

/**
 * The cart of `shop` as React state (useSyncExternalStore over shop.subscribe and shop.getSnapshot): the
 * component renders again whenever the cart changes, here or in another tab. Null while `shop` is null or
 * undefined, such as before createCheckout() has resolved.
 */
export declare function useCart(shop: Checkout): CartSnapshot;
export declare function useCart(shop: Checkout | null | undefined): CartSnapshot | null;
