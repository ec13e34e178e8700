// Checkout details on the headless page: coupons, gift certificates, addresses, shipping options, totals, an
// order and a saved-card payment, through the server stub's checkout routes (docs/checkout-api.md). This file is
// in the lazy chunk (dist/bc-checkout-details.js): the Checkout object's methods load it on first use.
//
// Every input is checked by the details module first (web/details-core.js), so field errors come before any
// request. Every change the store accepted is kept in the saved cart's `checkout` section (CartSession
// setCheckout), so another tab, a reload and the hosted checkout (POST /checkout prefills from it) see it.
import { BCCheckoutError } from './errors.js';
import { createDetailsClient } from './server-client.js';

const CARD_ID = /^[A-Za-z0-9_-]{1,128}$/;
const OPTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * @param {object} shop the Checkout object
 * @param {{ mutate: (call: (session: object) => string) => object, emit: (event: string, payload: unknown) => void,
 *           money: (minor: number, currency: string, exponent: number) => object }} host  closures over its private
 *   parts (`emit('error', e)` delivers e as the Checkout's own errors are delivered)
 * @param {(options?: object) => Promise<object>} loadDetailsCore this build's loader of the details module
 */
export async function createCheckoutDetails(shop, host, loadDetailsCore) {
  const { options } = shop;
  if (!options.server) throw new BCCheckoutError('no_server', 'Pass `server` to createCheckout to use checkout details');
  // The details module has a .wasm of its own: a locateFile given for the cart's is asked for it too.
  const coreOptions = options.detailsCore ?? (options.core?.locateFile ? { locateFile: options.core.locateFile } : undefined);
  const core = await loadDetailsCore(coreOptions);
  return new CheckoutDetails({
    options,
    saved: () => shop.cart.toJSON(),
    setCheckout: (section) => host.mutate((s) => s.setCheckout(section ? JSON.stringify(section) : '')),
    sync: () => shop.sync(),
    checkout: (checkoutOptions) => shop.checkout(checkoutOptions),
    // Paid: BigCommerce turned the cart into an order.
    complete: (event) => {
      host.mutate((s) => (s.clear(), s.setCartId('')));
      host.emit('complete', event);
    },
    emit: host.emit,
    reportError: (error) => host.emit('error', error),
    money: host.money,
  }, core);
}

class CheckoutDetails {
  #host;
  #core;
  #client;
  #checked = null; // { text, details }: the saved section last found valid
  #syncedLines = null; // the lines (and currency) of the last sync, to sync only when they changed
  #balances = new Map(); // gift-certificate code -> balance in minor units, as the stub last reported it
  #view = null; // the last CheckoutView the stub answered
  #queue = Promise.resolve();

  constructor(host, core) {
    this.#host = host;
    this.#core = core;
    this.#client = createDetailsClient(host.options.server, host.options.fetch);
    this.details(); // a saved section that fails the checks is dropped now, with an error event
  }

  /** The saved details, checked (a section that fails is dropped and reported as saved_checkout_invalid). */
  details() {
    const section = this.#host.saved().checkout;
    if (section === undefined || section === null) return emptyDetails();
    const text = JSON.stringify(section);
    if (this.#checked?.text !== text) {
      try {
        this.#checked = { text, details: this.#core.checkDetails(section) };
      } catch (error) {
        this.#checked = null;
        this.#host.setCheckout(null);
        this.#host.reportError(new BCCheckoutError('saved_checkout_invalid',
          `The saved checkout details could not be used and were dropped (${error.message}); the cart is kept.`,
          { fields: error.details?.fields ?? [], reason: error.code }));
        return emptyDetails();
      }
    }
    const details = JSON.parse(JSON.stringify(this.#checked.details));
    return { ...emptyDetails(), ...details };
  }

  applyCoupon(code) {
    const checked = this.#core.checkCouponCode(code);
    return this.#serial(async () => {
      const { checkout } = await this.#withCart((cart) => this.#client.applyCoupon(cart, checked));
      const details = this.details();
      // The store's spelling of the code, as it reports it back.
      const applied = checkout?.coupons?.find((c) => sameCode(c.code, checked))?.code ?? checked;
      details.coupons = [...details.coupons.filter((c) => !sameCode(c, checked)), applied];
      this.#store(details);
      return this.#emitTotals(checkout);
    });
  }

  removeCoupon(code) {
    const checked = this.#core.checkCouponCode(code);
    return this.#serial(async () => {
      const { checkout } = await this.#withCart((cart) => this.#client.removeCoupon(cart, checked));
      const details = this.details();
      details.coupons = details.coupons.filter((c) => !sameCode(c, checked));
      this.#store(details);
      return this.#emitTotals(checkout);
    });
  }

  applyGiftCertificate(code) {
    const checked = this.#core.checkGiftCertificateCode(code);
    return this.#serial(async () => {
      const cart = await this.#cart();
      const { giftCertificate } = await this.#client.checkGiftCertificate(cart, checked);
      this.#balances.set(checked, minorUnits(giftCertificate?.balance));
      const details = this.details();
      details.giftCertificates = [...details.giftCertificates.filter((c) => !sameCode(c, checked)), checked];
      this.#store(details);
      return this.#emitTotals(this.#view ?? (await this.#client.checkout(cart)).checkout);
    });
  }

  removeGiftCertificate(code) {
    const checked = this.#core.checkGiftCertificateCode(code);
    return this.#serial(async () => {
      const details = this.details();
      details.giftCertificates = details.giftCertificates.filter((c) => !sameCode(c, checked));
      this.#balances.delete(checked);
      this.#store(details);
      return this.#emitTotals(this.#view ?? (await this.#withCart((cart) => this.#client.checkout(cart))).checkout);
    });
  }

  /** { billing?, shipping? }: shipping is one Address (every physical line) or [{ address, lineIds? }]. */
  setAddresses(input) {
    if (!isObject(input) || (input.billing === undefined && input.shipping === undefined)) {
      throw new BCCheckoutError('invalid_argument', 'setAddresses takes { billing, shipping }: at least one of them, each an address object');
    }
    const fields = [];
    const billing = input.billing === undefined ? undefined : this.#address(input.billing, 'billing', 'billing', fields);
    let consignments;
    if (input.shipping !== undefined) {
      const lineIds = new Set(this.#host.saved().lines.map((line) => line.id));
      const list = Array.isArray(input.shipping) ? input.shipping : [{ address: input.shipping }];
      if (list.length === 0 || list.length > 50) throw new BCCheckoutError('invalid_argument', 'shipping takes one address, or a list of 1 to 50 { address, lineIds }');
      consignments = list.map((entry, index) => {
        const path = Array.isArray(input.shipping) ? `shipping[${index}]` : 'shipping';
        if (!isObject(entry)) throw new BCCheckoutError('invalid_argument', `${path} must be an object { address, lineIds? }`);
        const address = this.#address(entry.address, 'shipping', Array.isArray(input.shipping) ? `${path}.address` : path, fields);
        if (entry.lineIds === undefined) return { address };
        if (!Array.isArray(entry.lineIds) || !entry.lineIds.length || entry.lineIds.some((id) => !lineIds.has(id))) {
          throw new BCCheckoutError('line_not_found', `${path}.lineIds must list lines of this cart (${[...lineIds].join(', ')})`);
        }
        return { address, lineIds: [...entry.lineIds] };
      });
    }
    if (fields.length) throw invalidAddress(fields);
    return this.#serial(async () => {
      const body = {
        ...(billing && { billing }),
        ...(consignments && { shipping: consignments.map((c) => ({ address: c.address, ...(c.lineIds && { lineIds: c.lineIds }) })) }),
      };
      const { checkout, unmet } = await this.#withCart((cart) => this.#client.setAddresses(cart, body, this.#host.saved()));
      const details = this.details();
      if (billing) details.billing = billing;
      if (consignments) {
        this.#reportLostOptions(unmet, details.consignments);
        details.consignments = withChosenOptions(consignments, checkout);
      }
      this.#store(details);
      return this.#emitTotals(checkout);
    });
  }

  /**
   * The shipping options for `address` (purpose `estimate`: country, email, and postal code and state where the
   * country uses them), which becomes the checkout's one shipping address; without one, those the checkout's
   * consignments already have.
   */
  shippingOptions(address) {
    const fields = [];
    const checked = address === undefined ? undefined : this.#address(address, 'estimate', 'address', fields);
    if (fields.length) throw invalidAddress(fields);
    return this.#serial(async () => {
      if (checked === undefined) {
        const { checkout } = await this.#withCart((cart) => this.#client.checkout(cart));
        this.#emitTotals(checkout);
        return (checkout.consignments ?? []).flatMap((c) => this.#options(c.shippingOptions, c, checkout));
      }
      const { checkout, options, unmet } = await this.#withCart((cart) => this.#client.shippingOptions(cart, checked));
      const details = this.details();
      this.#reportLostOptions(unmet, details.consignments);
      // The address as the store now holds it: an estimate for the place of the address already set keeps that
      // whole address (name, street), and the saved section must not bring the store back to the partial one.
      details.consignments = withChosenOptions([{ address: checkout.consignments?.[0]?.address ?? checked }], checkout);
      this.#store(details);
      this.#emitTotals(checkout);
      const consignment = checkout.consignments?.[0] ?? null;
      return this.#options(options ?? consignment?.shippingOptions, consignment, checkout);
    });
  }

  chooseShipping(optionId, { consignmentId } = {}) {
    if (typeof optionId !== 'string' || !OPTION_ID.test(optionId)) {
      throw new BCCheckoutError('invalid_argument', 'optionId must be the id of one of the shipping options (shippingOptions())');
    }
    if (consignmentId !== undefined && (typeof consignmentId !== 'string' || !OPTION_ID.test(consignmentId))) {
      throw new BCCheckoutError('invalid_argument', 'consignmentId must be the id of one of the checkout\'s consignments');
    }
    return this.#serial(async () => {
      const { checkout } = await this.#withCart((cart) => this.#client.chooseShipping(cart, optionId, consignmentId));
      const details = this.details();
      const consignments = checkout.consignments ?? [];
      const index = consignmentId ? consignments.findIndex((c) => c.id === consignmentId) : consignments.findIndex((c) => c.selectedOptionId === optionId);
      const chosen = consignments[index];
      if (chosen) {
        const option = chosen.shippingOptions?.find((o) => o.id === chosen.selectedOptionId);
        const entry = details.consignments[index] ?? { address: chosen.address };
        details.consignments[index] = { ...entry, shippingOptionId: chosen.selectedOptionId, shippingOptionDescription: option?.description ?? entry.shippingOptionDescription };
        this.#store(details);
      }
      return this.#emitTotals(checkout);
    });
  }

  totals() {
    return this.#serial(async () => {
      const cart = await this.#cart();
      await this.#learnBalances(cart);
      const { checkout } = await this.#withCart((current) => this.#client.checkout(current), { cart });
      return this.#emitTotals(checkout);
    });
  }

  /** An incomplete order from the checkout (the stub's CHECKOUT_ORDERS=true): { orderId, status }. */
  placeOrder() {
    return this.#serial(async () => {
      const { orderId, status } = await this.#withCart((cart) => this.#client.placeOrder(cart));
      return { orderId, status };
    });
  }

  /** The signed-in shopper's stored cards: [{ id, brand, last4, expiryMonth, expiryYear, isDefault }]. */
  savedCards() {
    return this.#serial(async () => {
      // Synced again, so the cart is the signed-in shopper's (the stub checks that it is).
      const { cards } = await this.#withCart((cart) => this.#client.savedCards(cart), { force: true });
      return Array.isArray(cards) ? cards : [];
    });
  }

  /**
   * Pays the order with a stored card. When the store wants the shopper (a decline, 3-D Secure), a `fallback`
   * event says why and the shopper continues in the hosted payment step, prefilled (`checkoutOptions` are
   * checkout()'s: mode, container, ...).
   */
  payWithSavedCard(cardId, checkoutOptions = {}) {
    if (typeof cardId !== 'string' || !CARD_ID.test(cardId)) {
      throw new BCCheckoutError('invalid_argument', 'cardId must be the id of one of savedCards()');
    }
    return this.#serial(async () => {
      const codes = this.details().giftCertificates;
      const result = await this.#withCart((cart) => this.#client.pay(cart, cardId, codes), { force: true });
      if (result.status === 'paid') {
        this.#view = null;
        this.#balances.clear();
        this.#host.complete({ source: 'saved_card', orderId: result.orderId });
        return { status: 'paid', orderId: result.orderId };
      }
      const reason = String(result.reason ?? 'payment_required');
      const message = String(result.message ?? 'The payment needs you: finish it on the payment step');
      this.#host.emit('fallback', { reason, message, orderId: result.orderId });
      const checkout = await this.#host.checkout(checkoutOptions);
      return { status: 'payment_required', reason, message, orderId: result.orderId, checkout };
    });
  }

  // --- internals ----------------------------------------------------------------------------------

  // One change at a time: two requests at once would each sync the cart and store details over the other's.
  #serial(task) {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  #address(value, purpose, path, fields) {
    try {
      return this.#core.checkAddress(value, purpose);
    } catch (error) {
      if (error.code !== 'invalid_address') throw error;
      const list = error.details?.fields ?? [];
      if (!list.length) fields.push({ field: path, code: 'invalid_address', message: error.message });
      for (const field of list) fields.push({ ...field, field: field.field ? `${path}.${field.field}` : path });
      return undefined;
    }
  }

  // The synced BigCommerce cart. Synced when there is none yet or its lines changed since (or when `force`d); a
  // new cart or new lines then get the saved details again (the stub's plan loop), so the checkout matches them.
  async #cart(force = false) {
    const saved = this.#host.saved();
    if (!saved.lines?.length) throw new BCCheckoutError('cart_empty', 'The cart is empty: add something to it first');
    const lines = JSON.stringify([saved.currency, saved.lines]);
    const current = Boolean(saved.cartId) && lines === this.#syncedLines;
    if (current && !force) return { cartId: saved.cartId, cartToken: saved.cartToken };
    await this.#host.sync();
    this.#view = null; // of the lines before
    const synced = this.#host.saved();
    const cart = { cartId: synced.cartId, cartToken: synced.cartToken };
    this.#syncedLines = lines;
    const details = this.details();
    if ((!current || cart.cartId !== saved.cartId) && (details.billing || details.consignments.length || details.coupons.length)) {
      await this.#realign(cart, details);
    }
    return cart;
  }

  // A cart BigCommerce no longer has (expired, ordered elsewhere) is made again from the lines, once.
  async #withCart(request, { cart, force = false } = {}) {
    const synced = cart ?? (await this.#cart(force));
    try {
      return await request(synced);
    } catch (error) {
      if (error.code !== 'cart_not_found') throw error;
      this.#syncedLines = null;
      return request(await this.#cart());
    }
  }

  async #realign(cart, details) {
    const answer = await this.#client.updateDetails(cart, details, this.#host.saved());
    const next = isObject(answer.details) ? { ...emptyDetails(), ...answer.details } : details;
    for (const refused of answer.rejected ?? []) {
      if (refused?.kind !== 'coupon') continue;
      next.coupons = next.coupons.filter((c) => !sameCode(c, refused.code));
      this.#host.reportError(new BCCheckoutError(refused.error?.code ?? 'coupon_not_applicable',
        `${refused.error?.message ?? 'This coupon is no longer valid'} (${refused.code}); it was removed.`, { coupon: refused.code }));
    }
    for (const entry of this.#reportLostOptions(answer.unmet, next.consignments)) {
      delete entry.shippingOptionId;
      delete entry.shippingOptionDescription;
    }
    this.#store(next);
    if (answer.checkout) this.#view = answer.checkout;
  }

  // The shipping options chosen before that the new address no longer offers (the stub's `unmet`), each reported
  // with an error event; -> those consignments of `consignments`.
  #reportLostOptions(unmet, consignments) {
    const lost = [];
    for (const item of Array.isArray(unmet) ? unmet : []) {
      const entry = consignments[item?.consignmentIndex ?? 0];
      if (item?.reason !== 'shipping_option_unavailable' || !entry?.shippingOptionId) continue;
      this.#host.reportError(new BCCheckoutError('shipping_option_unavailable',
        `"${entry.shippingOptionDescription ?? entry.shippingOptionId}" is not offered for this address any more: choose a shipping option again.`));
      lost.push(entry);
    }
    return lost;
  }

  // Balances are kept in memory only (they change as they are spent): after a reload, ask the stub again.
  async #learnBalances(cart) {
    const details = this.details();
    const unknown = details.giftCertificates.filter((code) => !this.#balances.has(code));
    for (const code of unknown) {
      try {
        const { giftCertificate } = await this.#client.checkGiftCertificate(cart, code);
        this.#balances.set(code, minorUnits(giftCertificate?.balance));
      } catch (error) {
        if (error.status !== 422) throw error;
        details.giftCertificates = details.giftCertificates.filter((c) => c !== code);
        this.#store(details);
        this.#host.reportError(new BCCheckoutError(error.code, `${error.message} (${code}); it was removed.`, { giftCertificate: code }));
      }
    }
  }

  #store(details) {
    const section = {};
    if (details.billing) section.billing = details.billing;
    for (const key of ['consignments', 'coupons', 'giftCertificates']) if (details[key]?.length) section[key] = details[key];
    this.#host.setCheckout(Object.keys(section).length ? section : null);
    this.#checked = null;
  }

  #money(view) {
    return (minor) => this.#host.money(Number.isInteger(minor) ? minor : 0, view.currency, view.exponent);
  }

  #options(options, consignment, view) {
    const money = this.#money(view);
    return (options ?? []).map((option) => Object.freeze({
      id: option.id,
      description: option.description,
      type: option.type,
      cost: money(option.cost),
      transitTime: option.transitTime ?? '',
      consignmentId: consignment?.id ?? null,
      selected: Boolean(consignment && consignment.selectedOptionId === option.id),
    }));
  }

  #emitTotals(view) {
    if (!isObject(view) || !isObject(view.totals)) throw new BCCheckoutError('invalid_response', 'The server answered without the checkout');
    this.#view = view;
    const money = this.#money(view);
    const certificates = this.details().giftCertificates
      .filter((code) => this.#balances.has(code))
      .map((code) => ({ code, balance: this.#balances.get(code) }));
    const t = this.#core.applyGiftCertificates(view.totals, certificates);
    const consignments = view.consignments ?? [];
    const totals = Object.freeze({
      currency: view.currency,
      subtotal: money(t.subtotal),
      discount: money(t.discount),
      shipping: money(t.shipping),
      handling: money(t.handling),
      tax: money(t.tax),
      taxes: Object.freeze((t.taxes ?? []).map((tax) => Object.freeze({ name: tax.name, amount: money(tax.amount) }))),
      coupons: Object.freeze((view.coupons ?? []).map((c) => Object.freeze({ code: c.code, name: c.name ?? '', discount: money(c.discount) }))),
      giftCertificates: Object.freeze((t.giftCertificates ?? []).map((g) => Object.freeze({ code: g.code, used: money(g.used), balance: money(g.balance) }))),
      grandTotal: money(t.grandTotal),
      amountDue: money(t.amountDue ?? t.grandTotal),
      shippingChosen: consignments.length > 0 && consignments.every((c) => Boolean(c.selectedOptionId)),
    });
    this.#host.emit('totals', totals);
    return totals;
  }
}

const emptyDetails = () => ({ consignments: [], coupons: [], giftCertificates: [] });
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const sameCode = (a, b) => String(a).toUpperCase() === String(b).toUpperCase();

function minorUnits(value) {
  if (!Number.isSafeInteger(value) || value < 0) throw new BCCheckoutError('invalid_response', 'The server answered a gift certificate without its balance');
  return value;
}

// The option each consignment has chosen, as the checkout answer says (an address change may have reset it).
function withChosenOptions(consignments, checkout) {
  return consignments.map((entry, index) => {
    const remote = checkout?.consignments?.[index];
    const option = remote?.selectedOptionId && remote.shippingOptions?.find((o) => o.id === remote.selectedOptionId);
    return option ? { ...entry, shippingOptionId: option.id, shippingOptionDescription: option.description } : entry;
  });
}

function invalidAddress(fields) {
  const message = fields.length === 1 ? fields[0].message : `Check these fields: ${fields.map((f) => f.field).join(', ')}`;
  return new BCCheckoutError('invalid_address', message, { fields });
}
