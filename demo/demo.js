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

// Site protection sends shoppers from the hosted store's product and category pages here (demo/protect.json:
// /?product={id} and /?category={id}); the page shows what they came for.
async function showArrival() {
  const params = new URLSearchParams(location.search);
  const productId = params.get('product');
  const categoryId = params.get('category');
  if (!/^[1-9][0-9]{0,9}$/.test(productId ?? categoryId ?? '')) return;
  const section = $('arrival');
  const title = $('arrival-title');
  if (productId) {
    const body = await fetch(`/api/catalog/products/${productId}`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    section.dataset.productId = productId;
    title.textContent = body ? body.data.name : `Product ${productId}`;
    $('arrival-text').textContent = body ? `From the hosted store's product page. Price: $${body.data.price.toFixed(2)}.` : 'This product is not in the catalog.';
  } else {
    const body = await fetch(`/api/catalog/products?categories:in=${categoryId}`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    section.dataset.categoryId = categoryId;
    title.textContent = `Category ${categoryId}`;
    $('arrival-text').textContent = body ? `${body.data.map((p) => p.name).join(', ') || 'No products'}.` : 'This category could not be loaded.';
  }
  section.hidden = false;
  title.focus();
  log(`arrived from the hosted store: ${productId ? `product ${productId}` : `category ${categoryId}`}`);
}

async function main() {
  showArrival();
  // The server stub says which store and channel it serves, so the page needs no configuration of its own.
  // Without it the page cannot know which store's cart to show: say so rather than guess.
  const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (!health) throw new Error('The server stub at /api is not answering; start the demo with npm start.');
  const shop = await BCCheckout.createCheckout({
    storeOrigins: [health.storeUrl],
    server: '/api',
    channelId: health.channelId,
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
