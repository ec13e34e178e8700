// Money in integer minor units (both sandbox currencies have 2 decimals), turned into the JSON numbers of
// the v3 APIs or the 4-decimal strings of the v2 Orders API ("109.0000", orders.v2.oas2.yml).
export const toNumber = (minor) => minor / 100; // n/100 is the double nearest the decimal, as JSON.parse would give

export function toDecimalString(minor, digits = 2) {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${cents}${'0'.repeat(Math.max(0, digits - 2))}`;
}

/** A request amount (number or decimal string) in minor units, or null when it is not one. */
export function fromAmount(value) {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,9})(?:\.(\d{1,2})0*)?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const SYMBOLS = { USD: '$', EUR: '€' };

/** For the hosted pages: "$109.00", "€99.00". */
export function formatMoney(minor, currency) {
  return `${SYMBOLS[currency] ?? `${currency} `}${toDecimalString(minor)}`;
}
