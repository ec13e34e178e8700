// POST /api/cart: bring the BigCommerce cart in line with the shopper's saved cart. The core validates the
// document and plans the Cart API calls; this file runs them, re-plans once on a version conflict, and turns
// BigCommerce's refusals (422, and the 409 of a purchase-quantity limit) into errors that name the shopper's line.
import { HttpError } from './http.js';
import { UpstreamError } from './bigcommerce-client.js';

const CUSTOM_ITEM_REFUSALS = new Set(['custom_items_not_sold', 'unknown_custom_item', 'custom_item_price_missing', 'custom_item_quantity_exceeds_max']);

export function createCartSync({ core, upstream, config }) {
  // The core's, as in every planned request: the options of items (to match modifiers) and redirect_urls.
  const include = core.cartInclude;
  // The custom item list as the core reads it, written once (the core keeps the last list it read).
  const customItems = config.customItems ? JSON.stringify(config.customItems) : undefined;

  async function fetchCart(cartId) {
    try {
      const { json } = await upstream.request('GET', `/v3/carts/${cartId}?include=${include}`);
      return json.data;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return null; // expired, or became an order
      throw error;
    }
  }

  async function run(requests, remote, urls) {
    let cart = remote;
    for (const request of requests) {
      try {
        const { status, json } = await upstream.request(request.method, `/v3${request.path}`, request.body ?? undefined);
        // 204: the cart is gone (deleted, or its last item removed).
        cart = status === 204 || !json ? null : json.data;
        keepRedirectUrls(urls, cart);
      } catch (error) {
        // Remember where the plan stopped: which request, and the cart as it stood.
        error.request = request;
        error.cart = cart;
        throw error;
      }
    }
    return cart;
  }

  /**
   * Adds the items of a refused createCart or addItems request one at a time, to learn which line BigCommerce
   * refuses. The plan names the line of each item (request.lineIds, in the body's order).
   */
  async function addOneByOne(request, remote, urls) {
    const body = request.body;
    const createFields = request.kind === 'createCart'
      ? { channel_id: body.channel_id, currency: body.currency, customer_id: body.customer_id, locale: body.locale }
      : null;
    let cartId = remote ? remote.id : null;
    let cart = remote;
    for (const { group, item, lineId } of itemsOf(request)) {
      const single = { line_items: [], [group]: [item] };
      const path = cartId ? `/v3/carts/${cartId}/items?include=${include}` : `/v3/carts?include=${include}`;
      try {
        const { json } = await upstream.request('POST', path, cartId ? single : { ...createFields, ...single });
        cart = json.data;
        cartId = cart.id;
        keepRedirectUrls(urls, cart);
      } catch (error) {
        // A 409 here is a refusal too: these adds follow a refusal of the same items, on a cart read moments ago.
        if (error instanceof UpstreamError && (error.status === 422 || error.status === 409)) throw lineRejected(error, { item, lineId }, cartId);
        throw error;
      }
    }
    return cart;
  }

  /**
   * @param {object} savedCart the core's saved cart document
   * @param {number | undefined} customerId the signed-in customer
   * @returns {Promise<{ cartId: string | null, cart: object | null, redirectUrls: object | null }>}
   *   `redirectUrls`: unused redirect URLs of the cart that a write of this sync answered with, else null
   */
  async function sync(savedCart, customerId) {
    const { cartId } = savedCart;
    if (cartId !== undefined && !core.isCartId(cartId)) {
      // Checked before it goes into an upstream URL (the core checks it again when planning).
      throw new HttpError(400, 'saved_cart_invalid', 'cartId is not a BigCommerce cart id');
    }
    let remote = cartId ? await fetchCart(cartId) : null;
    const urls = { cartId: null, redirectUrls: null };
    const result = (cart) => ({
      cartId: cart ? cart.id : null,
      cart: cart ? normaliseCart(cart, core) : null,
      redirectUrls: cart && urls.cartId === cart.id ? urls.redirectUrls : null,
    });
    for (let attempt = 0; ; attempt++) {
      const { requests } = planOrThrow(savedCart, remote, customerId);
      try {
        return result(await run(requests, remote, urls));
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        const refused = error.request && (error.status === 422 || (error.status === 409 && isRefusal409(error, attempt)));
        if (error.status === 409 && !refused && attempt === 0) {
          // Someone else changed the cart (another tab, the checkout): read it again and re-plan once.
          remote = savedCart.cartId ? await fetchCart(savedCart.cartId) : null;
          continue;
        }
        if (refused) {
          const failed = error.request;
          if (ADDS.has(failed.kind) && failed.lineIds.length > 1) {
            // One refused item fails the whole request: add them one at a time to name the line. The good
            // ones stay in the cart, so the shopper only has to fix the line named.
            const cart = await addOneByOne(failed, error.cart, urls);
            const { requests: rest } = planOrThrow(savedCart, cart, customerId);
            return result(await run(rest, cart, urls));
          }
          throw lineRejected(error, itemsOf(failed)[0] ?? null, error.cart ? error.cart.id : null);
        }
        throw error;
      }
    }
  }

  function planOrThrow(savedCart, remote, customerId) {
    try {
      // Custom lines are priced from the merchant's list in the core, whatever the browser sent (docs/server.md).
      const options = { channelId: config.channelId, customerId, ...(customItems && { customItems }) };
      return core.planCartSync(savedCart, remote, options);
    } catch (error) {
      // A custom line the store does not sell as asked: like a line BigCommerce refuses, it names the line.
      if (CUSTOM_ITEM_REFUSALS.has(error.code)) {
        throw new HttpError(422, error.code, error.message, { details: { lineId: error.details?.lineId ?? null } });
      }
      // The core names the field: a corrupt or hostile document is the browser's problem, not ours.
      throw new HttpError(error.code === 'invalid_remote_cart' ? 502 : 400, error.code ?? 'invalid_cart', error.message);
    }
  }

  return { sync };
}

// The purchase-quantity refusals BigCommerce titles a 409 with (storefront_cart-checkout_guide_rest-management.mdx,
// "You can only purchase a maximum of :qty of the :product per order [409]"), the same titles captured as 422.
const PURCHASE_LIMIT_TITLE = /\b(?:maximum|minimum) of \d+ of the\b/i;

/**
 * Whether a 409 refuses the request's line rather than reporting a version conflict. The Cart API answers 409 for
 * both: a cart that changed under the request (CartConflictErrorResponse in carts.v3.yml, whose title names no
 * product) and, per the cart guide, a quantity over a product's maximum or under its minimum. The plan never sends
 * `version`, so a genuine conflict is a write that raced ours and goes away once the cart is read again. So a 409
 * is a refusal when:
 *  - its title is a purchase-quantity refusal (it names the product and the limit); or
 *  - it answers a createCart, where there is no earlier version to conflict with; or
 *  - it comes again right after the re-read and re-plan (attempt 1) on a request that carries a line: a
 *    conflict that survives a fresh read is the store refusing that line under a title not recognised here.
 * Anything else is a conflict, re-planned once.
 */
function isRefusal409(error, attempt) {
  const title = typeof error.body?.title === 'string' ? error.body.title : '';
  if (PURCHASE_LIMIT_TITLE.test(title)) return true;
  if (error.request.kind === 'createCart') return true;
  return attempt > 0 && itemsOf(error.request).length > 0;
}

/**
 * Keeps the redirect URLs a write answered with (include=redirect_urls, in every planned path): they are fresh and
 * single use, so checkout can hand them out instead of asking POST /v3/carts/{id}/redirect_urls. carts.v3.yml
 * documents them on createCart ("Redirect URLs can also be created with Create a Cart requests"); the item
 * endpoints list redirect_urls among their include values too, so an answer of theirs that has them is used.
 */
function keepRedirectUrls(urls, cart) {
  if (cart?.redirect_urls && typeof cart.redirect_urls === 'object') {
    urls.cartId = cart.id;
    urls.redirectUrls = cart.redirect_urls;
  }
}

// The plan's requests that carry items: their body's items and lineIds go in the same order.
const ADDS = new Set(['createCart', 'addItems']);
const GROUPS = ['line_items', 'custom_items', 'gift_certificates'];

/** The items a planned request sends, each with the saved cart line it serves ([] for one that sends none). */
function itemsOf(request) {
  const body = request.body ?? {};
  if (request.kind === 'updateItem') return [{ group: 'line_items', item: body.line_item, lineId: request.lineIds[0] }];
  if (!ADDS.has(request.kind)) return [];
  const items = [];
  for (const group of GROUPS) {
    for (const item of body[group] ?? []) items.push({ group, item, lineId: request.lineIds[items.length] });
  }
  return items;
}

function lineRejected(error, refused, cartId) {
  const item = refused ? refused.item : null;
  const body = error.body ?? {};
  const detail = body.errors && typeof body.errors === 'object' ? Object.values(body.errors).filter((v) => typeof v === 'string') : [];
  const message = [body.title, ...detail].filter(Boolean).join(': ') || 'BigCommerce refused an item of the cart';
  return new HttpError(422, 'line_rejected', message, {
    details: { lineId: refused?.lineId ?? null, productId: item && item.product_id !== undefined ? item.product_id : null, cartId },
  });
}

/** The cart as the browser sees it: amounts in minor units, names and prices from BigCommerce. */
export function normaliseCart(cart, core) {
  const currency = (cart.currency?.code ?? 'USD').toUpperCase();
  const minor = (value) => {
    if (typeof value !== 'number' && typeof value !== 'string') return null;
    try {
      return core.parseMoney(String(value), currency).minor;
    } catch {
      return null;
    }
  };
  const items = cart.line_items ?? {};
  const product = (kind) => (item) => ({
    id: item.id,
    kind,
    productId: item.product_id,
    variantId: item.variant_id,
    sku: item.sku,
    name: item.name,
    quantity: Number(item.quantity),
    imageUrl: item.image_url,
    url: item.url,
    listPrice: minor(item.list_price),
    salePrice: minor(item.sale_price),
    extendedSalePrice: minor(item.extended_sale_price),
    options: (item.options ?? []).map((o) => ({ name: o.name, value: o.value, nameId: o.nameId, valueId: o.valueId })),
  });
  return {
    id: cart.id,
    currency,
    version: cart.version,
    customerId: cart.customer_id ?? 0,
    baseAmount: minor(cart.base_amount),
    discountAmount: minor(cart.discount_amount),
    cartAmount: minor(cart.cart_amount),
    coupons: (cart.coupons ?? []).map((c) => c.code),
    lines: [
      ...(items.physical_items ?? []).map(product('physical')),
      ...(items.digital_items ?? []).map(product('digital')),
      ...(items.custom_items ?? []).map((item) => ({
        id: item.id, kind: 'custom', sku: item.sku, name: item.name, quantity: Number(item.quantity),
        listPrice: minor(item.list_price), extendedListPrice: minor(item.extended_list_price),
      })),
      ...(items.gift_certificates ?? []).map((item) => ({
        id: item.id, kind: 'giftCertificate', name: item.name, theme: item.theme, quantity: 1, amount: minor(item.amount),
      })),
    ],
  };
}
