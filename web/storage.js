// Where the cart is kept. localStorage by default (shared by the site's tabs), sessionStorage (this tab),
// 'memory' (tests, or privacy-strict pages), or any object with getItem/setItem/removeItem.
import { BCCheckoutError } from './errors.js';

// The records a checkout leaves for the next page load (web/checkout-flow.js), beside the cart's own key
// `storageKey`: an embedded checkout to start again after the Checkout SDK's allow-cookie round trip (in
// sessionStorage), and a hosted checkout that may have become an order (in the cart's storage). The Checkout
// object looks for them on load before it fetches the flow's chunk.
export const resumeKey = (storageKey) => `${storageKey}:resume`;
export const hostedCheckoutKey = (storageKey) => `${storageKey}:hosted-checkout`;

export class MemoryStorage {
  #items = new Map();
  getItem(key) { return this.#items.has(key) ? this.#items.get(key) : null; }
  setItem(key, value) { this.#items.set(key, String(value)); }
  removeItem(key) { this.#items.delete(key); }
}

/** -> { storage, shared: 'local' | 'custom' | false, error?: BCCheckoutError } */
export function openStorage(option = 'local') {
  if (option === 'memory') return { storage: new MemoryStorage(), shared: false };
  if (option && typeof option === 'object') {
    for (const method of ['getItem', 'setItem', 'removeItem']) {
      if (typeof option[method] !== 'function') {
        throw new BCCheckoutError('invalid_argument', `storage must be 'local', 'session', 'memory' or an object with ${method}()`);
      }
    }
    return { storage: option, shared: 'custom' };
  }
  if (option !== 'local' && option !== 'session') {
    throw new BCCheckoutError('invalid_argument', `storage must be 'local', 'session', 'memory' or a Storage-like object, not ${JSON.stringify(option)}`);
  }
  const name = option === 'local' ? 'localStorage' : 'sessionStorage';
  // Outside a browser (Node, a worker) there is no Web Storage: keep the cart in memory.
  if (!(name in globalThis)) return { storage: new MemoryStorage(), shared: false };
  try {
    // Reading the property itself throws when the page's storage is blocked (cookies off, sandboxed frames).
    const storage = globalThis[name];
    const probe = 'bc-checkout-helper:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return { storage, shared: option === 'local' ? 'local' : false };
  } catch (cause) {
    const error = new BCCheckoutError('storage_unavailable',
      `${name} is not available here (${cause && cause.message}); the cart is kept in memory and will not survive a reload.`);
    error.cause = cause;
    return { storage: new MemoryStorage(), shared: false, error };
  }
}
