// What both demo pages share (demo.js's cart, custom-checkout.js): their start-up (the checkout object for the
// store the stub serves) and log, and the DOM helpers for checkout details: totals as a <dl>, shipping options as
// radios, addresses read from and written to fields named like the shim's error paths ("billing.email",
// "address.postalCode"), and each field error written beside its field (aria-describedby).
(() => {
  /** A line at the top of the page's #log, with the time. */
  function log(text) {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    document.getElementById('log').prepend(item);
  }

  /**
   * The checkout object of the page. The server stub says which store and channel it serves, so the page needs no
   * configuration of its own; without it the page cannot know which store's cart to show: say so rather than guess.
   * The demo stack lists the store's origins (with the sandbox's checkout domain, when it has one); a storefront of
   * your own writes its store origin, and the channel's checkout domain if it has one, in its code.
   */
  async function openDemoCheckout() {
    const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!health) throw new Error('The server stub at /api is not answering; start the demo with npm start.');
    const storeOrigins = await fetch('/demo/store-origins.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    const shop = await BCCheckout.createCheckout({
      storeOrigins: Array.isArray(storeOrigins) && storeOrigins.length ? storeOrigins : [health.storeUrl],
      server: '/api',
      channelId: health.channelId,
      currency: 'USD',
    });
    log(`loaded bc-checkout-helper ${BCCheckout.version}; cart restored with ${shop.cart.count} item(s)`);
    return shop;
  }

  const ADDRESS_FIELDS = ['firstName', 'lastName', 'email', 'company', 'address1', 'address2', 'city', 'stateOrProvince', 'countryCode', 'postalCode', 'phone'];

  function clearErrors(form) {
    for (const note of form.querySelectorAll('.field-error, [data-form-error]')) note.textContent = '';
    for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  }

  function markField(control, message) {
    const note = document.getElementById(control.getAttribute('aria-describedby'));
    if (note) note.textContent = message;
    control.setAttribute('aria-invalid', 'true');
  }

  // The message beside the field the error names (its error element is the one aria-describedby points at), or
  // beside `field` (a coupon's input), else in the form's own error line. Returns the field it focused, if any.
  function showError(form, error, field = null) {
    let first = null;
    for (const { field: path, message } of error.details?.fields ?? []) {
      const control = form.querySelector(`[name="${CSS.escape(path)}"]`);
      if (!control) continue;
      markField(control, message);
      first ??= control;
    }
    if (!first && field) {
      markField(field, error.message);
      first = field;
    }
    if (!first) {
      const line = form.querySelector('[data-form-error]');
      if (line) line.textContent = error.message;
    }
    first?.focus();
    return first;
  }

  function readAddress(form, prefix) {
    const address = {};
    for (const name of ADDRESS_FIELDS) {
      const field = form.querySelector(`[name="${prefix}.${name}"]`);
      if (field && field.value.trim()) address[name] = field.value;
    }
    return address;
  }

  function fillAddress(form, prefix, address = {}) {
    for (const name of ADDRESS_FIELDS) {
      const field = form.querySelector(`[name="${prefix}.${name}"]`);
      const value = name === 'stateOrProvince' ? address.stateOrProvinceCode || address.stateOrProvince : address[name];
      if (field && value) field.value = value;
    }
  }

  function renderTotals(list, totals, cart) {
    const rows = [];
    const row = (key, label, value) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.total = key;
      rows.push(dt, dd);
    };
    if (!totals || cart.isEmpty) {
      row('subtotal', 'Subtotal', cart.subtotal.formatted);
    } else {
      row('subtotal', 'Subtotal', totals.subtotal.formatted);
      if (totals.discount.minor) row('discount', `Discount${totals.coupons.length ? ` (${totals.coupons.map((c) => c.code).join(', ')})` : ''}`, `−${totals.discount.formatted}`);
      row('shipping', 'Shipping', totals.shippingChosen ? totals.shipping.formatted : 'Not chosen yet');
      row('tax', 'Tax', totals.tax.formatted);
      for (const card of totals.giftCertificates) row('gift-certificate', `Gift certificate ${card.code}`, `−${card.used.formatted}`);
      row('total', 'Total', totals.grandTotal.formatted);
      if (totals.giftCertificates.length) row('amount-due', 'To pay', totals.amountDue.formatted);
    }
    list.replaceChildren(...rows);
  }

  function renderOptions(fieldset, options, name) {
    const legend = fieldset.querySelector('legend');
    fieldset.replaceChildren(legend, ...options.map((option) => {
      const label = document.createElement('label');
      const radio = Object.assign(document.createElement('input'), { type: 'radio', name, value: option.id, checked: option.selected });
      if (option.consignmentId) radio.dataset.consignmentId = option.consignmentId;
      label.append(radio, ` ${option.description}, ${option.cost.formatted}${option.transitTime ? ` (${option.transitTime})` : ''}`);
      return label;
    }));
    fieldset.hidden = options.length === 0;
  }

  function renderCodes(list, codes, removeLabel) {
    list.replaceChildren(...codes.map(({ code, text }) => {
      const item = document.createElement('li');
      const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: 'Remove' });
      remove.dataset.code = code;
      remove.setAttribute('aria-label', `${removeLabel} ${code}`);
      item.append(`${text} `, remove);
      return item;
    }));
  }

  window.DetailsUI = { log, openDemoCheckout, clearErrors, showError, readAddress, fillAddress, renderTotals, renderOptions, renderCodes };
})();
