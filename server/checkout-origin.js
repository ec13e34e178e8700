// The origins a checkout URL from BigCommerce may have: the store's own (BC_STORE_URL) and the channel's checkout
// domain. "Redirect URLs point to either a shared checkout domain or a channel-specific domain" (carts.v3.yml
// createCartRedirectURL): a merchant can move a channel's checkout to a subdomain of the storefront (PUT
// /v3/channels/{id}/site/checkout-url, channels.v3.yml), and GET /v3/channels/{id}/site then shows it as the
// `checkout` entry of `urls`, with is_checkout_url_customized true (sites.v3.yml).
// The domain is learned lazily: only a redirect URL on an origin not already allowed makes the stub read the
// channel's site, so an ordinary checkout costs no extra BigCommerce call. A URL on any other origin is still
// refused (unsafe_checkout_url), whatever the site says.

// A learned checkout domain is trusted this long; a URL on it after that reads the site again.
const KNOWN_FOR_MS = 10 * 60 * 1000;
// A URL on an origin that is neither the store's nor the known checkout domain reads the site again (the merchant
// may have just moved the checkout), but at most this often, so a wrong set-up does not cost a call per checkout.
const RECHECK_AFTER_MS = 60 * 1000;

/** The origin of `url` (a string from BigCommerce), or null. */
export function originOf(url) {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The channel's own checkout domain in a site document (GET /v3/channels/{id}/site `data`), or null when it has
 * none: "When false, the checkout domain falls back to the default channel's primary URL" (sites.v3.yml
 * is_checkout_url_customized), which is the store's own domain, BC_STORE_URL.
 */
export function customCheckoutOrigin(site) {
  if (!site || typeof site !== 'object' || site.is_checkout_url_customized !== true || !Array.isArray(site.urls)) return null;
  const entry = site.urls.find((u) => u && u.type === 'checkout' && typeof u.url === 'string');
  return entry ? originOf(entry.url) : null;
}

// Second-level labels under which a country code's domains are registered (example.co.uk, example.com.au).
const SECOND_LEVEL_LABELS = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'org']);

/**
 * The main domain of a hostname, as in BigCommerce's rule for a checkout domain ("Your checkout and storefront must
 * be within the same main domain like main.com and subdomain.main.com", channels.v3.yml updateCheckoutUrl): the
 * last two labels, or three under a country code's second level (shop.example.co.uk is example.co.uk); localhost
 * and every *.localhost name are localhost; an IP address is its own. Two origins on one main domain are one site
 * to a browser, so cookies set by one are first-party on the other.
 */
export function mainDomainOf(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  const labels = host.split('.');
  const keep = labels.length >= 3 && labels.at(-1).length === 2 && SECOND_LEVEL_LABELS.has(labels.at(-2)) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * @param {ReturnType<import('./config.js').loadConfig>} config
 * @param {{ upstream: { request: Function }, core: object, now?: () => number,
 *           log?: (level: string, message: string, fields?: object) => void }} deps
 */
export function createCheckoutOrigins(config, { upstream, core, now = () => Date.now(), log = () => {} }) {
  const store = new URL(config.storeUrl);
  const storeHost = store.hostname.replace(/^www\./, '');
  let known = null; // { origin: string | null, at: number }: the last reading of the channel's site
  let pending = null;

  function readSite() {
    pending ??= (async () => {
      let origin = known?.origin ?? null; // a failed reading keeps what the last good one said
      try {
        const { json } = await upstream.request('GET', `/v3/channels/${config.channelId}/site`);
        origin = customCheckoutOrigin(json?.data);
        if (origin) core.checkStoreOrigins([origin]);
      } catch (error) {
        if (error?.code === 'invalid_store_origin') {
          // The core's rule for every origin a shopper is sent to: https, or plain http on this machine only.
          log('warn', 'channel checkout domain not usable', { origin, reason: error.message });
          origin = null;
        } else {
          log('warn', 'channel site not readable', { status: error?.status, cause: String(error?.message ?? error) });
        }
      } finally {
        known = { origin, at: now() };
        pending = null;
      }
    })();
    return pending;
  }

  /** Whether the core would take `origin` for the store's own (the same host, or its www. variant). */
  function looksLikeStore(origin) {
    const url = new URL(origin);
    return url.protocol === store.protocol && url.port === store.port && url.hostname.replace(/^www\./, '') === storeHost;
  }

  const list = () => (known?.origin ? [config.storeUrl, known.origin] : [config.storeUrl]);

  return {
    /**
     * The store origins to check the checkout URL of `mode` in `redirectUrls` against (core.chooseCheckoutUrl's
     * storeOrigins): the store's, and the channel's checkout domain once it is known. Reads the channel's site
     * only when that URL is on neither.
     */
    async storeOriginsFor(redirectUrls, mode) {
      const url = redirectUrls?.[mode === 'embedded' ? 'embedded_checkout_url' : 'checkout_url'];
      if (typeof url !== 'string' || url.startsWith(`${config.storeUrl}/`)) return list();
      const origin = originOf(url);
      if (!origin || looksLikeStore(origin)) return list(); // the core gives its verdict; the site cannot change it
      const age = known ? now() - known.at : Infinity;
      if (age >= (origin === known?.origin ? KNOWN_FOR_MS : RECHECK_AFTER_MS)) await readSite();
      if (origin !== known?.origin) {
        log('warn', 'checkout URL on an unknown origin', { origin, storeUrl: config.storeUrl, checkoutDomain: known?.origin ?? null });
      }
      return list();
    },

    /**
     * Where a Customer Login URL for `redirectTo` goes: on the channel's checkout domain when the checkout is
     * there, else on the store. The Checkout SDK takes frame messages only from the origin of the URL it embeds
     * (bigcommerce/checkout-sdk-js packages/core/src/embedded-checkout/embed-checkout.ts hands
     * parseUrl(options.url).origin to IframeEventListener, which drops messages from any other origin), and a
     * login URL on the store that redirected to the checkout domain would leave the frame on another origin; the
     * shopper's sign-in cookie is also set on the address that serves the login, which must be the checkout's.
     */
    loginOriginFor(redirectTo) {
      const origin = originOf(redirectTo);
      return origin && origin === known?.origin ? origin : config.storeUrl;
    },
  };
}
