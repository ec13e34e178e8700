// Coupons with BigCommerce's rules (marketing.v2.yml coupon_Full): a type (per_item_discount, percentage_discount,
// per_total_discount, shipping_discount, free_shipping), an amount, min_purchase, expires, enabled, max_uses /
// num_uses and applies_to ({ entity: 'categories' | 'products', ids }; categories [0] is every product). The
// Checkouts API (POST /v3/checkouts/{id}/coupons) and the hosted checkout both apply a code through
// checkCoupon(), so both refuse it with the same words.
import { ApiError } from './errors.js';
import { formatMoney } from './money.js';

// carts.v3.yml AppliedCoupon.coupon_type: "type 0: per_item_discount ... type 4: free_shipping".
export const COUPON_TYPE_CODES = {
  per_item_discount: '0', percentage_discount: '1', per_total_discount: '2', shipping_discount: '3', free_shipping: '4',
};

/**
 * The reason a code was refused travels in `errors.coupon_code`, in the words checkout-js switches on where they
 * exist (bigcommerce/checkout-js, Redeemable.tsx renderErrorMessage: 'min_purchase', 'not_applicable'), so a
 * client tells a coupon that needs a bigger cart from one that will never apply.
 */
export const COUPON_REFUSALS = Object.freeze({
  invalid: 'invalid',
  expired: 'expired',
  usageLimit: 'usage_limit',
  currency: 'currency',
  notApplicable: 'not_applicable',
  minPurchase: 'min_purchase',
});

const refuse = (reason, title) => new ApiError(422, title, { errors: { coupon_code: reason } });

export const findCoupon = (ctx, code) => ctx.state.coupons.find((c) => c.code.toLowerCase() === String(code).toLowerCase()) ?? null;

/** A product line the coupon's applies_to covers. Custom items have no product, so only "every product" covers them. */
function covers(coupon, line) {
  const { entity, ids } = coupon.applies_to ?? { entity: 'categories', ids: [0] };
  if (entity === 'categories' && ids.includes(0)) return line.item.kind !== 'gift';
  if (line.item.kind !== 'product') return false;
  if (entity === 'products') return ids.includes(line.product.id);
  return line.product.categories.some((id) => ids.includes(id));
}

/** The lines a coupon may discount (gift certificates never: they are money, not goods). */
export const eligibleLines = (coupon, lines) => lines.filter((line) => line.item.kind !== 'gift' && covers(coupon, line));

/** What the coupon's min_purchase is measured against: the cart's goods before any discount. */
const purchaseTotal = (lines) => lines.filter((l) => l.item.kind !== 'gift').reduce((sum, l) => sum + l.extended, 0);

/**
 * null when the coupon applies to this cart as it is now, else the ApiError that refuses it. The order of the
 * checks follows what a shopper can do about each: a code that does not exist, an expired or used-up one, the
 * wrong currency, nothing it applies to, then a cart too small (which more shopping fixes).
 */
export function couponRefusal(ctx, cart, coupon, lines, { code = coupon?.code } = {}) {
  if (!coupon || !coupon.enabled) return refuse(COUPON_REFUSALS.invalid, `The coupon code "${code}" is not valid.`);
  if (coupon.expires && coupon.expires < ctx.now()) return refuse(COUPON_REFUSALS.expired, `The coupon code "${coupon.code}" has expired.`);
  if (coupon.max_uses > 0 && coupon.num_uses >= coupon.max_uses) {
    return refuse(COUPON_REFUSALS.usageLimit, `The coupon code "${coupon.code}" has reached its usage limit.`);
  }
  // marketing.v2.yml createCoupon: "Legacy coupon codes only work with the store's default currency. Applying a
  // coupon with any other currency other than the store's default will result in the error".
  if (cart.currency !== ctx.state.store.default_currency) return refuse(COUPON_REFUSALS.currency, 'Coupons only apply to default currency.');
  const isShipping = coupon.type === 'shipping_discount' || coupon.type === 'free_shipping';
  if (!isShipping && !eligibleLines(coupon, lines).length) {
    return refuse(COUPON_REFUSALS.notApplicable, `The coupon code "${coupon.code}" does not apply to any item in your cart.`);
  }
  if (isShipping && !lines.some((l) => l.item.kind !== 'gift' && l.product?.type !== 'digital')) {
    return refuse(COUPON_REFUSALS.notApplicable, `The coupon code "${coupon.code}" takes money off shipping, and nothing in your cart ships.`);
  }
  if (coupon.min_purchase > 0 && purchaseTotal(lines) < coupon.min_purchase) {
    return refuse(COUPON_REFUSALS.minPurchase, `Spend at least ${formatMoney(coupon.min_purchase, cart.currency)} to use the coupon code "${coupon.code}".`);
  }
  return null;
}

/**
 * The discount of an item coupon on lines not yet discounted by earlier coupons, spread over its eligible lines:
 * per_item_discount takes its amount off each unit (never more than the unit), percentage_discount a share of
 * each line, per_total_discount its amount spread in proportion to the lines' value. Returns { amount, shares }
 * with shares[i] for eligible[i]; the rounding remainder goes to the first lines.
 */
export function itemDiscount(coupon, eligible) {
  const left = eligible.map((l) => l.extended - l.coupon);
  let shares;
  if (coupon.type === 'per_item_discount') {
    shares = eligible.map((l, i) => Math.min(left[i], coupon.amount * (l.item.kind === 'gift' ? 1 : l.item.quantity)));
  } else if (coupon.type === 'percentage_discount') {
    const base = left.reduce((a, b) => a + b, 0);
    const amount = Math.round((base * coupon.amount) / 100);
    shares = spread(amount, left);
  } else if (coupon.type === 'per_total_discount') {
    const base = left.reduce((a, b) => a + b, 0);
    shares = spread(Math.min(base, coupon.amount), left);
  } else {
    shares = eligible.map(() => 0);
  }
  return { amount: shares.reduce((a, b) => a + b, 0), shares };
}

function spread(amount, weights) {
  const base = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  const shares = weights.map((w) => {
    const share = base ? Math.floor((amount * w) / base) : 0;
    given += share;
    return share;
  });
  for (let i = 0; given < amount && i < shares.length; i++) {
    if (shares[i] < weights[i]) {
      shares[i] += 1;
      given += 1;
    }
  }
  return shares;
}

/** A shipping coupon's discount on a shipping cost: free_shipping all of it, shipping_discount up to its amount. */
export function shippingDiscount(coupon, cost) {
  if (coupon.type === 'free_shipping') return cost;
  if (coupon.type === 'shipping_discount') return Math.min(cost, coupon.amount);
  return 0;
}

export const isShippingCoupon = (coupon) => coupon.type === 'shipping_discount' || coupon.type === 'free_shipping';
