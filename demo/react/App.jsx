// The React demo: products, a cart with quantities and a redirect checkout, rendered from useCart(shop), the
// cart as React state. Every change re-renders it, this tab's and another tab's alike; the emptying of the cart
// when the shopper comes back from placing the order too. See docs/api.md, "Using it with React, Vue, Svelte".
import { useEffect, useState } from 'react';
import { createCheckout, version } from 'bc-checkout-helper';
import { useCart } from 'bc-checkout-helper/react';

// A few products of the sandbox store's catalog. Prices are display-only: BigCommerce prices the real cart.
const PRODUCTS = [
  { productId: 80, variantId: 64, name: 'Orbit Terrarium (large)', price: '109.00' },
  { productId: 81, name: 'Oak Serving Board', price: '29.99' },
  { productId: 86, name: 'Ceramic Pour-Over', price: '24.50' },
  { productId: 88, name: 'Linen Tea Towel', price: '12.00' },
];

/**
 * The checkout object, created once on mount and destroyed on unmount; null until createCheckout resolves.
 * `log` gets what the checkout reports (loaded, other tabs' changes, the order placed, errors).
 */
function useCheckout(log) {
  const [shop, setShop] = useState(null);
  const [failure, setFailure] = useState(null);
  useEffect(() => {
    let mounted = true;
    let created = null;
    (async () => {
      // The server stub says which store and channel it serves, so the app needs no configuration of its own.
      const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
      if (!health) throw new Error('The server stub at /api is not answering.');
      return createCheckout({ storeOrigins: [health.storeUrl], server: '/api', channelId: health.channelId, currency: 'USD' });
    })().then((checkout) => {
      // Unmounted meanwhile (StrictMode's second mount in the dev server): this one is not wanted.
      if (!mounted) return checkout.destroy();
      created = checkout;
      log(`loaded bc-checkout-helper ${version}; cart restored with ${checkout.cart.count} item(s)`);
      checkout.on('change', ({ source }) => source === 'other-tab' && log(`cart changed in another tab: ${checkout.cart.count} item(s)`));
      checkout.on('complete', ({ source }) => log(`checkout complete (${source})`));
      checkout.on('error', (error) => log(`error ${error.code}: ${error.message}`));
      setShop(checkout);
    }).catch((error) => {
      if (!mounted) return;
      log(`could not start: ${error.code ?? ''} ${error.message}`);
      setFailure(error);
    });
    return () => {
      mounted = false;
      created?.destroy();
    };
  }, [log]);
  return { shop, failure };
}

/** The event log: newest first, as the SPA demo's. */
function useLog() {
  const [entries, setEntries] = useState([]);
  const [log] = useState(() => (text) => {
    setEntries((list) => [{ id: list.length + 1, text: `${new Date().toLocaleTimeString()}  ${text}` }, ...list]);
  });
  return [entries, log];
}

function Products({ shop, onError }) {
  return (
    <ul className="products" id="products">
      {PRODUCTS.map((product) => (
        <li className="product" key={product.productId}>
          <h3>{product.name}</h3>
          <span>${product.price}</span>
          <button type="button" disabled={!shop} aria-label={`Add ${product.name} to the cart`}
            onClick={() => shop.cart.add({ ...product, quantity: 1 }).catch(onError)}>
            Add to cart
          </button>
        </li>
      ))}
    </ul>
  );
}

function CartLine({ shop, line, onError }) {
  const name = line.name ?? `Product ${line.productId}`;
  // Every change can be refused (quantity limits, a closed cart): show why instead of failing silently.
  const setQuantity = (quantity) => shop.cart.update(line.id, quantity).catch(onError);
  return (
    <li>
      <span>{name} — {line.lineTotal?.formatted ?? ''}</span>
      <span className="qty">
        <button type="button" className="secondary" aria-label={`Remove one ${name}`} onClick={() => setQuantity(line.quantity - 1)}>−</button>
        <span aria-label={`quantity of ${name}`}>{line.quantity}</span>
        <button type="button" className="secondary" aria-label={`Add one ${name}`} onClick={() => setQuantity(line.quantity + 1)}>+</button>
      </span>
    </li>
  );
}

function Cart({ shop, cart, onError }) {
  if (!cart) return <p>Loading the cart…</p>;
  return (
    <>
      {cart.isEmpty && <p id="cart-empty">Your cart is empty.</p>}
      <ul id="cart-items" className="cart-items">
        {cart.items.map((line) => <CartLine key={line.id} shop={shop} line={line} onError={onError} />)}
      </ul>
      <p>Subtotal: <strong id="cart-subtotal">{cart.subtotal.formatted}</strong></p>
      {/* checkingOut is part of the snapshot: the button stays disabled while the cart syncs and the store answers. */}
      <button type="button" id="checkout" disabled={cart.isEmpty || cart.checkingOut}
        onClick={() => shop.checkout({ mode: 'redirect' }).catch(onError)}>
        {cart.checkingOut ? 'Starting checkout…' : 'Check out'}
      </button>
      {!cart.isEmpty && (
        <button type="button" id="cart-clear" className="secondary" onClick={() => shop.cart.clear().catch(onError)}>Empty the cart</button>
      )}
    </>
  );
}

export function App() {
  const [entries, log] = useLog();
  const [status, setStatus] = useState('');
  const { shop, failure } = useCheckout(log);
  const cart = useCart(shop); // null until the checkout object exists
  const onError = (error) => {
    log(`error ${error.code ?? ''}: ${error.message}`);
    setStatus(error.message);
  };
  return (
    <>
      <header className="top">
        <h1>React demo</h1>
        <p>A React app using <code>useCart</code> from <code>bc-checkout-helper/react</code>.</p>
        <a className="cart-link" href="#cart">Cart <span className="badge" id="cart-count" aria-label="items in cart">{cart?.count ?? 0}</span></a>
      </header>
      <main>
        <section aria-labelledby="products-title">
          <h2 id="products-title">Products</h2>
          {failure ? <p>The shop could not start: {failure.message}</p> : <Products shop={shop} onError={onError} />}
        </section>
        <section id="cart" aria-labelledby="cart-title" className="cart">
          <h2 id="cart-title">Cart</h2>
          <Cart shop={shop} cart={cart} onError={onError} />
        </section>
        <section aria-labelledby="log-title" className="log">
          <h2 id="log-title">Event log</h2>
          <ol id="log" aria-live="polite">
            {entries.map((entry) => <li key={entry.id}>{entry.text}</li>)}
          </ol>
        </section>
      </main>
      <p role="status" className="status">{status}</p>
    </>
  );
}
