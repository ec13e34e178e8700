// bc-checkout-helper: the cart and checkout, as a storefront's TypeScript uses them.
import { createCheckout, loadCore, BCCheckoutError, type CartLine, type SafetyVerdict } from 'bc-checkout-helper';

export async function addAndCount(): Promise<number> {
  const shop = await createCheckout({ storeOrigins: ['https://store.example.com'], currency: 'EUR', storage: 'memory' });
  const line = await shop.cart.add({ productId: 1, optionSelections: [{ optionId: 2, optionValue: 'Red' }] });
  const lines: readonly CartLine[] = shop.cart.items;
  const verdict: SafetyVerdict = (await loadCore()).isSafeCheckoutUrl('https://x', 'https://store.example.com');
  if (!verdict.safe) console.log(verdict.code, verdict.reason);
  shop.on('error', (error: BCCheckoutError) => console.log(error.code));
  shop.on('change', ({ source, cart }) => console.log(source, cart.subtotal.formatted));
  return line.quantity + lines.length;
}
