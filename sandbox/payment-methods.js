// GET /v2/payments/methods: the store's enabled payment methods (payment_methods.v2.yml getAllPaymentMethods),
// each { code, name, test_mode }, sorted by name from A to Z, paged with page and limit. The list is the sandbox's
// paymentMethods option (seed.js DEFAULT_PAYMENT_METHODS when not given). BigCommerce marks this operation
// deprecated and warns that "all enabled providers may not appear"; the v3 GET /payments/methods is no
// replacement for reading the store's set-up, as it needs an order_id or checkout_id and lists only what the
// Payments API can charge.
import { ApiError } from './errors.js';
import { storeJson } from './store-http.js';

/** page and limit as whole numbers from 1 (limit up to 250, 50 by default), else a 400 as v2 gives. */
function v2Paging(url) {
  const read = (name, fallback) => {
    const raw = url.searchParams.get(name);
    if (raw === null) return fallback;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw new ApiError(400, `The ${name} parameter must be a positive whole number.`);
    return Number(raw);
  };
  return { page: read('page', 1), limit: Math.min(read('limit', 50), 250) };
}

export function registerPaymentMethodRoutes(router, ctx) {
  router.add('GET', '/v2/payments/methods', async ({ url }) => {
    const { page, limit } = v2Paging(url);
    const sorted = [...ctx.options.paymentMethods].sort((a, b) => a.name.localeCompare(b.name, 'en'));
    return storeJson(200, sorted.slice((page - 1) * limit, page * limit).map((m) => ({ ...m })));
  });
}
