// The drop-in's checkout-details widgets (docs/script-tag.md), in the lazy chunk: drop-in.js loads them only
// when the page has their markup.
//   <form data-bc-coupon>             a coupon code field, an Apply button, the applied codes with Remove buttons
//   <form data-bc-shipping-estimate>  country, state, postal code, email -> a radio list of shipping options
//   <dl data-bc-totals>               subtotal, discounts, shipping, tax, gift certificates, total
// Markup may hold its own labelled fields (by name: code; countryCode, stateOrProvince, postalCode, email); the
// missing ones are made. Every field error is written beside its field, tied to it with aria-describedby, and
// announced; focus stays where the shopper is, or goes to the first field to fix.

const COUPON = '[data-bc-coupon]';
const ESTIMATE = '[data-bc-shipping-estimate]';
const TOTALS = '[data-bc-totals]';
// The countries offered when the markup gives none (data-countries="US,CA,GB"); any ISO 3166-1 code works.
const COUNTRIES = 'US,CA,GB,AU,NZ,IE,DE,FR,NL,BE,ES,IT,AT';
const ESTIMATE_FIELDS = [
  ['countryCode', 'Country', 'country'],
  ['stateOrProvince', 'State or province', 'address-level1'],
  ['postalCode', 'Postal code', 'postal-code'],
  ['email', 'Email', 'email'],
];
const REFRESH_MS = 400;

let nextId = 0;
const uid = (prefix) => `bc-${prefix}-${(nextId += 1)}`;

/**
 * @param {object} shop the drop-in's checkout object
 * @param {{ doc: Document, announce: (text: string) => void, fire: (name: string, detail: unknown) => void }} page
 * @returns {{ render: (root?: ParentNode) => void }}
 */
export function startDetailsWidgets(shop, { doc, announce, fire }) {
  let totals = null;
  let options = [];
  const ready = new WeakSet();
  const all = (selector, root = doc) => [...(root.matches?.(selector) ? [root] : []), ...root.querySelectorAll(selector)];
  const make = (tag, props = {}, attrs = {}) => {
    const el = Object.assign(doc.createElement(tag), props);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };
  const saved = () => shop.cart.toJSON().checkout ?? {};

  function render(root = doc) {
    for (const form of all(COUPON, root)) {
      if (!ready.has(form)) setUpCoupon(form);
      renderCoupons(form);
    }
    for (const form of all(ESTIMATE, root)) {
      if (!ready.has(form)) setUpEstimate(form);
      renderOptions(form);
    }
    for (const list of all(TOTALS, root)) renderTotals(list);
  }

  // --- the message beside a field ---------------------------------------------------------------------

  function messageFor(control) {
    const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const existing = ids.map((id) => doc.getElementById(id)).find((el) => el?.hasAttribute('data-bc-message'));
    if (existing) return existing;
    const note = make('span', { id: uid('msg'), className: 'bc-message' }, { 'data-bc-message': '' });
    control.setAttribute('aria-describedby', [...ids, note.id].join(' '));
    control.after(note);
    return note;
  }

  function showError(control, message) {
    messageFor(control).textContent = message;
    control.setAttribute('aria-invalid', 'true');
  }

  function clearErrors(form) {
    for (const note of form.querySelectorAll('[data-bc-message]')) note.textContent = '';
    for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  }

  // Busy state around one action of a form; failures are shown where they belong and announced.
  async function act(form, action, done, onError) {
    if (form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    const buttons = [...form.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    clearErrors(form);
    try {
      const result = await action();
      announce(done(result));
    } catch (error) {
      onError(error);
      announce(error.message);
      fire('bc:error', error);
    } finally {
      form.removeAttribute('aria-busy');
      for (const button of buttons) button.disabled = false;
    }
  }

  // --- coupons -------------------------------------------------------------------------------------------

  function setUpCoupon(form) {
    ready.add(form);
    let input = form.querySelector('input[name="code"]');
    if (!input) {
      input = make('input', { id: uid('coupon'), name: 'code', type: 'text', autocomplete: 'off', spellcheck: false });
      form.append(make('label', { htmlFor: input.id, textContent: form.dataset.label ?? 'Coupon code' }), input,
        make('button', { type: 'submit', textContent: form.dataset.applyText ?? 'Apply' }));
    }
    if (!form.querySelector('[data-bc-coupon-list]')) {
      form.append(make('ul', { className: 'bc-coupons' }, { 'data-bc-coupon-list': '', 'aria-label': form.dataset.listLabel ?? 'Applied coupons' }));
    }
    const submit = (event) => {
      event.preventDefault();
      const code = input.value.trim();
      act(form, () => shop.applyCoupon(code), (t) => {
        input.value = '';
        return `Coupon ${code} applied. Total ${t.grandTotal.formatted}.`;
      }, (error) => {
        showError(input, error.message);
        input.focus();
      });
    };
    if (form.tagName === 'FORM') form.addEventListener('submit', submit);
    else form.addEventListener('click', (event) => event.target.closest?.('button[type="submit"]') && submit(event));
    form.addEventListener('click', (event) => {
      const remove = event.target instanceof Element ? event.target.closest('[data-bc-coupon-remove]') : null;
      if (!remove) return;
      const code = remove.dataset.bcCouponRemove;
      act(form, () => shop.removeCoupon(code), (t) => {
        input.focus(); // the button is gone with the code
        return `Coupon ${code} removed. Total ${t.grandTotal.formatted}.`;
      }, (error) => showError(input, error.message));
    });
  }

  function renderCoupons(form) {
    const list = form.querySelector('[data-bc-coupon-list]');
    const applied = totals?.coupons ?? (saved().coupons ?? []).map((code) => ({ code, name: '', discount: null }));
    const focused = doc.activeElement?.dataset?.bcCouponRemove;
    list.replaceChildren(...applied.map((coupon) => {
      const item = make('li', {}, { 'data-code': coupon.code });
      const text = [coupon.code, coupon.name && `(${coupon.name})`, coupon.discount && `−${coupon.discount.formatted}`].filter(Boolean).join(' ');
      item.append(make('span', { textContent: text }), ' ',
        make('button', { type: 'button', textContent: form.dataset.removeText ?? 'Remove' }, { 'data-bc-coupon-remove': coupon.code, 'aria-label': `Remove coupon ${coupon.code}` }));
      return item;
    }));
    if (focused) (list.querySelector(`[data-bc-coupon-remove="${CSS.escape(focused)}"]`) ?? form.querySelector('input[name="code"]'))?.focus();
  }

  // --- shipping estimate ----------------------------------------------------------------------------------

  function setUpEstimate(form) {
    ready.add(form);
    // The details module checks the fields and each error is written beside its field; the browser's own bubble
    // for an email field would stop the form before that, and is tied to nothing a screen reader reads later.
    form.noValidate = true;
    const known = saved().consignments?.[0]?.address ?? {};
    for (const [name, label, autocomplete] of ESTIMATE_FIELDS) {
      if (form.elements?.namedItem?.(name) ?? form.querySelector(`[name="${name}"]`)) continue;
      const id = uid(name);
      let field;
      if (name === 'countryCode') {
        field = make('select', { id, name, autocomplete });
        const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([shop.options.locale ?? doc.documentElement.lang ?? 'en'].filter(Boolean), { type: 'region' }) : null;
        for (const code of (form.dataset.countries ?? COUNTRIES).split(',').map((c) => c.trim().toUpperCase()).filter(Boolean)) {
          field.append(new Option(names?.of(code) ?? code, code));
        }
      } else {
        field = make('input', { id, name, autocomplete, type: name === 'email' ? 'email' : 'text' });
      }
      form.append(make('label', { htmlFor: id, textContent: label }), field);
    }
    for (const [name] of ESTIMATE_FIELDS) {
      const field = form.querySelector(`[name="${name}"]`);
      if (known[name] && !field.value) field.value = name === 'stateOrProvince' ? known.stateOrProvinceCode || known[name] : known[name];
      else if (name === 'countryCode' && known.countryCode) field.value = known.countryCode;
    }
    if (!form.querySelector('button[type="submit"]')) form.append(make('button', { type: 'submit', textContent: form.dataset.estimateText ?? 'Get shipping options' }));
    const formError = make('p', { id: uid('estimate-error'), className: 'bc-message' }, { 'data-bc-message': '' });
    const fieldset = make('fieldset', { className: 'bc-shipping-options', hidden: true }, { 'data-bc-shipping-options': '' });
    fieldset.append(make('legend', { textContent: form.dataset.optionsLabel ?? 'Shipping options' }));
    form.append(formError, fieldset);
    form.querySelector('button[type="submit"]').setAttribute('aria-describedby', formError.id);

    // Arrow keys move through the radios faster than the store answers: every choice is kept, in order, and the
    // last one is what the checkout ends with (a choice made while one is under way is never dropped). The radios
    // show the shopper's latest choice meanwhile (a render on the way, for new totals, must not take it back);
    // a refused one goes back to the option the checkout last confirmed.
    let wanted = null; // the radio of the latest choice not yet sent
    let choosing = false;
    let confirmed = options.find((o) => o.selected)?.id ?? null; // the option the checkout has
    const select = (id) => { options = options.map((o) => ({ ...o, selected: o.id === id })); };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const address = {};
      for (const [name] of ESTIMATE_FIELDS) address[name] = String(form.querySelector(`[name="${name}"]`).value ?? '');
      act(form, () => shop.shippingOptions(address), (list) => {
        options = list;
        confirmed = list.find((o) => o.selected)?.id ?? null;
        renderOptions(form);
        return list.length ? `${list.length} shipping option${list.length === 1 ? '' : 's'}: ${list.map(describe).join('; ')}.` : 'No shipping options for this address.';
      }, (error) => {
        const fields = error.details?.fields ?? [];
        let first = null;
        for (const { field, message } of fields) {
          const control = form.querySelector(`[name="${CSS.escape(String(field).split('.').pop())}"]`);
          if (!control) continue;
          showError(control, message);
          first ??= control;
        }
        if (first) first.focus();
        else formError.textContent = error.message;
      });
    });
    const choose = async () => {
      choosing = true;
      while (wanted) {
        const radio = wanted;
        wanted = null;
        const option = options.find((o) => o.id === radio.dataset.optionId);
        await act(form, () => shop.chooseShipping(radio.dataset.optionId, radio.dataset.consignmentId ? { consignmentId: radio.dataset.consignmentId } : {}),
          (t) => {
            confirmed = radio.dataset.optionId;
            return `Shipping: ${option ? describe(option) : radio.value}. Total ${t.grandTotal.formatted}.`;
          },
          (error) => {
            formError.textContent = error.message;
            if (wanted) return; // a newer choice follows
            select(confirmed);
            renderOptions(form);
            form.querySelector('input[type="radio"]:checked')?.focus();
          });
      }
      choosing = false;
    };
    form.addEventListener('change', (event) => {
      const radio = event.target instanceof Element ? event.target.closest('input[type="radio"][data-option-id]') : null;
      if (!radio) return;
      select(radio.dataset.optionId);
      wanted = radio;
      if (!choosing) choose();
    });
  }

  function renderOptions(form) {
    const fieldset = form.querySelector('[data-bc-shipping-options]');
    if (!fieldset) return;
    fieldset.hidden = options.length === 0;
    const radios = [...fieldset.querySelectorAll('input[type="radio"]')];
    const same = radios.length === options.length && radios.every((r, i) => r.dataset.optionId === options[i].id);
    if (!same) {
      const hadFocus = fieldset.contains(doc.activeElement);
      const name = uid('shipping');
      fieldset.replaceChildren(fieldset.querySelector('legend'), ...options.map((option) => {
        const radio = make('input', { type: 'radio', name, value: option.id, id: uid('option') }, { 'data-option-id': option.id, ...(option.consignmentId && { 'data-consignment-id': option.consignmentId }) });
        const label = make('label', { htmlFor: radio.id, textContent: ` ${describe(option)}` });
        label.prepend(radio);
        return label;
      }));
      if (hadFocus) fieldset.querySelector('input')?.focus();
    }
    for (const radio of fieldset.querySelectorAll('input[type="radio"]')) radio.checked = options.find((o) => o.id === radio.dataset.optionId)?.selected === true;
  }

  // --- totals ----------------------------------------------------------------------------------------------

  function renderTotals(list) {
    const rows = [];
    const row = (key, label, value) => rows.push(make('dt', { textContent: label }, { 'data-bc-total': key }), make('dd', { textContent: value }, { 'data-bc-total': key }));
    if (!totals || shop.cart.isEmpty) {
      row('subtotal', 'Subtotal', shop.cart.subtotal.formatted);
    } else {
      row('subtotal', 'Subtotal', totals.subtotal.formatted);
      if (totals.discount.minor) row('discount', totals.coupons.length ? `Discount (${totals.coupons.map((c) => c.code).join(', ')})` : 'Discount', `−${totals.discount.formatted}`);
      row('shipping', 'Shipping', totals.shippingChosen ? totals.shipping.formatted : list.dataset.shippingPending ?? 'Not chosen yet');
      if (totals.handling.minor) row('handling', 'Handling', totals.handling.formatted);
      row('tax', 'Tax', totals.tax.formatted);
      for (const card of totals.giftCertificates) row('gift-certificate', `Gift certificate ${card.code}`, `−${card.used.formatted}`);
      row('total', 'Total', totals.grandTotal.formatted);
      if (totals.giftCertificates.length) row('amount-due', 'To pay', totals.amountDue.formatted);
    }
    list.replaceChildren(...rows);
  }

  // --- keeping them current ----------------------------------------------------------------------------------

  let refreshing = null;
  let timer = null;
  const linesOf = () => JSON.stringify(shop.cart.toJSON().lines);
  let lines = linesOf();
  function refresh() {
    clearTimeout(timer);
    if (shop.cart.isEmpty) {
      totals = null;
      options = [];
      render();
      return;
    }
    for (const list of all(TOTALS)) list.setAttribute('aria-busy', 'true');
    refreshing ??= shop.totals().catch((error) => fire('bc:error', error)).finally(() => {
      refreshing = null;
      for (const list of all(TOTALS)) list.removeAttribute('aria-busy');
    });
  }

  shop.on('totals', (next) => {
    totals = next;
    render();
    fire('bc:checkout:totals', next);
  });
  shop.on('change', () => {
    const now = linesOf();
    if (now === lines) return render(); // the details changed (this tab or another): the codes shown follow
    lines = now;
    // New lines: the totals shown are stale. Asked again once the shopper stops changing quantities.
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_MS);
    render();
  });
  shop.on('complete', () => {
    totals = null;
    options = [];
    render();
  });

  // Widgets added later (a CMS, a client-side router) are set up as they appear.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element && !node.closest('[data-bc-message], [data-bc-coupon-list], [data-bc-shipping-options], [data-bc-totals]')) render(node);
    }
  }).observe(doc.body, { childList: true, subtree: true });

  render();
  if (!shop.cart.isEmpty) refresh();
  return { render };
}

const describe = (option) => `${option.description}, ${option.cost.formatted}${option.transitTime ? ` (${option.transitTime})` : ''}`;
