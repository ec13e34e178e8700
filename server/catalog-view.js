// The catalog as a storefront may show it. The stub reads products with the Management API, which answers
// everything the control panel knows (cost price, stock counts, bin numbers, units sold, hidden products);
// a shopper gets only visible products, only the fields a storefront renders (the allowlists below, listed in
// docs/server.md), and on a channel that has listings only the products listed there. A merchant may widen the
// product fields with CATALOG_EXTRA_FIELDS; nothing a shopper sends can.
import { HttpError } from './http.js';

/** Product fields a storefront renders (products_catalog.v3.yml, Product_Full). */
const PRODUCT_FIELDS = Object.freeze([
  'id', 'name', 'type', 'sku', 'description', 'price', 'sale_price', 'retail_price', 'calculated_price',
  'is_price_hidden', 'price_hidden_label', 'categories', 'brand_id', 'custom_url', 'is_visible', 'is_featured',
  'is_free_shipping', 'availability', 'availability_description', 'condition', 'is_condition_shown',
  'order_quantity_minimum', 'order_quantity_maximum', 'is_preorder_only', 'preorder_release_date',
  'preorder_message', 'sort_order', 'date_created', 'date_modified',
]);
const VARIANT_FIELDS = ['id', 'product_id', 'sku', 'price', 'sale_price', 'retail_price', 'calculated_price', 'image_url', 'purchasing_disabled', 'purchasing_disabled_message'];
const OPTION_FIELDS = ['id', 'product_id', 'display_name', 'type', 'config', 'sort_order'];
const OPTION_VALUE_FIELDS = ['id', 'label', 'sort_order', 'value_data', 'is_default'];
const VARIANT_OPTION_VALUE_FIELDS = ['id', 'label', 'option_id', 'option_display_name'];
const MODIFIER_FIELDS = ['id', 'product_id', 'display_name', 'type', 'required', 'sort_order', 'config'];
const IMAGE_FIELDS = ['id', 'product_id', 'is_thumbnail', 'sort_order', 'description', 'url_zoom', 'url_standard', 'url_thumbnail', 'url_tiny'];
// Fields a merchant may add with CATALOG_EXTRA_FIELDS: the rest of Product_Full's plain fields. Sub-resources
// (variants, options, modifiers, images) keep their own allowlists.
export const EXTRA_PRODUCT_FIELDS = Object.freeze([
  'weight', 'width', 'depth', 'height', 'map_price', 'inventory_level', 'inventory_warning_level',
  'inventory_tracking', 'total_sold', 'reviews_rating_sum', 'reviews_count', 'upc', 'mpn', 'gtin',
  'search_keywords', 'warranty', 'page_title', 'meta_keywords', 'meta_description', 'view_count',
  'related_products', 'layout_file', 'option_set_display', 'gift_wrapping_options_type',
  'gift_wrapping_options_list', 'tax_class_id', 'product_tax_code', 'fixed_cost_shipping_price',
  'cost_price', 'bin_picking_number',
]);

const QUERY_KEYS = new Set(['page', 'limit', 'id:in', 'keyword', 'categories:in', 'brand_id', 'sort', 'direction']);
const INCLUDE = 'variants,options,modifiers,images';
const PRODUCT_ID = /^[1-9][0-9]{0,9}$/;
const LISTINGS_TTL_MS = 5 * 60_000;

const pick = (object, fields) => {
  const out = {};
  for (const field of fields) if (object[field] !== undefined) out[field] = object[field];
  return out;
};

// In stock, without the count: what "show stock levels" off gives a shopper on a hosted storefront.
function inStock(product, variant) {
  if (product.inventory_tracking === 'variant' && variant) return variant.inventory_level > 0;
  if (product.inventory_tracking === 'product') return product.inventory_level > 0;
  return true;
}

/** The storefront view of one Management API product. */
function storefrontProduct(product, extraFields = []) {
  const out = pick(product, [...PRODUCT_FIELDS, ...extraFields]);
  out.is_in_stock = inStock(product) && (!Array.isArray(product.variants) || product.variants.length === 0
    || product.variants.some((v) => !v.purchasing_disabled && inStock(product, v)));
  if (Array.isArray(product.variants)) {
    out.variants = product.variants.map((v) => ({
      ...pick(v, VARIANT_FIELDS),
      option_values: (v.option_values ?? []).map((ov) => pick(ov, VARIANT_OPTION_VALUE_FIELDS)),
      is_in_stock: inStock(product, v),
    }));
  }
  if (Array.isArray(product.options)) {
    out.options = product.options.map((o) => ({ ...pick(o, OPTION_FIELDS), option_values: (o.option_values ?? []).map((v) => pick(v, OPTION_VALUE_FIELDS)) }));
  }
  if (Array.isArray(product.modifiers)) {
    out.modifiers = product.modifiers.map((m) => ({
      ...pick(m, MODIFIER_FIELDS),
      option_values: (m.option_values ?? []).map((v) => {
        const value = pick(v, OPTION_VALUE_FIELDS);
        // What a shopper sees of an adjuster: the price change, and whether choosing it stops the purchase.
        if (v.adjusters) {
          value.adjusters = {};
          if (v.adjusters.price) value.adjusters.price = pick(v.adjusters.price, ['adjuster', 'adjuster_value']);
          if (v.adjusters.purchasing_disabled) value.adjusters.purchasing_disabled = pick(v.adjusters.purchasing_disabled, ['status', 'message']);
        }
        return value;
      }),
    }));
  }
  if (Array.isArray(product.images)) out.images = product.images.map((image) => pick(image, IMAGE_FIELDS));
  return out;
}

/**
 * @param {{ upstream: { request(method: string, path: string): Promise<{ json: any }> }, channelId: number,
 *           extraFields?: string[], now?: () => number }} options
 */
export function createCatalogView({ upstream, channelId, extraFields = [], now = () => Date.now() }) {
  let listings = null; // { ids: Set<number> | null, at }
  let listingsPending = null;

  // The channel's active listings (channels.v3.yml getChannelListings), cached: null when it has none, which on
  // BigCommerce means the channel sells the whole visible catalog.
  async function listedIds() {
    if (listings && now() - listings.at < LISTINGS_TTL_MS) return listings.ids;
    listingsPending ??= (async () => {
      try {
        const ids = new Set();
        let any = false;
        let after = null;
        for (let page = 0; page < 100; page++) {
          const query = new URLSearchParams({ limit: '1000' });
          if (after !== null) query.set('after', String(after));
          const { json } = await upstream.request('GET', `/v3/channels/${channelId}/listings?${query}`);
          const data = Array.isArray(json?.data) ? json.data : [];
          for (const listing of data) {
            any = true;
            if (listing.state === 'active' && Number.isInteger(listing.product_id)) ids.add(listing.product_id);
          }
          const next = json?.meta?.pagination?.links?.next;
          if (!next || data.length === 0) break;
          after = data[data.length - 1].listing_id;
        }
        listings = { ids: any ? ids : null, at: now() };
      } finally {
        listingsPending = null;
      }
    })();
    await listingsPending;
    return listings.ids;
  }

  return {
    /** GET /catalog/products: a page of visible (and, with listings, listed) products. */
    async list(incoming) {
      const query = new URLSearchParams({ include: INCLUDE });
      for (const [key, value] of incoming) if (QUERY_KEYS.has(key)) query.set(key, value);
      query.set('is_visible', 'true'); // whatever the shopper asked for
      const [{ json: body }, listed] = await Promise.all([upstream.request('GET', `/v3/catalog/products?${query}`), listedIds()]);
      const data = (Array.isArray(body?.data) ? body.data : [])
        .filter((p) => p.is_visible === true && (!listed || listed.has(p.id)))
        .map((p) => storefrontProduct(p, extraFields));
      return { data, meta: body?.meta?.pagination ? { pagination: body.meta.pagination } : {} };
    },

    /** GET /catalog/products/:id: a hidden or unlisted product is no product (404). */
    async one(id) {
      if (!PRODUCT_ID.test(id)) throw new HttpError(404, 'not_found', 'No such product id');
      const [{ json: body }, listed] = await Promise.all([upstream.request('GET', `/v3/catalog/products/${id}?include=${INCLUDE}`), listedIds()]);
      const product = body?.data;
      if (!product || product.is_visible !== true || (listed && !listed.has(product.id))) {
        throw new HttpError(404, 'not_found', 'BigCommerce has no such resource');
      }
      return { data: storefrontProduct(product, extraFields), meta: {} };
    },
  };
}
