// bc-checkout-helper/react and the framework-facing state of the checkout object, as a React or Svelte app's
// TypeScript uses them.
import { createCheckout, type CartSnapshot } from 'bc-checkout-helper';
import { useCart } from 'bc-checkout-helper/react';

export async function watchCart(): Promise<number> {
  const shop = await createCheckout({ storeOrigins: ['https://store.example.com'], storage: 'memory' });
  const snapshot: CartSnapshot = shop.getSnapshot();
  const unsubscribe: () => void = shop.subscribe((next: CartSnapshot) => console.log(next.count, next.checkingOut));
  unsubscribe();
  shop.store.subscribe(({ items }) => console.log(items.length))();
  return snapshot.count;
}

export function CartBadge({ shop }: { shop: Awaited<ReturnType<typeof createCheckout>> | null }): number | null {
  const fromHook: CartSnapshot | null = useCart(shop);
  return fromHook ? fromHook.count : null;
}
