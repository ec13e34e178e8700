// bc-checkout-helper/script: the script-tag build's global BCCheckout, for a page's own TypeScript.
/// <reference types="bc-checkout-helper/script" />

export async function fromTheGlobal(): Promise<string> {
  const shop = await BCCheckout.createCheckout({ storeOrigins: 'https://store.example.com' });
  const ready = window.BCCheckout.ready;
  document.addEventListener('bc:cart:change', (event) => console.log(event.detail.count));
  return `${BCCheckout.version} ${shop.cart.count} ${ready ? 'drop-in' : 'script'}`;
}
