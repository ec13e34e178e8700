// The demo's custom checkout: the cart from the shop page, then addresses, a shipping option, coupons and gift
// certificates through the checkout-details methods; a signed-in shopper pays with a saved card, anyone else
// (or a card the store declines) continues on the store's payment step, which opens with all of it filled in.
const $ = (id) => document.getElementById(id);
const log = (text) => window.DetailsUI.log(text);
const result = (text) => { $('result').textContent = text; };

async function main() {
  const { clearErrors, showError, readAddress, fillAddress, renderTotals, renderOptions, renderCodes } = window.DetailsUI;
  const shop = await window.DetailsUI.openDemoCheckout();
  let totals = null;

  const showCart = () => {
    $('summary-lines').replaceChildren(...shop.cart.items.map((line) => {
      const item = document.createElement('li');
      item.textContent = `${line.quantity} × ${line.name ?? `Product ${line.productId}`} ${line.lineTotal?.formatted ?? ''}`;
      return item;
    }));
    renderTotals($('totals'), totals, shop.cart);
    const saved = shop.cart.toJSON().checkout ?? {};
    renderCodes($('coupon-list'), totals?.coupons.map((c) => ({ code: c.code, text: `${c.code}: ${c.name} (−${c.discount.formatted})` }))
      ?? (saved.coupons ?? []).map((code) => ({ code, text: code })), 'Remove coupon');
    renderCodes($('gift-list'), (saved.giftCertificates ?? []).map((code) => {
      const used = totals?.giftCertificates.find((g) => g.code === code);
      return { code, text: used ? `${code}: ${used.used.formatted} of ${used.balance.formatted}` : code };
    }), 'Remove gift certificate');
  };
  const run = async (form, action, done, field = null) => {
    clearErrors(form);
    form.setAttribute('aria-busy', 'true');
    try {
      const value = await action();
      result(done(value));
      return value;
    } catch (error) {
      log(`error ${error.code}: ${error.message}`);
      if (!showError(form, error, field)) result(error.message);
      return undefined;
    } finally {
      form.removeAttribute('aria-busy');
    }
  };

  shop.on('error', (error) => log(`error ${error.code}: ${error.message}`));
  shop.on('totals', (next) => {
    totals = next;
    log(`totals: ${next.grandTotal.formatted}, to pay ${next.amountDue.formatted}`);
    showCart();
  });
  shop.on('change', showCart);
  shop.on('fallback', ({ reason, message }) => log(`payment fell back to the store's payment step: ${reason} (${message})`));
  shop.on('complete', ({ source, orderId }) => {
    log(`order complete (${source}${orderId ? `, order ${orderId}` : ''})`);
    result(orderId ? `Thank you! Order ${orderId} is paid.` : 'Thank you! Your order is placed.');
    totals = null;
    showCart();
  });
  shop.on('load', () => log('payment step loaded'));

  // What the page knows already: the saved details (another tab, a reload) and who is signed in.
  const saved = shop.cart.toJSON().checkout ?? {};
  const form = $('address-form');
  const shipping = saved.consignments?.[0]?.address;
  // Without a billing address yet, the cart's shipping estimate (country, state, postal code, email) starts it.
  fillAddress(form, 'billing', saved.billing ?? shipping);
  if (shipping && saved.billing && JSON.stringify(shipping) !== JSON.stringify(saved.billing)) {
    $('same-address').checked = false;
    $('shipping-fields').hidden = false;
    fillAddress(form, 'shipping', shipping);
  }
  $('same-address').addEventListener('change', () => { $('shipping-fields').hidden = $('same-address').checked; });
  const session = await shop.session().catch(() => ({ signedIn: false }));
  $('session-status').textContent = session.signedIn ? `Signed in as ${session.customer.email}.` : 'Checking out as a guest (sign in on the shop page to pay with a saved card).';
  if (session.signedIn && !saved.billing) form.querySelector('[name="billing.email"]').value = session.customer.email;

  const showOptions = (options) => {
    renderOptions($('shipping-options'), options, 'shipping-option');
    $('shipping-empty').hidden = options.length > 0;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const billing = readAddress(form, 'billing');
    const ship = $('same-address').checked ? { ...billing } : readAddress(form, 'shipping');
    // One consignment shows its errors under the shipping fields, or under the billing ones when they are the same.
    const done = await run(form, async () => {
      try {
        return await shop.setAddresses({ billing, shipping: ship });
      } catch (error) {
        if ($('same-address').checked && error.details?.fields) {
          error.details.fields = error.details.fields.map((f) => ({ ...f, field: f.field.replace(/^shipping\./, 'billing.') }));
        }
        throw error;
      }
    }, (t) => `Addresses saved. Total ${t.grandTotal.formatted}.`);
    if (done) showOptions(await shop.shippingOptions().catch(() => []));
  });
  $('shipping-options').addEventListener('change', (event) => {
    const radio = event.target;
    run($('shipping-form'), () => shop.chooseShipping(radio.value, radio.dataset.consignmentId ? { consignmentId: radio.dataset.consignmentId } : {}),
      (t) => `Shipping chosen. Total ${t.grandTotal.formatted}.`);
  });
  $('coupon-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const code = $('coupon-code').value;
    run($('coupon-form'), () => shop.applyCoupon(code), (t) => {
      $('coupon-code').value = '';
      return `Coupon applied. Total ${t.grandTotal.formatted}.`;
    }, $('coupon-code'));
  });
  $('coupon-form').addEventListener('click', (event) => {
    const code = event.target.closest?.('button[data-code]')?.dataset.code;
    if (code) run($('coupon-form'), () => shop.removeCoupon(code), () => { $('coupon-code').focus(); return `Coupon ${code} removed.`; }, $('coupon-code'));
  });
  $('gift-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const code = $('gift-code').value;
    run($('gift-form'), () => shop.applyGiftCertificate(code), (t) => {
      $('gift-code').value = '';
      return `Gift certificate applied. To pay: ${t.amountDue.formatted}.`;
    }, $('gift-code'));
  });
  $('gift-form').addEventListener('click', (event) => {
    const code = event.target.closest?.('button[data-code]')?.dataset.code;
    if (code) run($('gift-form'), () => shop.removeGiftCertificate(code), () => { $('gift-code').focus(); return `Gift certificate ${code} removed.`; }, $('gift-code'));
  });

  const mode = () => document.querySelector('input[name="mode"]:checked').value;
  $('continue').addEventListener('click', async () => {
    const button = $('continue');
    button.disabled = true;
    try {
      const started = await shop.checkout({ mode: mode(), container: '#checkout-frame' });
      log(`payment step opened (${started.mode})`);
    } catch (error) {
      log(`checkout failed: ${error.code} ${error.message}`);
      result(error.message);
    } finally {
      button.disabled = false;
    }
  });
  if (session.signedIn && !shop.cart.isEmpty) {
    const cards = await shop.savedCards().catch((error) => {
      log(`saved cards: ${error.message}`);
      return [];
    });
    const list = $('saved-cards');
    list.replaceChildren(list.querySelector('legend'), ...cards.map((card, index) => {
      const label = document.createElement('label');
      const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'card', value: card.id, checked: card.isDefault || index === 0 });
      label.append(radio, ` ${card.brand} ending ${card.last4}, expires ${String(card.expiryMonth).padStart(2, '0')}/${card.expiryYear}`);
      return label;
    }));
    $('card-form').hidden = cards.length === 0;
  }
  $('card-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const cardId = document.querySelector('input[name="card"]:checked')?.value;
    await run($('card-form'), () => shop.payWithSavedCard(cardId, { mode: mode(), container: '#checkout-frame' }),
      (paid) => (paid.status === 'paid' ? `Thank you! Order ${paid.orderId} is paid.` : `${paid.message}: finish the payment on the store's payment step.`));
  });

  showCart();
  if (!shop.cart.isEmpty) {
    await shop.totals().catch((error) => log(`totals: ${error.message}`));
    if (saved.consignments?.length) showOptions(await shop.shippingOptions().catch(() => []));
  }
  log('ready');
}

main().catch((error) => {
  log(`could not start: ${error.code ?? ''} ${error.message}`);
  result(error.message);
});
