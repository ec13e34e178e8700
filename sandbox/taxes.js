// Taxes as a store with manual tax rates sets them (Settings > Tax; tax_rates_zones.v3.yml: a tax zone per country
// or state, one rate each, prices entered without tax so the Checkout answer has tax_included false). A rate
// applies to the goods after discounts and to shipping and handling, at the address the goods go to (the billing
// address for what no consignment carries), as BigCommerce charges tax on the shipping address.

/** Rates in millionths of the amount (82 500 = 8.25 %), so every rate is an exact integer. */
export const TAX_RATES = Object.freeze([
  { country: 'US', state: 'TX', name: 'Texas Sales Tax', rate: 82_500 },
  { country: 'US', state: 'CA', name: 'California Sales Tax', rate: 72_500 },
  { country: 'US', state: 'NY', name: 'New York Sales Tax', rate: 88_750 },
  { country: 'CA', state: 'ON', name: 'HST', rate: 130_000 },
  { country: 'GB', name: 'VAT', rate: 200_000 },
  { country: 'DE', name: 'MwSt.', rate: 190_000 },
]);

/** The rate for an address (state first, then country), or null where the store charges no tax. */
export function taxRateFor(address) {
  if (!address?.country_code) return null;
  const state = address.state_or_province_code ?? '';
  return TAX_RATES.find((r) => r.country === address.country_code && r.state && r.state === state)
    ?? TAX_RATES.find((r) => r.country === address.country_code && !r.state)
    ?? null;
}

/** The tax on an amount in minor units, rounded half up to the minor unit. */
export const taxOn = (amount, rate) => (rate && amount > 0 ? Math.round((amount * rate.rate) / 1_000_000) : 0);
