// The script-tag drop-in: markup alone drives the cart and checkout (docs/script-tag.md).
//   <script src=".../bc-checkout-helper.js" data-server="/api" data-store-origin="https://..." data-channel-id="1" defer>
// Handlers are delegated from the document, and display elements are refreshed when new ones appear, so
// markup a CMS adds later works too. Changes are announced in one polite live region; every failure is shown
// beside the control that caused it and announced.

const LIVE_STYLE = 'position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0';

/**
 * @param {{ createCheckout: Function }} api  BCCheckout
 * @param {DOMStringMap} attributes  the script tag's data-* attributes
 * @param {Document} doc
 * @param {() => Promise<object>} loadDetails  the checkout-details chunk (its drop-in widgets)
 * @returns {Promise<object>} the checkout object
 */
export async function startDropIn(api, attributes, doc = document, loadDetails) {
  const server = attributes.server;
  let storeOrigins = attributes.storeOrigin?.split(',').map((s) => s.trim()).filter(Boolean);
  let channelId = attributes.channelId ? Number(attributes.channelId) : undefined;
  if (!storeOrigins?.length || !channelId) {
    // The server stub knows its store: markup then needs nothing but data-server.
    const health = await fetch(`${server.replace(/\/$/, '')}/health`).then((r) => (r.ok ? r.json() : {}), () => ({}));
    storeOrigins ||= health.storeUrl ? [health.storeUrl] : undefined;
    channelId ||= health.channelId;
  }
  const shop = await api.createCheckout({ server, storeOrigins, channelId, currency: attributes.currency, locale: attributes.locale });

  const live = doc.createElement('div');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('data-bc-live', '');
  live.style.cssText = LIVE_STYLE;
  doc.body.append(live);
  const announce = (text) => {
    // Emptied first, so the same words twice are still read out.
    live.textContent = '';
    setTimeout(() => { live.textContent = text; }, 50);
  };
  const fire = (name, detail) => doc.dispatchEvent(new CustomEvent(name, { detail }));
  let checkoutHost = null; // where the last embedded checkout went, to move focus there when it loads
  const all = (selector, root = doc) => [...(root.matches?.(selector) ? [root] : []), ...root.querySelectorAll(selector)];

  function render(root = doc) {
    const { cart } = shop;
    for (const el of all('[data-bc-count]', root)) el.textContent = String(cart.count);
    for (const el of all('[data-bc-subtotal]', root)) el.textContent = cart.subtotal.formatted;
    for (const el of all('[data-bc-empty]', root)) el.hidden = !cart.isEmpty;
    for (const el of all('[data-bc-items]', root)) renderItems(el, cart, doc);
  }

  // Busy state and a message beside the control, around one async action.
  async function act(control, action, done) {
    if (control.getAttribute('aria-busy') === 'true') return;
    control.setAttribute('aria-busy', 'true');
    control.disabled = true;
    const note = messageFor(control, doc);
    note.textContent = '';
    try {
      const result = await action();
      if (done) announce(done(result));
    } catch (error) {
      note.textContent = error.message;
      announce(error.message);
      fire('bc:error', error);
    } finally {
      control.removeAttribute('aria-busy');
      control.disabled = false;
    }
  }

  doc.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const add = target?.closest('[data-bc-add]');
    if (add) {
      const d = add.dataset;
      const item = { productId: Number(d.productId), quantity: Number(d.quantity ?? 1) };
      if (d.variantId) item.variantId = Number(d.variantId);
      if (d.name) item.name = d.name;
      if (d.price) item.price = d.price;
      if (d.options) item.optionSelections = JSON.parse(d.options);
      return act(add, () => shop.cart.add(item), () => `${d.name ?? 'Item'} added to the cart. ${countText(shop.cart.count)}`);
    }
    const change = target?.closest('[data-bc-line-action]');
    if (change) {
      const line = shop.cart.items.find((l) => l.id === change.dataset.lineId);
      if (!line) return;
      const action = change.dataset.bcLineAction;
      const quantity = action === 'remove' ? 0 : line.quantity + (action === 'increase' ? 1 : -1);
      return act(change, () => shop.cart.update(line.id, quantity), () => (quantity ? `${lineName(line)}: ${quantity}` : `${lineName(line)} removed`));
    }
    const checkout = target?.closest('[data-bc-checkout]');
    if (checkout) {
      const mode = checkout.dataset.mode ?? attributes.mode ?? 'redirect';
      const container = checkout.dataset.container ?? attributes.container;
      const host = container ? doc.querySelector(container) : null;
      checkoutHost = host;
      return act(checkout, () => shop.checkout({ mode, container: host ?? container }), () => (mode === 'embedded' ? 'Checkout opened' : 'Going to checkout'));
    }
    const signOut = target?.closest('[data-bc-signout]');
    if (signOut) return act(signOut, () => shop.signOut().then(showSession), () => 'Signed out');
    const toggle = target?.closest('[data-bc-cart-toggle]');
    if (toggle) toggleDrawer(toggle, doc);
  });

  doc.addEventListener('change', (event) => {
    const input = event.target instanceof Element ? event.target.closest('[data-bc-line-quantity]') : null;
    if (!input) return;
    const quantity = Math.max(0, Math.floor(Number(input.value)));
    if (!Number.isFinite(quantity)) return;
    act(input, () => shop.cart.update(input.dataset.lineId, quantity), () => `Quantity ${quantity}`);
  });

  doc.addEventListener('submit', (event) => {
    const form = event.target instanceof Element ? event.target.closest('form[data-bc-signin]') : null;
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector('[type="submit"]') ?? form;
    const data = new FormData(form);
    act(button, () => shop.signIn(String(data.get('email') ?? ''), String(data.get('password') ?? '')).then(showSession),
      (session) => `Signed in as ${session.customer?.email ?? ''}`);
  });

  doc.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = doc.querySelector('[data-bc-cart-toggle][aria-expanded="true"]');
    if (open) toggleDrawer(open, doc);
  });

  async function showSession(session) {
    const current = session ?? (await shop.session().catch(() => ({ signedIn: false })));
    for (const el of all('[data-bc-signed-in]')) el.hidden = !current.signedIn;
    for (const el of all('[data-bc-signed-out]')) el.hidden = current.signedIn;
    for (const el of all('[data-bc-customer]')) el.textContent = current.customer?.email ?? '';
    return current;
  }

  shop.on('change', (detail) => {
    render();
    fire('bc:cart:change', { ...detail, count: shop.cart.count, subtotal: shop.cart.subtotal, items: shop.cart.items });
    if (detail?.source && detail.source !== 'local') announce(`Cart updated. ${countText(shop.cart.count)}`);
  });
  shop.on('error', (error) => {
    announce(error.message);
    fire('bc:error', error);
  });
  for (const name of ['load', 'complete', 'signout', 'fallback']) {
    shop.on(name, (detail) => {
      fire(`bc:checkout:${name}`, detail);
      if (name === 'load' && checkoutHost) focusHost(checkoutHost);
      if (name === 'complete') announce('Thank you! Your order is placed.');
      if (name === 'signout') showSession();
    });
  }

  // The coupon, shipping-estimate and totals widgets come in the checkout-details chunk, only for a page that has
  // one; the chunk then sets up those added later itself (drop-in-details.js).
  let widgets = null;
  const startWidgets = () => {
    widgets ||= doc.querySelector('[data-bc-coupon],[data-bc-shipping-estimate],[data-bc-totals]')
      && loadDetails().then((chunk) => chunk.startDetailsWidgets(shop, { doc, announce, fire }), (error) => {
        widgets = null;
        fire('bc:error', error);
      });
  };

  // Markup added later (a CMS, a client-side router): fill in its display elements.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element && !node.closest('[data-bc-items]')) render(node);
    }
    startWidgets();
  }).observe(doc.body, { childList: true, subtree: true });

  render();
  startWidgets();
  if (all('[data-bc-signed-in], [data-bc-signed-out], [data-bc-customer]').length) showSession();
  fire('bc:ready', { checkout: shop });
  return shop;
}

const countText = (n) => `${n} item${n === 1 ? '' : 's'} in the cart.`;
const lineName = (line) => line.name ?? `Product ${line.productId}`;

function messageFor(control, doc) {
  const id = control.getAttribute('aria-describedby');
  const existing = id && doc.getElementById(id);
  if (existing) return existing;
  const note = doc.createElement('span');
  note.id = `bc-msg-${Math.random().toString(36).slice(2, 9)}`;
  note.setAttribute('data-bc-message', '');
  note.setAttribute('role', 'alert');
  control.setAttribute('aria-describedby', note.id);
  control.after(note);
  return note;
}

// The lines as a list: name, a labelled quantity field between − and + buttons, line total, remove.
function renderItems(host, cart, doc) {
  const list = /^(UL|OL)$/.test(host.tagName) ? host : host.querySelector(':scope > ul[data-bc-list]') ?? host.appendChild(Object.assign(doc.createElement('ul'), { className: 'bc-items' }));
  list.setAttribute('data-bc-list', '');
  // Keep the field that has focus (typing a quantity) instead of rebuilding under the cursor.
  const focused = doc.activeElement?.closest?.('[data-line-id]');
  const focusKey = focused && list.contains(focused) ? `${focused.dataset.lineId}|${focused.dataset.bcLineAction ?? 'qty'}` : null;
  const rows = cart.items.map((line) => {
    const row = doc.createElement('li');
    row.dataset.lineId = line.id;
    const name = lineName(line);
    const make = (tag, props, attrs = {}) => {
      const el = Object.assign(doc.createElement(tag), props);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      return el;
    };
    const qtyId = `bc-qty-${line.id}`;
    row.append(
      make('span', { className: 'bc-item-name', textContent: name }),
      make('button', { type: 'button', textContent: '−' }, { 'data-bc-line-action': 'decrease', 'data-line-id': line.id, 'aria-label': `One fewer ${name}` }),
      make('label', { htmlFor: qtyId, className: 'bc-visually-hidden', textContent: `Quantity of ${name}` }, { style: 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)' }),
      make('input', { id: qtyId, type: 'number', min: '0', value: String(line.quantity), inputMode: 'numeric' }, { 'data-bc-line-quantity': '', 'data-line-id': line.id }),
      make('button', { type: 'button', textContent: '+' }, { 'data-bc-line-action': 'increase', 'data-line-id': line.id, 'aria-label': `One more ${name}` }),
      make('span', { className: 'bc-item-total', textContent: line.lineTotal?.formatted ?? '' }),
      make('button', { type: 'button', textContent: host.dataset.removeText ?? 'Remove' }, { 'data-bc-line-action': 'remove', 'data-line-id': line.id, 'aria-label': `Remove ${name}` }),
    );
    return row;
  });
  if (!rows.length && host.dataset.emptyText) rows.push(Object.assign(doc.createElement('li'), { textContent: host.dataset.emptyText }));
  list.replaceChildren(...rows);
  if (focusKey) {
    const [lineId, kind] = focusKey.split('|');
    const again = kind === 'qty' ? list.querySelector(`[data-bc-line-quantity][data-line-id="${CSS.escape(lineId)}"]`)
      : list.querySelector(`[data-bc-line-action="${kind}"][data-line-id="${CSS.escape(lineId)}"]`);
    (again ?? list.querySelector('input, button'))?.focus();
  }
}

// A cart drawer: <button data-bc-cart-toggle="#cart" aria-expanded="false">. Opening moves focus into it,
// Escape or the button closes it and focus returns to the button.
function toggleDrawer(toggle, doc) {
  const drawer = doc.querySelector(toggle.dataset.bcCartToggle);
  if (!drawer) return;
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', String(open));
  drawer.hidden = !open;
  if (open) {
    if (!drawer.hasAttribute('tabindex')) drawer.setAttribute('tabindex', '-1');
    drawer.focus();
  } else {
    toggle.focus();
  }
}

// The embedded checkout opened: focus its container (made focusable), so keyboard and screen-reader users
// land on it rather than on the button they pressed.
function focusHost(host) {
  if (!host.hasAttribute('tabindex')) host.setAttribute('tabindex', '-1');
  host.focus();
}
