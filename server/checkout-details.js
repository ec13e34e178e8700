// Checkout details through the server-to-server Checkouts API (checkouts.v3.yml): the billing address, the
// consignments (which lines ship where, and the chosen shipping option), coupons, gift certificates, and for
// merchants who turn it on (CHECKOUT_ORDERS=true) an order and a payment with a stored card. The details module
// (loadDetailsCore, the lazy wasm) checks every input and plans the Checkouts API calls; this file runs them,
// re-plans with every answer, and turns BigCommerce's refusals into stable codes a page can show.
// Every route needs the cart's token (X-Cart-Token), as the cart routes do (server/cart-token.js).
import { UpstreamError } from './bigcommerce-client.js';
import { HttpError, readJson } from './http.js';
import { createPayments, PAYMENT_REASONS } from './payments-client.js';

// The plan takes at most 4 rounds (addresses and consignments, options, coupons); two more for a version conflict
// or a refused coupon, and a margin. A plan that still has work after this is not converging.
export const MAX_PLAN_ROUNDS = 8;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CARD_ID = /^card_[A-Za-z0-9_-]{32}$/;
const GIFT_CERTIFICATE_LIMIT = 10;

/**
 * Adds the checkout-details routes to the stub's route table.
 * @param {(method: string, pattern: string, run: Function, options?: object) => void} add the handler's route adder
 * @param {{ config: object, core: object, detailsCore?: object | Promise<object>, upstream: object,
 *           requireCartToken: Function, sessions: object, json: Function, log: Function,
 *           fetch?: typeof fetch, sleep?: Function, now?: () => number }} deps
 * @returns {{ savedDetailsOf(savedCart: object): Promise<object | null>,
 *             prefill(cartId: string, savedCart: object, wanted: object | null): Promise<{ rejected: object[], unmet: object[] } | null> }}
 */
export function addCheckoutDetailsRoutes(add, deps) {
  const { config, core, upstream, requireCartToken, sessions, json, log } = deps;
  const payments = createPayments(config, { upstream, fetch: deps.fetch, sleep: deps.sleep, now: deps.now });
  // The module, or the caller's promise of it, held from the start: a promise that rejects is then handled (an
  // unhandled rejection ends the process on Node and the request on Workers) and says why on every request.
  const loaded = deps.detailsCore ? Promise.resolve(deps.detailsCore) : null;
  loaded?.catch((error) => {
    log('error', 'checkout details module failed to load', { cause: String(error?.message ?? error) });
  });
  const details = async () => {
    if (!loaded) {
      throw new HttpError(501, 'checkout_details_unavailable', 'Checkout details are not set up on this server: pass detailsCore (loadDetailsCore()) to createHandler');
    }
    try {
      return await loaded;
    } catch {
      // The cause is in the log (it can name the server's files), not in the answer.
      throw new HttpError(501, 'checkout_details_unavailable', 'The checkout details module could not be loaded on this server; its log says why');
    }
  };

  /** The cart id of the path, checked, and the caller's right to it; -> { cartId, session }. */
  async function cartOf(request, params) {
    if (!core.isCartId(params.cartId)) throw new HttpError(400, 'invalid_cart_id', 'Not a BigCommerce cart id');
    await requireCartToken(request, params.cartId, request.headers.get('x-cart-token'));
    return { cartId: params.cartId, session: await sessions.read(request) };
  }

  async function fetchCheckout(dc, cartId) {
    try {
      const { json: body } = await upstream.request('GET', `/v3/checkouts/${cartId}?include=${dc.checkoutInclude}`);
      return body.data;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) throw cartGone();
      throw error;
    }
  }

  /**
   * One Checkouts API write, answered with the whole checkout: the include the view needs replaces any the plan
   * gave (a plan's own include names what the next plan needs; the view and the line mapping need the rest too).
   */
  async function send(dc, method, path, body) {
    const [route, query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    params.delete('include');
    const rest = params.toString();
    const full = `${route}?${rest ? `${rest}&` : ''}include=${dc.checkoutInclude}`;
    const { json: answer } = await upstream.request(method, `/v3${full}`, body ?? undefined);
    return answer?.data ?? null;
  }

  /**
   * The plan loop: plans, runs the requests in order (each answer is the whole checkout), plans again with the
   * last answer, until nothing is left to do. A 409 (the checkout changed meanwhile) is read again once; a
   * coupon the store refuses is dropped from the details and reported. -> { checkout, details, rejected, unmet }
   */
  async function syncDetails(dc, cartId, wanted, savedCart, checkout) {
    let current = checkout ?? await fetchCheckout(dc, cartId);
    let target = wanted;
    const rejected = [];
    let conflictRetried = false;
    for (let round = 0; round < MAX_PLAN_ROUNDS; round++) {
      const { requests, unmet } = checked(() => dc.planDetailsSync({ details: target, checkout: current, savedCart }));
      if (!requests.length) return { checkout: current, details: target, rejected, unmet };
      for (const planned of requests) {
        // A body may come as the JSON text the module wrote; it is sent as the value it is.
        const request = typeof planned.body === 'string' ? { ...planned, body: planned.body ? JSON.parse(planned.body) : undefined } : planned;
        try {
          current = await send(dc, request.method, request.path, request.body) ?? await fetchCheckout(dc, cartId);
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          if (error.status === 404 && request.kind === 'removeCoupon') {
            // Already gone (another tab, the hosted checkout): the checkout as it is now, and plan again.
            current = await fetchCheckout(dc, cartId);
            break;
          }
          if (error.status === 404) throw cartGone();
          if (error.status === 409 && !conflictRetried) {
            conflictRetried = true;
            current = await fetchCheckout(dc, cartId);
            break;
          }
          if (request.kind === 'addCoupon' && (error.status === 422 || error.status === 400)) {
            const code = String(request.body?.coupon_code ?? '');
            const refusal = couponRefusal(error);
            rejected.push({ kind: 'coupon', code, error: { code: refusal.code, message: refusal.message } });
            target = { ...target, coupons: (target.coupons ?? []).filter((c) => c.toLowerCase() !== code.toLowerCase()) };
            break;
          }
          if (error.status === 422 || error.status === 400) throw refusalOf(request, error);
          throw error;
        }
      }
    }
    log('warn', 'checkout sync stalled', { cartId, rounds: MAX_PLAN_ROUNDS });
    throw new HttpError(502, 'checkout_sync_stalled', `The store's checkout did not settle after ${MAX_PLAN_ROUNDS} rounds of changes; try again, and if it keeps happening check the store's shipping and coupon set-up`);
  }

  /** The details of the checkout as it stands, for a route that changes one part and keeps the others. */
  function detailsOf(view) {
    const out = { coupons: view.coupons.map((c) => c.code) };
    if (view.billingAddress) out.billing = view.billingAddress;
    out.consignments = view.consignments.map((c) => consignmentOf(c, view.consignments.length));
    return out;
  }

  function consignmentOf(c, count) {
    const selected = c.shippingOptions.find((o) => o.id === c.selectedOptionId);
    return {
      address: c.address,
      ...(count > 1 && c.lineIds?.length ? { lineIds: c.lineIds } : {}),
      ...(c.selectedOptionId ? { shippingOptionId: c.selectedOptionId } : {}),
      ...(selected ? { shippingOptionDescription: selected.description } : {}),
    };
  }

  // ---- reading and changing the details ---------------------------------------------------------------

  add('GET', '/checkouts/:cartId', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    return json(200, { checkout: dc.readCheckout(await fetchCheckout(dc, cartId)) });
  }, { session: true });

  // The whole details at once (the shim's saved `checkout` section): `{ details, cart? }`, `cart` being the saved
  // cart, whose line ids the consignments' lineIds name.
  add('PUT', '/checkouts/:cartId', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    if (!body || typeof body !== 'object' || !body.details || typeof body.details !== 'object') {
      throw new HttpError(400, 'invalid_checkout_details', 'Send {"details": {"billing": ..., "consignments": [...], "coupons": [...]}}');
    }
    const wanted = checked(() => dc.checkDetails(body.details));
    const savedCart = savedCartOf(body);
    const result = await syncDetails(dc, cartId, wanted, savedCart);
    return json(200, { checkout: dc.readCheckout(result.checkout, savedCart), details: result.details, rejected: result.rejected, unmet: result.unmet });
  }, { session: true });

  add('POST', '/checkouts/:cartId/coupons', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    const code = checked(() => dc.checkCouponCode(body?.code));
    let checkout;
    for (let attempt = 0; ; attempt++) {
      try {
        checkout = await send(dc, 'POST', `/checkouts/${cartId}/coupons`, { coupon_code: code });
        break;
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        if (error.status === 404) throw cartGone();
        if (error.status === 409 && attempt === 0) continue; // the body carries no version: asking again is the re-read
        if (error.status === 422 || error.status === 400) {
          throw Object.assign(couponRefusal(error), { details: { couponCode: code } });
        }
        throw error;
      }
    }
    return json(200, { checkout: dc.readCheckout(checkout) });
  }, { session: true });

  add('DELETE', '/checkouts/:cartId/coupons/:code', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    let raw;
    try {
      raw = decodeURIComponent(params.code);
    } catch {
      throw new HttpError(400, 'invalid_coupon_code', 'The coupon code in the path is not properly %-encoded');
    }
    const code = checked(() => dc.checkCouponCode(raw));
    let checkout;
    try {
      checkout = await send(dc, 'DELETE', `/checkouts/${cartId}/coupons/${encodeURIComponent(code)}`);
    } catch (error) {
      // Not applied (any more): removing it is done, and the answer is the checkout as it is.
      if (!(error instanceof UpstreamError && error.status === 404)) throw error;
      checkout = await fetchCheckout(dc, cartId);
    }
    return json(200, { checkout: dc.readCheckout(checkout ?? await fetchCheckout(dc, cartId)) });
  }, { session: true });

  // The Checkouts API has no gift-certificate endpoint (checkouts.v3.yml; only the Storefront API has one): the
  // code is checked with the Gift Certificates API and the page keeps it. It is paid with through the Payments
  // API when it covers the order (POST .../payments), else on the hosted payment step.
  add('POST', '/checkouts/:cartId/gift-certificates', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    const code = checked(() => dc.checkGiftCertificateCode(body?.code));
    const [checkout, certificate] = await Promise.all([fetchCheckout(dc, cartId), giftCertificate(code)]);
    const view = dc.readCheckout(checkout);
    return json(200, { giftCertificate: usableCertificate(certificate, code, view) });
  }, { session: true });

  // { billing?, shipping? }: shipping is one Address (every physical line to it) or [{ address, lineIds? }].
  add('PUT', '/checkouts/:cartId/addresses', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    if (!body || typeof body !== 'object' || (body.billing === undefined && body.shipping === undefined)) {
      throw new HttpError(400, 'invalid_addresses_request', 'Send {"billing": {...}} and/or {"shipping": {...} or [{"address": {...}, "lineIds": [...]}]}');
    }
    const billing = body.billing === undefined ? undefined : checked(() => dc.checkAddress(body.billing, 'billing'), 'billing');
    let shipping;
    if (body.shipping !== undefined) {
      const list = Array.isArray(body.shipping) ? body.shipping : [{ address: body.shipping }];
      if (!list.length || list.length > 50 || list.some((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry))) {
        throw new HttpError(400, 'invalid_addresses_request', 'shipping is one address, or a list of 1 to 50 {"address": {...}, "lineIds": [...]}');
      }
      // Each address as a shipping address (a saved section may hold a partial, estimate one; this route may not),
      // then the consignments as the module checks a saved cart's (their line ids). What the checkout already
      // holds came from BigCommerce and is kept as it is.
      const named = list.map((entry, i) => {
        const address = checked(() => dc.checkAddress(entry.address, 'shipping'), Array.isArray(body.shipping) ? `shipping[${i}].address` : 'shipping');
        return entry.lineIds === undefined ? { address } : { address, lineIds: entry.lineIds };
      });
      // Field errors named as the body names them: shipping[1].address.city, or shipping.city for one address.
      const rename = Array.isArray(body.shipping)
        ? (field) => field.replace(/^consignments\[/, 'shipping[')
        : (field) => field.replace(/^consignments\[0\]\.address\b/, 'shipping');
      // An address route refuses with invalid_address, as for the billing address, whatever the module calls it.
      shipping = checked(() => dc.checkDetails({ consignments: named }), rename, 'invalid_address').consignments;
    }
    const savedCart = savedCartOf(body);
    const checkout = await fetchCheckout(dc, cartId);
    const now = detailsOf(dc.readCheckout(checkout, savedCart));
    const wanted = { ...now };
    if (billing) wanted.billing = billing;
    if (shipping) {
      // A shipping option chosen before is kept where the new address still offers it (matched by description).
      wanted.consignments = shipping.map((c, i) => {
        const before = now.consignments[i];
        return { ...c, ...(before?.shippingOptionId && { shippingOptionId: before.shippingOptionId, shippingOptionDescription: before.shippingOptionDescription }) };
      });
    }
    const result = await syncDetails(dc, cartId, wanted, savedCart, checkout);
    return json(200, { checkout: dc.readCheckout(result.checkout, savedCart), unmet: result.unmet });
  }, { session: true });

  // A shipping estimate before the shopper has typed everything: country, email, postal code and state
  // (purpose `estimate`) set the single consignment's address; the answer lists its options.
  add('POST', '/checkouts/:cartId/shipping-options', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    const address = checked(() => dc.checkAddress(body?.address, 'estimate'), 'address');
    const checkout = await fetchCheckout(dc, cartId);
    const now = detailsOf(dc.readCheckout(checkout));
    const before = now.consignments[0];
    // The same place as the address the checkout has (a shopper who typed it all, then looks at the estimate
    // again): that address is kept, with its name and street.
    const samePlace = before && ['countryCode', 'stateOrProvinceCode', 'postalCode', 'email'].every((f) => (before.address?.[f] ?? '') === (address[f] ?? ''));
    const wanted = { ...now, consignments: [{ address: samePlace ? before.address : address, ...(before?.shippingOptionId && { shippingOptionId: before.shippingOptionId, shippingOptionDescription: before.shippingOptionDescription }) }] };
    // The estimate address is partial by design: the plan takes it as it stands (the module checked it above).
    const result = await syncDetails(dc, cartId, wanted, null, checkout);
    const view = dc.readCheckout(result.checkout);
    return json(200, { checkout: view, options: view.consignments[0]?.shippingOptions ?? [], unmet: result.unmet });
  }, { session: true });

  add('PUT', '/checkouts/:cartId/shipping', async ({ request, params }) => {
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const body = await readJson(request);
    if (typeof body?.optionId !== 'string' || !ID.test(body.optionId)) throw new HttpError(400, 'invalid_shipping_option', 'optionId must be the id of a shipping option of the checkout');
    if (body.consignmentId !== undefined && (typeof body.consignmentId !== 'string' || !ID.test(body.consignmentId))) {
      throw new HttpError(400, 'invalid_consignment_id', 'consignmentId must be the id of a consignment of the checkout');
    }
    const view = dc.readCheckout(await fetchCheckout(dc, cartId));
    const consignment = body.consignmentId === undefined
      ? (view.consignments.length === 1 ? view.consignments[0] : null)
      : view.consignments.find((c) => c.id === body.consignmentId);
    if (!consignment) {
      if (!view.consignments.length) throw new HttpError(422, 'checkout_incomplete', 'Set a shipping address before choosing a shipping option', { details: { missing: ['shipping_address'] } });
      throw new HttpError(400, 'invalid_consignment_id', body.consignmentId === undefined ? 'The checkout ships to several addresses: say which with consignmentId' : 'No such consignment in this checkout');
    }
    if (!consignment.shippingOptions.some((o) => o.id === body.optionId)) throw optionUnavailable();
    let checkout;
    try {
      // UpdateConsignmentRequest: the shipping option goes in a request of its own.
      checkout = await send(dc, 'PUT', `/checkouts/${cartId}/consignments/${consignment.id}`, { shipping_option_id: body.optionId });
    } catch (error) {
      if (error instanceof UpstreamError && (error.status === 422 || error.status === 400)) throw optionUnavailable();
      if (error instanceof UpstreamError && error.status === 404) throw cartGone();
      throw error;
    }
    return json(200, { checkout: dc.readCheckout(checkout) });
  }, { session: true });

  // ---- orders and payments (CHECKOUT_ORDERS=true) ------------------------------------------------------

  add('POST', '/checkouts/:cartId/orders', async ({ request, params }) => {
    requireOrders();
    const dc = await details();
    const { cartId } = await cartOf(request, params);
    const { orderId } = await orderFor(dc, cartId, await fetchCheckout(dc, cartId));
    return json(200, { orderId, status: 'incomplete' });
  }, { session: true });

  add('GET', '/checkouts/:cartId/saved-cards', async ({ request, params }) => {
    const { session } = await cartOf(request, params);
    if (!session) throw signInRequired();
    return json(200, { cards: await payments.listCards(session.customerId) });
  }, { session: true });

  add('POST', '/checkouts/:cartId/payments', async ({ request, params }) => {
    requireOrders();
    const dc = await details();
    const { cartId, session } = await cartOf(request, params);
    if (!session) throw signInRequired();
    const body = await readJson(request);
    const certificates = body?.giftCertificates ?? [];
    if (!Array.isArray(certificates) || certificates.length > GIFT_CERTIFICATE_LIMIT) {
      throw new HttpError(400, 'invalid_gift_certificate_code', `giftCertificates must be a list of at most ${GIFT_CERTIFICATE_LIMIT} codes`);
    }
    const codes = certificates.map((c) => checked(() => dc.checkGiftCertificateCode(c)));
    if (!codes.length && (typeof body?.cardId !== 'string' || !CARD_ID.test(body.cardId))) {
      throw new HttpError(400, 'invalid_card_id', 'cardId must be the id of one of your saved cards (GET .../saved-cards)');
    }
    const checkout = await fetchCheckout(dc, cartId);
    // A stored card is the customer's: the order must be theirs too, not a guest cart they hold the token of.
    if (checkout?.cart?.customer_id !== session.customerId) {
      throw new HttpError(403, 'order_not_yours', 'This cart is not attached to your account: sync the cart again while signed in, then pay');
    }
    // The card is checked before an order is made for it: a guessed id costs the store nothing.
    const card = codes.length ? null : await payments.findCard(session.customerId, body.cardId);
    if (!codes.length && !card) throw new HttpError(403, 'card_not_yours', 'This saved card is not one of yours: choose one from your saved cards');
    const view = dc.readCheckout(checkout);
    const { orderId } = await orderFor(dc, cartId, checkout);
    const outcome = card ? await payWithCard(orderId, card) : await payWithGiftCertificates(dc, orderId, codes, view);
    if (outcome.status === 'paid') return json(200, { status: 'paid', orderId });
    log('info', 'payment left to the hosted payment step', { orderId, reason: outcome.reason });
    return json(200, { status: 'payment_required', reason: outcome.reason, message: PAYMENT_REASONS[outcome.reason] ?? PAYMENT_REASONS.payment_failed, orderId });
  }, { session: true });

  async function payWithCard(orderId, card) {
    const methods = await payments.methodsFor(orderId);
    const method = methods.find((m) => Array.isArray(m?.stored_instruments) && m.stored_instruments.some((i) => i?.token === card.token));
    if (!method) return { status: 'payment_required', reason: 'stored_card_unsupported' };
    return payments.pay(orderId, { instrument: { type: 'stored_card', token: card.token }, paymentMethodId: method.id });
  }

  // One payment covers the order (the Payments API takes no split payments): a certificate whose balance covers
  // the whole amount due pays it; anything less is for the hosted payment step, which combines them with a card.
  async function payWithGiftCertificates(dc, orderId, codes, view) {
    const found = await Promise.all(codes.map((code) => giftCertificate(code).then((c) => usableCertificate(c, code, view))));
    const covering = found.find((c) => c.balance >= view.totals.grandTotal);
    if (!covering || codes.length > 1) return { status: 'payment_required', reason: 'gift_certificates_partial' };
    const methods = await payments.methodsFor(orderId);
    const method = methods.find((m) => typeof m?.id === 'string' && /gift_?certificate/i.test(m.id));
    if (!method) return { status: 'payment_required', reason: 'gift_certificates_partial' };
    return payments.pay(orderId, { instrument: { type: 'gift_certificate', gift_certificate_code: covering.code }, paymentMethodId: method.id });
  }

  /** The checkout's incomplete order (made now unless it has one): { orderId }. */
  async function orderFor(dc, cartId, checkout) {
    const view = dc.readCheckout(checkout);
    // checkouts.v3.yml types order_id as a string; the Payments API wants the number.
    const existing = Number(view.orderId);
    if (view.orderId !== null && view.orderId !== undefined && Number.isSafeInteger(existing) && existing > 0) return { orderId: existing };
    const missing = missingForOrder(checkout, view);
    if (missing.length) {
      throw new HttpError(422, 'checkout_incomplete', `Before placing the order, add: ${missing.map((m) => m.replace(/_/g, ' ')).join(', ')}`, { details: { missing } });
    }
    try {
      const { json: body } = await upstream.request('POST', `/v3/checkouts/${cartId}/orders`);
      const orderId = body?.data?.id;
      if (!Number.isSafeInteger(orderId)) throw new HttpError(502, 'upstream_unavailable', 'BigCommerce made the order but did not say its number; check the store\'s orders');
      return { orderId };
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) throw cartGone();
      if (error instanceof UpstreamError && (error.status === 422 || error.status === 400)) {
        throw new HttpError(422, 'checkout_incomplete', `The store cannot make the order yet: ${titleOf(error) ?? 'the checkout is incomplete'}`, { details: { missing: [] } });
      }
      throw error;
    }
  }

  function requireOrders() {
    if (!config.checkoutOrders) {
      throw new HttpError(403, 'orders_disabled', 'Orders are placed on the store\'s checkout page here (the server has CHECKOUT_ORDERS off)');
    }
  }

  /** The Gift Certificates API's record of a code (v2 GET /v2/gift_certificates?code=), or null. */
  async function giftCertificate(code) {
    try {
      const { status, json: body } = await upstream.request('GET', `/v2/gift_certificates?code=${encodeURIComponent(code)}`);
      if (status === 204 || !Array.isArray(body)) return null;
      return body.find((c) => typeof c?.code === 'string' && c.code.toLowerCase() === code.toLowerCase()) ?? null;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return null;
      throw error;
    }
  }

  // ---- POST /checkout: the hosted checkout opens with the details in place ----------------------------

  /**
   * The saved cart's `checkout` section, checked before anything is sent to BigCommerce: the details to bring the
   * checkout in line with, or null when there is nothing to do (no section, or no details module on this server).
   */
  async function savedDetailsOf(savedCart) {
    const section = savedCart && typeof savedCart === 'object' ? savedCart.checkout : undefined;
    if (section === undefined || section === null) return null;
    if (!deps.detailsCore) {
      log('warn', 'saved cart carries checkout details but this server has no detailsCore; the checkout opens without them');
      return null;
    }
    const dc = await details();
    try {
      return dc.checkDetails(section);
    } catch (error) {
      if (typeof error?.code !== 'string') throw error;
      throw new HttpError(400, 'saved_checkout_invalid', `The saved cart's checkout section is not valid: ${error.message}`, { details: detailsOfError(error, 'checkout') });
    }
  }

  /** Brings the checkout in line with checked saved details before the redirect URL is asked for. */
  async function prefill(cartId, savedCart, wanted) {
    if (!wanted) return null;
    const { rejected, unmet } = await syncDetails(await details(), cartId, wanted, savedCart);
    return rejected.length || unmet.length ? { rejected, unmet } : null;
  }

  return { savedDetailsOf, prefill };
}

// ---- pieces -------------------------------------------------------------------------------------------

function savedCartOf(body) {
  const cart = body?.cart;
  return cart && typeof cart === 'object' && !Array.isArray(cart) ? cart : null;
}

/** Runs a details-module call; its BCCheckoutError (invalid input) becomes a 400 with its code and fields. */
function checked(run, path, code) {
  try {
    return run();
  } catch (error) {
    if (typeof error?.code !== 'string') throw error;
    const extra = detailsOfError(error, path);
    throw new HttpError(400, code ?? error.code, error.message, { details: extra });
  }
}

/** The field errors of a details-module error, named under `path` (a prefix, or a function that renames). */
function detailsOfError(error, path) {
  const fields = error?.details?.fields ?? error?.fields;
  if (!Array.isArray(fields)) return undefined;
  const name = typeof path === 'function' ? path
    : path ? (field) => (field.startsWith(path) ? field : `${path}.${field}`) : (field) => field;
  return { fields: fields.map((f) => ({ ...f, ...(typeof f.field === 'string' && { field: name(f.field) }) })) };
}

function titleOf(error) {
  const title = error?.body?.title;
  return typeof title === 'string' && title ? title.slice(0, 300) : null;
}

/**
 * The shopper's words for the store's coupon refusals. BigCommerce answers POST /checkouts/{id}/coupons with a
 * 422 whose title says why (the storefront's wording: "...is not valid", "...has expired", "You must spend at
 * least $50.00 ...", "...cannot be applied to the items in your cart", "...maximum number of uses"): the title is
 * matched, and the amount of a minimum kept.
 */
function couponRefusal(error) {
  const title = titleOf(error) ?? '';
  if (/expired/i.test(title)) return new HttpError(422, 'coupon_expired', 'This coupon has expired');
  if (/spend|minimum|at least/i.test(title)) {
    const amount = /([$€£¥]\s?[0-9][0-9.,]*[0-9]|[0-9][0-9.,]*\s?(?:USD|EUR|GBP|CAD|AUD))/.exec(title)?.[1];
    return new HttpError(422, 'coupon_minimum_not_met', amount ? `Spend at least ${amount} to use this coupon` : 'Spend more to use this coupon');
  }
  if (/limit|maximum number|used up|no longer available|already been used/i.test(title)) {
    return new HttpError(422, 'coupon_limit_reached', 'This coupon has been used as many times as it can be');
  }
  if (/not (valid|applicable) for|cannot be applied|does not apply|only apply|items? in your cart|nothing in your cart|not eligible/i.test(title)) {
    return new HttpError(422, 'coupon_not_applicable', 'This coupon is not valid for these items');
  }
  return new HttpError(422, 'coupon_not_found', 'This coupon code is not valid');
}

/** A 422 of an address or consignment request: the store's reason, as it gave it. */
function refusalOf(request, error) {
  const reason = titleOf(error) ?? 'BigCommerce refused the address';
  const fields = error.body?.errors && typeof error.body.errors === 'object' && !Array.isArray(error.body.errors) ? error.body.errors : undefined;
  if (request.kind === 'selectShippingOption') return optionUnavailable();
  return new HttpError(422, 'address_refused', `The store refused the address: ${reason}`, { details: { reason, kind: request.kind, ...(fields && { fields: Object.entries(fields).map(([field, message]) => ({ field, message: String(message) })) }) } });
}

function optionUnavailable() {
  return new HttpError(422, 'shipping_option_unavailable', 'This shipping option is not offered for the address: choose another one');
}

function cartGone() {
  return new HttpError(404, 'cart_not_found', 'The cart no longer exists (it expired or became an order)');
}

function signInRequired() {
  return new HttpError(401, 'sign_in_required', 'Sign in to use your saved cards');
}

/** What an order still needs: a billing address, a shipping address for every physical line, an option for each. */
function missingForOrder(checkout, view) {
  const missing = [];
  if (!view.billingAddress) missing.push('billing_address');
  const physical = checkout?.cart?.line_items?.physical_items ?? [];
  if (physical.length) {
    const shipped = new Set(view.consignments.flatMap((c) => c.lineItemIds ?? []));
    if (!view.consignments.length || physical.some((item) => !shipped.has(item.id))) missing.push('shipping_address');
    if (!view.consignments.length || view.consignments.some((c) => !c.selectedOptionId)) missing.push('shipping_option');
  }
  return missing;
}

/**
 * A certificate the shopper may use on this checkout, or the 422 that says why not:
 * { code, balance (minor units), currency, expiresAt (ISO 8601 or null) }.
 */
function usableCertificate(certificate, code, view) {
  const details = { giftCertificateCode: code };
  if (!certificate) throw new HttpError(422, 'gift_certificate_not_found', 'This gift certificate code is not valid', { details });
  const status = String(certificate.status ?? '').toLowerCase();
  const expiresAt = expiryOf(certificate.expiry_date);
  if (status === 'disabled' || status === 'pending') throw new HttpError(422, 'gift_certificate_disabled', 'This gift certificate cannot be used (it is not active)', { details });
  if (status === 'expired' || (expiresAt && Date.parse(expiresAt) <= Date.now())) throw new HttpError(422, 'gift_certificate_expired', 'This gift certificate has expired', { details });
  const currency = typeof certificate.currency_code === 'string' && certificate.currency_code ? certificate.currency_code.toUpperCase() : view.currency;
  if (currency !== view.currency) throw new HttpError(422, 'gift_certificate_currency', `This gift certificate is in ${currency}, and this cart is in ${view.currency}`, { details });
  const balance = minorUnits(certificate.balance, view.exponent);
  if (balance === null || balance <= 0) throw new HttpError(422, 'gift_certificate_used_up', 'This gift certificate has no balance left', { details });
  return { code: certificate.code, balance, currency, expiresAt };
}

/** v2 dates are RFC 2822 text, an empty string or 0 for none. */
function expiryOf(raw) {
  if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return null;
  const ms = typeof raw === 'number' ? raw * 1000 : Date.parse(raw);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** "25.0000" (v2 money) as integer minor units of a currency with `exponent` decimals, read as text; null if not money. */
export function minorUnits(raw, exponent) {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') return null;
  const m = /^\s*(\d{1,15})(?:\.(\d{1,8}))?\s*$/.exec(text);
  if (!m) return null;
  // Digits beyond the currency's are dropped (a balance is never rounded up).
  const fraction = (m[2] ?? '').padEnd(exponent, '0').slice(0, exponent);
  return Number(m[1]) * 10 ** exponent + (exponent ? Number(fraction) : 0);
}
