// The setup check (GET /api/setup-check, only with SETUP_CHECK=true): what is wrong in a merchant's set-up for
// embedded checkout, in plain words, with the exact value involved and the request that fixes it. It reads the
// channel, its site, the store's clock and its enabled payment methods, signs a sample login JWT it never sends,
// and never throws: a store that cannot be reached is a warning among the checks. Facts: BigCommerce's "Embedded
// Checkout Overview" and "Embedded Checkout" guides, and what docs/bigcommerce-behaviour.md records of the store.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { secretsOf } from './config.js';
import { isLoopbackHostname } from './loopback.js';
import { customCheckoutOrigin, mainDomainOf, originOf } from './checkout-origin.js';
import { createLoginTokens } from './customer-login-jwt.js';
import { createScrubber } from './log.js';
import { UpstreamError } from './bigcommerce-client.js';

const SEVERITY = { ok: 0, info: 1, warning: 2, problem: 3 };
const MAX_SKEW_MS = 10_000; // a login JWT's iat is accepted for 30 s: a third of that is already worth a word
// Customer 0 does not exist: the sample token could sign nobody in, even if it ever leaked (it never leaves here).
const SAMPLE_CUSTOMER_ID = 0;

/** `raw` as an origin (http or https, no path, query or credentials), or null. */
export function parseOrigin(raw) {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null;
  return url.origin;
}

/**
 * @param {{ config: object, upstream: { request: Function }, embeddingOrigin: string, stubOrigin?: string,
 *           now?: () => number, loginTokens?: object }} options  embeddingOrigin: the page that embeds the checkout;
 *           stubOrigin: where the stub itself is served (the handler's request URL), for the CORS check;
 *           loginTokens: createLoginTokens() of customer-login.js by default (tests pass a broken one)
 * @returns {Promise<{ checks: { id: string, status: 'ok'|'problem'|'warning'|'info', title: string, detail: string, fix?: string }[] }>}
 */
export async function runSetupCheck({ config, upstream, embeddingOrigin, stubOrigin, now = () => Date.now(), loginTokens }) {
  const channelPath = `/v3/channels/${config.channelId}`;
  const started = now();
  // Errors as values: each read is { json } or { error }, so one failure never hides the other checks.
  const read = async (path) => {
    try {
      const { json } = await upstream.request('GET', path);
      return { json, at: now() };
    } catch (error) {
      return { error };
    }
  };
  const [channel, site, time, paymentMethods] = await Promise.all([
    read(channelPath), read(`${channelPath}/site`), read('/v2/time'), read(PAYMENT_METHODS_PATH),
  ]);
  const tokens = loginTokens ?? createLoginTokens(config, { now: () => started });
  const context = { config, embeddingOrigin, stubOrigin, channel, site, time, started, tokens, paymentMethods };
  const builders = [
    ['channel_site', 'Channel site URL', channelSite],
    ['checkout_domain', 'Checkout domain', checkoutDomain],
    ['https', 'HTTPS', https],
    ['allowed_origins', 'Allowed origins (CORS)', allowedOrigins],
    ['login_jwt', 'Channel and customer login token', loginJwt],
    ['third_party_cookies', 'Third-party cookies', thirdPartyCookies],
    ['payment_gateways', 'Payment gateways', paymentGateways],
    // Only when the stub makes orders and takes saved-card payments itself (docs/checkout-api.md).
    ...(config.checkoutOrders ? [['stored_card_payments', 'Saved-card payments (CHECKOUT_ORDERS)', storedCardPayments]] : []),
  ];
  // Every check goes through the scrubber the handler uses for its answers: a site URL or a title came from
  // BigCommerce, and nothing from there is trusted not to echo a secret.
  const scrub = createScrubber(secretsOf(config));
  const checks = [];
  for (const [id, title, build] of builders) {
    let result;
    try {
      result = await build(context);
    } catch {
      result = { status: 'warning', detail: 'This check could not run because of an internal error in the server stub.' };
    }
    const check = { id, status: result.status, title, detail: scrub(result.detail) };
    if (result.fix) check.fix = scrub(result.fix);
    checks.push(check);
  }
  return { checks };
}

// ---- the checks ----------------------------------------------------------------------------------------------

function channelSite({ config, embeddingOrigin, channel, site }) {
  const id = config.channelId;
  const endpoint = `${config.apiUrl}/stores/${config.storeHash}/v3/channels/${id}/site`;
  if (site.error) {
    if (site.error.status === 404 && channel.error?.status === 404) return noSuchChannel(config);
    if (site.error.status === 404) {
      return {
        status: 'problem',
        detail: `Channel ${id} has no site. BigCommerce sends the embedded checkout's messages to the channel's site URL and lets only that address show the checkout in a frame, so without one the checkout never loads.`,
        fix: `Create the site: POST ${endpoint} with the body ${JSON.stringify({ channel_id: id, url: embeddingOrigin })} (an API account with the Channel Settings modify scope).`,
      };
    }
    return trouble(config, site.error, `channel ${id}'s site URL`, 'Channel Settings');
  }
  const url = site.json?.data?.url;
  const siteOrigin = typeof url === 'string' ? originOf(url) : null;
  const setIt = `PUT ${endpoint} with the body ${JSON.stringify({ url: embeddingOrigin })} (an API account with the Channel Settings modify scope)`;
  if (!siteOrigin) {
    return { status: 'problem', detail: `Channel ${id}'s site URL is ${JSON.stringify(url ?? null)}, which is not a web address.`, fix: `Set it to the storefront's address: ${setIt}.` };
  }
  if (siteOrigin === embeddingOrigin) {
    return {
      status: 'ok',
      detail: `Channel ${id}'s site URL is ${url}, the address the checkout is embedded on (${embeddingOrigin}). BigCommerce sends the embedded checkout's messages there and lets only that address frame the checkout.`,
    };
  }
  const wwwOnly = new URL(siteOrigin).host.replace(/^www\./, '') === new URL(embeddingOrigin).host.replace(/^www\./, '');
  return {
    status: 'problem',
    detail: `Channel ${id}'s site URL is ${url}, but the checkout is embedded on ${embeddingOrigin}. BigCommerce sends the embedded checkout's messages only to ${siteOrigin} and lets only it frame the checkout, so on ${embeddingOrigin} shoppers see a spinner and then "cannot be loaded".${wwwOnly ? ' An address with www. and one without are different addresses to the browser.' : ''}`,
    fix: `If the storefront really lives at ${embeddingOrigin}, set the site URL to it: ${setIt}. The site URL is also where BigCommerce links and emails send shoppers, so if ${embeddingOrigin} is only a preview or test address, test the checkout from ${siteOrigin} instead.`,
  };
}

/**
 * Where BigCommerce sends shoppers to check out: "Redirect URLs point to either a shared checkout domain or a
 * channel-specific domain" (carts.v3.yml createCartRedirectURL). The site read for channel_site says which: the
 * `checkout` entry of `urls`, the channel's own domain when is_checkout_url_customized, else "the default
 * channel's primary URL" (sites.v3.yml), which must be BC_STORE_URL for the stub to take the URLs.
 */
function checkoutDomain({ config, embeddingOrigin, site }) {
  if (site.error) {
    return { status: 'warning', detail: `The checkout domain could not be checked: the channel's site could not be read (see the channel site check).` };
  }
  const data = site.json?.data ?? {};
  const endpoint = `${config.apiUrl}/stores/${config.storeHash}/v3/channels/${config.channelId}/site/checkout-url`;
  const custom = customCheckoutOrigin(data);
  if (custom) {
    const url = new URL(custom);
    if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
      return {
        status: 'problem',
        detail: `Channel ${config.channelId}'s checkout is on its own domain, ${custom}, over plain http: the server stub sends shoppers only to https addresses (plain http on this computer only), so every checkout fails with 502 unsafe_checkout_url.`,
        fix: `Set the checkout URL to its https address: PUT ${endpoint} with the body ${JSON.stringify({ url: `https://${url.host}` })}.`,
      };
    }
    const parts = [{
      status: 'info',
      detail: `Channel ${config.channelId}'s checkout is on its own domain, ${custom}: BigCommerce's checkout links and the customer login for them point there, not to the store (${config.storeUrl}). The server stub allows it (it reads the channel's site when a checkout URL is first on it), but the browser checks each checkout URL too: createCheckout({ storeOrigins }) must list ${custom}, or the storefront refuses the checkout (origin_not_allowed).`,
      fix: `Pass storeOrigins: ${JSON.stringify([config.storeUrl, custom])} to createCheckout().`,
    }];
    const checkoutSite = mainDomainOf(url.hostname);
    const storefrontSite = mainDomainOf(new URL(embeddingOrigin).hostname);
    if (checkoutSite !== storefrontSite) {
      parts.push({
        status: 'warning',
        detail: `${custom} is not on the storefront's main domain (${storefrontSite}, from ${embeddingOrigin}), so in the embedded checkout its cookies are third-party cookies there: Safari blocks them, and so does Chrome in incognito windows.`,
        fix: `Serve the checkout on a subdomain of the storefront's main domain, such as checkout.${storefrontSite}: PUT ${endpoint} with the body ${JSON.stringify({ url: `https://checkout.${storefrontSite}` })}.`,
      });
    } else {
      parts.push({ status: 'ok', detail: `It is on the storefront's main domain (${storefrontSite}), so its cookies are first-party in the embedded checkout.` });
    }
    return combine(parts);
  }
  const entry = Array.isArray(data.urls) ? data.urls.find((u) => u && u.type === 'checkout' && typeof u.url === 'string') : null;
  const shared = entry ? originOf(entry.url) : null;
  const store = new URL(config.storeUrl);
  const sameAsStore = (origin) => {
    const url = new URL(origin);
    return url.protocol === store.protocol && url.port === store.port && url.hostname.replace(/^www\./, '') === store.hostname.replace(/^www\./, '');
  };
  if (!shared || sameAsStore(shared)) {
    return { status: 'ok', detail: `Channel ${config.channelId}'s checkout is on the store's own domain (${config.storeUrl}), where the server stub expects it.` };
  }
  return {
    status: 'problem',
    detail: `BigCommerce sends this channel's shoppers to check out at ${shared}, which is neither the store's address the server stub knows (BC_STORE_URL, ${config.storeUrl}) nor a checkout domain of channel ${config.channelId}. The stub refuses checkout URLs there, so every checkout fails with 502 unsafe_checkout_url.`,
    fix: `If ${shared} is the store's address, set BC_STORE_URL=${shared} and restart the stub (and list it in createCheckout({ storeOrigins })). To give the channel a checkout domain of its own instead: PUT ${endpoint} with the body ${JSON.stringify({ url: `https://checkout.${mainDomainOf(new URL(embeddingOrigin).hostname)}` })}.`,
  };
}

function https({ config, embeddingOrigin }) {
  const parts = [['The storefront page', embeddingOrigin, `Serve the storefront over https and open it at https://${new URL(embeddingOrigin).host}.`],
    ['The store (BC_STORE_URL)', config.storeUrl, 'Set BC_STORE_URL to the store\'s https address, such as https://store-abc.mybigcommerce.com.']]
    .map(([who, origin, fix]) => {
      const url = new URL(origin);
      if (url.protocol === 'https:') return { status: 'ok', detail: `${who} uses https (${origin}).` };
      if (isLoopbackHostname(url.hostname)) {
        return { status: 'ok', detail: `${who} uses plain http on this computer (${origin}), which is fine for local testing only: live, it needs https.` };
      }
      return {
        status: 'problem',
        detail: `${who} uses plain http (${origin}). BigCommerce refuses to load its embedded checkout for a page that is not on https, and browsers only give a framed store its cookies when they are Secure, which needs https.`,
        fix,
      };
    });
  return combine(parts);
}

function allowedOrigins({ config, embeddingOrigin, stubOrigin }) {
  const list = config.allowedOrigins.length ? config.allowedOrigins.join(', ') : 'empty';
  if (stubOrigin && embeddingOrigin === stubOrigin) {
    return { status: 'ok', detail: `The page at ${embeddingOrigin} and the server stub share one address, so no cross-origin permission (ALLOWED_ORIGINS) is needed.` };
  }
  if (config.allowedOrigins.includes(embeddingOrigin)) {
    return { status: 'ok', detail: `${embeddingOrigin} is in ALLOWED_ORIGINS (${list}), so the server stub answers its cart, checkout and sign-in requests.` };
  }
  const add = `add ${embeddingOrigin} to ALLOWED_ORIGINS and restart the stub: ALLOWED_ORIGINS=${[...config.allowedOrigins, embeddingOrigin].join(',')}`;
  if (!stubOrigin) {
    // Called without the stub's own address: only the list can be checked.
    return {
      status: 'warning',
      detail: `${embeddingOrigin} is not in ALLOWED_ORIGINS (${list}). That is fine if the server stub is served from ${embeddingOrigin} itself (under /api); from any other address the stub refuses its cart, checkout and sign-in requests (403 origin_not_allowed).`,
      fix: `If the stub runs on another address, ${add}.`,
    };
  }
  // A proxy that ends https in front of Node: the stub sees its own address as http and the page's as another.
  const proxied = new URL(stubOrigin).host === new URL(embeddingOrigin).host;
  return {
    status: 'problem',
    detail: `The page at ${embeddingOrigin} calls the server stub at ${stubOrigin}, another address, and ${embeddingOrigin} is not in ALLOWED_ORIGINS (${list}). The stub refuses its cart, checkout and sign-in requests (403 origin_not_allowed) and the browser hides the stub's other answers from it.${proxied ? ` The stub sees its own address as ${stubOrigin} (as it does behind a proxy that handles https), so it needs ${embeddingOrigin} listed too.` : ''}`,
    fix: `${add[0].toUpperCase()}${add.slice(1)}.`,
  };
}

async function loginJwt({ config, channel, time, started, tokens }) {
  const parts = [];
  // 1. The channel: login tokens and carts name it, and only a storefront channel has a checkout to embed.
  if (channel.error) {
    parts.push(channel.error.status === 404 ? noSuchChannel(config) : trouble(config, channel.error, `channel ${config.channelId}`, 'Channel Settings'));
  } else {
    const data = channel.json?.data ?? {};
    const name = typeof data.name === 'string' ? ` ("${data.name}")` : '';
    if (data.type === 'storefront') {
      parts.push({ status: 'ok', detail: `Channel ${config.channelId}${name} is a storefront channel.` });
    } else {
      parts.push({
        status: 'problem',
        detail: `Channel ${config.channelId}${name} is a ${data.type ?? 'channel of unknown type'}${data.type ? ' channel' : ''}; customer login and embedded checkout work only on a storefront channel.`,
        fix: `Set BC_CHANNEL_ID to your headless storefront's channel, or create one: POST ${config.apiUrl}/stores/${config.storeHash}/v3/channels with the body ${JSON.stringify({ type: 'storefront', platform: 'custom', name: 'Headless storefront' })}.`,
      });
    }
  }
  // 2. A sample token, signed by the stub's own code (customer-login.js), decoded here and sent nowhere.
  parts.push(await sampleToken(config, tokens));
  // 3. The clock: the store checks iat against its own.
  if (time.error) {
    parts.push(trouble(config, time.error, "the store's clock (GET /v2/time)"));
  } else if (!Number.isFinite(time.json?.time)) {
    parts.push({ status: 'warning', detail: 'BigCommerce answered GET /v2/time without a time, so the clocks could not be compared.' });
  } else {
    const skewMs = time.json.time * 1000 - (started + time.at) / 2; // our time halfway through the request
    const seconds = Math.round(Math.abs(skewMs) / 1000);
    if (Math.abs(skewMs) > MAX_SKEW_MS) {
      parts.push({
        status: 'warning',
        detail: `This server's clock is ${seconds} s ${skewMs > 0 ? 'behind' : 'ahead of'} the store's. The store accepts a login token for 30 s after the time written in it; the stub writes the store's time (it asks GET /v2/time every 10 minutes), but a clock this far off drifts quickly.`,
        fix: 'Turn on time synchronisation (NTP) on the server that runs the stub.',
      });
    } else {
      parts.push({ status: 'ok', detail: `This server's clock agrees with the store's (${seconds} s apart).` });
    }
  }
  return combine(parts);
}

async function sampleToken(config, tokens) {
  const claims = ['iss', 'iat', 'jti', 'operation', 'store_hash', 'customer_id', 'channel_id', 'redirect_to'];
  let url;
  try {
    url = await tokens.loginUrl({ customerId: SAMPLE_CUSTOMER_ID, redirectTo: `${config.storeUrl}/checkout` });
  } catch {
    return { status: 'problem', detail: 'The server stub could not sign a sample customer login token with BC_CLIENT_SECRET.', fix: 'Check that BC_CLIENT_ID and BC_CLIENT_SECRET come from the same API account as BC_ACCESS_TOKEN.' };
  }
  const jwt = url.slice(url.lastIndexOf('/') + 1);
  let header;
  let payload;
  try {
    header = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt);
  } catch {
    return { status: 'problem', detail: 'A sample customer login token signed by the server stub could not be decoded.', fix: 'This is a bug in the server stub (server/customer-login-jwt.js); please report it.' };
  }
  const wrong = [];
  if (header.alg !== 'HS256') wrong.push(`alg is ${header.alg}, not HS256`);
  if (payload.channel_id !== config.channelId) wrong.push(`channel_id is ${JSON.stringify(payload.channel_id ?? null)}, not ${config.channelId} (without it BigCommerce refuses the embedded checkout's sign-in on CORS)`);
  const missing = claims.filter((claim) => payload[claim] === undefined || payload[claim] === null || payload[claim] === '');
  if (missing.length) wrong.push(`it lacks ${missing.join(', ')}`);
  if (payload.operation !== undefined && payload.operation !== 'customer_login') wrong.push(`operation is ${payload.operation}, not customer_login`);
  if (payload.store_hash !== undefined && payload.store_hash !== config.storeHash) wrong.push(`store_hash is ${payload.store_hash}, not ${config.storeHash}`);
  if (payload.iss !== undefined && payload.iss !== config.clientId) wrong.push('iss is not BC_CLIENT_ID');
  if (wrong.length) {
    return { status: 'problem', detail: `A sample customer login token signed by the server stub is wrong: ${wrong.join('; ')}.`, fix: 'This is a bug in the server stub (server/customer-login-jwt.js); please report it.' };
  }
  return {
    status: 'ok',
    detail: `A sample customer login token, signed the way the stub signs them and sent nowhere, carries channel_id ${config.channelId} and the other claims BigCommerce requires (${claims.filter((c) => c !== 'channel_id').join(', ')}).`,
  };
}

function thirdPartyCookies({ config }) {
  return {
    status: 'info',
    detail: `The server cannot see the shopper's browser. Inside the embedded checkout the store's pages (${config.storeUrl}) run in a frame on another site, where their cookies are third-party cookies: Safari blocks them, and so does Chrome in incognito windows or when a shopper turns them off. On a first visit the Checkout SDK sends the shopper once to ${config.storeUrl}/embedded-checkout/allow-cookie, a visit to the store itself that Safari asks for; where the cookies stay blocked, BigCommerce answers "Cannot start checkout session with an empty cart" and the checkout does not load.`,
    fix: 'Keep the redirect checkout as the fallback (an embedded checkout that fails falls back to a redirect unless fallback: false), or serve the store on a subdomain of the storefront (checkout.example.com for www.example.com) so its cookies are first-party, as BigCommerce\'s embedded checkout guide recommends for Safari.',
  };
}

// The store's enabled payment methods: GET /v2/payments/methods (payment_methods.v2.yml getAllPaymentMethods, scope
// "Information & Settings" read-only, store_payments_methods_read). The v3 GET /payments/methods cannot answer this:
// it needs an order_id or checkout_id and lists only what the Payments API can charge, never a wallet.
const PAYMENT_METHODS_PATH = '/v2/payments/methods?limit=250';
const PAYMENT_METHODS_SCOPE = 'Information & Settings (read-only, store_payments_methods_read)';

// The methods BigCommerce's checkout refuses to run inside an embedded checkout (bigcommerce/checkout-js
// packages/core/src/app/embeddedCheckout/createEmbeddedCheckoutSupport.ts UNSUPPORTED_METHODS: afterpay, applepay,
// amazonpay, googlepay, klarna, and in earlier versions amazon, chasepay and masterpass). A store lists a wallet
// run by a gateway under a longer code (googlepaybraintree, googlepaystripe), so a code or name that starts with one
// of these counts.
const NOT_EMBEDDABLE = [
  ['afterpay', 'Afterpay'],
  ['amazon', 'Amazon Pay'],
  ['applepay', 'Apple Pay'],
  ['chasepay', 'Chase Pay'],
  ['googlepay', 'Google Pay'],
  ['klarna', 'Klarna'],
  ['masterpass', 'Masterpass'],
];
const compact = (text) => (typeof text === 'string' ? text.toLowerCase().replace(/[^a-z0-9]/g, '') : '');

/** The wallet an enabled method is, when the embedded checkout refuses it, else null. */
function notEmbeddable(method) {
  const keys = [compact(method?.code), compact(method?.name)];
  const found = NOT_EMBEDDABLE.find(([prefix]) => keys.some((key) => key.startsWith(prefix)));
  return found ? found[1] : null;
}

// BigCommerce's offline payment methods (Settings > Payments > Offline): they never charge a card, stored or not.
const OFFLINE_METHODS = new Set(['cheque', 'cod', 'bankdeposit', 'moneyorder', 'instore']);

/**
 * With CHECKOUT_ORDERS=true the stub charges stored cards through the Payments API, which only gateways that
 * vault cards can do (BigCommerce docs, "Payments API", compatible gateways). From the list already read: a store
 * with only offline methods has none, and every saved-card payment goes to the hosted payment step.
 */
function storedCardPayments({ paymentMethods }) {
  const label = (m) => `${typeof m?.name === 'string' && m.name ? m.name : 'a method'} (${typeof m?.code === 'string' ? m.code : 'no code'})`;
  const fallback = 'Without one, every payment with a saved card answers payment_required (stored_card_unsupported) and the shopper pays on the hosted payment step.';
  if (paymentMethods.error) return { status: 'info', detail: `The store's payment methods could not be read, so whether a gateway takes stored cards is not known. ${fallback}` };
  const list = Array.isArray(paymentMethods.json) ? paymentMethods.json : [];
  const online = list.filter((m) => !OFFLINE_METHODS.has(compact(m?.code)));
  if (!online.length) {
    return {
      status: 'warning',
      detail: `CHECKOUT_ORDERS is on, but the store lists only offline payment methods${list.length ? ` (${list.map(label).join(', ')})` : ''}: none can charge a saved card. ${fallback}`,
      fix: 'Enable a payment gateway that stores cards (Settings > Payments) and turn on its stored-cards setting, or leave CHECKOUT_ORDERS off.',
    };
  }
  return {
    status: 'info',
    detail: `Enabled gateways: ${online.map(label).join(', ')}. Saved cards are charged only by a gateway with stored cards turned on; the stub finds it per order (GET /v3/payments/methods). ${fallback.replace('Without one', 'Where none does')}`,
  };
}

function paymentGateways({ config, paymentMethods }) {
  const offsite = 'A hosted (offsite) payment gateway takes the shopper out of the frame to its own page, so check any such gateway yourself.';
  if (paymentMethods.error) {
    const error = paymentMethods.error;
    const why = error instanceof UpstreamError && error.status === 403
      ? `the API account behind BC_ACCESS_TOKEN lacks the ${PAYMENT_METHODS_SCOPE} scope (403)`
      : trouble(config, error, "the store's payment methods").detail.replace(/\.$/, '');
    return {
      status: 'warning',
      detail: `The store's enabled payment methods could not be read (GET /v2/payments/methods): ${why}. BigCommerce's embedded checkout refuses Apple Pay, Google Pay, Amazon Pay, Klarna, Afterpay and Masterpass. ${offsite}`,
      fix: `Give the API account the ${PAYMENT_METHODS_SCOPE} scope so this check can list them, or check Settings, Payments in the control panel yourself.`,
    };
  }
  const list = Array.isArray(paymentMethods.json) ? paymentMethods.json : [];
  const label = (m) => `${typeof m?.name === 'string' && m.name ? m.name : 'a method'} (${typeof m?.code === 'string' ? m.code : 'no code'})`;
  const refused = list.map((m) => ({ method: m, wallet: notEmbeddable(m) })).filter((r) => r.wallet);
  if (refused.length) {
    const names = refused.map((r) => label(r.method)).join(', ');
    return {
      status: 'problem',
      detail: `The store has ${refused.length === 1 ? 'a payment method' : 'payment methods'} enabled that BigCommerce's embedded checkout refuses: ${names}. When a shopper reaches the payment step inside the frame, the checkout shows "The following payment methods are not supported by Embedded Checkout" with their codes and asks the shopper to contact the store. ${offsite}`,
      fix: `Either send the shoppers of channel ${config.channelId} to the redirect checkout (checkout({ mode: 'redirect' })), where these methods work, or turn ${refused.length === 1 ? 'it' : 'them'} off for the headless channel in the control panel (Settings, Payments).`,
    };
  }
  if (!list.length) {
    return { status: 'info', detail: `BigCommerce listed no enabled payment methods (GET /v2/payments/methods), a list it says may leave providers out. Its embedded checkout refuses Apple Pay, Google Pay, Amazon Pay, Klarna, Afterpay and Masterpass. ${offsite}` };
  }
  return {
    status: 'ok',
    detail: `None of the enabled payment methods BigCommerce lists (${list.map(label).join(', ')}) is one its embedded checkout refuses (Apple Pay, Google Pay, Amazon Pay, Klarna, Afterpay, Masterpass). BigCommerce says this list may leave providers out. ${offsite}`,
  };
}

// ---- shared wording ------------------------------------------------------------------------------------------

function noSuchChannel(config) {
  return {
    status: 'problem',
    detail: `The store has no channel ${config.channelId} (BC_CHANNEL_ID). Carts, login tokens and the site URL all belong to a channel.`,
    fix: `Set BC_CHANNEL_ID to your headless storefront's channel id; GET ${config.apiUrl}/stores/${config.storeHash}/v3/channels lists the store's channels.`,
  };
}

/** An upstream failure other than 404, in plain words: a missing scope is a problem, an unreachable store a warning. */
function trouble(config, error, what, scope = null) {
  if (error instanceof UpstreamError && error.status === 401) {
    return { status: 'problem', detail: `BigCommerce refused the API token when reading ${what} (401).`, fix: 'Check BC_ACCESS_TOKEN and BC_STORE_HASH: the token must belong to an API account of this store.' };
  }
  if (error instanceof UpstreamError && error.status === 403) {
    if (!scope) return { status: 'problem', detail: `BigCommerce refused to show ${what} (403): the API account behind BC_ACCESS_TOKEN lacks a scope it needs.`, fix: 'Check the scopes of the API account (docs/server.md lists them).' };
    return {
      status: 'problem',
      detail: `BigCommerce refused to show ${what} (403): the API account behind BC_ACCESS_TOKEN lacks the ${scope} scope.`,
      fix: `In the control panel (Settings, API, Store-level API accounts), give the account the ${scope} scope (read-only is enough for this check; changing the site URL needs modify), then use its new token.`,
    };
  }
  let why = 'it did not answer properly';
  if (error instanceof UpstreamError) {
    if (error.status === 0) why = `no connection could be made to ${config.apiUrl}`;
    else if (error.status === 504) why = `it did not answer within ${config.upstreamTimeoutMs} ms`;
    else if (error.status === 429) why = 'it asked us to slow down (429)';
    else why = `it answered ${error.status}`;
  }
  return { status: 'warning', detail: `The store could not be reached to check ${what}: ${why}.`, fix: 'Try again in a minute; if it keeps failing, check BC_API_URL and BigCommerce\'s status.' };
}

/** Several findings as one check: the worst status, every sentence. */
function combine(parts) {
  const status = parts.reduce((worst, p) => (SEVERITY[p.status] > SEVERITY[worst] ? p.status : worst), 'ok');
  const fixes = parts.map((p) => p.fix).filter(Boolean);
  return { status, detail: parts.map((p) => p.detail).join(' '), ...(fixes.length ? { fix: fixes.join(' ') } : {}) };
}

