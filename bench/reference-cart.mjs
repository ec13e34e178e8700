// The yardstick for bench/core.mjs: a minimal cart in plain JavaScript that does what the core does for product
// lines through the public API (the same validation, merging and subtotal check, the same saved format, version 3
// without a checkout section, JSON.stringify persistence into a Storage, the same shape of view), so the bench
// can say what the WebAssembly core costs on top.
// Product lines only: they are what the bench times. Not shipped, not a second implementation to keep in step.
const MAX_SAFE_MINOR = 2 ** 53 - 1;

class CartError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const fail = (code, message) => { throw new CartError(code, message); };

function positiveInteger(value, path, code = 'invalid_argument') {
  if (!Number.isSafeInteger(value) || value <= 0) fail(code, `${path} must be a positive integer`);
  return value;
}

// "19.99" or 19.99 in major units -> 1999 minor units, exactly (the core's parseDecimal).
function toMinor(value, exponent, path) {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) fail('invalid_amount', `${path} must be an amount`);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.replace(/0+$/, '').length > exponent) fail('invalid_amount', `${path} has more decimals than the currency`);
  const minor = Number(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  if (minor > MAX_SAFE_MINOR) fail('amount_too_large', `${path} is too large`);
  return minor;
}

function displayUrl(url, path) {
  if (url === undefined || url === null || url === '') return undefined;
  if (typeof url !== 'string' || url.length > 2048 || /[\s\0-\x1f]/.test(url)) fail('invalid_url', `${path} is not a URL`);
  if (!/^https?:\/\//i.test(url) && !(url[0] === '/' && url[1] !== '/' && url[1] !== '\\')) fail('invalid_url', `${path} must be http(s) or start with '/'`);
  return url;
}

// One product line from an API item (major units) or a saved line (minor units), checked field by field.
function readLine(item, exponent, saved, maxQuantity) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) fail('invalid_argument', 'the item must be an object');
  const quantity = item.quantity ?? (saved ? fail('saved_cart_invalid', 'quantity is required') : 1);
  if (!Number.isSafeInteger(quantity) || quantity < 1) fail('invalid_quantity', 'quantity must be a positive integer');
  if (quantity > maxQuantity) fail('quantity_exceeds_max', `quantity must be at most ${maxQuantity} per line`);
  const line = { type: 'product', quantity, productId: positiveInteger(item.productId, 'productId', 'invalid_product_id') };
  if (item.variantId !== undefined) line.variantId = positiveInteger(item.variantId, 'variantId', 'invalid_variant_id');
  if (item.optionSelections !== undefined && item.optionSelections !== null) {
    if (!Array.isArray(item.optionSelections)) fail('invalid_option', 'optionSelections must be an array');
    const options = item.optionSelections.map((o) => {
      const optionId = positiveInteger(o?.optionId, 'optionId', 'invalid_option');
      const value = o.optionValue;
      if (typeof value === 'string' ? value.length < 1 || value.length > 1000 : !Number.isSafeInteger(value) || value <= 0) {
        fail('invalid_option', 'optionValue must be a positive value id or a text');
      }
      return { optionId, optionValue: value };
    }).sort((a, b) => a.optionId - b.optionId);
    options.forEach((o, i) => i > 0 && options[i - 1].optionId === o.optionId && fail('invalid_option', `option ${o.optionId} is selected twice`));
    if (options.length) line.optionSelections = options;
  }
  if (item.price !== undefined) {
    line.price = saved ? item.price : toMinor(item.price, exponent, 'price');
    if (!Number.isSafeInteger(line.price) || line.price < 0) fail('invalid_amount', 'price must not be negative');
  }
  if (item.name !== undefined && item.name !== null) {
    if (typeof item.name !== 'string' || [...item.name].length > 250) fail('invalid_name', 'name must have at most 250 characters');
    if (item.name) line.name = item.name;
  }
  const imageUrl = displayUrl(item.imageUrl, 'imageUrl');
  if (imageUrl) line.imageUrl = imageUrl;
  const url = displayUrl(item.url, 'url');
  if (url) line.url = url;
  return line;
}

const sameOptions = (a = [], b = []) => a.length === b.length && a.every((o, i) => o.optionId === b[i].optionId && o.optionValue === b[i].optionValue);

export class ReferenceCart {
  #lines = [];
  #next = 1;
  #view = null;
  constructor({ storage, key = 'reference-cart', currency = 'USD', exponent = 2, maxQuantityPerLine = 999, maxLines = 250 }) {
    Object.assign(this, { storage, key, currency, exponent, maxQuantityPerLine, maxLines });
  }

  add(item) {
    const line = readLine(item, this.exponent, false, this.maxQuantityPerLine);
    const existing = this.#lines.find((l) => l.productId === line.productId && l.variantId === line.variantId && sameOptions(l.optionSelections, line.optionSelections));
    if (existing) {
      const quantity = existing.quantity + line.quantity;
      if (quantity > this.maxQuantityPerLine) fail('quantity_exceeds_max', `quantity must be at most ${this.maxQuantityPerLine} per line`);
      this.#checkSubtotal(existing, { ...existing, ...line, id: existing.id, quantity });
      Object.assign(existing, line, { id: existing.id, quantity });
      return this.#changed(existing.id);
    }
    if (this.#lines.length >= this.maxLines) fail('too_many_lines', `a cart holds at most ${this.maxLines} lines`);
    this.#checkSubtotal(null, line);
    this.#lines.push({ id: `l${this.#next++}`, ...line });
    return this.#changed(this.#lines.at(-1).id);
  }

  update(id, quantity) {
    const index = this.#lines.findIndex((l) => l.id === id);
    if (index < 0) fail('line_not_found', `no line with id "${id}"`);
    if (quantity === 0) {
      this.#lines.splice(index, 1);
    } else {
      if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > this.maxQuantityPerLine) fail('invalid_quantity', 'bad quantity');
      this.#checkSubtotal(this.#lines[index], { ...this.#lines[index], quantity });
      this.#lines[index].quantity = quantity;
    }
    this.#changed(id);
  }

  remove(id) { this.update(id, 0); }

  // What the package's cart.items / count / subtotal read, in the same shape: frozen copies built once per change,
  // money as { minor, currency, formatted } with `formatted` computed on first read.
  get view() {
    if (!this.#view) {
      let subtotal = 0, count = 0, complete = true;
      const items = this.#lines.map((l) => {
        count += l.quantity;
        if (l.price === undefined) complete = false; else subtotal += l.price * l.quantity;
        const item = { ...l };
        if (l.price !== undefined) {
          item.price = this.#money(l.price);
          item.lineTotal = this.#money(l.price * l.quantity);
        }
        return Object.freeze(item);
      });
      this.#view = Object.freeze({ items: Object.freeze(items), count, subtotal: this.#money(subtotal, { complete }) });
    }
    return this.#view;
  }

  #money(minor, extra) {
    const { currency, exponent } = this;
    return Object.freeze({
      minor,
      currency,
      get formatted() {
        return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 10 ** exponent);
      },
      ...extra,
    });
  }

  save() {
    return JSON.stringify({ version: 3, currency: this.currency, nextLine: this.#next, lines: this.#lines });
  }

  restore(text) {
    const doc = JSON.parse(text);
    if (![2, 3].includes(doc?.version) || doc.currency !== this.currency || !Array.isArray(doc.lines)) fail('saved_cart_invalid', 'not a saved cart');
    const seen = new Set();
    const lines = doc.lines.map((saved) => {
      if (typeof saved.id !== 'string' || !/^l\d+$/.test(saved.id) || seen.has(saved.id)) fail('saved_cart_invalid', 'bad line id');
      seen.add(saved.id);
      return { id: saved.id, ...readLine(saved, this.exponent, true, this.maxQuantityPerLine) };
    });
    if (!Number.isSafeInteger(doc.nextLine) || lines.some((l) => Number(l.id.slice(1)) >= doc.nextLine)) fail('saved_cart_invalid', 'bad nextLine');
    this.#lines = lines;
    this.#next = doc.nextLine;
    this.#view = null;
  }

  #checkSubtotal(replaced, candidate) {
    let total = 0;
    for (const l of this.#lines) {
      const line = l === replaced ? candidate : l;
      if (line.price !== undefined) total += line.price * line.quantity;
    }
    if (!replaced && candidate.price !== undefined) total += candidate.price * candidate.quantity;
    if (total > MAX_SAFE_MINOR) fail('amount_too_large', 'the cart subtotal would be too large to represent');
  }

  #changed(id) {
    this.#view = null;
    this.storage.setItem(this.key, this.save());
    return id;
  }
}
