// createCheckout: the object a storefront holds. It owns one cart in the WebAssembly core (an Embind
// handle users never see), keeps it in storage, and keeps every tab of the site in step.
import { BCCheckoutError, unwrap } from './errors.js';
import { createServerClient } from './server-client.js';
import { hostedCheckoutKey, openStorage, resumeKey } from './storage.js';

const KEY_PREFIX = 'bc-checkout-helper:cart';
const EVENTS = new Set(['change', 'error', 'load', 'complete', 'signout', 'fallback', 'cartreplaced', 'busy', 'totals']);
// Checkout details (web/checkout-details.js): each method loads the lazy chunk on first use, so a page that never
// uses them downloads nothing more.
const DETAIL_METHODS = 'applyCoupon removeCoupon applyGiftCertificate removeGiftCertificate setAddresses shippingOptions chooseShipping totals placeOrder savedCards payWithSavedCard'.split(' ');
const MONEY_FIELDS = ['price', 'listPrice', 'amount'];

/**
 * @param {(options?: object) => Promise<object>} loadCore the entry point's cached loader
 * @param {object} options see CheckoutOptions in index.d.ts
 * @param {{ loadSdk?: Function | null, loadDetails: Function, loadFlow: Function }} chunks the entry point's lazy
 *   parts: the embedded Checkout SDK, the checkout details, the checkout flow and server client
 */
export async function createCheckoutWith(loadCore, options = {}, chunks) {
  if (options === null || typeof options !== 'object') {
    throw new BCCheckoutError('invalid_argument', 'createCheckout takes an options object');
  }
  const storeOrigins = toList(options.storeOrigins);
  if (storeOrigins.length === 0) {
    throw new BCCheckoutError('no_store_origins', 'storeOrigins is required: your BigCommerce store origin, such as "https://store-abc.mybigcommerce.com"');
  }
  const channelId = options.channelId ?? 1;
  if (!Number.isInteger(channelId) || channelId < 1) {
    throw new BCCheckoutError('invalid_argument', 'channelId must be a positive integer');
  }
  const core = await loadCore(options.core);
  core.checkStoreOrigins(storeOrigins);
  const currency = String(options.currency ?? 'USD').toUpperCase();
  const cartConfig = JSON.stringify({ currency, maxQuantityPerLine: options.maxQuantityPerLine, maxLines: options.maxLines });
  const session = core._createCartSession();
  try {
    unwrap(session.configure(cartConfig));
    // The merchant's custom item list, when the page has it: addCustom then prices from it, as the stub will.
    if (options.customItems !== undefined) unwrap(session.setCustomItems(JSON.stringify(options.customItems)));
  } catch (error) {
    session.delete();
    throw error;
  }
  try {
    return new Checkout(core, session, { ...options, storeOrigins, channelId, currency }, cartConfig, chunks);
  } catch (error) {
    session.delete(); // a bad storage option must not leak the core's cart
    throw error;
  }
}

class Checkout {
  #core;
  #session;
  #options;
  #storage;
  #key;
  #channel = null;
  #onStorage = null;
  #listeners = new Map();
  #pendingErrors = [];
  #view = null;
  #lastText = null;
  #savedText = null; // save() of the cart as it is now, or null until it is asked for again
  #formatter = null;
  #destroyed = false;
  #cartConfig;
  #server = null;
  #loadFlow;
  #loadSdk;
  #flow = null; // promise of the CheckoutFlow, once checkout(), sync() or a resume needed it
  #flowMade = null; // that CheckoutFlow once it exists, for detach() and destroy(), which cannot wait
  #subscribers = new Set();
  #snapshot = null;
  #checkingOut = 0; // checkout() calls not settled yet
  #store = null;
  #loadDetails;
  #details = null; // promise of the checkout-details object, once a method needed it

  static {
    for (const name of DETAIL_METHODS) {
      this.prototype[name] = function detailsMethod(...args) {
        return this.#withDetails().then((details) => details[name](...args));
      };
    }
  }

  constructor(core, session, options, cartConfig, { loadSdk, loadDetails, loadFlow }) {
    this.#core = core;
    this.#session = session;
    this.#options = options;
    this.#cartConfig = cartConfig;
    this.#loadDetails = loadDetails;
    this.#loadFlow = loadFlow;
    this.#loadSdk = loadSdk;
    // Normalised ("https://Store.com/" and "https://store.com" are one store), so every page finds the same cart.
    this.#key = `${KEY_PREFIX}:${new URL(options.storeOrigins[0]).origin}:${options.channelId}`;
    this.recovery = null;
    // Own bound functions, the same for the object's life: useSyncExternalStore(shop.subscribe, shop.getSnapshot)
    // takes them unbound, and React subscribes again whenever the subscribe function it is given changes.
    this.subscribe = (listener) => this.#subscribe(listener);
    this.getSnapshot = () => this.#getSnapshot();
    // The facade reaches the core's cart only through these closures, never through a public member.
    this.cart = new CartFacade(() => this.#cartView(), (call) => this.#mutate(call), () => this.#saved());

    const opened = openStorage(options.storage);
    this.#storage = opened.storage;
    if (opened.error) this.#reportError(opened.error);
    this.#restoreSaved();
    this.#listenToOtherTabs(opened.shared);

    // The stub's client stays with the page (session() is what a page with a sign-in link asks on load); the
    // checkout flow comes in its chunk when it is first needed.
    if (options.server) this.#server = createServerClient(options.server, options.fetch);
    // After the page's own code has had a chance to subscribe: finish a checkout a previous page started. The
    // flow's chunk is fetched only when that page left a record of one behind.
    setTimeout(() => {
      if (!this.#destroyed && this.#checkoutToResume()) this.#withFlow().then((flow) => flow.resume(), (error) => this.#reportError(error));
    }, 0);
  }

  /**
   * Starts checkout: syncs the cart through the server stub, gets a fresh checkout URL, checks it, then
   * navigates (mode 'redirect') or embeds it in `container` (mode 'embedded', falling back to a redirect
   * unless `fallback: false`). Resolves to { mode, url, fallback? }.
   */
  checkout(options) {
    this.#assertAlive();
    this.#setCheckingOut(+1);
    // Saved checkout details are checked (and dropped if they fail) before the stub prefills the hosted checkout.
    const flow = this.cart.toJSON().checkout
      ? this.#withDetails().then((details) => details.details(), () => {}).then(() => this.#withFlow())
      : this.#withFlow();
    const started = flow.then((made) => made.start(options));
    started.then(() => this.#setCheckingOut(-1), () => this.#setCheckingOut(-1));
    return started;
  }

  /** Removes an embedded checkout from the page. */
  detach() {
    // A checkout() still waiting for the flow's chunk starts first, then sees it was detached.
    if (this.#flowMade) this.#flowMade.detach();
    else this.#flow?.then((flow) => flow.detach(), () => {});
  }

  /** Makes the BigCommerce cart equal to this one (POST {server}/cart). Resolves to { cartId, cart }. */
  sync() {
    this.#assertAlive();
    return this.#withFlow().then((flow) => flow.sync());
  }

  /** Signs the shopper in through the server stub; checkout then arrives signed in. */
  async signIn(email, password) {
    if (!this.#server) throw new BCCheckoutError('no_server', 'Pass `server` to createCheckout to sign shoppers in');
    return this.#server.signIn(email, password);
  }

  async signOut() {
    if (!this.#server) throw new BCCheckoutError('no_server', 'Pass `server` to createCheckout to sign shoppers out');
    return this.#server.signOut();
  }

  /** Who is signed in: { signedIn, customer? }. */
  async session() {
    if (!this.#server) throw new BCCheckoutError('no_server', 'Pass `server` to createCheckout');
    return this.#server.session();
  }

  get core() { return this.#core; }
  get options() { return this.#options; }
  get storageKey() { return this.#key; }

  /** Subscribes to 'change' or 'error'; returns a function that unsubscribes. */
  on(event, listener) {
    if (!EVENTS.has(event)) {
      throw new BCCheckoutError('invalid_argument', `unknown event "${event}" (use one of ${[...EVENTS].join(', ')})`);
    }
    if (typeof listener !== 'function') throw new BCCheckoutError('invalid_argument', 'listener must be a function');
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    // Errors found while loading (a corrupt saved cart) happen before anyone could listen: deliver them now.
    if (event === 'error' && this.#pendingErrors.length) {
      const pending = this.#pendingErrors.splice(0);
      queueMicrotask(() => pending.forEach((error) => this.#emit('error', error)));
    }
    return () => this.off(event, listener);
  }

  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
  }

  /**
   * The cart as a store, Svelte's store contract: subscribe(run) calls run with the snapshot at once and on
   * every change, and returns the unsubscribe function. `$store` in a Svelte component then reads the cart.
   */
  get store() {
    this.#store ??= Object.freeze({
      subscribe: (run) => {
        if (typeof run !== 'function') throw new BCCheckoutError('invalid_argument', 'store.subscribe takes a function');
        run(this.#getSnapshot());
        return this.#subscribe(run);
      },
    });
    return this.#store;
  }

  /** Frees the core's cart and stops listening to other tabs. The object is unusable afterwards. */
  destroy() {
    if (this.#destroyed) return;
    this.#getSnapshot(); // kept: a component that unmounts after this still reads the last state
    this.#destroyed = true;
    this.#flowMade?.detach();
    this.#channel?.close();
    if (this.#onStorage) globalThis.removeEventListener?.('storage', this.#onStorage);
    this.#listeners.clear();
    this.#subscribers.clear();
    this.#session.delete();
    this.#session = null;
  }

  // `using shop = await createCheckout(...)` where explicit resource management is available.
  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
    this.destroy();
  }

  // --- handed to CartFacade, CheckoutFlow and the checkout details as closures ---------------------

  // The checkout flow (web/flow-chunk.js, a lazy chunk in the browser builds), made on first use. A failed
  // download is tried again by the next call.
  #withFlow() {
    this.#flow ??= this.#loadFlow().then((chunk) => {
      this.#flowMade = new chunk.CheckoutFlow({
        core: this.#core,
        options: this.#options,
        server: this.#server,
        storage: this.#storage,
        storageKey: this.#key,
        cartJson: () => this.cart.toJSON(),
        clearCart: () => this.cart.clear(),
        // One change: the id and the token that goes with it.
        setCartId: (cartId, token = '') => this.#mutate((s) => {
          unwrap(s.setCartId(cartId ?? ''));
          return cartId ? s.setCartToken(token) : '{"ok":true}';
        }),
        cartId: () => this.cart.cartId,
        cartToken: () => this.cart.toJSON().cartToken ?? null,
        emit: (event, payload) => this.#emit(event, payload),
        reportError: (error) => this.#reportError(error),
        loadSdk: this.#loadSdk ?? (() => Promise.reject(new BCCheckoutError('embedded_unavailable', 'Embedded checkout needs the browser build'))),
      });
      return this.#flowMade;
    });
    this.#flow.catch(() => { this.#flow = null; });
    return this.#flow;
  }

  // Whether a previous page left a checkout to finish (the records of storage.js that CheckoutFlow writes).
  #checkoutToResume() {
    if (!this.#options.server || typeof document === 'undefined') return false;
    try {
      return globalThis.sessionStorage?.getItem(resumeKey(this.#key)) != null || this.#storage.getItem(hostedCheckoutKey(this.#key)) != null;
    } catch {
      return false; // storage that throws on read (blocked cookies): CheckoutFlow could not have written there
    }
  }

  // The checkout-details object (web/checkout-details.js, in the lazy chunk), made on first use. Its errors go
  // through #reportError, so one found before the page listened is still delivered.
  #withDetails() {
    this.#details ??= this.#loadDetails().then((chunk) => chunk.createCheckoutDetails(this, {
      mutate: (call) => this.#mutate(call),
      emit: (event, payload) => (event === 'error' ? this.#reportError(payload) : this.#emit(event, payload)),
      money: (minor, currency, exponent) => this.#money(minor, currency, exponent),
    }, chunk.loadDetailsCore));
    // A failed download (or a page without `server`) is tried again by the next call.
    this.#details.catch(() => { this.#details = null; });
    return this.#details;
  }

  #mutate(call) {
    this.#assertAlive();
    this.#savedText = null; // a call may change the cart and still fail (setCartId then setCartToken)
    const result = unwrap(call(this.#session));
    this.#changed('local');
    return result;
  }

  #cartView() {
    this.#assertAlive();
    if (!this.#view) {
      // The lines come from the saved text every change writes anyway (the same lines, written the same way
      // by the core): a change then costs one serialisation of the cart, not two.
      const raw = unwrap(this.#session.summary());
      raw.lines = JSON.parse(this.#saved()).lines;
      this.#view = buildView(raw, (minor, complete) => this.#money(minor, raw.currency, raw.exponent, complete));
    }
    return this.#view;
  }

  #saved() {
    this.#assertAlive();
    this.#savedText ??= this.#session.save();
    return this.#savedText;
  }

  // --- internals ----------------------------------------------------------------------------------

  #assertAlive() {
    if (this.#destroyed) throw new BCCheckoutError('destroyed', 'this checkout was destroyed');
  }

  #subscribe(listener) {
    if (typeof listener !== 'function') throw new BCCheckoutError('invalid_argument', 'subscribe takes a function');
    // A destroyed checkout never changes again: nothing to keep the listener for.
    if (this.#destroyed) return () => {};
    // Wrapped, so one function subscribed twice (two components) is two subscriptions, each undone on its own.
    const subscription = { listener };
    this.#subscribers.add(subscription);
    return () => {
      this.#subscribers.delete(subscription);
    };
  }

  // One frozen object per state of the cart: React's useSyncExternalStore compares snapshots with Object.is
  // and renders again for every new one, so a new object per call would render for ever.
  #getSnapshot() {
    if (this.#snapshot) return this.#snapshot;
    const view = this.#cartView();
    this.#snapshot = Object.freeze({
      items: view.items,
      count: view.count,
      subtotal: view.subtotal,
      currency: view.currency,
      cartId: view.cartId || null,
      isEmpty: view.items.length === 0,
      checkingOut: this.#checkingOut > 0,
    });
    return this.#snapshot;
  }

  #setCheckingOut(delta) {
    const before = this.#checkingOut > 0;
    this.#checkingOut += delta;
    if (before !== this.#checkingOut > 0 && !this.#destroyed) this.#notify();
  }

  #notify() {
    this.#snapshot = null;
    for (const subscription of [...this.#subscribers]) {
      // One unsubscribed by an earlier listener (a component that unmounted) is not called any more.
      if (!this.#subscribers.has(subscription)) continue;
      try {
        // Read for each listener: one that changes the cart has already notified everyone of the newer state.
        subscription.listener(this.#getSnapshot());
      } catch (error) {
        setTimeout(() => { throw error; });
      }
    }
  }

  #changed(source) {
    this.#view = null;
    this.#savedText = null;
    this.#persist();
    this.#notify();
    this.#emit('change', { source, cart: this.cart });
  }

  #persist() {
    const text = this.#saved();
    this.#lastText = text;
    if (this.#storage) {
      try {
        this.#storage.setItem(this.#key, text);
      } catch (cause) {
        const error = new BCCheckoutError(
          isQuotaError(cause) ? 'storage_quota_exceeded' : 'storage_failed',
          `The cart could not be saved in storage (${cause && cause.message}); it is kept in memory for this page.`,
        );
        error.cause = cause;
        this.#reportError(error);
      }
    }
    this.#channel?.postMessage(text);
  }

  #restoreSaved() {
    if (!this.#storage) return;
    let text = null;
    try {
      text = this.#storage.getItem(this.#key);
    } catch (cause) {
      this.#reportError(Object.assign(new BCCheckoutError('storage_failed', `The saved cart could not be read (${cause && cause.message}).`), { cause }));
      return;
    }
    if (text === null) return;
    this.#savedText = null;
    const result = JSON.parse(this.#session.restore(text));
    let error = result.ok ? null : new BCCheckoutError(result.error.code, `The saved cart could not be restored: ${result.error.message}`);
    if (!error && this.#cartView().currency !== this.#options.currency) {
      error = new BCCheckoutError('saved_cart_currency_mismatch',
        `The saved cart is in ${this.#cartView().currency}, but this storefront is configured for ${this.#options.currency}.`);
      unwrap(this.#session.configure(this.#cartConfig)); // an empty cart in the configured currency
      this.#view = null;
      this.#savedText = null;
    }
    if (!error) {
      this.#lastText = text;
      return;
    }
    // Never throw a shopper's cart away: keep the raw text beside it for recovery.
    const recoveryKey = `${this.#key}:recovery`;
    let kept = true;
    try {
      this.#storage.setItem(recoveryKey, text);
    } catch {
      kept = false;
    }
    this.recovery = { text, error, key: kept ? recoveryKey : null };
    error.details = { recoveryKey: kept ? recoveryKey : null, text };
    this.#reportError(error);
  }

  #listenToOtherTabs(shared) {
    if (!shared) return;
    // BroadcastChannel reaches other tabs at once; the storage event covers browsers and contexts without it.
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(this.#key);
      this.#channel.onmessage = (event) => this.#applyExternal(event.data);
    }
    if (typeof globalThis.addEventListener === 'function' && shared === 'local') {
      this.#onStorage = (event) => {
        if (event.key === this.#key) this.#applyExternal(event.newValue);
        else if (event.key === null) this.#applyExternal(null); // storage.clear() in another tab
      };
      globalThis.addEventListener('storage', this.#onStorage);
    }
  }

  #applyExternal(text) {
    if (this.#destroyed || text === this.#lastText) return;
    this.#savedText = null;
    if (text === null || text === undefined) {
      this.#session.clear();
      this.#session.setCartId('');
      this.#lastText = null;
    } else if (typeof text === 'string') {
      const currency = savedCurrency(text);
      if (currency && currency !== this.#options.currency) {
        this.#reportError(new BCCheckoutError('saved_cart_currency_mismatch',
          `Another tab saved a cart in ${currency}, but this page is configured for ${this.#options.currency}; this page keeps its cart.`));
        return;
      }
      const result = JSON.parse(this.#session.restore(text));
      if (!result.ok) {
        this.#reportError(new BCCheckoutError(result.error.code, `Another tab saved a cart that could not be read: ${result.error.message}`));
        return;
      }
      this.#lastText = text;
    } else {
      return;
    }
    this.#view = null;
    this.#notify();
    this.#emit('change', { source: 'other-tab', cart: this.cart });
  }

  #reportError(error) {
    if (this.#listeners.get('error')?.size) this.#emit('error', error);
    else this.#pendingErrors.push(error);
  }

  #emit(event, payload) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // A storefront's listener must not break the cart; surface it without stopping other listeners.
        setTimeout(() => { throw error; });
      }
    }
  }

  // `complete` is given for a subtotal only: the same amount with whether every line had a price.
  #money(minor, currency, exponent, complete) {
    if (!this.#formatter || this.#formatter.currency !== currency) {
      const locale = this.#options.locale ?? (typeof navigator !== 'undefined' ? navigator.language : undefined);
      const numberFormat = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      });
      this.#formatter = { currency, numberFormat, cache: new Map(), amounts: new Map() };
    }
    const formatter = this.#formatter;
    // A money object is frozen, so one per amount serves every view: a change rebuilds the view, and most of its
    // amounts are the ones the last view had.
    // A subtotal's key is text ("1999", or "1999?" when incomplete), never equal to an amount's number key.
    const key = complete === undefined ? minor : `${minor}${complete ? '' : '?'}`;
    let amount = formatter.amounts.get(key);
    if (amount) return amount;
    if (formatter.amounts.size > 1000) formatter.amounts.clear();
    // Formatting is the costly part of a cart view, so it happens on first read and is remembered per amount.
    // The exact decimal string is formatted, not minor / 10^n, so no float rounding reaches a shopper.
    const format = () => {
      let text = formatter.cache.get(minor);
      if (text === undefined) {
        text = formatter.numberFormat.format(toDecimalString(minor, exponent));
        if (formatter.cache.size > 1000) formatter.cache.clear();
        formatter.cache.set(minor, text);
      }
      return text;
    };
    amount = Object.freeze(complete === undefined
      ? { minor, currency, get formatted() { return format(); } }
      : { minor, currency, get formatted() { return format(); }, complete });
    formatter.amounts.set(key, amount);
    return amount;
  }
}

/** The `cart` property: reads are synchronous, changes return promises and reject with BCCheckoutError. */
class CartFacade {
  #view;
  #mutate;
  #saved;
  constructor(view, mutate, saved) {
    this.#view = view;
    this.#mutate = mutate;
    this.#saved = saved;
  }

  get items() { return this.#view().items; }
  get count() { return this.#view().count; }
  get subtotal() { return this.#view().subtotal; }
  get currency() { return this.#view().currency; }
  get isEmpty() { return this.#view().items.length === 0; }
  /** The BigCommerce cart id once the cart has been synced through the server stub. */
  get cartId() { return this.#view().cartId || null; }

  async add(item) {
    const { lineId } = this.#mutate((s) => s.add(encodeItem(item)));
    return this.#line(lineId);
  }

  async addCustom(item) {
    const { lineId } = this.#mutate((s) => s.addCustom(encodeItem(item)));
    return this.#line(lineId);
  }

  async addGiftCertificate(item) {
    const { lineId } = this.#mutate((s) => s.addGiftCertificate(encodeItem(item)));
    return this.#line(lineId);
  }

  async update(lineId, quantity) {
    if (typeof quantity !== 'number' || !Number.isFinite(quantity)) throw new BCCheckoutError('invalid_quantity', 'quantity must be a finite number');
    this.#mutate((s) => s.update(String(lineId), quantity));
  }

  async remove(lineId) {
    this.#mutate((s) => s.remove(String(lineId)));
  }

  async clear() {
    this.#mutate((s) => s.clear());
  }

  /** The saved cart document (what is stored and what the server stub takes). */
  toJSON() { return JSON.parse(this.#saved()); }

  #line(lineId) { return this.items.find((line) => line.id === lineId); }
}

const NUMBER_FIELDS = [['quantity', 'invalid_quantity'], ['productId', 'invalid_argument'], ['variantId', 'invalid_argument']];

function finite(value, path, code) {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new BCCheckoutError(code, `${path} must be a finite number`);
}

function encodeItem(item) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new BCCheckoutError('invalid_argument', 'the item must be an object');
  }
  // JSON turns NaN and ±Infinity into null, which would read as "no price" or "the default quantity": refuse
  // them here, each with the code the core gives for that field (the core refuses null where a number belongs).
  for (const field of MONEY_FIELDS) finite(item[field], `item.${field}`, 'invalid_argument');
  for (const [field, code] of NUMBER_FIELDS) finite(item[field], `item.${field}`, code);
  if (Array.isArray(item.optionSelections)) {
    item.optionSelections.forEach((o, i) => finite(o?.optionId, `item.optionSelections[${i}].optionId`, 'invalid_argument'));
  }
  try {
    return JSON.stringify(item);
  } catch (cause) {
    throw Object.assign(new BCCheckoutError('invalid_argument', `the item cannot be serialised: ${cause.message}`), { cause });
  }
}

function buildView(raw, money) {
  const items = raw.lines.map((line) => {
    const out = { ...line };
    for (const field of MONEY_FIELDS) if (typeof line[field] === 'number') out[field] = money(line[field]);
    const unit = line.type === 'product' ? line.price : line.type === 'custom' ? line.listPrice : line.amount;
    if (typeof unit === 'number') out.lineTotal = money(unit * line.quantity);
    return Object.freeze(out);
  });
  return Object.freeze({
    items: Object.freeze(items),
    count: raw.count,
    currency: raw.currency,
    cartId: raw.cartId,
    subtotal: money(raw.subtotal.minor, raw.subtotal.complete === true),
  });
}

function toDecimalString(minor, exponent) {
  const negative = minor < 0;
  let digits = String(Math.abs(minor));
  if (exponent > 0) {
    digits = digits.padStart(exponent + 1, '0');
    digits = `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  }
  return negative ? `-${digits}` : digits;
}

// The currency of a saved cart text, without trusting it further (the core validates the rest).
function savedCurrency(text) {
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc.currency === 'string' ? doc.currency.toUpperCase() : null;
  } catch {
    return null;
  }
}

function isQuotaError(error) {
  return !!error && (error.name === 'QuotaExceededError' || error.code === 22 || error.code === 1014);
}

function toList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
