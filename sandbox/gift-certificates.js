// The v2 Gift Certificates API, read side (marketing.v2.yml: GET /gift_certificates with its filters, GET
// /gift_certificates/{id}): money as 4-decimal strings, dates as RFC 2822 like the other v2 answers. The Checkouts
// API has no gift-certificate endpoint, so a headless checkout reads a code here and pays with it through the
// Payments API (payments.js, instrument gift_certificate).
import { ApiError, NOT_FOUND_TITLE } from './errors.js';
import { toDecimalString } from './money.js';
import { storeJson } from './store-http.js';

const rfc2822 = (ms) => new Date(ms).toUTCString().replace('GMT', '+0000');
const money = (minor) => toDecimalString(minor, 4);
const v2NotFound = () => new ApiError(404, NOT_FOUND_TITLE, { body: [{ status: 404, message: NOT_FOUND_TITLE }] });

export const findGiftCertificate = (ctx, code) =>
  ctx.state.giftCertificates.find((g) => g.code.toLowerCase() === String(code).trim().toLowerCase()) ?? null;

/** The status a shopper meets: one whose expiry date has passed is expired, whatever was stored. */
export function statusOf(ctx, certificate) {
  if (certificate.status === 'active' && certificate.expiry_date && certificate.expiry_date < ctx.now()) return 'expired';
  return certificate.status;
}

function render(ctx, g) {
  return {
    id: g.id,
    customer_id: g.customer_id,
    order_id: g.order_id,
    code: g.code,
    to_name: g.to_name,
    to_email: g.to_email,
    from_name: g.from_name,
    from_email: g.from_email,
    amount: money(g.amount),
    balance: money(g.balance),
    status: statusOf(ctx, g),
    template: g.template,
    message: g.message,
    purchase_date: rfc2822(g.purchase_date),
    expiry_date: g.expiry_date ? rfc2822(g.expiry_date) : '',
    currency_code: g.currency_code,
  };
}

export function registerGiftCertificateRoutes(router, ctx) {
  // Filters are exact matches (marketing.v2.yml getGiftCertificates: code, to_name, to_email, from_name,
  // from_email, order_id, min_id, max_id); v2 answers a filter that matches nothing with 204 and no body.
  router.add('GET', '/v2/gift_certificates', async ({ url }) => {
    let list = ctx.state.giftCertificates;
    for (const field of ['code', 'to_name', 'to_email', 'from_name', 'from_email']) {
      const wanted = url.searchParams.get(field);
      if (wanted !== null) list = list.filter((g) => g[field].toLowerCase() === wanted.trim().toLowerCase());
    }
    const orderId = url.searchParams.get('order_id');
    if (orderId !== null) list = list.filter((g) => String(g.order_id) === orderId);
    const minId = Number(url.searchParams.get('min_id') ?? 0);
    const maxId = Number(url.searchParams.get('max_id') ?? Infinity);
    list = list.filter((g) => g.id >= minId && g.id <= maxId);
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 250);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const slice = list.slice((page - 1) * limit, page * limit);
    if (!slice.length) return new Response(null, { status: 204 });
    return storeJson(200, slice.map((g) => render(ctx, g)));
  });

  router.add('GET', '/v2/gift_certificates/:id', async ({ params }) => {
    const certificate = /^\d{1,10}$/.test(params.id) ? ctx.state.giftCertificates.find((g) => g.id === Number(params.id)) : null;
    if (!certificate) throw v2NotFound();
    return storeJson(200, render(ctx, certificate));
  });
}
