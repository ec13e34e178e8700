// The catalog: products, variants, options and modifiers (products_catalog.v3.yml,
// product-variants_catalog.v3.yml), and the rules that turn a cart request's product_id, variant_id and
// option_selections into a priced line. Prices always come from here, never from a request.
import { ApiError, missingFields, notFound, unprocessable } from './errors.js';
import { includesOf, integerList, storeJson, pageOf, paginate, pagination } from './store-http.js';
import { toNumber } from './money.js';

export const findProduct = (state, id) => state.products.find((p) => p.id === id) ?? null;
export const isSimple = (product) => product.options.length === 0;
export const slugPath = (product) => `/${product.slug}/`;

/** Price (original) and list price (the sale price when lower) of one unit, in minor units of `currency`. */
export function unitPrices(product, variant, modifiers, currency) {
  const base = variant.prices?.[currency] ?? product.prices[currency];
  const sale = variant.sale?.[currency] ?? product.sale?.[currency] ?? 0;
  let adjust = 0;
  for (const chosen of modifiers) {
    if (chosen.value_id === undefined) continue;
    const modifier = product.modifiers.find((m) => m.id === chosen.option_id);
    const value = modifier?.values.find((v) => v.id === chosen.value_id);
    adjust += value?.adjust?.[currency] ?? 0;
  }
  return { original: base + adjust, list: (sale > 0 && sale < base ? sale : base) + adjust };
}

/** How many units can still be sold (Infinity when inventory is not tracked). */
export function stockOf(product, variant) {
  if (product.inventory_tracking === 'product') return product.inventory_level;
  if (product.inventory_tracking === 'variant') return variant.inventory_level;
  return Infinity;
}

/** Sells `quantity` units; inside a transaction, registers how to give them back if it is rolled back. */
export function takeStock(ctx, product, variant, quantity) {
  const holder = product.inventory_tracking === 'product' ? product : product.inventory_tracking === 'variant' ? variant : null;
  if (!holder) return;
  holder.inventory_level -= quantity;
  ctx.undo?.(() => {
    holder.inventory_level += quantity;
  });
}

/** The shopper-facing options of a line: variant option values, then modifiers (cart ProductOption). */
export function optionsView(product, variant, modifiers) {
  const out = [];
  for (const option of [...product.options].sort((a, b) => a.sort_order - b.sort_order)) {
    const chosen = variant.option_values.find((ov) => ov.option_id === option.id);
    const value = chosen && option.values.find((v) => v.id === chosen.id);
    if (value) out.push({ name: option.display_name, nameId: option.id, value: value.label, valueId: value.id });
  }
  for (const modifier of [...product.modifiers].sort((a, b) => a.sort_order - b.sort_order)) {
    const chosen = modifiers.find((m) => m.option_id === modifier.id);
    if (!chosen) continue;
    if (chosen.text !== undefined) {
      // A text modifier has no value id; its value is the shopper's text.
      out.push({ name: modifier.display_name, nameId: modifier.id, value: chosen.text });
    } else {
      const value = modifier.values.find((v) => v.id === chosen.value_id);
      if (value) out.push({ name: modifier.display_name, nameId: modifier.id, value: value.label, valueId: value.id });
    }
  }
  return out;
}

const isPositiveInteger = (v) => Number.isInteger(v) && v > 0;
const asId = (v) => (typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v);

/**
 * Resolves a cart request item to { product, variant, modifiers, key }, or throws the 422 BigCommerce gives.
 * carts.v3.yml: "If a product has modifiers, omit the variant_id and instead use the option_selections array
 * to describe both the variant and the modifier selections."
 */
export function resolveProductItem(state, item) {
  const productId = asId(item.product_id);
  if (!isPositiveInteger(productId)) throw missingFields({ product_id: 'product_id must be a positive integer' });
  const product = findProduct(state, productId);
  if (!product) throw missingFields({ product_id: `Product ${productId} does not exist` });
  if (product.availability === 'disabled' || !product.is_visible) {
    throw unprocessable(`The ${product.name} is not available for purchase.`);
  }

  const selections = item.option_selections ?? [];
  if (!Array.isArray(selections)) throw missingFields({ option_selections: 'option_selections must be an array' });
  const variantChoices = new Map(); // option id -> value id
  const modifiers = [];
  for (const selection of selections) {
    const optionId = asId(selection?.option_id);
    if (!isPositiveInteger(optionId)) throw missingFields({ option_selections: 'option_id must be a positive integer' });
    const option = product.options.find((o) => o.id === optionId);
    const modifier = product.modifiers.find((m) => m.id === optionId);
    if (!option && !modifier) throw missingFields({ option_selections: `Option ${optionId} does not belong to product ${product.id}` });
    if (variantChoices.has(optionId) || modifiers.some((m) => m.option_id === optionId)) {
      throw missingFields({ option_selections: `Option ${optionId} is selected twice` });
    }
    const raw = selection.option_value;
    if (option) {
      const valueId = asId(raw);
      if (!option.values.some((v) => v.id === valueId)) {
        throw missingFields({ option_selections: `${JSON.stringify(raw)} is not a value of ${option.display_name}` });
      }
      variantChoices.set(optionId, valueId);
    } else if (modifier.type === 'text' || modifier.type === 'multi_line_text') {
      const text = typeof raw === 'number' ? String(raw) : raw;
      if (typeof text !== 'string') throw missingFields({ option_selections: `${modifier.display_name} must be text` });
      const max = modifier.config.text_max_length ?? 1000;
      if (!text.trim() && modifier.required) throw unprocessable(`Please create some text for the ${modifier.display_name} option.`);
      if (text.length > max) throw missingFields({ option_selections: `${modifier.display_name} must be at most ${max} characters` });
      if (text.trim()) modifiers.push({ option_id: optionId, text });
    } else {
      const valueId = asId(raw);
      if (!modifier.values.some((v) => v.id === valueId)) {
        throw missingFields({ option_selections: `${JSON.stringify(raw)} is not a value of ${modifier.display_name}` });
      }
      modifiers.push({ option_id: optionId, value_id: valueId });
    }
  }
  for (const modifier of product.modifiers) {
    if (modifier.required && !modifiers.some((m) => m.option_id === modifier.id)) {
      if (modifier.type === 'text') throw unprocessable(`Please create some text for the ${modifier.display_name} option.`);
      throw missingFields({ option_selections: `${modifier.display_name} is required` });
    }
  }
  modifiers.sort((a, b) => a.option_id - b.option_id);

  let variant;
  const variantId = item.variant_id === undefined || item.variant_id === null ? undefined : asId(item.variant_id);
  if (variantId !== undefined) {
    if (!isPositiveInteger(variantId)) throw missingFields({ variant: 'variant_id must be a positive integer' });
    variant = product.variants.find((v) => v.id === variantId);
    if (!variant) throw missingFields({ variant: `Variant ${variantId} does not belong to product ${product.id}` });
  }
  if (isSimple(product)) {
    variant ??= product.variants[0];
  } else if (variantChoices.size) {
    if (variantChoices.size < product.options.length && !variant) {
      throw missingFields({ variant: 'This product has options, variant ID is required' });
    }
    const byChoice = product.variants.find((v) => v.option_values.every((ov) => variantChoices.get(ov.option_id) === ov.id));
    if (variantChoices.size === product.options.length) {
      if (!byChoice) throw missingFields({ variant: 'No variant matches the selected options' });
      if (variant && variant.id !== byChoice.id) throw missingFields({ variant: 'The variant does not match the selected options' });
      variant = byChoice;
    } else if (variant && ![...variantChoices].every(([o, v]) => variant.option_values.some((ov) => ov.option_id === o && ov.id === v))) {
      throw missingFields({ variant: 'The variant does not match the selected options' });
    }
  } else if (!variant) {
    // The exact body BigCommerce sends (BigCommerce's carts guide; docs/bigcommerce-behaviour.md).
    throw missingFields({ variant: 'This product has options, variant ID is required' });
  }
  if (variant.purchasing_disabled) {
    throw unprocessable(`The selected ${product.name} cannot be purchased: ${variant.purchasing_disabled_message || 'it is not available'}.`);
  }
  return { product, variant, modifiers, key: `${product.id}:${variant.id}:${JSON.stringify(modifiers)}` };
}

// ---- URLs ------------------------------------------------------------------------------------------

function fillRoute(template, entity) {
  return template.replaceAll('{id}', String(entity.id)).replaceAll('{slug}', entity.slug).replaceAll('{language}', 'en');
}

/**
 * The shopper-facing URL of a product for a channel: the channel site's product route when one is set
 * (sites.v3.yml; guides: "If you don't add a route ... we will default to the BigCommerce storefront URL"),
 * else the hosted store's page.
 */
export function productUrl(ctx, product, channelId = ctx.options.channelId) {
  const site = ctx.state.sites.find((s) => s.channel_id === channelId);
  if (site) {
    const routes = ctx.state.routes.filter((r) => r.site_id === site.id && r.type === 'product');
    const route = routes.find((r) => r.matching === String(product.id)) ?? routes.find((r) => r.matching === '*');
    if (route) return new URL(fillRoute(route.route, product), site.url).href;
  }
  return `${ctx.options.origin}${slugPath(product)}`;
}

export const imageUrl = (ctx, product) => `${ctx.options.origin}${product.images[0].path}`;

// ---- REST rendering ----------------------------------------------------------------------------------

const money = (minor) => (minor === null || minor === undefined ? null : toNumber(minor));

function inventoryOf(product) {
  if (product.inventory_tracking === 'product') return product.inventory_level;
  if (product.inventory_tracking === 'variant') return product.variants.reduce((sum, v) => sum + v.inventory_level, 0);
  return 0;
}

function renderVariant(ctx, product, v) {
  const simple = isSimple(product);
  const prices = unitPrices(product, v, [], 'USD');
  return {
    id: v.id,
    product_id: product.id,
    sku: v.sku,
    sku_id: simple ? null : v.id, // null for a base variant (product-variants_catalog.v3.yml)
    price: money(v.prices?.USD),
    calculated_price: toNumber(prices.list),
    sale_price: money(v.sale?.USD),
    retail_price: null,
    weight: null,
    calculated_weight: product.weight,
    width: null,
    height: null,
    depth: null,
    is_free_shipping: false,
    fixed_cost_shipping_price: null,
    purchasing_disabled: v.purchasing_disabled,
    purchasing_disabled_message: v.purchasing_disabled_message,
    image_url: '',
    cost_price: null,
    upc: '',
    mpn: '',
    gtin: '',
    inventory_level: product.inventory_tracking === 'variant' ? v.inventory_level : 0,
    inventory_warning_level: 0,
    bin_picking_number: '',
    option_values: v.option_values.map((ov) => {
      const option = product.options.find((o) => o.id === ov.option_id);
      const value = option.values.find((val) => val.id === ov.id);
      return { id: ov.id, label: value.label, option_id: ov.option_id, option_display_name: option.display_name };
    }),
  };
}

function renderOption(product, o) {
  return {
    id: o.id,
    product_id: product.id,
    display_name: o.display_name,
    type: o.type,
    config: {},
    sort_order: o.sort_order,
    option_values: o.values.map((v) => ({ id: v.id, label: v.label, sort_order: v.sort_order, value_data: v.value_data ?? null, is_default: v.is_default })),
  };
}

function renderModifier(product, m) {
  return {
    id: m.id,
    product_id: product.id,
    name: m.name,
    display_name: m.display_name,
    type: m.type,
    required: m.required,
    sort_order: m.sort_order,
    config: m.config,
    option_values: m.values.map((v) => {
      // adjuster_Full's `adjuster` is a non-nullable enum; "no adjustment" leaves the adjuster out.
      const adjusters = { image_url: '', purchasing_disabled: { status: false, message: '' } };
      if (v.adjust) adjusters.price = { adjuster: 'relative', adjuster_value: toNumber(v.adjust.USD) };
      return { id: v.id, option_id: m.id, label: v.label, sort_order: v.sort_order, value_data: null, is_default: v.is_default, adjusters };
    }),
  };
}

function renderImage(ctx, product, image) {
  const url = `${ctx.options.origin}${image.path}`;
  return {
    id: image.id,
    product_id: product.id,
    is_thumbnail: image.is_thumbnail,
    sort_order: image.sort_order,
    description: image.description,
    image_file: image.path.slice(1),
    url_zoom: url,
    url_standard: url,
    url_thumbnail: url,
    url_tiny: url,
    date_modified: product.date_modified,
  };
}

function renderProduct(ctx, product, includes = new Set()) {
  const price = product.prices.USD;
  const sale = product.sale?.USD ?? 0;
  const out = {
    id: product.id,
    name: product.name,
    type: product.type,
    sku: product.sku,
    description: product.description,
    weight: product.weight,
    width: product.width,
    depth: product.depth,
    height: product.height,
    price: toNumber(price),
    cost_price: 0,
    retail_price: 0,
    sale_price: toNumber(sale),
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: toNumber(sale > 0 && sale < price ? sale : price),
    categories: product.categories,
    brand_id: product.brand_id,
    option_set_display: 'right',
    inventory_level: inventoryOf(product),
    inventory_warning_level: 0,
    inventory_tracking: product.inventory_tracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: product.total_sold ?? 0,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: product.is_visible,
    is_featured: product.is_featured,
    related_products: [],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    search_keywords: '',
    availability: product.availability,
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: product.order_quantity_minimum,
    order_quantity_maximum: product.order_quantity_maximum,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: product.date_created,
    date_modified: product.date_modified,
    view_count: 0,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: slugPath(product), is_customized: false },
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  // "base_variant_id: ... This value is null for complex products": left out for them, as the schema types it integer.
  if (isSimple(product)) out.base_variant_id = product.variants[0].id;
  if (includes.has('variants')) out.variants = product.variants.map((v) => renderVariant(ctx, product, v));
  if (includes.has('options')) out.options = product.options.map((o) => renderOption(product, o));
  if (includes.has('modifiers')) out.modifiers = product.modifiers.map((m) => renderModifier(product, m));
  if (includes.has('images')) out.images = product.images.map((i) => renderImage(ctx, product, i));
  if (includes.has('primary_image')) out.primary_image = renderImage(ctx, product, product.images[0]);
  if (includes.has('custom_fields')) out.custom_fields = [];
  if (includes.has('bulk_pricing_rules')) out.bulk_pricing_rules = [];
  if (includes.has('videos')) out.videos = [];
  if (includes.has('channels')) out.channels = ctx.state.channels.map((c) => c.id);
  return out;
}

function project(url, record) {
  const include = url.searchParams.get('include_fields');
  const exclude = url.searchParams.get('exclude_fields');
  if (!include && !exclude) return record;
  const keep = include ? new Set(['id', ...include.split(',').map((s) => s.trim())]) : null;
  const drop = exclude ? new Set(exclude.split(',').map((s) => s.trim()).filter((f) => f !== 'id')) : new Set();
  const out = {};
  for (const [key, value] of Object.entries(record)) {
    if ((keep && !keep.has(key) && !['variants', 'options', 'modifiers', 'images', 'primary_image'].includes(key)) || drop.has(key)) continue;
    out[key] = value;
  }
  return out;
}

/** The products matching a storefront-style keyword (name, description, sku, brand name). */
export function searchProducts(state, keyword) {
  const words = String(keyword).toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return state.products.filter((p) => {
    const brand = state.brands.find((b) => b.id === p.brand_id);
    const haystack = [p.name, p.description.replace(/<[^>]*>/g, ' '), p.sku, brand?.name ?? ''].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function filterProducts(ctx, url) {
  const q = url.searchParams;
  let list = ctx.state.products;
  const single = q.get('id');
  if (single !== null) list = list.filter((p) => p.id === Number(single));
  const ids = integerList(url, 'id:in');
  if (ids) list = list.filter((p) => ids.includes(p.id));
  const notIds = integerList(url, 'id:not_in');
  if (notIds) list = list.filter((p) => !notIds.includes(p.id));
  const categories = integerList(url, 'categories:in');
  if (categories) list = list.filter((p) => categories.every((c) => p.categories.includes(c)));
  if (q.get('categories') !== null) list = list.filter((p) => p.categories.length === 1 && p.categories[0] === Number(q.get('categories')));
  if (q.get('brand_id') !== null) list = list.filter((p) => p.brand_id === Number(q.get('brand_id')));
  if (q.get('name') !== null) list = list.filter((p) => p.name === q.get('name'));
  if (q.get('sku') !== null) list = list.filter((p) => p.sku === q.get('sku'));
  if (q.get('type') !== null) list = list.filter((p) => p.type === q.get('type'));
  if (q.get('availability') !== null) list = list.filter((p) => p.availability === q.get('availability'));
  if (q.get('is_visible') !== null) list = list.filter((p) => p.is_visible === (q.get('is_visible') === 'true' || q.get('is_visible') === '1'));
  if (q.get('is_featured') !== null) list = list.filter((p) => p.is_featured === (q.get('is_featured') === '1'));
  if (q.get('keyword') !== null) {
    const found = new Set(searchProducts(ctx.state, q.get('keyword')).map((p) => p.id));
    list = list.filter((p) => found.has(p.id));
  }
  const sort = q.get('sort') ?? 'id';
  const keyOf = { id: (p) => p.id, name: (p) => p.name, sku: (p) => p.sku, price: (p) => p.prices.USD, date_modified: (p) => p.date_modified, total_sold: (p) => p.total_sold ?? 0 }[sort];
  if (!keyOf) throw new ApiError(422, 'The filter parameter is not valid.', { errors: { sort: `cannot sort by ${sort}` } });
  const direction = q.get('direction') === 'desc' ? -1 : 1;
  return [...list].sort((a, b) => (keyOf(a) < keyOf(b) ? -direction : keyOf(a) > keyOf(b) ? direction : 0));
}

export function registerCatalogRoutes(router, ctx) {
  router.add('GET', '/v3/catalog/products', async ({ url }) => {
    const includes = includesOf(url);
    const list = filterProducts(ctx, url);
    // products_catalog.v3.yml: "When you specify options or modifiers, results are limited to 10 per page."
    const max = includes.has('options') || includes.has('modifiers') ? 10 : 250;
    const paging = pageOf(url, { defaultLimit: Math.min(50, max), max });
    const page = paginate(list, paging);
    return storeJson(200, {
      data: page.map((p) => project(url, renderProduct(ctx, p, includes))),
      meta: { pagination: pagination(url, list.length, paging, page.length) },
    });
  });

  router.add('GET', '/v3/catalog/products/:productId', async ({ url, params }) => {
    const product = /^\d{1,10}$/.test(params.productId) ? findProduct(ctx.state, Number(params.productId)) : null;
    if (!product) throw notFound('The requested product was not found.');
    return storeJson(200, { data: project(url, renderProduct(ctx, product, includesOf(url))), meta: {} });
  });

  router.add('GET', '/v3/catalog/products/:productId/variants', async ({ url, params }) => {
    const product = /^\d{1,10}$/.test(params.productId) ? findProduct(ctx.state, Number(params.productId)) : null;
    if (!product) throw notFound('The requested product was not found.');
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(product.variants, paging);
    return storeJson(200, {
      data: page.map((v) => project(url, renderVariant(ctx, product, v))),
      meta: { pagination: pagination(url, product.variants.length, paging, page.length) },
    });
  });
}
