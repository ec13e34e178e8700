// The SPA demo: the same API as the script-tag demo (demo/demo.js), imported from the npm package. Vite
// bundles this file; the package's .wasm and its embedded-checkout chunk are found by the package itself
// (new URL(..., import.meta.url)), so nothing here points at them. See docs/bundlers.md.
import { createCheckout, version } from 'bc-checkout-helper';
import './style.css';

// A few products of the sandbox store's catalog. Prices are display-only: BigCommerce prices the real cart.
const PRODUCTS = [
  { productId: 80, variantId: 64, name: 'Orbit Terrarium (large)', price: '109.00' },
  { productId: 81, name: 'Oak Serving Board', price: '29.99' },
  { productId: 86, name: 'Ceramic Pour-Over', price: '24.50' },
  { productId: 88, name: 'Linen Tea Towel', price: '12.00' },
];

const $ = (id) => document.getElementById(id);

function log(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  $('log').prepend(item);
}

// The role="status" line: short messages a screen reader announces without moving focus.
function say(text) {
  $('status').textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => ($('status').textContent = ''), 4000);
}

function button(text, onClick, { label, className } = {}) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  if (label) element.setAttribute('aria-label', label);
  if (className) element.className = className;
  // Every cart change can be refused (quantity limits, a closed cart): show why instead of failing silently.
  element.addEventListener('click', () => Promise.resolve(onClick()).catch((error) => say(error.message)));
  return element;
}

function render(shop) {
  const { cart } = shop;
  $('cart-count').textContent = String(cart.count);
  $('cart-subtotal').textContent = cart.subtotal.formatted;
  $('cart-empty').hidden = !cart.isEmpty;
  $('cart-clear').hidden = cart.isEmpty;
  $('cart-items').replaceChildren(...cart.items.map((line) => {
    const name = line.name ?? `Product ${line.productId}`;
    const item = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = `${name} — ${line.lineTotal?.formatted ?? ''}`;
    const quantity = document.createElement('span');
    quantity.className = 'qty';
    const count = document.createElement('span');
    count.textContent = String(line.quantity);
    count.setAttribute('aria-label', `quantity of ${name}`);
    quantity.append(
      button('−', () => cart.update(line.id, line.quantity - 1), { label: `Remove one ${name}`, className: 'secondary' }),
      count,
      button('+', () => cart.update(line.id, line.quantity + 1), { label: `Add one ${name}`, className: 'secondary' }),
    );
    item.append(text, quantity);
    return item;
  }));
}

async function main() {
  // The server stub says which store and channel it serves, so the app needs no configuration of its own.
  const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (!health) throw new Error('The server stub at /api is not answering.');
  const shop = await createCheckout({
    storeOrigins: [health.storeUrl],
    server: '/api',
    channelId: health.channelId,
    currency: 'USD',
  });
  log(`loaded bc-checkout-helper ${version}; cart restored with ${shop.cart.count} item(s)`);

  shop.on('change', ({ source }) => {
    log(`cart changed (${source}): ${shop.cart.count} item(s), ${shop.cart.subtotal.formatted}`);
    render(shop);
  });
  shop.on('error', (error) => {
    log(`error ${error.code}: ${error.message}`);
    say(error.message);
  });
  shop.on('load', () => {
    log('checkout load');
    // Also when the helper resumes an embedded checkout by itself (after the SDK's allow-cookie round trip).
    $('checkout-section').hidden = false;
  });
  shop.on('complete', ({ source }) => {
    log(`checkout complete (${source})`);
    say('Thank you! Your order is placed.');
  });
  shop.on('fallback', ({ reason }) => log(`checkout fallback: ${reason}`));

  $('products').replaceChildren(...PRODUCTS.map((product) => {
    const item = document.createElement('li');
    item.className = 'product';
    const title = document.createElement('h3');
    title.textContent = product.name;
    const price = document.createElement('span');
    price.textContent = `$${product.price}`;
    const add = button('Add to cart', async () => {
      await shop.cart.add({ ...product, quantity: 1 });
      say(`${product.name} added to the cart`);
    }, { label: `Add ${product.name} to the cart` });
    item.append(title, price, add);
    return item;
  }));
  $('cart-clear').addEventListener('click', () => shop.cart.clear().catch((error) => say(error.message)));

  const checkout = $('checkout');
  checkout.addEventListener('click', async () => {
    const mode = document.querySelector('input[name="mode"]:checked').value;
    checkout.disabled = true;
    checkout.textContent = 'Starting checkout…';
    try {
      if (mode === 'embedded') {
        $('checkout-section').hidden = false;
        $('checkout-title').focus();
      }
      // Syncs the cart through the stub, gets a fresh checkout URL, checks it, then redirects or embeds.
      const result = await shop.checkout({ mode, container: '#checkout-frame' });
      log(`checkout started (${result.mode}${result.fallback ? `, fell back: ${result.fallback}` : ''})`);
    } catch (error) {
      log(`checkout failed: ${error.code} ${error.message}`);
      say(error.message);
    } finally {
      checkout.disabled = false;
      checkout.textContent = 'Check out';
    }
  });
  checkout.disabled = false;
  render(shop);
}

main().catch((error) => {
  log(`could not start: ${error.code ?? ''} ${error.message}`);
  say(error.message);
});
