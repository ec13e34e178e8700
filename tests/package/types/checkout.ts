// bc-checkout-helper: the cart and checkout, as a storefront's TypeScript uses them.
import {
  createCheckout, loadCore, loadDetailsCore, BCCheckoutError, type Address, type AddressError, type CartLine, type CheckoutDetails,
  type CheckoutTotals, type ConsignmentInput, type DetailsCore, type Money, type OrderResult, type PaymentResult, type SafetyVerdict,
  type SavedCard, type ShippingOption,
} from 'bc-checkout-helper';

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

// Checkout details: coupons, gift certificates, addresses, shipping, totals, an order and a saved-card payment.
export async function checkoutDetails(): Promise<string> {
  const shop = await createCheckout({ storeOrigins: 'https://store.example.com', server: '/api', detailsCore: { locateFile: (file) => `/assets/${file}` } });
  const address: Address = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', address1: '1 Analytical Way', city: 'Austin', stateOrProvince: 'TX', countryCode: 'US', postalCode: '78701' };
  let totals: CheckoutTotals = await shop.applyCoupon('SAVE10');
  totals = await shop.removeCoupon('SAVE10');
  totals = await shop.applyGiftCertificate('GC-7YQ2-4FFA');
  const paidBy: Money = totals.giftCertificates[0].used;
  totals = await shop.removeGiftCertificate('GC-7YQ2-4FFA');
  const consignments: ConsignmentInput[] = [{ address, lineIds: ['l1'] }];
  totals = await shop.setAddresses({ billing: address, shipping: consignments });
  totals = await shop.setAddresses({ shipping: address });
  const options: ShippingOption[] = await shop.shippingOptions({ countryCode: 'US', stateOrProvince: 'TX', postalCode: '78701', email: 'ada@example.com' });
  const again: ShippingOption[] = await shop.shippingOptions();
  totals = await shop.chooseShipping(options[0].id, { consignmentId: options[0].consignmentId ?? undefined });
  totals = await shop.totals();
  shop.on('totals', (next: CheckoutTotals) => console.log(next.amountDue.formatted, next.shippingChosen, next.taxes.map((t) => t.amount.minor)));
  shop.on('fallback', ({ reason, orderId }) => console.log(reason, orderId));
  shop.on('complete', ({ source, orderId }) => console.log(source, orderId));
  const order: OrderResult = await shop.placeOrder();
  const cards: SavedCard[] = await shop.savedCards();
  const paid: PaymentResult = await shop.payWithSavedCard(cards[0].id, { mode: 'embedded', container: '#checkout' });
  const outcome = paid.status === 'paid' ? `order ${paid.orderId}` : `${paid.reason}: ${paid.message} (${paid.checkout.mode})`;
  try {
    await shop.setAddresses({ billing: { ...address, email: 'not an email' } });
  } catch (error) {
    if (error instanceof BCCheckoutError && error.code === 'invalid_address') {
      const fields = (error.details?.fields ?? []) as AddressError[];
      console.log(fields.map((f) => `${f.field} ${f.code} ${f.message}`));
    }
  }
  const details: DetailsCore = await loadDetailsCore();
  const checked: Address = details.checkAddress(address, 'billing');
  const code: string = details.checkCouponCode(' save10 ');
  const saved: CheckoutDetails | undefined = shop.cart.toJSON().checkout;
  return `${outcome} ${order.status} ${paidBy.formatted} ${again.length} ${totals.grandTotal.formatted} ${checked.stateOrProvinceCode} ${code} ${saved?.coupons?.length ?? 0}`;
}
