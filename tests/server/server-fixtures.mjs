// Shared pieces of the server stub suites (server.test.mjs, jwt.test.mjs): a configuration, a scripted fake of
// the BigCommerce API (every call recorded, every answer chosen by the test), Cart API documents, and a
// harness that runs requests through createHandler and records every response and log line.
// Not a test file itself (no .test.mjs suffix).
import { loadServerCore } from '../../dist/node.js';
import { createHandler, loadConfig } from '../../server/index.js';
import { createCartTokens, GUEST } from '../../server/cart-token.js';

export const STORE_HASH = 'abc123';
export const API_URL = 'https://api.bigcommerce.test';
export const STORE_URL = 'https://store-abc123.mybigcommerce.com';
export const STOREFRONT = 'https://shop.example.com';
export const STUB = 'https://stub.example.net'; // the stub's own origin: requests from STOREFRONT are cross-origin
export const CLIENT = '198.51.100.7';

// Distinctive secrets, so that a substring search can only hit a real leak.
export const SECRETS = {
  BC_ACCESS_TOKEN: 'tok9Qv3ACCESSxZ7mK2pL8wR4nB6yT1cF5',
  BC_CLIENT_SECRET: 'sec4Hj8CLIENTSECRETqW3eR7tY2uI9oP1',
  SESSION_SECRET: 'ses7Kd2SESSIONSECRETzX5cV8bN3mQ6wE4rT9y',
};

export const ENV = Object.freeze({
  BC_STORE_HASH: STORE_HASH,
  BC_ACCESS_TOKEN: SECRETS.BC_ACCESS_TOKEN,
  BC_CLIENT_ID: 'client-id-4f2a',
  BC_CLIENT_SECRET: SECRETS.BC_CLIENT_SECRET,
  BC_CHANNEL_ID: '1',
  BC_API_URL: API_URL,
  BC_STORE_URL: STORE_URL,
  ALLOWED_ORIGINS: `${STOREFRONT}, https://admin.example.com`,
  SESSION_SECRET: SECRETS.SESSION_SECRET,
  UPSTREAM_TIMEOUT_MS: '50',
  // The one custom item these stores sell (docs/server.md, "Custom items").
  CUSTOM_ITEMS: JSON.stringify({ items: [{ sku: 'ENGRAVE', name: 'Engraving', prices: { USD: 500, EUR: 450 }, maxQuantity: 10 }] }),
});

export const INCLUDE = 'redirect_urls,line_items.physical_items.options,line_items.digital_items.options';

let corePromise;
export function core() {
  corePromise ??= loadServerCore();
  return corePromise;
}

/** A JSON Response as BigCommerce would send it. */
export function reply(status, body, headers = {}) {
  const hasBody = body !== undefined && status !== 204;
  return new Response(hasBody ? JSON.stringify(body) : null, {
    status,
    headers: hasBody ? { 'Content-Type': 'application/json', ...headers } : headers,
  });
}

/** A BigCommerce error document. */
export function problem(status, title, extra = {}) {
  return { status, title, type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', ...extra };
}

/**
 * An upstream error answer that echoes the request's token and URL in fields a stub must never pass on
 * (`detail`, `instance`), the way a debugging proxy or a verbose gateway might: if the stub forwarded the
 * upstream body, the secrets scan would see it.
 */
export function failing(status, title, { headers = {}, extra = {} } = {}) {
  return (call) =>
    reply(status, problem(status, title, { detail: `request had X-Auth-Token: ${call.headers.get('x-auth-token')}`, instance: call.url, ...extra }), headers);
}

export const HANG = Symbol('hang');
export const NETWORK_ERROR = Symbol('network error');

/**
 * A scripted BigCommerce API. `on(method, path, ...answers)` queues answers for calls whose path (relative to
 * /stores/{hash}, query included) equals `path` or matches it (RegExp); each call takes the next answer and
 * the last one repeats. An answer is a Response, a function (call) => Response, HANG (never answers until
 * the request's signal aborts) or NETWORK_ERROR. Calls nobody scripted get a 599 and are listed in
 * `unexpected`.
 */
export function fakeUpstream() {
  const calls = [];
  const unexpected = [];
  const routes = [];
  const prefix = `${API_URL}/stores/${STORE_HASH}`;

  async function fetch(input, init = {}) {
    const url = String(input);
    const parsed = new URL(url);
    const method = (init.method ?? 'GET').toUpperCase();
    const rawPath = url.startsWith(prefix) ? url.slice(prefix.length) : url;
    let body;
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = init.body;
      }
    }
    const call = {
      method,
      url,
      rawPath,
      path: parsed.pathname.startsWith(`/stores/${STORE_HASH}`) ? parsed.pathname.slice(`/stores/${STORE_HASH}`.length) + parsed.search : parsed.pathname + parsed.search,
      query: parsed.searchParams,
      headers: new Headers(init.headers),
      body,
      hasSignal: Boolean(init.signal),
    };
    calls.push(call);
    const route = routes.find((r) => r.method === method && (r.path instanceof RegExp ? r.path.test(call.path) : r.path === call.path));
    if (!route) {
      unexpected.push(`${method} ${call.path}`);
      return reply(599, problem(599, `unexpected call ${method} ${call.path}`));
    }
    const answer = route.answers.length > 1 ? route.answers.shift() : route.answers[0];
    if (answer === NETWORK_ERROR) throw new TypeError('fetch failed');
    if (answer === HANG) {
      return new Promise((resolve, reject) => {
        // Like fetch: reject with the signal's reason when it aborts. The guard keeps a stub that forgot the
        // signal from hanging the suite: it then gets a 500 after 3 s, and the test's time check fails.
        const guard = setTimeout(() => resolve(reply(500, problem(500, 'the fake upstream gave up waiting'))), 3000);
        init.signal?.addEventListener('abort', () => {
          clearTimeout(guard);
          reject(init.signal.reason ?? new DOMException('aborted', 'AbortError'));
        });
      });
    }
    const response = typeof answer === 'function' ? await answer(call) : answer;
    return response.clone();
  }

  return {
    fetch,
    calls,
    unexpected,
    on(method, path, ...answers) {
      routes.unshift({ method, path, answers });
      return this;
    },
    /** "METHOD path" of every call so far. */
    log() {
      return calls.map((c) => `${c.method} ${c.path}`);
    },
  };
}

let redirectSerial = 0;
/** Fresh redirect_urls of a cart, as POST /v3/carts/{id}/redirect_urls or ?include=redirect_urls give them. */
export function redirectUrls(cartId, store = STORE_URL) {
  redirectSerial++;
  const token = `tkn${redirectSerial.toString(16).padStart(6, '0')}`;
  return {
    cart_url: `${store}/cart.php?action=load&id=${cartId}&token=${token}`,
    checkout_url: `${store}/cart.php?action=loadInCheckout&id=${cartId}&token=${token}`,
    embedded_checkout_url: `${store}/cart.php?embedded=1&action=loadInCheckout&id=${cartId}&token=${token}`,
  };
}

/**
 * A Cart API cart (carts.v3.yml Cart_Full). items: [{ id, product_id, variant_id?, quantity, list_price,
 * sale_price? }]; custom: [{ id, sku, name, quantity, list_price }].
 */
export function bcCart({ id = 'cart-1', version = 1, currency = 'USD', customerId = 0, items = [], custom = [], digital = [] } = {}) {
  const physical = items.map((item) => ({
    id: item.id,
    parent_id: null,
    variant_id: item.variant_id ?? item.product_id * 10,
    product_id: item.product_id,
    sku: `SKU-${item.product_id}`,
    name: item.name ?? `Product ${item.product_id}`,
    url: `${STORE_URL}/product-${item.product_id}/`,
    quantity: item.quantity,
    is_taxable: true,
    image_url: `https://cdn11.bigcommerce.com/s-${STORE_HASH}/products/${item.product_id}.jpg`,
    discounts: [],
    coupons: [],
    discount_amount: 0,
    coupon_amount: 0,
    list_price: item.list_price,
    sale_price: item.sale_price ?? item.list_price,
    extended_list_price: round(item.list_price * item.quantity),
    extended_sale_price: round((item.sale_price ?? item.list_price) * item.quantity),
    is_require_shipping: true,
    gift_wrapping: null,
    options: item.options ?? [],
  }));
  const customItems = custom.map((item) => ({
    id: item.id,
    sku: item.sku,
    name: item.name,
    quantity: item.quantity,
    list_price: item.list_price,
    extended_list_price: round(item.list_price * item.quantity),
  }));
  const total = round(
    physical.reduce((sum, i) => sum + i.extended_sale_price, 0) + customItems.reduce((sum, i) => sum + i.extended_list_price, 0),
  );
  return {
    id,
    customer_id: customerId,
    channel_id: 1,
    email: '',
    currency: { code: currency },
    tax_included: false,
    base_amount: total,
    discount_amount: 0,
    cart_amount: total,
    coupons: [],
    discounts: [],
    line_items: { physical_items: physical, digital_items: digital, gift_certificates: [], custom_items: customItems },
    created_time: '2025-01-15T12:00:00+00:00',
    updated_time: '2025-01-15T12:00:00+00:00',
    locale: 'en',
    version,
    redirect_urls: redirectUrls(id),
  };
}

function round(value) {
  return Math.round(value * 100) / 100;
}

/** The shopper's saved cart document (docs/saved-cart.md, version 2). */
export function savedCart({ cartId, lines, currency = 'USD', cartToken } = {}) {
  const numbers = (lines ?? []).map((l) => Number(String(l.id).replace(/^l/, ''))).filter(Number.isInteger);
  const doc = { version: 2, currency, nextLine: Math.max(0, ...numbers) + 1, lines: lines ?? [] };
  if (cartId !== undefined) doc.cartId = cartId;
  if (cartToken !== undefined) doc.cartToken = cartToken;
  return doc;
}

/** Everything every stub in a test file answered and logged, for the secrets scan. */
export function createTranscript() {
  return { responses: [], logs: [], stubs: [] };
}

/**
 * A stub (createHandler) wired to a fake upstream, an injected sleep that only records, a clock the test can
 * move (`stub.advance(ms)`) and a log that records. `stub.request(method, path, options)` runs one request and
 * resolves to { status, headers, body (parsed JSON or null), text, cookies, response }.
 */
export async function createStub({ env = {}, upstream = fakeUpstream(), transcript, clock, state } = {}) {
  const config = loadConfig({ ...ENV, ...env });
  const sleeps = [];
  const logs = [];
  let skew = 0;
  const now = clock ?? (() => Date.now() + skew);
  const handler = createHandler(config, {
    core: await core(),
    state,
    fetch: upstream.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now,
    log: (line) => {
      logs.push(line);
      transcript?.logs.push(line);
    },
  });
  const tokens = createCartTokens(config.sessionSecret, { storeHash: config.storeHash, channelId: config.channelId });
  const stub = {
    config,
    upstream,
    sleeps,
    logs,
    handler,
    advance(ms) {
      skew += ms;
    },
    /** The token POST /api/cart would have given for `cartId` (server/cart-token.js): a guest's by default. */
    cartToken(cartId, owner = GUEST) {
      return tokens.issue(cartId, owner);
    },
    /**
     * @param {string} method
     * @param {string} path such as /api/cart
     * @param {{ json?: unknown, body?: BodyInit, headers?: Record<string,string>, origin?: string | null,
     *           base?: string, client?: string, cookie?: string, info?: object }} options
     */
    async request(method, path, options = {}) {
      const headers = new Headers(options.headers ?? {});
      const origin = options.origin === undefined ? STOREFRONT : options.origin;
      if (origin !== null && !headers.has('origin')) headers.set('origin', origin);
      if (options.cookie) headers.set('cookie', options.cookie);
      let body = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const init = { method, headers };
      if (body !== undefined) {
        init.body = body;
        if (body instanceof ReadableStream) init.duplex = 'half';
      }
      const request = new Request(`${options.base ?? STUB}${path}`, init);
      const info = options.info ?? { clientAddress: options.client ?? CLIENT };
      const response = await handler(request, info);
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      const headerList = [...response.headers.entries()];
      const cookies = response.headers.getSetCookie();
      transcript?.responses.push({ method, path, status: response.status, text, headers: headerList, cookies });
      return { status: response.status, headers: response.headers, body: parsed, text, cookies, response };
    },
  };
  transcript?.stubs.push(stub);
  return stub;
}

/** Splits a Set-Cookie value into { name, value, attributes: Map(lower-case name -> value|true) }. */
export function parseSetCookie(header) {
  const [pair, ...attrs] = header.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const attributes = new Map();
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    if (i === -1) attributes.set(attr.toLowerCase(), true);
    else attributes.set(attr.slice(0, i).toLowerCase(), attr.slice(i + 1));
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/** Scripts a successful sign-in for customer 7 and returns the session cookie ("bcch_session=..."). */
export async function signIn(stub, { customerId = 7, email = 'ann@example.com', base, client, info } = {}) {
  stub.upstream
    .on('POST', '/v3/customers/validate-credentials', reply(200, { is_valid: true, customer_id: customerId }))
    .on('GET', `/v3/customers?id:in=${customerId}`, reply(200, { data: [{ id: customerId, email, first_name: 'Ann', last_name: 'Lee' }], meta: {} }));
  const res = await stub.request('POST', '/api/session', { json: { email, password: 'correct horse' }, base, client, info });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const cookie = parseSetCookie(res.cookies[0]);
  return `${cookie.name}=${cookie.value}`;
}

/** Status, headers, the text, and the JSON body when it is JSON (null otherwise). */
export async function readResponse(response) {
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body, text };
}
