// The demo storefront: products from a static list (the sandbox store's catalog comes with the server stub),
// the cart kept by bc-checkout-helper, an event log of what it does.
const PRODUCTS = [
  { productId: 80, variantId: 64, name: 'Orbit Terrarium (large)', price: '109.00' },
  { productId: 80, variantId: 65, name: 'Orbit Terrarium (small)', price: '89.00' },
  { productId: 81, name: 'Oak Serving Board', price: '29.99' },
  { productId: 86, name: 'Ceramic Pour-Over', price: '24.50' },
  { productId: 88, name: 'Linen Tea Towel', price: '12.00' },
  { productId: 93, name: 'Brass Bottle Opener', price: '18.75' },
];

const $ = (id) => document.getElementById(id);
const log = (text) => {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  $('log').prepend(item);
};
const say = (text) => {
  $('status').textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => ($('status').textContent = ''), 4000);
};

async function main() {
  // The server stub says which store and channel it serves, so the page needs no configuration of its own.
  const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  const shop = await BCCheckout.createCheckout({
    storeOrigins: [health?.storeUrl ?? 'http://localhost:8081'],
    server: '/api',
    channelId: health?.channelId ?? 1,
    currency: 'USD',
  });
  log(`loaded bc-checkout-helper ${BCCheckout.version}; cart restored with ${shop.cart.count} item(s)`);
  shop.on('error', (error) => {
    log(`error ${error.code}: ${error.message}`);
    say(error.message);
  });
  shop.on('change', ({ source }) => {
    log(`cart changed (${source}): ${shop.cart.count} item(s), ${shop.cart.subtotal.formatted}`);
    render(shop);
  });

  const list = $('products');
  for (const product of PRODUCTS) {
    const item = document.createElement('li');
    item.className = 'product';
    const title = document.createElement('h3');
    title.textContent = product.name;
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = `$${product.price}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Add to cart';
    button.addEventListener('click', async () => {
      try {
        await shop.cart.add({ ...product, quantity: 1 });
        say(`${product.name} added to the cart`);
      } catch (error) {
        say(error.message);
      }
    });
    item.append(title, price, button);
    list.append(item);
  }
  $('cart-clear').addEventListener('click', () => shop.cart.clear());
  render(shop);
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
