// POST /api/cart: bring the BigCommerce cart in line with the shopper's saved cart. The core validates the
// document and plans the Cart API calls; this file runs them, re-plans once on a version conflict, and turns
// BigCommerce's 422 refusals into errors that name the shopper's line.
import { HttpError } from './http.js';
import { UpstreamError } from './bigcommerce-client.js';

export const CART_ID = /^[A-Za-z0-9-]{1,64}$/;
export const CART_INCLUDE = 'redirect_urls,line_items.physical_items.options,line_items.digital_items.options';

export function createCartSync({ core, upstream, config }) {
  async function fetchCart(cartId) {
    try {
      const { json } = await upstream.request('GET', `/v3/carts/${cartId}?include=${CART_INCLUDE}`);
      return json.data;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return null; // expired, or became an order
      throw error;
    }
  }

  async function run(requests, remote) {
    let cart = remote;
    for (const request of requests) {
      try {
        const { status, json } = await upstream.request(request.method, `/v3${request.path}`, request.body ?? undefined);
        // 204: the cart is gone (deleted, or its last item removed).
        cart = status === 204 || !json ? null : json.data;
      } catch (error) {
        // Remember where the plan stopped: which request, and the cart as it stood.
        error.request = request;
        error.cart = cart;
        throw error;
      }
    }
    return cart;
  }

  /** Adds the items of a refused multi-item request one at a time, to learn which line BigCommerce refuses. */
  async function addOneByOne(request, savedCart, remote) {
    const body = request.body;
    const createFields = request.path.startsWith('/carts?')
      ? { channel_id: body.channel_id, currency: body.currency, customer_id: body.customer_id, locale: body.locale }
      : null;
    let cartId = remote ? remote.id : null;
    let cart = remote;
    for (const group of ['line_items', 'custom_items', 'gift_certificates']) {
      for (const item of body[group] ?? []) {
        const single = { line_items: [], [group]: [item] };
        const path = cartId ? `/v3/carts/${cartId}/items?include=${CART_INCLUDE}` : `/v3/carts?include=${CART_INCLUDE}`;
        try {
          const { json } = await upstream.request('POST', path, cartId ? single : { ...createFields, ...single });
          cart = json.data;
          cartId = cart.id;
        } catch (error) {
          if (error instanceof UpstreamError && error.status === 422) {
            throw lineRejected(error, { group, item }, savedCart, cartId);
          }
          throw error;
        }
      }
    }
    return cart;
  }

  /**
   * @param {object} savedCart the core's saved cart document
   * @param {number | undefined} customerId the signed-in customer
   * @returns {Promise<{ cartId: string | null, cart: object | null }>}
   */
  async function sync(savedCart, customerId) {
    const { cartId } = savedCart;
    if (cartId !== undefined && (typeof cartId !== 'string' || !CART_ID.test(cartId))) {
      // Checked before it goes into an upstream URL (the core checks it again when planning).
      throw new HttpError(400, 'saved_cart_invalid', 'cartId is not a BigCommerce cart id');
    }
    let remote = cartId ? await fetchCart(cartId) : null;
    for (let attempt = 0; ; attempt++) {
      const { requests } = planOrThrow(savedCart, remote, customerId);
      try {
        const cart = await run(requests, remote);
        return { cartId: cart ? cart.id : null, cart: cart ? normaliseCart(cart, core) : null };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        if (error.status === 409 && attempt === 0) {
          // Someone else changed the cart (another tab, the checkout): read it again and re-plan once.
          remote = savedCart.cartId ? await fetchCart(savedCart.cartId) : null;
          continue;
        }
        if (error.status === 422 && error.request) {
          const failed = error.request;
          if (failed.method === 'POST' && itemCount(failed.body) > 1) {
            // One refused item fails the whole request: add them one at a time to name the line. The good
            // ones stay in the cart, so the shopper only has to fix the line named.
            const cart = await addOneByOne(failed, savedCart, error.cart);
            const { requests: rest } = planOrThrow(savedCart, cart, customerId);
            const final = await run(rest, cart);
            return { cartId: final ? final.id : null, cart: final ? normaliseCart(final, core) : null };
          }
          const refused = failed.method === 'PUT' && failed.body?.line_item
            ? { group: 'line_items', item: failed.body.line_item }
            : firstItem(failed.body ?? {});
          throw lineRejected(error, refused, savedCart, error.cart ? error.cart.id : null);
        }
        throw error;
      }
    }
  }

  function planOrThrow(savedCart, remote, customerId) {
    try {
      return core.planCartSync(savedCart, remote, { channelId: config.channelId, customerId });
    } catch (error) {
      // The core names the field: a corrupt or hostile document is the browser's problem, not ours.
      throw new HttpError(error.code === 'invalid_remote_cart' ? 502 : 400, error.code ?? 'invalid_cart', error.message);
    }
  }

  return { sync };
}

function itemCount(body) {
  return (body.line_items?.length ?? 0) + (body.custom_items?.length ?? 0) + (body.gift_certificates?.length ?? 0);
}

function firstItem(body) {
  for (const group of ['line_items', 'custom_items', 'gift_certificates']) {
    if (body[group]?.length) return { group, item: body[group][0] };
  }
  return null;
}

// Finds the shopper's line that a Cart API item came from, to name it in the error: the closest match on
// product, variant and option selections (a PUT carries BigCommerce's variant id, which a line given by its
// options does not have).
function lineOf(savedCart, group, item) {
  if (!item) return undefined;
  const lines = Array.isArray(savedCart.lines) ? savedCart.lines : [];
  if (group === 'custom_items') return lines.find((l) => l.type === 'custom' && l.sku === item.sku);
  if (group === 'gift_certificates') return lines.find((l) => l.type === 'giftCertificate' && l.name === item.name);
  const key = (selections) => JSON.stringify((selections ?? []).map((o) => [o.option_id ?? o.optionId, o.option_value ?? o.optionValue])
    .sort((a, b) => a[0] - b[0]));
  const candidates = lines.filter((l) => l.type === 'product' && l.productId === item.product_id);
  const score = (l) => (item.variant_id !== undefined && l.variantId === item.variant_id ? 2 : 0) +
    (item.option_selections && key(item.option_selections) === key(l.optionSelections) ? 2 : 0) +
    (item.variant_id !== undefined && l.variantId !== undefined && l.variantId !== item.variant_id ? -4 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

function lineRejected(error, refused, savedCart, cartId) {
  const item = refused ? refused.item : null;
  const line = refused ? lineOf(savedCart, refused.group, item) : undefined;
  const body = error.body ?? {};
  const detail = body.errors && typeof body.errors === 'object' ? Object.values(body.errors).filter((v) => typeof v === 'string') : [];
  const message = [body.title, ...detail].filter(Boolean).join(': ') || 'BigCommerce refused an item of the cart';
  return new HttpError(422, 'line_rejected', message, {
    details: { lineId: line ? line.id : null, productId: item && item.product_id !== undefined ? item.product_id : null, cartId },
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
