// bc-checkout-helper/react: the cart as React state. React is the app's own (a peer dependency, left out of
// this build), so a component and this hook share one React; the checkout object is passed in, so this file
// loads no core of its own.
import { useSyncExternalStore } from 'react';

// For a checkout that does not exist yet (createCheckout is async): hooks are called on every render, so
// useCart(null) must work and give null until the object arrives.
const subscribeToNothing = () => () => {};
const noSnapshot = () => null;

/**
 * The checkout's cart snapshot (shop.getSnapshot()): the same frozen object until the cart changes, so a
 * component renders again exactly when the cart (or checkingOut) changes, in this tab or another.
 * @param {import('./index.js').Checkout | null | undefined} shop
 */
export function useCart(shop) {
  const subscribe = shop ? shop.subscribe : subscribeToNothing;
  const getSnapshot = shop ? shop.getSnapshot : noSnapshot;
  // The third argument serves server rendering and hydration: the same snapshot as on the client.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
