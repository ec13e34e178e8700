// The Cart API (carts.v3.yml): carts, line items, redirect URLs. A cart is stored in the sandbox's own
// shape (money in minor units) and rendered as Cart_Full on every answer, so prices, names, SKUs, images
// and URLs are always the catalog's; only a custom item's list_price comes from the request.
import { randomFillSync, randomUUID } from 'node:crypto';
import { findProduct, imageUrl, optionsView, productUrl, resolveProductItem, stockOf, unitPrices } from './catalog.js';
import { checkoutOriginOf } from './channels.js';
import { COUPON_TYPE_CODES, couponRefusal, eligibleLines, findCoupon, isShippingCoupon, itemDiscount } from './coupons.js';
import { findCustomer } from './customers.js';
import { ApiError, conflict, invalidJson, missingFields, notFound, unprocessable } from './errors.js';
import { includesOf, storeJson, noContent, readStoreJson, requireObject } from './store-http.js';
import { fromAmount, toDecimalString, toNumber } from './money.js';

const CART_LIFETIME_MS = 30 * 24 * 3600 * 1000; // "Carts are valid for 30 days from the last modification"
const REDIRECT_LIFETIME_MS = 30 * 24 * 3600 * 1000; // "A Carts redirect URL is valid for 30 days"
const MAX_LINES = 250;
const THEMES = ['Birthday', 'Boy', 'Celebration', 'Christmas', 'General', 'Girl'];
const CART_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (ms) => new Date(ms).toISOString();
const isPositiveInteger = (v) => Number.isInteger(v) && v > 0;

// ---- lookup and lifecycle ------------------------------------------------------------------------------

/** The live cart with this id, or null (unknown, deleted, or expired 30 days after its last change). */
export function findCart(ctx, id) {
  if (typeof id !== 'string' || !CART_ID.test(id)) return null;
  const cart = ctx.state.carts[id];
  if (!cart) return null;
  if (ctx.now() - cart.updated_at > CART_LIFETIME_MS) return null;
  return cart;
}

export function requireCart(ctx, id) {
  const cart = findCart(ctx, id);
  if (!cart) throw notFound('Cart not found');
  return cart;
}

export function deleteCart(ctx, id) {
  delete ctx.state.carts[id];
  for (const [token, entry] of Object.entries(ctx.state.redirectTokens)) if (entry.cart_id === id) delete ctx.state.redirectTokens[token];
}

/** Every change: a new version and a new last-modified time (Cart_Full.version, updated_time). */
export function touch(ctx, cart) {
  cart.version += 1;
  cart.updated_at = ctx.now();
}

/** Optimistic concurrency: a `version` in the body must be the cart's current one (else 409). */
export function checkVersion(cart, body) {
  if (body && typeof body === 'object' && body.version !== undefined && body.version !== null) {
    if (!Number.isInteger(body.version)) throw invalidJson({ version: 'error.expected.jsnumber' });
    if (body.version !== cart.version) throw conflict();
  }
}

export function pruneCarts(ctx) {
  const now = ctx.now();
  for (const [id, cart] of Object.entries(ctx.state.carts)) if (now - cart.updated_at > CART_LIFETIME_MS) deleteCart(ctx, id);
  for (const [token, entry] of Object.entries(ctx.state.redirectTokens)) {
    if (now - entry.created_at > REDIRECT_LIFETIME_MS) delete ctx.state.redirectTokens[token];
  }
}

export function newCart(ctx, { channelId, currency, customerId = 0, locale = 'en' }) {
  const now = ctx.now();
  const cart = {
    id: randomUUID(),
    customer_id: customerId,
    channel_id: channelId,
    currency,
    locale,
    version: 1,
    created_at: now,
    updated_at: now,
    items: [],
    coupons: [],
    checkout: { billing: null, consignments: [], customer_message: '' },
  };
  ctx.state.carts[cart.id] = cart;
  return cart;
}

// ---- pricing -------------------------------------------------------------------------------------------

/**
 * The cart's numbers: each line priced from the catalog, item coupons spread over the lines they apply to
 * (coupons.js; gift certificates are never discounted). A coupon the cart no longer qualifies for (its minimum
 * no longer met, its items removed) stays on the cart but takes nothing off until it qualifies again. Shipping
 * coupons are listed with what they take off the checkout's shipping (checkouts.js priceCheckout), here nothing.
 */
export function priceCart(ctx, cart) {
  const lines = cart.items.map((item) => {
    if (item.kind === 'product') {
      const product = findProduct(ctx.state, item.product_id);
      const variant = product.variants.find((v) => v.id === item.variant_id);
      const unit = unitPrices(product, variant, item.modifiers, cart.currency);
      return { item, product, variant, unit, extended: unit.list * item.quantity, extendedOriginal: unit.original * item.quantity, coupon: 0 };
    }
    if (item.kind === 'custom') return { item, extended: item.list_price * item.quantity, coupon: 0 };
    return { item, extended: item.amount, coupon: 0 };
  });
  const coupons = [];
  for (const code of cart.coupons) {
    const coupon = findCoupon(ctx, code);
    if (!coupon || couponRefusal(ctx, cart, coupon, lines)) continue;
    if (isShippingCoupon(coupon)) {
      coupons.push({ coupon, amount: 0 });
      continue;
    }
    const eligible = eligibleLines(coupon, lines);
    const { amount, shares } = itemDiscount(coupon, eligible);
    eligible.forEach((l, i) => { l.coupon += shares[i]; });
    coupons.push({ coupon, amount });
  }
  const baseAmount = lines.reduce((sum, l) => sum + l.extended, 0);
  const couponTotal = coupons.reduce((sum, c) => sum + c.amount, 0);
  return { lines, coupons, baseAmount, couponTotal, cartAmount: baseAmount - couponTotal };
}

export function cartEmail(ctx, cart) {
  const customer = cart.customer_id ? findCustomer(ctx.state, cart.customer_id) : null;
  return customer?.email ?? cart.checkout.billing?.email ?? '';
}

// ---- rendering (Cart_Full) -------------------------------------------------------------------------------

function itemCoupons(priced, line) {
  if (!line.coupon) return [];
  return priced.coupons.map(({ coupon }) => ({
    id: coupon.id,
    code: coupon.code,
    name: coupon.name,
    discountType: Number(COUPON_TYPE_CODES[coupon.type]),
    discountAmount: coupon.type === 'percentage_discount' ? coupon.amount : toNumber(coupon.amount),
    expiresDate: coupon.expires ? Math.floor(coupon.expires / 1000) : 0,
    totalDiscount: toNumber(line.coupon),
  }));
}

/** The fields a physical or digital item has in both the cart and the checkout. */
export function productItemFields(ctx, cart, line) {
  const { item, product, variant, unit } = line;
  return {
    id: item.id,
    variant_id: variant.id,
    product_id: product.id,
    sku: variant.sku,
    name: product.name,
    url: productUrl(ctx, product, cart.channel_id),
    quantity: item.quantity,
    image_url: imageUrl(ctx, product),
    discounts: line.coupon ? [{ id: 'coupon', discounted_amount: toNumber(line.coupon) }] : [],
    discount_amount: toNumber(line.coupon),
    coupon_amount: toNumber(line.coupon),
    original_price: toNumber(unit.original),
    list_price: toNumber(unit.list),
    sale_price: toNumber(unit.list),
    extended_list_price: toNumber(unit.list * item.quantity),
    extended_sale_price: toNumber(unit.list * item.quantity),
    is_require_shipping: product.type === 'physical',
    is_mutable: true,
    added_by_promotion: false,
  };
}

export function lineOptions(line) {
  return optionsView(line.product, line.variant, line.item.modifiers);
}

function renderProductItem(ctx, cart, priced, line, withOptions) {
  const out = { ...productItemFields(ctx, cart, line), taxable: true, coupons: itemCoupons(priced, line) };
  if (line.product.type === 'digital') {
    out.download_file_urls = [];
    out.download_page_url = `${ctx.options.origin}/account.php?action=download_item`;
    out.download_size = '2MB';
  }
  if (withOptions) out.options = lineOptions(line);
  return out;
}

export function renderGiftCertificate(item) {
  const out = {
    id: item.id,
    name: item.name,
    theme: item.theme,
    amount: toNumber(item.amount),
    quantity: 1,
    taxable: false,
    sender: item.sender,
    recipient: item.recipient,
  };
  if (item.message) out.message = item.message;
  return out;
}

function renderCart(ctx, cart, includes = new Set()) {
  const priced = priceCart(ctx, cart);
  const physical = [];
  const digital = [];
  const custom = [];
  const gifts = [];
  for (const line of priced.lines) {
    const { item } = line;
    if (item.kind === 'product') {
      const isDigital = line.product.type === 'digital';
      const withOptions = includes.has(isDigital ? 'line_items.digital_items.options' : 'line_items.physical_items.options');
      (isDigital ? digital : physical).push(renderProductItem(ctx, cart, priced, line, withOptions));
    } else if (item.kind === 'custom') {
      // ItemCustomGet types quantity and list_price as strings.
      const out = { id: item.id, sku: item.sku, name: item.name, quantity: String(item.quantity), list_price: toDecimalString(item.list_price), extended_list_price: toNumber(line.extended) };
      if (item.image_url) out.image_url = item.image_url;
      custom.push(out);
    } else {
      gifts.push(renderGiftCertificate(item));
    }
  }
  return {
    id: cart.id,
    customer_id: cart.customer_id,
    channel_id: cart.channel_id,
    email: cartEmail(ctx, cart),
    currency: { code: cart.currency },
    tax_included: false,
    base_amount: toNumber(priced.baseAmount),
    discount_amount: 0, // order-level promotions only; coupons are in `coupons` (Cart_Full)
    manual_discount_amount: 0,
    cart_amount: toNumber(priced.cartAmount),
    coupons: priced.coupons.map(({ coupon, amount }) => ({
      code: coupon.code, id: String(coupon.id), coupon_type: COUPON_TYPE_CODES[coupon.type], discounted_amount: toNumber(amount), display_name: coupon.name,
    })),
    discounts: priced.couponTotal ? [{ id: 'coupon', discounted_amount: toNumber(priced.couponTotal) }] : [],
    line_items: { physical_items: physical, digital_items: digital, gift_certificates: gifts, custom_items: custom },
    created_time: iso(cart.created_at),
    updated_time: iso(cart.updated_at),
    locale: cart.locale,
    version: cart.version,
  };
}

// ---- redirect URLs -------------------------------------------------------------------------------------

// Redirect tokens come from a pool of random bytes filled 4 KB at a time, as randomUUID() caches its entropy:
// a randomBytes() call per token was ~6% of the sandbox's CPU per checkout. Each byte is used once.
const tokenPool = Buffer.alloc(4096);
let tokenPoolOffset = tokenPool.length;
function randomToken() {
  if (tokenPoolOffset + 32 > tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolOffset = 0;
  }
  tokenPoolOffset += 32;
  return tokenPool.toString('hex', tokenPoolOffset - 32, tokenPoolOffset);
}

/** Fresh single-use redirect URLs; the three share one token, as BigCommerce's do. */
function createRedirectUrls(ctx, cart, queryParams) {
  const token = randomToken();
  ctx.state.redirectTokens[token] = { cart_id: cart.id, created_at: ctx.now() };
  const extra = new URLSearchParams();
  if (queryParams && typeof queryParams === 'object') {
    for (const [key, value] of Object.entries(queryParams)) {
      if (!['action', 'id', 'token', 'embedded', 'login_code'].includes(key) && (typeof value === 'string' || typeof value === 'number')) {
        extra.set(key, String(value));
      }
    }
  }
  const tail = extra.size ? `&${extra}` : '';
  const base = `${ctx.options.origin}/cart.php`;
  // "Redirect URLs point to either a shared checkout domain or a channel-specific domain" (carts.v3.yml
  // createCartRedirectURL): the checkout entries go to the channel's checkout domain when it has one.
  const checkoutBase = `${checkoutOriginOf(ctx, cart.channel_id)}/cart.php`;
  return {
    cart_url: `${base}?action=load&id=${cart.id}&token=${token}${tail}`,
    checkout_url: `${checkoutBase}?action=loadInCheckout&id=${cart.id}&token=${token}${tail}`,
    embedded_checkout_url: `${checkoutBase}?embedded=1&action=loadInCheckout&id=${cart.id}&token=${token}${tail}`,
  };
}

/**
 * Uses up a redirect token: { cart } when it is good, else { status, reason } (wrong, used, expired).
 * "Once a redirect URL has been visited, it will be invalidated and cannot be used again."
 */
export function consumeRedirectToken(ctx, cartId, token) {
  const entry = typeof token === 'string' ? ctx.state.redirectTokens[token] : undefined;
  if (!entry || entry.cart_id !== cartId) {
    return { status: 403, reason: 'This cart link is not valid. Ask the store for a new one.' };
  }
  if (entry.used_at) return { status: 410, reason: 'This cart link has already been used. Cart links work once; go back to the store and start the checkout again.' };
  if (ctx.now() - entry.created_at > REDIRECT_LIFETIME_MS) return { status: 410, reason: 'This cart link has expired.' };
  entry.used_at = ctx.now();
  const cart = findCart(ctx, cartId);
  if (!cart) return { status: 410, reason: 'This cart no longer exists: it expired or became an order.' };
  return { cart };
}

// ---- adding and changing items ---------------------------------------------------------------------------

function checkQuantity(value, field = 'quantity') {
  if (!isPositiveInteger(value)) {
    if (typeof value !== 'number') throw invalidJson({ [field]: 'error.expected.jsnumber' });
    throw missingFields({ [field]: 'quantity must be a positive integer' });
  }
  return value;
}

/** Max/min purchase quantities and stock, over every line of the products a change touched. */
function checkProductRules(ctx, cart, productIds) {
  for (const productId of new Set(productIds)) {
    const product = findProduct(ctx.state, productId);
    const lines = cart.items.filter((i) => i.kind === 'product' && i.product_id === productId);
    if (!lines.length) continue;
    const total = lines.reduce((sum, i) => sum + i.quantity, 0);
    if (product.inventory_tracking === 'product' && total > product.inventory_level) throw outOfStock(product);
    if (product.inventory_tracking === 'variant') {
      for (const variant of product.variants) {
        const forVariant = lines.filter((i) => i.variant_id === variant.id).reduce((sum, i) => sum + i.quantity, 0);
        if (forVariant > stockOf(product, variant)) throw outOfStock(product);
      }
    }
    // The exact text BigCommerce sends (docs/bigcommerce-behaviour.md), as 409 or 422 (options.maxQuantityStatus).
    if (product.order_quantity_maximum > 0 && total > product.order_quantity_maximum) {
      throw purchaseLimit(ctx, `You can only purchase a maximum of ${product.order_quantity_maximum} of the ${product.name} per order.`);
    }
    if (product.order_quantity_minimum > 0 && total < product.order_quantity_minimum) {
      throw purchaseLimit(ctx, `You need to purchase a minimum of ${product.order_quantity_minimum} of the ${product.name} per order.`);
    }
  }
}

// {"status": 409 or 422, "title": ..., "type": ...}: the body of the captured answers, with the status chosen.
const purchaseLimit = (ctx, title) => new ApiError(ctx.options.maxQuantityStatus, title);

export const outOfStock = (product) =>
  unprocessable(`We don't have enough ${product.name} stock on hand for the quantity you selected. Please try again.`);

function readContact(value, field) {
  if (!value || typeof value !== 'object' || typeof value.name !== 'string' || typeof value.email !== 'string' || !value.name || !/^[^@\s]+@[^@\s]+$/.test(value.email)) {
    throw missingFields({ [field]: `${field} needs a name and an email address` });
  }
  return { name: value.name, email: value.email };
}

/**
 * Adds the items of a create or add request (CartCreatePostData / Cart_Line_Item_Update_Post). Identical
 * product lines merge their quantities, as BigCommerce does; custom items and gift certificates never merge.
 */
export function addItems(ctx, cart, body) {
  const groups = {};
  for (const key of ['line_items', 'custom_items', 'gift_certificates']) {
    const value = body[key];
    if (value === undefined || value === null) groups[key] = [];
    else if (!Array.isArray(value)) throw invalidJson({ [key]: 'error.expected.jsarray' });
    else groups[key] = value;
  }
  if (!groups.line_items.length && !groups.custom_items.length && !groups.gift_certificates.length) {
    throw missingFields({ line_items: 'At least one line item, custom item or gift certificate is required' });
  }
  const touched = [];
  groups.line_items.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object') throw invalidJson({ [`line_items[${index}]`]: 'error.expected.jsobject' });
    const quantity = checkQuantity(raw.quantity, `line_items[${index}].quantity`);
    const { product, variant, modifiers, key } = resolveProductItem(ctx.state, raw);
    const existing = cart.items.find((i) => i.kind === 'product' && i.key === key);
    if (existing) existing.quantity += quantity;
    else cart.items.push({ id: randomUUID(), kind: 'product', key, product_id: product.id, variant_id: variant.id, modifiers, quantity });
    touched.push(product.id);
  });
  groups.custom_items.forEach((raw, index) => {
    const at = `custom_items[${index}]`;
    if (!raw || typeof raw !== 'object') throw invalidJson({ [at]: 'error.expected.jsobject' });
    if (typeof raw.sku !== 'string' || !raw.sku) throw missingFields({ [`${at}.sku`]: 'sku is required' });
    if (typeof raw.name !== 'string' || raw.name.length < 1 || raw.name.length > 250) throw missingFields({ [`${at}.name`]: 'name must have 1 to 250 characters' });
    const quantity = checkQuantity(raw.quantity, `${at}.quantity`);
    const listPrice = fromAmount(raw.list_price);
    if (listPrice === null) throw missingFields({ [`${at}.list_price`]: 'list_price must be a non-negative amount with at most 2 decimals' });
    let imageUrlValue;
    if (raw.image_url !== undefined) {
      if (typeof raw.image_url !== 'string' || !/^https?:\/\//i.test(raw.image_url)) throw missingFields({ [`${at}.image_url`]: 'image_url must be an http(s) URL' });
      imageUrlValue = raw.image_url;
    }
    cart.items.push({ id: randomUUID(), kind: 'custom', sku: raw.sku, name: raw.name, quantity, list_price: listPrice, image_url: imageUrlValue });
  });
  groups.gift_certificates.forEach((raw, index) => {
    const at = `gift_certificates[${index}]`;
    if (!raw || typeof raw !== 'object') throw invalidJson({ [at]: 'error.expected.jsobject' });
    if (typeof raw.name !== 'string' || !raw.name) throw missingFields({ [`${at}.name`]: 'name is required' });
    if (!THEMES.includes(raw.theme)) throw missingFields({ [`${at}.theme`]: `theme must be one of ${THEMES.join(', ')}` });
    const amount = fromAmount(raw.amount);
    if (amount === null || amount < 100 || amount > 100000) throw missingFields({ [`${at}.amount`]: 'amount must be between 1 and 1000' });
    const quantity = checkQuantity(raw.quantity ?? 1, `${at}.quantity`);
    if (raw.message !== undefined && (typeof raw.message !== 'string' || raw.message.length > 200)) {
      throw missingFields({ [`${at}.message`]: 'message is limited to 200 characters' });
    }
    const sender = readContact(raw.sender, `${at}.sender`);
    const recipient = readContact(raw.recipient, `${at}.recipient`);
    for (let i = 0; i < quantity; i++) {
      cart.items.push({ id: randomUUID(), kind: 'gift', name: raw.name, theme: raw.theme, amount, sender, recipient, message: raw.message ?? '' });
    }
  });
  if (cart.items.length > MAX_LINES) throw unprocessable(`A cart can hold at most ${MAX_LINES} line items.`);
  checkProductRules(ctx, cart, touched);
  clearShippingSelections(cart);
}

/** A change of items or customer invalidates quotes: consignments must be chosen again. */
function clearShippingSelections(cart) {
  const physicalIds = new Set(cart.items.filter((i) => i.kind === 'product').map((i) => i.id));
  for (const consignment of cart.checkout.consignments) {
    consignment.selected = null;
    consignment.items = consignment.items.filter((entry) => physicalIds.has(entry.item_id));
    for (const entry of consignment.items) {
      const item = cart.items.find((i) => i.id === entry.item_id);
      entry.quantity = Math.min(entry.quantity, item.quantity);
    }
  }
  cart.checkout.consignments = cart.checkout.consignments.filter((c) => c.items.length);
}

/** PUT /carts/{id}/items/{itemId}: quantity only; "If a variant needs to be changed ... removed and re-added". */
export function updateItem(ctx, cart, itemId, lineItem) {
  const item = cart.items.find((i) => i.id === itemId);
  if (!item) throw notFound('Line item not found');
  if (item.kind !== 'product') throw unprocessable('Custom items and gift certificates cannot be updated; add a new one and delete the old one.');
  if (!lineItem || typeof lineItem !== 'object') throw missingFields({ line_item: 'line_item is required' });
  const quantity = checkQuantity(lineItem.quantity, 'line_item.quantity');
  if (lineItem.product_id !== undefined && Number(lineItem.product_id) !== item.product_id) {
    throw missingFields({ product_id: 'product_id does not match the line item' });
  }
  if (lineItem.variant_id !== undefined || lineItem.option_selections !== undefined) {
    const resolved = resolveProductItem(ctx.state, {
      product_id: item.product_id,
      variant_id: lineItem.variant_id ?? (lineItem.option_selections ? undefined : item.variant_id),
      option_selections: lineItem.option_selections,
    });
    // Only modifiers in option_selections: the variant stays the line's own.
    const sameVariant = resolved.variant.id === item.variant_id;
    const sameModifiers = JSON.stringify(resolved.modifiers) === JSON.stringify(item.modifiers);
    if (!sameVariant || !sameModifiers) {
      throw missingFields({ line_item: 'To change the variant or options of a line, delete it and add the product again' });
    }
  }
  item.quantity = quantity;
  checkProductRules(ctx, cart, [item.product_id]);
  clearShippingSelections(cart);
}

/** Removes a line; true when that emptied (and so deleted) the cart. */
export function removeItem(ctx, cart, itemId) {
  const index = cart.items.findIndex((i) => i.id === itemId);
  if (index < 0) throw notFound('Line item not found');
  cart.items.splice(index, 1);
  if (!cart.items.length) {
    // carts.v3.yml: "Removing the last line_item in the Cart deletes the Cart."
    deleteCart(ctx, cart.id);
    return true;
  }
  clearShippingSelections(cart);
  return false;
}

export function setCustomer(ctx, cart, customerId) {
  if (!Number.isInteger(customerId) || customerId < 0) throw invalidJson({ customer_id: 'error.expected.jsnumber' });
  if (customerId > 0 && !findCustomer(ctx.state, customerId)) throw missingFields({ customer_id: `Customer ${customerId} does not exist` });
  cart.customer_id = customerId;
  // "Changing the Cart customer_id will remove any promotions or shipping calculations on the Cart."
  clearShippingSelections(cart);
}

// ---- REST ------------------------------------------------------------------------------------------------

function readCreateOptions(ctx, body) {
  let channelId = 1; // "If no channel is specified, defaults to 1."
  if (body.channel_id !== undefined) {
    if (!Number.isInteger(body.channel_id)) throw invalidJson({ channel_id: 'error.expected.jsnumber' });
    channelId = body.channel_id;
  }
  if (!ctx.state.channels.some((c) => c.id === channelId)) throw missingFields({ channel_id: `Channel ${channelId} does not exist` });
  let currency = ctx.state.store.default_currency;
  if (body.currency !== undefined) {
    if (!body.currency || typeof body.currency !== 'object' || typeof body.currency.code !== 'string') throw invalidJson({ 'currency.code': 'error.expected.jsstring' });
    currency = body.currency.code.toUpperCase();
    if (!ctx.state.currencies.some((c) => c.code === currency)) {
      throw missingFields({ currency: `${body.currency.code} is not a transactional currency of this store` });
    }
  }
  let customerId = 0;
  if (body.customer_id !== undefined && body.customer_id !== null) {
    if (!Number.isInteger(body.customer_id) || body.customer_id < 0) throw invalidJson({ customer_id: 'error.expected.jsnumber' });
    if (body.customer_id > 0 && !findCustomer(ctx.state, body.customer_id)) throw missingFields({ customer_id: `Customer ${body.customer_id} does not exist` });
    customerId = body.customer_id;
  }
  let locale = 'en';
  if (body.locale !== undefined) {
    if (typeof body.locale !== 'string' || !/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i.test(body.locale)) throw missingFields({ locale: 'locale must look like xx or xx-YY' });
    locale = body.locale;
  }
  return { channelId, currency, customerId, locale };
}

export function registerCartRoutes(router, ctx) {
  const answer = (status, cart, url, extra = {}) => storeJson(status, { data: { ...renderCart(ctx, cart, includesOf(url)), ...extra }, meta: {} });

  router.add('POST', '/v3/carts', async ({ request, url }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const cart = newCart(ctx, readCreateOptions(ctx, body));
      addItems(ctx, cart, body);
      // redirect_urls is missing from the Cart_Full schema but present in practice (README of the references).
      const extra = includesOf(url).has('redirect_urls') ? { redirect_urls: createRedirectUrls(ctx, cart) } : {};
      return answer(201, cart, url, extra);
    });
  });

  router.add('GET', '/v3/carts/:cartId', async ({ url, params }) => answer(200, requireCart(ctx, params.cartId), url));

  router.add('PUT', '/v3/carts/:cartId', async ({ request, url, params }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const cart = requireCart(ctx, params.cartId);
      checkVersion(cart, body);
      if (body.customer_id === undefined) throw missingFields({ customer_id: 'customer_id is required' });
      setCustomer(ctx, cart, body.customer_id);
      touch(ctx, cart);
      return answer(201, cart, url); // updateCart answers 201 in carts.v3.yml
    });
  });

  router.add('DELETE', '/v3/carts/:cartId', async ({ params }) => {
    ctx.transact(() => {
      requireCart(ctx, params.cartId);
      deleteCart(ctx, params.cartId);
    });
    return noContent();
  });

  router.add('POST', '/v3/carts/:cartId/items', async ({ request, url, params }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const cart = requireCart(ctx, params.cartId);
      checkVersion(cart, body);
      addItems(ctx, cart, body);
      touch(ctx, cart);
      return answer(201, cart, url);
    });
  });

  router.add('PUT', '/v3/carts/:cartId/items/:itemId', async ({ request, url, params }) => {
    const body = requireObject(await readStoreJson(request));
    return ctx.transact(() => {
      const cart = requireCart(ctx, params.cartId);
      checkVersion(cart, body);
      if (body.custom_items !== undefined || body.gift_certificates !== undefined) {
        throw unprocessable('Custom items and gift certificates cannot be updated; add a new one and delete the old one.');
      }
      updateItem(ctx, cart, params.itemId, body.line_item);
      touch(ctx, cart);
      return answer(200, cart, url);
    });
  });

  router.add('DELETE', '/v3/carts/:cartId/items/:itemId', async ({ request, url, params }) => {
    const body = await readStoreJson(request, {});
    return ctx.transact(() => {
      const cart = requireCart(ctx, params.cartId);
      checkVersion(cart, body);
      if (removeItem(ctx, cart, params.itemId)) return noContent();
      touch(ctx, cart);
      return answer(200, cart, url);
    });
  });

  router.add('POST', '/v3/carts/:cartId/redirect_urls', async ({ request, params }) => {
    const body = await readStoreJson(request, {});
    if (body !== null && (typeof body !== 'object' || Array.isArray(body))) throw new ApiError(422, 'JSON data is missing or invalid');
    // Issuing a token only adds to the redirectTokens ledger: nothing to undo.
    return ctx.transact(() => {
      const cart = requireCart(ctx, params.cartId);
      return storeJson(201, { data: createRedirectUrls(ctx, cart, body?.query_params), meta: {} });
    }, { ledgersOnly: true });
  });
}
