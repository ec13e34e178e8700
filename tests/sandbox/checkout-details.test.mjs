// Checkout details in the sandbox store: coupons with BigCommerce's rules, shipping zones by address, taxes by
// country and state, Incomplete orders that keep the cart, and the hosted and embedded checkout opening on the
// payment step once the details are complete. Run: node --test tests/sandbox/checkout-details.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TEXAS, api, createCart, makeSandbox, page, readyCheckout, sessionFor } from './sandbox-helpers.mjs';

const addCoupon = (sb, cartId, code) => api(sb, 'POST', `/v3/checkouts/${cartId}/coupons`, { coupon_code: code });
const towels = (quantity) => ({ line_items: [{ product_id: 88, quantity }] }); // Linen Tea Towel, $12, Textiles

describe('coupons with rules (marketing.v2.yml coupon_Full: type, min_purchase, expires, enabled, max_uses, applies_to)', () => {
  test('each refusal is 422 with its reason in errors.coupon_code, in checkout-js words where it has them (Redeemable.tsx: min_purchase, not_applicable)', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, towels(1));
    const refusals = {
      NOPE: ['invalid', /^The coupon code "NOPE" is not valid\.$/],
      RETIRED: ['invalid', /"RETIRED" is not valid/],
      SUMMER2020: ['expired', /"SUMMER2020" has expired/],
      WELCOME20: ['usage_limit', /"WELCOME20" has reached its usage limit/],
      KITCHEN15: ['not_applicable', /"KITCHEN15" does not apply to any item/],
      TENOFF: ['min_purchase', /^Spend at least \$50\.00 to use the coupon code "TENOFF"\.$/],
    };
    for (const [code, [reason, title]] of Object.entries(refusals)) {
      const refused = await addCoupon(sb, cart.id, code);
      assert.equal(refused.status, 422, code);
      assert.equal(refused.body.errors.coupon_code, reason, code);
      assert.match(refused.body.title, title, code);
    }
    const checkout = await api(sb, 'GET', `/v3/checkouts/${cart.id}`);
    assert.deepEqual(checkout.body.data.coupons, [], 'no refused coupon was kept');
  });

  test('per_total_discount with min_purchase, per_item_discount on one product, percentage_discount on one category', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, { line_items: [{ product_id: 88, quantity: 3 }, { product_id: 81, quantity: 1 }] }); // 36 + 29.99
    const ten = await addCoupon(sb, cart.id, 'tenoff');
    assert.equal(ten.status, 200);
    assert.deepEqual(ten.body.data.coupons.map((c) => [c.code, c.coupon_type, c.discounted_amount]), [['TENOFF', 'per_total_discount', 10]]);
    const towel = await addCoupon(sb, cart.id, 'TOWEL2');
    const lines = towel.body.data.cart.line_items.physical_items;
    assert.equal(towel.body.data.coupons.find((c) => c.code === 'TOWEL2').discounted_amount, 6, '$2 off each of 3 towels');
    const kitchen = await addCoupon(sb, cart.id, 'KITCHEN15');
    const board = kitchen.body.data.cart.line_items.physical_items.find((i) => i.product_id === 81);
    assert.ok(board.coupon_amount > 0 && lines.length === 2);
    // KITCHEN15 takes 15 % of what is left of the board after its share of TENOFF (4.54 of the 10): 15 % of 25.45.
    assert.equal(kitchen.body.data.coupons.find((c) => c.code === 'KITCHEN15').discounted_amount, 3.82);
    assert.equal(kitchen.body.data.cart.cart_amount_ex_tax, Math.round((65.99 - 10 - 6 - 3.82) * 100) / 100);
    // Cart_Full names coupon types by number (carts.v3.yml AppliedCoupon.coupon_type "type 2: per_total_discount").
    const asCart = await api(sb, 'GET', `/v3/carts/${cart.id}`);
    assert.deepEqual(asCart.body.data.coupons.map((c) => c.coupon_type), ['2', '0', '1']);
  });

  test('a coupon whose minimum the cart no longer meets stays applied but takes nothing off until it does again', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, towels(5)); // $60
    assert.equal((await addCoupon(sb, cart.id, 'TENOFF')).status, 200);
    const item = (await api(sb, 'GET', `/v3/carts/${cart.id}`)).body.data.line_items.physical_items[0];
    const smaller = await api(sb, 'PUT', `/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 88, quantity: 2 } });
    assert.equal(smaller.body.data.cart_amount, 24);
    const bigger = await api(sb, 'PUT', `/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 88, quantity: 6 } });
    assert.equal(bigger.body.data.cart_amount, 62);
  });

  test('coupons apply only in the store\'s default currency (marketing.v2.yml createCoupon: "Coupons only apply to default currency.")', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, { currency: { code: 'EUR' }, ...towels(1) });
    const refused = await addCoupon(sb, cart.id, 'SAVE10');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.title, 'Coupons only apply to default currency.');
    assert.equal(refused.body.errors.coupon_code, 'currency');
  });

  test('the hosted checkout refuses a coupon with the same words as the API', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, towels(1));
    const { cookie } = await sessionFor(sb, cart.redirect_urls.checkout_url);
    const refused = await page(sb, '/checkout', { method: 'POST', cookie, form: { intent: 'apply-coupon', coupon_code: 'TENOFF' } });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Spend at least \$50\.00 to use the coupon code &quot;TENOFF&quot;\./);
    const expired = await page(sb, '/checkout', { method: 'POST', cookie, form: { intent: 'apply-coupon', coupon_code: 'SUMMER2020' } });
    assert.match(expired.text, /The coupon code &quot;SUMMER2020&quot; has expired\./);
  });
});

describe('shipping zones and methods (shipping.v2.yml zones and methods; checkouts.v3.yml available_shipping_options)', () => {
  test('the options follow the address: a state zone before its country\'s, by weight and free over an amount, none outside every zone', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, { line_items: [{ product_id: 80, variant_id: 65, quantity: 1 }] }); // $89, 3 lb
    const itemId = cart.line_items.physical_items[0].id;
    const quotes = async (address) => {
      const made = await api(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address, line_items: [{ item_id: itemId, quantity: 1 }] }]);
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const consignment = made.body.data.consignments.at(-1);
      await api(sb, 'DELETE', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`);
      return consignment.available_shipping_options.map((o) => [o.description, o.type, o.cost]);
    };
    assert.deepEqual(await quotes(TEXAS), [['Free Shipping', 'freeshipping', 0], ['Ground', 'weight', 9.5], ['Express', 'flatrate', 15]]);
    assert.deepEqual(await quotes({ ...TEXAS, state_or_province: 'Alaska', state_or_province_code: 'AK', postal_code: '99501' }), [['Express', 'flatrate', 35]]);
    assert.deepEqual(await quotes({ ...TEXAS, country_code: 'CA', state_or_province: 'Ontario', state_or_province_code: 'ON', postal_code: 'M5V 2T6' }),
      [['Standard', 'peritem', 4], ['Express', 'flatrate', 25]]);
    assert.deepEqual(await quotes({ ...TEXAS, country_code: 'AU', state_or_province: 'NSW', state_or_province_code: 'NSW', postal_code: '2000' }), [], 'no zone ships to Australia');
  });

  test('free shipping only from its minimum; quote ids stable per consignment; a new address drops an option it does not offer', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, towels(2)); // $24: under the $50 of Free Shipping
    const itemId = cart.line_items.physical_items[0].id;
    const made = await api(sb, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: TEXAS, line_items: [{ item_id: itemId, quantity: 2 }] }]);
    const consignment = made.body.data.consignments[0];
    assert.deepEqual(consignment.available_shipping_options.map((o) => o.description), ['Ground', 'Express']);
    const ground = consignment.available_shipping_options[0];
    const again = await api(sb, 'GET', `/v3/checkouts/${cart.id}?include=consignments.available_shipping_options`);
    assert.deepEqual(again.body.data.consignments[0].available_shipping_options.map((o) => o.id), consignment.available_shipping_options.map((o) => o.id));
    await api(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: ground.id });
    const sameCountry = await api(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: { ...TEXAS, address1: '2 Main St' }, line_items: [{ item_id: itemId, quantity: 2 }] });
    assert.equal(sameCountry.body.data.consignments[0].selected_shipping_option.id, ground.id, 'still offered: still chosen');
    const london = { ...TEXAS, country_code: 'GB', state_or_province: '', state_or_province_code: '', city: 'London', postal_code: 'SW1A 1AA' };
    const moved = await api(sb, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}?include=consignments.available_shipping_options`, { address: london, line_items: [{ item_id: itemId, quantity: 2 }] });
    assert.equal(moved.body.data.consignments[0].selected_shipping_option, undefined, 'Ground is not offered in Europe');
    assert.deepEqual(moved.body.data.consignments[0].available_shipping_options.map((o) => o.description), ['Standard International', 'Express']);
  });

  test('handling fees per method, and shipping coupons: FREESHIP takes the shipping off, SHIP5 $5 of it (coupon_discounts)', async () => {
    const sb = makeSandbox();
    const toronto = { ...TEXAS, country_code: 'CA', state_or_province: 'Ontario', state_or_province_code: 'ON', city: 'Toronto', postal_code: 'M5V 2T6' };
    const { cart, checkout } = await readyCheckout(sb, { address: toronto, option: 'Express' });
    assert.equal(checkout.shipping_cost_total_ex_tax, 25);
    assert.equal(checkout.handling_cost_total_ex_tax, 3);
    assert.equal(checkout.consignments[0].handling_cost_ex_tax, 3);
    const ship5 = await addCoupon(sb, cart.id, 'SHIP5');
    assert.deepEqual(ship5.body.data.consignments[0].coupon_discounts, [{ code: 'SHIP5', amount: 5 }]);
    await api(sb, 'DELETE', `/v3/checkouts/${cart.id}/coupons/SHIP5`);
    const free = await addCoupon(sb, cart.id, 'FREESHIP');
    const data = free.body.data;
    assert.deepEqual(data.consignments[0].coupon_discounts, [{ code: 'FREESHIP', amount: 25 }]);
    assert.equal(data.coupons[0].discounted_amount, 25);
    // HST 13 % on the goods and on the handling left to pay; nothing on the shipping the coupon took off.
    assert.equal(data.tax_total, Math.round((109 + 3) * 13) / 100);
    assert.equal(data.grand_total, Math.round((109 + 3 + (109 + 3) * 0.13) * 100) / 100);
  });
});

describe('taxes (tax_rates_zones.v3.yml: one rate per zone; tax_included false)', () => {
  test('on goods after discounts and on shipping, at the shipping address; the Checkout answer\'s totals agree with each other', async () => {
    const sb = makeSandbox();
    const { cart } = await readyCheckout(sb, { lines: [{ product_id: 88, quantity: 5 }] }); // $60 to Texas, Express $15
    const data = (await addCoupon(sb, cart.id, 'SAVE10')).body.data;
    assert.equal(data.cart.tax_included, false);
    // 8.25 % of the goods (4.455) and of the shipping (1.2375), each rounded to the cent.
    assert.deepEqual(data.taxes, [{ name: 'Texas Sales Tax', amount: 5.7 }]);
    assert.equal(data.subtotal_ex_tax, 60);
    assert.equal(data.cart.cart_amount_ex_tax, 54);
    const sum = data.cart.cart_amount_ex_tax + data.shipping_cost_total_ex_tax + data.handling_cost_total_ex_tax + data.tax_total;
    assert.equal(data.grand_total, Math.round(sum * 100) / 100);
    assert.equal(data.grand_total, 74.7);
  });

  test('from the billing address when nothing ships; by state (CA 7.25 %, NY 8.875 %) and by country (GB VAT, DE); none where the store has no rate', async () => {
    const sb = makeSandbox();
    const ebook = async (address) => {
      const cart = await createCart(sb, { line_items: [{ product_id: 98, quantity: 10 }] }); // $99.90 digital
      return (await api(sb, 'POST', `/v3/checkouts/${cart.id}/billing-address`, address)).body.data;
    };
    assert.deepEqual((await ebook({ ...TEXAS, state_or_province: 'California', state_or_province_code: '' })).taxes, [{ name: 'California Sales Tax', amount: 7.24 }]);
    assert.deepEqual((await ebook({ ...TEXAS, state_or_province: 'NY', state_or_province_code: '' })).taxes, [{ name: 'New York Sales Tax', amount: 8.87 }]);
    assert.deepEqual((await ebook({ ...TEXAS, country_code: 'GB', state_or_province: '', state_or_province_code: '' })).taxes, [{ name: 'VAT', amount: 19.98 }]);
    assert.deepEqual((await ebook({ ...TEXAS, country_code: 'DE', state_or_province: '', state_or_province_code: '' })).taxes, [{ name: 'MwSt.', amount: 18.98 }]);
    const oregon = await ebook({ ...TEXAS, state_or_province: 'Oregon', state_or_province_code: 'OR' });
    assert.deepEqual(oregon.taxes, []);
    assert.equal(oregon.grand_total, 99.9);
    const wrongState = await api(sb, 'POST', `/v3/checkouts/${(await createCart(sb, towels(1))).id}/billing-address`, { ...TEXAS, state_or_province: 'Atlantis', state_or_province_code: '' });
    assert.equal(wrongState.status, 422, 'a state the country does not have is refused');
  });
});

describe('Incomplete orders (checkouts.v3.yml createOrder) and the checkout that opens on its payment step', () => {
  test('POST /orders makes an Incomplete order and keeps the cart; again, the same order; order_id on the checkout', async () => {
    const sb = makeSandbox();
    const { cart } = await readyCheckout(sb);
    const first = await api(sb, 'POST', `/v3/checkouts/${cart.id}/orders`);
    assert.equal(first.status, 200);
    const orderId = first.body.data.id;
    const checkout = await api(sb, 'GET', `/v3/checkouts/${cart.id}`);
    assert.equal(checkout.body.data.order_id, String(orderId));
    assert.equal((await api(sb, 'GET', `/v3/carts/${cart.id}`)).status, 200);
    assert.equal((await api(sb, 'POST', `/v3/checkouts/${cart.id}/orders`)).body.data.id, orderId);
    const order = await api(sb, 'GET', `/v2/orders/${orderId}`);
    assert.deepEqual([order.body.status_id, order.body.status], [0, 'Incomplete']);
    assert.equal(order.body.total_inc_tax, '134.2300'); // 109 + 15 + 8.25 % Texas tax (10.23)
  });

  test('the hosted checkout opens on the payment step, prefilled, and paying completes the same order', async () => {
    const sb = makeSandbox();
    const { cart, option } = await readyCheckout(sb, { customerId: 0 });
    await addCoupon(sb, cart.id, 'SAVE10');
    const orderId = (await api(sb, 'POST', `/v3/checkouts/${cart.id}/orders`)).body.data.id;
    const link = (await api(sb, 'POST', `/v3/carts/${cart.id}/redirect_urls`, {})).body.data;
    const { cookie } = await sessionFor(sb, link.checkout_url);
    const shown = await page(sb, '/checkout', { cookie });
    assert.equal(shown.status, 200);
    assert.match(shown.text, /data-step="payment"/);
    assert.match(shown.text, new RegExp(`data-selected-shipping="${option.id}"`));
    assert.match(shown.text, /data-coupon-code="SAVE10"/);
    assert.match(shown.text, /data-billing-email="shopper@example.com"/);
    // 109 − 10.90 + 15 + Texas tax 8.25 % of 113.10 (9.33)
    assert.match(shown.text, /data-tax="9.33"/);
    assert.match(shown.text, /data-grand-total="122.43"/);
    assert.match(shown.text, /<input type="radio" name="shipping_option" value="express" data-shipping-option-id="[0-9a-f]+" checked>/);
    assert.match(shown.text, /id="ship_address1" name="ship_address1" type="text" autocomplete="shipping address-line1" value="1 Main St"/);
    const paid = await page(sb, '/checkout', { method: 'POST', cookie, form: { intent: 'pay' } });
    assert.equal(paid.status, 303);
    assert.equal(paid.location, `/checkout/order-confirmation/${orderId}`, 'the Incomplete order, not a new one');
    const order = await api(sb, 'GET', `/v2/orders/${orderId}`);
    assert.equal(order.body.status, 'Awaiting Fulfillment');
    assert.equal(order.body.total_inc_tax, '122.4300');
    assert.equal((await api(sb, 'GET', `/v3/carts/${cart.id}`)).status, 404, 'once paid, the cart is deleted');
    const variants = await api(sb, 'GET', '/v3/catalog/products/80/variants');
    assert.equal(variants.body.data.find((v) => v.id === 64).inventory_level, 24, 'stock taken when paid');
    assert.equal(sb.state.coupons.find((c) => c.code === 'SAVE10').num_uses, 1);
  });

  test('the embedded checkout opens on the payment step too; an incomplete checkout opens on its details', async () => {
    const sb = makeSandbox();
    const { cart } = await readyCheckout(sb, { customerId: 0 });
    const { cookie, location } = await sessionFor(sb, cart.redirect_urls.embedded_checkout_url);
    const frame = await page(sb, location, { cookie });
    assert.equal(frame.status, 200);
    assert.match(frame.text, /data-step="payment"/);
    const fresh = await createCart(sb, towels(1));
    const other = await sessionFor(sb, fresh.redirect_urls.checkout_url);
    assert.match((await page(sb, '/checkout', { cookie: other.cookie })).text, /data-step="details"/);
  });

  test('the hosted checkout names no option where no zone ships, and refuses the order there (checkout-js: "can\'t be shipped to your location")', async () => {
    const sb = makeSandbox();
    const cart = await createCart(sb, towels(1));
    const { cookie } = await sessionFor(sb, cart.redirect_urls.checkout_url);
    const refused = await page(sb, '/checkout', {
      method: 'POST', cookie,
      form: { intent: 'place-order', email: 'guest@example.com', ship_first_name: 'Ava', ship_last_name: 'Aussie', ship_address1: '1 George St', ship_city: 'Sydney', ship_postal_code: '2000', ship_country_code: 'AU', billing_same: 'on' },
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /can&#39;t be shipped to your location|can't be shipped to your location/);
  });
});
