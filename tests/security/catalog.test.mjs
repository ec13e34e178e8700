// The catalog proxy is a storefront view: a shopper cannot list or read hidden products, nor see what only the
// control panel should (cost price, stock counts, bins, units sold), whatever the query says.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStack } from './harness.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

const CONTROL_PANEL_FIELDS = ['cost_price', 'inventory_level', 'inventory_warning_level', 'total_sold', 'bin_picking_number', 'view_count', 'tax_class_id', 'search_keywords', 'layout_file'];

function hideProduct(id) {
  const product = stack.sandbox.state.products.find((p) => p.id === id);
  product.is_visible = false;
}

test('attack: ?is_visible=false lists no hidden product', async () => {
  hideProduct(97);
  const res = await stack.request('GET', '/api/catalog/products?is_visible=false&limit=250');
  assert.equal(res.status, 200, res.text);
  assert.ok(res.body.data.length > 0, 'the visible products still come back');
  assert.ok(!res.body.data.some((p) => p.id === 97), 'the hidden product 97 is not listed');
  assert.ok(res.body.data.every((p) => p.is_visible === true));
});

test('attack: a hidden product read by id is 404', async () => {
  hideProduct(97);
  const res = await stack.request('GET', '/api/catalog/products/97');
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
});

test('attack: no control-panel field in any answer, nor through include_fields', async () => {
  const list = await stack.request('GET', '/api/catalog/products?include_fields=cost_price,inventory_level&include=variants,options,modifiers,images,custom_fields,bulk_pricing_rules');
  const one = await stack.request('GET', '/api/catalog/products/80');
  for (const product of [...list.body.data, one.body.data]) {
    for (const field of CONTROL_PANEL_FIELDS) {
      assert.equal(product[field], undefined, `product ${product.id}: ${field}`);
      for (const variant of product.variants ?? []) assert.equal(variant[field], undefined, `variant ${variant.id}: ${field}`);
    }
    assert.equal(product.custom_fields, undefined);
    assert.equal(product.bulk_pricing_rules, undefined);
    assert.equal(typeof product.is_in_stock, 'boolean');
  }
  assert.equal(one.body.data.variants.find((v) => v.id === 64).is_in_stock, true);
});

test('a channel with listings shows only its active listings', async () => {
  // A stack of its own: the stub keeps a channel's listings for five minutes.
  const fresh = await startStack();
  try {
    await fetch(`${fresh.sandboxUrl}/stores/${fresh.env.BC_STORE_HASH}/v3/channels/1/listings`, {
      method: 'POST',
      headers: { 'X-Auth-Token': fresh.env.BC_ACCESS_TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ product_id: 80, state: 'active' }, { product_id: 81, state: 'disabled' }]),
    });
    const res = await fresh.request('GET', '/api/catalog/products?limit=250');
    assert.deepEqual(res.body.data.map((p) => p.id), [80]);
    assert.equal((await fresh.request('GET', '/api/catalog/products/81')).status, 404, 'an unlisted product is no product');
  } finally {
    await fresh.stop();
  }
});
