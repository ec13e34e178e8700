// The demo storefront: the sandbox store's catalog through the server stub (GET /api/catalog/products),
// the cart kept by bc-checkout-helper, an event log of what it does. configurator.js adds the site-protection
// configurator and the setup check.

/** Every product of the catalog, page by page (the stub passes BigCommerce's pagination through). */
async function loadCatalog() {
  const products = [];
  for (let page = 1; page <= 20; page++) {
    const body = await fetch(`/api/catalog/products?page=${page}`).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`the catalog answered ${r.status}`))));
    products.push(...body.data);
    if (page >= (body.meta?.pagination?.total_pages ?? 1)) break;
  }
  return products.sort((a, b) => a.id - b.id);
}

const money = (amount) => `$${Number(amount).toFixed(2)}`;
const hasOptions = (p) => p.options.length > 0;
// The stub's catalog view says whether a variant is in stock, not how many are left (docs/server.md).
const inStock = (variant) => !variant.purchasing_disabled && variant.is_in_stock;

/** One card per variant for products whose only choice is a variant; products with modifiers get a link. */
function quickAddCards(products) {
  const cards = [];
  for (const product of products) {
    if (product.modifiers?.length) {
      cards.push({ product, link: true, name: product.name, price: product.price });
      continue;
    }
    for (const variant of product.variants) {
      const label = variant.option_values.map((v) => v.label.toLowerCase()).join(', ');
      cards.push({ product, variant, name: label ? `${product.name} (${label})` : product.name, price: variant.price ?? product.price });
    }
  }
  return cards;
}

const $ = (id) => document.getElementById(id);
const log = (text) => window.DetailsUI.log(text);
const say = (text) => {
  $('status').textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => ($('status').textContent = ''), 4000);
};

async function addToCart(shop, item) {
  try {
    await shop.cart.add(item);
    say(`${item.name} added to the cart`);
  } catch (error) {
    say(error.message);
  }
}

// The product page: /?product={id}, which is also where site protection sends shoppers from the hosted
// store's product pages (demo/protect.json). Options pick the variant; modifiers become option selections.
function showProductPage(shop, products) {
  const params = new URLSearchParams(location.search);
  const productId = Number(params.get('product'));
  const categoryId = Number(params.get('category'));
  if (!productId && !categoryId) return;
  const section = $('arrival');
  const title = $('arrival-title');
  const body = $('arrival-body');
  body.replaceChildren();
  if (categoryId) {
    section.dataset.categoryId = String(categoryId);
    title.textContent = `Category ${categoryId}`;
    const names = products.filter((p) => p.categories.includes(categoryId)).map((p) => p.name);
    $('arrival-text').textContent = names.length ? `${names.join(', ')}.` : 'No products in this category.';
  } else {
    const product = products.find((p) => p.id === productId);
    section.dataset.productId = String(productId);
    title.textContent = product ? product.name : `Product ${productId}`;
    $('arrival-text').textContent = product ? new DOMParser().parseFromString(product.description, 'text/html').body.textContent : 'This product is not in the catalog.';
    if (product) body.append(productForm(shop, product));
  }
  section.hidden = false;
  title.focus();
  log(`showing ${productId ? `product ${productId}` : `category ${categoryId}`}`);
}

function productForm(shop, product) {
  const form = document.createElement('form');
  form.className = 'product-form';
  const field = (labelText, control) => {
    const label = document.createElement('label');
    label.textContent = `${labelText} `;
    label.append(control);
    form.append(label);
    return control;
  };
  const selects = product.options.map((option) => {
    const select = document.createElement('select');
    select.dataset.optionId = option.id;
    for (const value of option.option_values) select.append(new Option(value.label, value.id, value.is_default, value.is_default));
    return field(option.display_name, select);
  });
  const modifiers = (product.modifiers ?? []).map((modifier) => {
    let control;
    if (modifier.type === 'text') {
      control = Object.assign(document.createElement('input'), { type: 'text', maxLength: modifier.config?.text_max_length ?? 100 });
    } else {
      control = document.createElement('select');
      for (const value of modifier.option_values) control.append(new Option(value.label, value.id, value.is_default, value.is_default));
    }
    control.dataset.modifierId = modifier.id;
    return field(modifier.display_name, control);
  });
  const quantity = field('Quantity', Object.assign(document.createElement('input'), { type: 'number', min: '1', value: '1', required: true }));
  const price = document.createElement('p');
  price.className = 'price';
  price.setAttribute('aria-live', 'polite');
  const button = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Add to cart' });
  form.append(price, button);
  const chosenVariant = () => product.variants.find((v) => selects.every((s) => v.option_values.some((ov) => String(ov.id) === s.value))) ?? product.variants[0];
  const update = () => {
    const variant = chosenVariant();
    const available = inStock(variant);
    price.textContent = available ? money(variant.price ?? product.price) : `${money(variant.price ?? product.price)}, out of stock`;
    button.disabled = !available;
  };
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const variant = chosenVariant();
    const optionSelections = modifiers.filter((c) => c.value !== '').map((c) => ({ optionId: Number(c.dataset.modifierId), optionValue: c.tagName === 'SELECT' ? Number(c.value) : c.value }));
    const label = variant.option_values.map((v) => v.label.toLowerCase()).join(', ');
    addToCart(shop, {
      productId: product.id,
      variantId: hasOptions(product) ? variant.id : undefined,
      optionSelections: optionSelections.length ? optionSelections : undefined,
      quantity: Number(quantity.value),
      name: label ? `${product.name} (${label})` : product.name,
      price: String(variant.price ?? product.price),
    });
  });
  update();
  return form;
}

async function main() {
  const catalog = loadCatalog();
  catalog.catch(() => {});
  const shop = await window.DetailsUI.openDemoCheckout();
  shop.on('error', (error) => {
    log(`error ${error.code}: ${error.message}`);
    say(error.message);
  });
  shop.on('change', ({ source }) => {
    log(`cart changed (${source}): ${shop.cart.count} item(s), ${shop.cart.subtotal.formatted}`);
    render(shop);
  });

  const products = await catalog;
  const list = $('products');
  for (const card of quickAddCards(products)) {
    const item = document.createElement('li');
    item.className = 'product';
    const title = document.createElement('h3');
    const link = document.createElement('a');
    link.href = `/?product=${card.product.id}`;
    link.textContent = card.name;
    title.append(link);
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = money(card.price);
    item.append(title, price);
    if (card.link) {
      const choose = document.createElement('a');
      choose.href = `/?product=${card.product.id}`;
      choose.className = 'button-link';
      choose.textContent = 'Choose options';
      item.append(choose);
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      const available = inStock(card.variant);
      button.textContent = available ? 'Add to cart' : 'Out of stock';
      button.disabled = !available;
      button.addEventListener('click', () => addToCart(shop, {
        productId: card.product.id, variantId: hasOptions(card.product) ? card.variant.id : undefined, quantity: 1, name: card.name, price: String(card.price),
      }));
      item.append(button);
    }
    list.append(item);
  }
  showProductPage(shop, products);
  $('cart-clear').addEventListener('click', () => shop.cart.clear());
  // The cart panel stays in view (sticky); the header link moves keyboard focus into it.
  $('cart-link').addEventListener('click', (event) => {
    event.preventDefault();
    $('cart-title').focus();
  });

  // Checkout: the helper syncs the cart, asks the stub for a fresh URL, checks it, then redirects or embeds.
  for (const event of ['load', 'complete', 'signout', 'fallback']) {
    shop.on(event, (payload) => log(`checkout ${event}${payload && payload.reason ? `: ${payload.reason}` : ''}`));
  }
  shop.on('complete', () => say('Thank you! Your order is placed.'));
  // Also after the SDK's allow-cookie round trip, when the helper resumes the embedded checkout by itself.
  shop.on('load', () => {
    $('checkout-section').hidden = false;
  });
  shop.on('signout', () => showSession(shop));
  $('checkout').addEventListener('click', async () => {
    const mode = document.querySelector('input[name="mode"]:checked').value;
    const button = $('checkout');
    button.disabled = true;
    button.textContent = 'Starting checkout…';
    try {
      if (mode === 'embedded') {
        $('checkout-section').hidden = false;
        $('checkout-title').focus();
      }
      const result = await shop.checkout({ mode, container: '#checkout-frame' });
      log(`checkout started (${result.mode}${result.fallback ? `, fell back: ${result.fallback}` : ''})`);
    } catch (error) {
      log(`checkout failed: ${error.code} ${error.message}`);
      say(error.message);
    } finally {
      button.disabled = false;
      button.textContent = 'Check out';
    }
  });
  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await shop.signIn(form.get('email'), form.get('password'));
      log(`signed in as ${form.get('email')}`);
    } catch (error) {
      say(error.message);
    }
    showSession(shop);
  });
  $('signout').addEventListener('click', async () => {
    await shop.signOut().catch((error) => say(error.message));
    log('signed out');
    showSession(shop);
  });
  showSession(shop);
  render(shop);
  wireCheckoutDetails(shop);
}

// The cart's coupon field, shipping estimate and totals (the checkout-details methods, loaded on first use).
function wireCheckoutDetails(shop) {
  const { clearErrors, showError, readAddress, fillAddress, renderTotals, renderOptions, renderCodes } = window.DetailsUI;
  const couponForm = $('coupon-form');
  const estimateForm = $('estimate-form');
  let totals = null;
  const show = () => {
    $('cart-details').hidden = shop.cart.isEmpty;
    renderTotals($('cart-totals'), totals, shop.cart);
    const coupons = totals?.coupons.map((c) => ({ code: c.code, text: `${c.code}: ${c.name} (−${c.discount.formatted})` }))
      ?? (shop.cart.toJSON().checkout?.coupons ?? []).map((code) => ({ code, text: code }));
    renderCodes($('coupon-list'), coupons, 'Remove coupon');
  };
  const run = async (form, action, done, field = null) => {
    clearErrors(form);
    form.setAttribute('aria-busy', 'true');
    try {
      const result = await action();
      say(done(result));
    } catch (error) {
      log(`error ${error.code}: ${error.message}`);
      if (!showError(form, error, field)) say(error.message);
    } finally {
      form.removeAttribute('aria-busy');
    }
  };
  shop.on('totals', (next) => {
    totals = next;
    log(`totals: ${next.grandTotal.formatted} (discount ${next.discount.formatted}, shipping ${next.shipping.formatted}, tax ${next.tax.formatted})`);
    show();
  });
  let lines = JSON.stringify(shop.cart.toJSON().lines);
  let timer = null;
  shop.on('change', () => {
    const now = JSON.stringify(shop.cart.toJSON().lines);
    if (now !== lines && !shop.cart.isEmpty && totals) {
      // New lines: the store's totals are asked again once the shopper stops changing quantities.
      clearTimeout(timer);
      timer = setTimeout(() => shop.totals().catch((error) => say(error.message)), 400);
    }
    if (shop.cart.isEmpty) totals = null;
    lines = now;
    show();
  });
  couponForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = $('coupon-code').value;
    run(couponForm, () => shop.applyCoupon(code), (t) => {
      $('coupon-code').value = '';
      return `Coupon ${code.trim()} applied: total ${t.grandTotal.formatted}`;
    }, $('coupon-code'));
  });
  couponForm.addEventListener('click', (event) => {
    const code = event.target.closest?.('button[data-code]')?.dataset.code;
    if (!code) return;
    run(couponForm, () => shop.removeCoupon(code), () => {
      $('coupon-code').focus();
      return `Coupon ${code} removed`;
    }, $('coupon-code'));
  });
  fillAddress(estimateForm, 'address', shop.cart.toJSON().checkout?.consignments?.[0]?.address);
  estimateForm.addEventListener('submit', (event) => {
    event.preventDefault();
    run(estimateForm, () => shop.shippingOptions(readAddress(estimateForm, 'address')), (options) => {
      renderOptions($('estimate-options'), options, 'estimate-option');
      return options.length ? `${options.length} shipping options` : 'No shipping to this address';
    });
  });
  $('estimate-options').addEventListener('change', (event) => {
    const radio = event.target;
    run(estimateForm, () => shop.chooseShipping(radio.value, radio.dataset.consignmentId ? { consignmentId: radio.dataset.consignmentId } : {}),
      (t) => `Shipping chosen: total ${t.grandTotal.formatted}`);
  });
  show();
  // A cart with saved details (a reload, another tab) shows the store's totals straight away.
  if (!shop.cart.isEmpty && shop.cart.toJSON().checkout) shop.totals().catch((error) => log(`totals: ${error.message}`));
}

async function showSession(shop) {
  const session = await shop.session().catch(() => ({ signedIn: false }));
  $('session-status').textContent = session.signedIn ? `Signed in as ${session.customer.email}.` : 'Checking out as a guest.';
  $('signout').hidden = !session.signedIn;
  for (const field of $('signin').querySelectorAll('input, button[type="submit"]')) field.hidden = session.signedIn;
  for (const label of $('signin').querySelectorAll('label')) label.hidden = session.signedIn;
}

function render(shop) {
  const { cart } = shop;
  $('cart-count').textContent = String(cart.count);
  $('cart-subtotal').textContent = cart.subtotal.formatted;
  $('cart-empty').hidden = !cart.isEmpty;
  $('cart-clear').hidden = cart.isEmpty;
  const list = $('cart-items');
  list.replaceChildren();
  for (const line of cart.items) {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = `${line.name ?? `Product ${line.productId}`} — ${line.lineTotal ? line.lineTotal.formatted : ''}`;
    const qty = document.createElement('span');
    qty.className = 'qty';
    const minus = button('−', `Remove one ${line.name ?? ''}`, () => cart.update(line.id, line.quantity - 1));
    const count = document.createElement('span');
    count.textContent = String(line.quantity);
    const plus = button('+', `Add one ${line.name ?? ''}`, () => cart.update(line.id, line.quantity + 1));
    qty.append(minus, count, plus);
    item.append(name, qty);
    list.append(item);
  }
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', () => onClick().catch((error) => say(error.message)));
  return b;
}

main().catch((error) => {
  log(`could not start: ${error.code ?? ''} ${error.message}`);
  say(error.message);
});
