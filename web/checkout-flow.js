// shop.checkout(): sync the cart through the server stub, get a fresh checkout URL, check it with the core,
// then leave for the hosted checkout or embed it with the real Checkout SDK, falling back to a redirect when
// embedding fails. The SDK's surprises are handled here (docs/bigcommerce-behaviour.md): it never calls
// onFrameError, rejects its promise instead, and never settles when it leaves for the allow-cookie page.
// Every cart call carries the cart token the stub gave with the cart id (docs/server.md, "Cart tokens").
import { BCCheckoutError } from './errors.js';
import { hostedCheckoutKey, resumeKey } from './storage.js';

const RESUME_MAX_AGE_MS = 5 * 60_000;
// What the store answers a frame that has none of its cookies (BigCommerce's embedded checkout FAQ): with
// third-party cookies blocked, the cart's session cookie never reaches the checkout's cross-site frame.
const EMPTY_CART_REFUSAL = /Cannot start checkout session with an empty cart/i;
// A busy store (its BigCommerce API quota used up: store_busy), or a rate limit with a short Retry-After, is
// waited out this many times before checkout() gives up; a longer wait is left to the page (docs/errors.md).
const BUSY_RETRIES = 3;
const BUSY_MAX_WAIT_S = 5;
const BUSY_CODES = new Set(['store_busy', 'upstream_rate_limited', 'rate_limited']);
// The Checkout SDK's allow-cookie step, mirrored key for key (bigcommerce/checkout-sdk-js packages/core/src/
// embedded-checkout/embedded-checkout.ts `_allowCookie`, embed-checkout.ts STORAGE_PREFIX, common/storage/
// browser-storage.ts: JSON values under "BigCommerce.EmbeddedCheckout.<key>" in localStorage). The SDK takes that
// step inside attach(), after the URL was made and before its login step, so a signed-in shopper's login URL
// (a single-use Customer Login JWT) would be thrown away by the round trip; taking it here first means the
// checkout asks for its one login URL only once the flag is set.
const SDK_IS_COOKIE_ALLOWED = 'BigCommerce.EmbeddedCheckout.isCookieAllowed';
const SDK_LAST_ALLOW_COOKIE_ATTEMPT = 'BigCommerce.EmbeddedCheckout.lastAllowCookieAttempt';

export class CheckoutFlow {
  #host;
  #embedded = null; // the SDK's EmbeddedCheckout while a frame is attached
  #container = null;
  #attempt = 0; // a later checkout() or detach() makes an earlier one's callbacks stale

  /**
   * @param {{ core, options, server, storageKey: string, storage, cartJson: () => object, clearCart: () => Promise<void>,
   *           setCartId: (id: string, token?: string) => void, cartId: () => string | null,
   *           cartToken: () => string | null, emit: (event: string, payload: object) => void,
   *           reportError: (error: BCCheckoutError) => void, loadSdk: () => Promise<Function>,
   *           sleep?: (ms: number) => Promise<void> }} host
   */
  constructor(host) {
    this.#host = host;
  }

  /** POST /api/cart: the BigCommerce cart made equal to this one. Resolves to { cartId, cart }. */
  async sync() {
    const { server, cartJson, setCartId } = this.#host;
    if (!server) throw new BCCheckoutError('no_server', 'Pass `server` (where the server stub is mounted, such as "/api") to createCheckout');
    try {
      const result = await server.syncCart(cartJson());
      setCartId(result.cartId ?? '', result.cartToken ?? '');
      // The stub would not touch the cart this page had (no token for it, or another customer's): it made a
      // fresh one from these lines. Nothing is lost; the page may want to know.
      if (result.cartReplaced) this.#host.emit('cartreplaced', result.cartReplaced);
      return result;
    } catch (error) {
      // A refused line still leaves a cart with the other lines: remember it, so the next sync updates it.
      if (error.details?.cartId) setCartId(error.details.cartId, error.details.cartToken ?? '');
      throw error;
    }
  }

  /**
   * POST /api/checkout with the saved cart: synced and a checkout URL for it in one request, retried while the
   * store is busy (a `busy` event before each wait). Resolves to { cartId, url } with the URL checked.
   */
  async #syncedUrl(mode, current, { login } = {}) {
    const { server, cartJson, setCartId, emit } = this.#host;
    if (!server) throw new BCCheckoutError('no_server', 'Pass `server` (where the server stub is mounted, such as "/api") to createCheckout');
    const sleep = this.#host.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      let result;
      try {
        // Read again on every attempt: the cart may have changed, or a refused line left a cart id to update.
        result = await server.checkout(cartJson(), mode, { login });
      } catch (error) {
        // A refused line still leaves a cart with the other lines: remember it, so the next sync updates it.
        if (error.details?.cartId) setCartId(error.details.cartId, error.details.cartToken ?? '');
        if (error.code === 'cart_empty') setCartId('');
        const retryAfter = BUSY_CODES.has(error.code) ? Number(error.details?.retryAfter) : NaN;
        if (!(retryAfter >= 0 && retryAfter <= BUSY_MAX_WAIT_S)) throw error;
        if (attempt > BUSY_RETRIES) {
          if (error.code === 'rate_limited') throw error;
          throw new BCCheckoutError('store_busy', `The store is busy right now; try again in ${retryAfter} s (your cart is kept)`, { retryAfter });
        }
        emit('busy', { retryAfter, attempt, maxAttempts: BUSY_RETRIES });
        await sleep(retryAfter * 1000);
        // A later checkout() or detach() during the wait takes over; this one must not navigate.
        if (!current()) throw new BCCheckoutError('superseded', 'A newer checkout replaced this one');
        continue;
      }
      // The stub synced the cart whatever becomes of the URL: remember the cart it answered with.
      if (typeof result.cartId === 'string') setCartId(result.cartId, result.cartToken ?? '');
      // As sync(): the stub made a fresh cart from these lines rather than touch one this page may not.
      if (result.cartReplaced) emit('cartreplaced', result.cartReplaced);
      return { cartId: result.cartId, url: this.#checked(result.url) };
    }
  }

  /**
   * @param {object} options checkout()'s options
   * @param {{ afterAllowCookie?: boolean }} [resumed] set by resume() on the page the allow-cookie round trip
   *   came back to: that step is not taken twice, whatever localStorage says
   */
  async start(options = {}, { afterAllowCookie = false } = {}) {
    const { mode = 'redirect', container, styles, fallback = true, timeoutMs = 15_000, navigate } = options ?? {};
    if (mode !== 'redirect' && mode !== 'embedded') throw new BCCheckoutError('invalid_mode', 'mode must be "redirect" or "embedded"');
    this.detach();
    const attempt = ++this.#attempt;
    const go = navigate ?? this.#host.options.navigate ?? ((url) => globalThis.location.assign(url));
    const element = mode === 'embedded' ? resolveContainer(container) : null;
    const current = () => attempt === this.#attempt;
    // This browser already showed that the store's cookies cannot reach the frame: straight to the redirect.
    if (mode === 'embedded' && fallback !== false && this.#cookiesBlocked()) {
      const direct = await this.#syncedUrl('redirect', current);
      this.#host.emit('fallback', { reason: 'third_party_cookies', message: 'This browser blocks the store\'s cookies inside the checkout frame (third-party cookies); checking out on the store instead', remembered: true });
      return { ...(await this.#redirect(direct.cartId, direct.url, go)), fallback: 'third_party_cookies' };
    }
    const resumeRecord = () => ({ containerId: element.id, options: serialisableOptions(options), at: Date.now() });
    if (mode === 'embedded' && !afterAllowCookie && sdkCookieFlagUnset()) {
      // The allow-cookie page is on the origin the frame will load: the embedded checkout URL's, which may be the
      // channel's checkout domain rather than the store's (carts.v3.yml createCartRedirectURL). A URL without a
      // login tells it (and syncs the cart, so cart errors surface before the page leaves); it is not used.
      const { url } = await this.#syncedUrl('embedded', current, { login: false });
      if (!current()) throw new BCCheckoutError('superseded', 'A newer checkout replaced this one');
      // Like the SDK's own step, the promise never settles: the page is leaving.
      if (this.#leaveForAllowCookie(url, resumeRecord())) return new Promise(() => {});
      // Storage refused: no round trip from here; the SDK takes its own step if it can.
    }
    // The SDK chunk downloads while the cart syncs, not after.
    const sdk = mode === 'embedded' ? this.#host.loadSdk() : null;
    sdk?.catch(() => {}); // a failed download is reported where it is awaited
    const { cartId, url } = await this.#syncedUrl(mode, current);
    if (mode === 'redirect') return this.#redirect(cartId, url, go);

    let failure;
    try {
      await this.#embed(element, url, sdk, styles, timeoutMs, attempt, resumeRecord);
      return { mode: 'embedded', url };
    } catch (error) {
      failure = error;
    }
    if (attempt !== this.#attempt) throw new BCCheckoutError('superseded', 'A newer checkout replaced this one');
    this.#clearFrame();
    let { reason = 'unknown_error', subtype } = failure;
    // Synced again: the failure may have been a cart that expired meanwhile, and the redirect needs a live one.
    let live;
    try {
      // Without a fallback its URL is not opened, so it carries no login (a login JWT is single use).
      live = await this.#syncedUrl('redirect', current, fallback === false ? { login: false } : {});
    } catch (error) {
      if (fallback !== false) this.#host.emit('fallback', { reason, subtype, message: failure.message });
      throw error;
    }
    // The same cart, still there, refused as empty inside the frame: the frame had none of the store's cookies.
    if (EMPTY_CART_REFUSAL.test(failure.message ?? '') && live.cartId === cartId) {
      reason = 'third_party_cookies';
      this.#rememberCookiesBlocked();
    }
    if (fallback === false) throw new BCCheckoutError('embed_failed', failure.message, { reason, subtype });
    this.#host.emit('fallback', { reason, subtype, message: failure.message });
    return { ...(await this.#redirect(live.cartId, live.url, go)), fallback: reason };
  }

  /**
   * The SDK's `_allowCookie` done before any login URL exists: the flag and the attempt's time set as the SDK sets
   * them, the page hidden, and replaced by `{origin of url}/embedded-checkout/allow-cookie?returnUrl=<this page>`.
   * Where the resume record or the flag cannot be stored, nothing happens (false).
   */
  #leaveForAllowCookie(url, record) {
    try {
      globalThis.sessionStorage.setItem(resumeKey(this.#host.storageKey), JSON.stringify({ ...record, allowCookie: true }));
      globalThis.localStorage.setItem(SDK_IS_COOKIE_ALLOWED, JSON.stringify(true));
      globalThis.localStorage.setItem(SDK_LAST_ALLOW_COOKIE_ATTEMPT, JSON.stringify(Date.now()));
    } catch {
      try {
        globalThis.sessionStorage?.removeItem(resumeKey(this.#host.storageKey));
      } catch {
        // Nothing was stored.
      }
      return false;
    }
    const { origin } = new URL(url);
    if (globalThis.document?.body?.style) globalThis.document.body.style.visibility = 'hidden';
    globalThis.location.replace(`${origin}/embedded-checkout/allow-cookie?returnUrl=${encodeURIComponent(globalThis.location.href)}`);
    return true;
  }

  #cookiesBlocked() {
    try {
      return globalThis.sessionStorage?.getItem(`${this.#host.storageKey}:third-party-cookies`) === 'blocked';
    } catch {
      return false;
    }
  }

  // For this browser session only: a shopper who allows the cookies later gets the embedded checkout again.
  #rememberCookiesBlocked() {
    try {
      globalThis.sessionStorage?.setItem(`${this.#host.storageKey}:third-party-cookies`, 'blocked');
    } catch {
      // Without session storage the next checkout tries the frame again and falls back again.
    }
  }

  /** Removes the embedded checkout, if any, and forgets its callbacks. */
  detach() {
    this.#attempt++;
    this.#clearFrame();
  }

  /**
   * On page load: finish what a previous page started. After the SDK's allow-cookie round trip, start the
   * embedded checkout again; after a hosted checkout, empty the cart if BigCommerce turned it into an order.
   */
  async resume() {
    const { server, storageKey } = this.#host;
    if (!server || typeof document === 'undefined') return;
    const resume = takeJson(globalThis.sessionStorage, resumeKey(storageKey));
    const element = resume && typeof resume.containerId === 'string' ? document.getElementById(resume.containerId) : null;
    if (element && Date.now() - resume.at < RESUME_MAX_AGE_MS) {
      // Every option checkout() was given comes back (a `navigate` function cannot be stored: the createCheckout
      // option, else location.assign, takes its place).
      const given = resume.options && typeof resume.options === 'object' ? resume.options : { styles: resume.styles, timeoutMs: resume.timeoutMs };
      this.start({ ...given, mode: 'embedded', container: element }, { afterAllowCookie: resume.allowCookie === true })
        .catch((error) => this.#host.reportError(error));
      return;
    }
    const pending = takeJson(this.#host.storage, hostedCheckoutKey(storageKey));
    const cartId = this.#host.cartId();
    if (!pending || !cartId || pending.cartId !== cartId) return;
    try {
      const status = await server.cartStatus(cartId, this.#host.cartToken());
      if (!status.exists) await this.#completed('hosted');
    } catch (error) {
      this.#host.reportError(error);
    }
  }

  async #redirect(cartId, url, go) {
    // Remembered so the next page load can tell a completed order (the cart is gone) from a shopper who
    // came back without paying (the cart is still there).
    try {
      this.#host.storage?.setItem(hostedCheckoutKey(this.#host.storageKey), JSON.stringify({ cartId, at: Date.now() }));
    } catch {
      // Without the marker the cart is simply not emptied on return; checkout itself goes on.
    }
    go(url);
    return { mode: 'redirect', url };
  }

  #checked(url) {
    const verdict = this.#host.core.isSafeCheckoutUrl(url, this.#host.options.storeOrigins);
    if (!verdict.safe) {
      // A channel may serve its checkout on its own domain (GET /v3/channels/{id}/site, the `checkout` URL).
      const hint = verdict.code === 'origin_not_allowed' ? '. If it is the channel\'s checkout domain, list that origin in createCheckout({ storeOrigins }) too' : '';
      throw new BCCheckoutError(verdict.code, `The server returned a checkout URL that is not allowed: ${verdict.reason}${hint}`, { url });
    }
    return url;
  }

  async #embed(element, url, sdk, styles, timeoutMs, attempt, resumeRecord) {
    const embedCheckout = await sdk;
    const current = () => attempt === this.#attempt;
    const emit = (event, payload = {}) => current() && this.#host.emit(event, payload);
    this.#container = element;
    let completed = false;
    let timer;
    let onPageHide;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`The embedded checkout did not load within ${timeoutMs / 1000} s`), { reason: 'timeout' })), timeoutMs);
      // Leaving the page while the embed is pending is the SDK going to the store's allow-cookie page (on a
      // first visit, or after a frame error when its last attempt is old): stop the clock and note where we
      // were, so the page that comes back resumes the checkout by itself.
      onPageHide = () => {
        clearTimeout(timer);
        if (!current()) return;
        try {
          globalThis.sessionStorage.setItem(resumeKey(this.#host.storageKey), JSON.stringify(resumeRecord()));
        } catch {
          // No session storage: the shopper starts checkout again by hand after the round trip.
        }
      };
      globalThis.addEventListener?.('pagehide', onPageHide, { once: true });
    });
    try {
      const embedding = embedCheckout({
        containerId: element.id,
        url,
        styles,
        onLoad: () => emit('load', { url }),
        // Once per checkout: the order is placed once, whatever the frame posts afterwards.
        onComplete: () => {
          if (!current() || completed) return;
          completed = true;
          this.#completed('embedded');
        },
        onError: (error) => current() && this.#host.reportError(new BCCheckoutError('checkout_error',
          error?.message ?? 'The checkout reported an error', { type: error?.type })),
        onSignOut: () => {
          if (!current()) return;
          // Announced once the server session has ended too, so listeners that ask see a signed-out shopper.
          this.#host.server.signOut()
            .catch((error) => this.#host.reportError(error))
            .then(() => emit('signout', {}));
        },
      });
      this.#embedded = await Promise.race([embedding, timeout]);
    } catch (error) {
      // NotEmbeddableError (type not_embeddable), invalid_login_token, unknown_error after the SDK's own 60 s,
      // a synchronous throw for a bad container, or our time-out.
      throw Object.assign(new Error(error?.message ?? String(error)), {
        reason: error?.reason ?? error?.type ?? 'unknown_error',
        subtype: error?.subtype,
      });
    } finally {
      clearTimeout(timer);
      globalThis.removeEventListener?.('pagehide', onPageHide);
    }
  }

  async #completed(source) {
    this.#host.storage?.removeItem?.(hostedCheckoutKey(this.#host.storageKey));
    await this.#host.clearCart();
    this.#host.setCartId('');
    this.#host.emit('complete', { source });
  }

  #clearFrame() {
    try {
      this.#embedded?.detach();
    } catch {
      // Already gone.
    }
    this.#embedded = null;
    // A frame that never loaded is not known to the SDK's promise: remove what it put in the container.
    this.#container?.querySelectorAll('iframe').forEach((frame) => frame.remove());
    this.#container = null;
  }
}

function resolveContainer(container) {
  if (typeof document === 'undefined') throw new BCCheckoutError('embedded_unavailable', 'Embedded checkout needs a browser page');
  const element = typeof container === 'string'
    ? document.querySelector(container) ?? document.getElementById(container)
    : container;
  if (!element || typeof element.querySelectorAll !== 'function') {
    throw new BCCheckoutError('invalid_container', 'Pass `container`: the element (or its selector) that will hold the embedded checkout');
  }
  // The SDK finds its container by id.
  if (!element.id) element.id = `bc-checkout-${Math.random().toString(36).slice(2, 10)}`;
  return element;
}

/** Whether the Checkout SDK would take its allow-cookie step: its flag absent or not truthy (as BrowserStorage reads it). */
function sdkCookieFlagUnset() {
  try {
    const storage = globalThis.localStorage;
    if (!storage || !globalThis.location || typeof globalThis.location.replace !== 'function') return false;
    const raw = storage.getItem(SDK_IS_COOKIE_ALLOWED);
    if (raw === null || raw === undefined) return true;
    try {
      return !JSON.parse(raw);
    } catch {
      return true; // BrowserStorage reads an unparsable value as none
    }
  } catch {
    return false; // no localStorage here: the SDK's fallback storage decides, in its own step
  }
}

/**
 * checkout()'s options as they survive a page load: all but `container` (kept as the element's id) and
 * `navigate` (a function); whatever else does not serialise is dropped by JSON.
 */
function serialisableOptions(options) {
  const { container, navigate, ...rest } = options ?? {};
  try {
    return JSON.parse(JSON.stringify(rest));
  } catch {
    // A `styles` object that cannot be serialised (a cycle): keep the plain options.
    const { mode, fallback, timeoutMs } = rest;
    return { mode, fallback, timeoutMs };
  }
}

function takeJson(storage, key) {
  try {
    const text = storage?.getItem(key);
    if (text === null || text === undefined) return null;
    storage.removeItem(key);
    return JSON.parse(text);
  } catch {
    return null;
  }
}
