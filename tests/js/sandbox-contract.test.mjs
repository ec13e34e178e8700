// Contract check of the sandbox store: each REST answer it gives is validated with ajv against the response
// schema of the same operation and status in /work/shared/reference/bigcommerce/openapi (BigCommerce's own
// files). OpenAPI 3.0 extras are handled as ajv can: `nullable` natively, unknown formats ignored.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createSandbox } from '../../server/sandbox/index.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const YAML = require('yaml');

const SPEC_DIR = process.env.BC_OPENAPI_DIR ?? '/work/shared/reference/bigcommerce/openapi';
const CREDS = { storeHash: 'contract1', accessToken: 'contract-token', clientId: 'contract-client', clientSecret: 'contract-secret', origin: 'http://localhost:8081', siteUrl: 'http://127.0.0.1:8080' };
const available = existsSync(join(SPEC_DIR, 'carts.v3.yml'));

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false, logger: false });
addFormats(ajv);
const loaded = new Set();
const compiled = new Map();

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The validator of one documented response: file, method, path template, status. */
function responseValidator(file, method, path, status) {
  const key = `${file} ${method} ${path} ${status}`;
  if (compiled.has(key)) return compiled.get(key);
  const id = `https://specs.invalid/${file}`;
  const doc = YAML.parse(readFileSync(join(SPEC_DIR, file), 'utf8'));
  if (!loaded.has(file)) {
    ajv.addSchema(doc, id);
    loaded.add(file);
  }
  const operation = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(operation, `${file} documents ${method} ${path}`);
  let response = operation.responses[String(status)];
  assert.ok(response, `${file} documents status ${status} for ${method} ${path}`);
  let base = `#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status))}`;
  if (response.$ref) {
    base = response.$ref;
    response = response.$ref.slice(2).split('/').reduce((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  const type = Object.keys(response.content ?? {})[0];
  assert.ok(type, `${file} ${method} ${path} ${status} has a body schema`);
  const validate = ajv.compile({ $ref: `${id}${base}/${pointer('content', type, 'schema')}` });
  compiled.set(key, validate);
  return validate;
}

let sb;
async function call(method, path, body) {
  const response = await sb.fetch(new Request(`${CREDS.origin}/stores/${CREDS.storeHash}${path}`, {
    method,
    headers: { 'X-Auth-Token': CREDS.accessToken, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Sends a request and checks the answer against the documented schema of its status. */
async function conforms(file, method, template, path, body, expectedStatus) {
  const response = await call(method, path, body);
  assert.equal(response.status, expectedStatus, `${method} ${path}: ${JSON.stringify(response.body)}`);
  const validate = responseValidator(file, method, template, response.status);
  assert.ok(validate(response.body), `${method} ${path} (${response.status}) does not match ${file}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return response.body;
}

describe('sandbox responses match the BigCommerce OpenAPI schemas', { skip: !available && `no OpenAPI files at ${SPEC_DIR}` }, () => {
  before(() => {
    sb = createSandbox({ ...CREDS, log: () => {} });
  });

  const INCLUDE = 'redirect_urls,line_items.physical_items.options,line_items.digital_items.options';
  const address = { first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78751', phone: '+15125550100' };

  test('carts.v3.yml', async () => {
    const created = await conforms('carts.v3.yml', 'POST', '/carts', `/v3/carts?include=${INCLUDE}`, {
      customer_id: 1,
      channel_id: 1,
      currency: { code: 'USD' },
      locale: 'en-US',
      line_items: [
        { product_id: 80, variant_id: 64, quantity: 1 },
        { product_id: 95, quantity: 1, option_selections: [{ option_id: 120, option_value: 'Hi' }, { option_id: 121, option_value: 212 }] },
        { product_id: 98, quantity: 1 },
      ],
      custom_items: [{ sku: 'WRAP', name: 'Gift wrap', quantity: 1, list_price: 4.5 }],
      gift_certificates: [{ name: 'Birthday', theme: 'Birthday', amount: 25, quantity: 1, sender: { name: 'A', email: 'a@example.com' }, recipient: { name: 'B', email: 'b@example.com' }, message: 'Hi' }],
    }, 201);
    const cart = created.data;
    await conforms('carts.v3.yml', 'GET', '/carts/{cartId}', `/v3/carts/${cart.id}?include=${INCLUDE}`, undefined, 200);
    const added = await conforms('carts.v3.yml', 'POST', '/carts/{cartId}/items', `/v3/carts/${cart.id}/items?include=${INCLUDE}`, { line_items: [{ product_id: 81, quantity: 2 }] }, 201);
    const item = added.data.line_items.physical_items.find((i) => i.product_id === 81);
    await conforms('carts.v3.yml', 'PUT', '/carts/{cartId}/items/{itemId}', `/v3/carts/${cart.id}/items/${item.id}?include=${INCLUDE}`, { line_item: { product_id: 81, quantity: 3 } }, 200);
    await conforms('carts.v3.yml', 'PUT', '/carts/{cartId}/items/{itemId}', `/v3/carts/${cart.id}/items/${item.id}`, { version: 1, line_item: { product_id: 81, quantity: 3 } }, 409);
    await conforms('carts.v3.yml', 'DELETE', '/carts/{cartId}/items/{itemId}', `/v3/carts/${cart.id}/items/${item.id}?include=${INCLUDE}`, undefined, 200);
    await conforms('carts.v3.yml', 'PUT', '/carts/{cartId}', `/v3/carts/${cart.id}`, { customer_id: 2 }, 201);
    await conforms('carts.v3.yml', 'POST', '/carts/{cartId}/redirect_urls', `/v3/carts/${cart.id}/redirect_urls`, {}, 201);
    await conforms('carts.v3.yml', 'PUT', '/carts/{cartId}', `/v3/carts/${cart.id}`, { version: 1, customer_id: 1 }, 409);
  });

  test('checkouts.v3.yml', async () => {
    const { data: cart } = (await call('POST', '/v3/carts', { line_items: [{ product_id: 80, variant_id: 65, quantity: 2 }, { product_id: 98, quantity: 1 }], custom_items: [{ sku: 'S', name: 'Service', quantity: 1, list_price: 3 }] })).body;
    const physical = cart.line_items.physical_items[0];
    const path = `/v3/checkouts/${cart.id}`;
    await conforms('checkouts.v3.yml', 'GET', '/checkouts/{checkoutId}', `${path}?include=cart.line_items.physical_items.options,consignments.available_shipping_options`, undefined, 200);
    await conforms('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/billing-address', `${path}/billing-address`, address, 200);
    const withConsignment = await conforms('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/consignments', `${path}/consignments?include=consignments.available_shipping_options`,
      [{ address, line_items: [{ item_id: physical.id, quantity: 2 }] }], 200);
    const consignment = withConsignment.data.consignments[0];
    await conforms('checkouts.v3.yml', 'PUT', '/checkouts/{checkoutId}/consignments/{consignmentId}', `${path}/consignments/${consignment.id}?include=consignments.available_shipping_options`,
      { shipping_option_id: consignment.available_shipping_options[0].id }, 200);
    await conforms('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/coupons', `${path}/coupons`, { coupon_code: 'SAVE10' }, 200);
    await conforms('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/coupons', `${path}/coupons`, { version: 1, coupon_code: 'TAKE5' }, 409);
    await conforms('checkouts.v3.yml', 'PUT', '/checkouts/{checkoutId}', path, { customer_message: 'Thanks' }, 200);
    await conforms('checkouts.v3.yml', 'GET', '/checkouts/{checkoutId}', path, undefined, 200);
    const order = await conforms('checkouts.v3.yml', 'POST', '/checkouts/{checkoutId}/orders', `${path}/orders`, undefined, 200);
    await conforms('checkouts.v3.yml', 'GET', '/checkouts/{checkoutId}', path, undefined, 404);

    await conforms('orders.v2.oas2.yml', 'GET', '/orders/{order_id}', `/v2/orders/${order.data.id}`, undefined, 200);
    await conforms('orders.v2.oas2.yml', 'GET', '/orders/{order_id}/products', `/v2/orders/${order.data.id}/products`, undefined, 200);
    await conforms('orders.v2.oas2.yml', 'GET', '/orders/{order_id}', '/v2/orders/424242', undefined, 404);
  });

  test('products_catalog.v3.yml and product-variants_catalog.v3.yml', async () => {
    await conforms('products_catalog.v3.yml', 'GET', '/catalog/products', '/v3/catalog/products?include=variants,images,primary_image,custom_fields,bulk_pricing_rules,videos,channels&limit=50', undefined, 200);
    await conforms('products_catalog.v3.yml', 'GET', '/catalog/products', '/v3/catalog/products?include=variants,options,modifiers,images', undefined, 200);
    for (const id of [80, 81, 95, 98, 101]) {
      await conforms('products_catalog.v3.yml', 'GET', '/catalog/products/{product_id}', `/v3/catalog/products/${id}?include=variants,options,modifiers,images,primary_image`, undefined, 200);
      await conforms('product-variants_catalog.v3.yml', 'GET', '/catalog/products/{product_id}/variants', `/v3/catalog/products/${id}/variants`, undefined, 200);
    }
    await conforms('products_catalog.v3.yml', 'GET', '/catalog/products/{product_id}', '/v3/catalog/products/4242', undefined, 404);
    await conforms('product-variants_catalog.v3.yml', 'GET', '/catalog/products/{product_id}/variants', '/v3/catalog/products/4242/variants', undefined, 404);
  });

  test('customers.v3.yml', async () => {
    await conforms('customers.v3.yml', 'POST', '/customers/validate-credentials', '/v3/customers/validate-credentials', { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!', channel_id: 1 }, 200);
    await conforms('customers.v3.yml', 'POST', '/customers/validate-credentials', '/v3/customers/validate-credentials', { email: 'shopper@example.com', password: 'nope' }, 200);
    await conforms('customers.v3.yml', 'POST', '/customers/validate-credentials', '/v3/customers/validate-credentials', { email: 'shopper@example.com' }, 422);
    await conforms('customers.v3.yml', 'GET', '/customers', '/v3/customers?id:in=1,2', undefined, 200);
  });

  test('channels.v3.yml and sites.v3.yml', async () => {
    await conforms('channels.v3.yml', 'GET', '/channels', '/v3/channels', undefined, 200);
    await conforms('channels.v3.yml', 'GET', '/channels/{channel_id}', '/v3/channels/1?include=currencies', undefined, 200);
    await conforms('channels.v3.yml', 'GET', '/channels/{channel_id}', '/v3/channels/77', undefined, 404);
    await conforms('channels.v3.yml', 'GET', '/channels/{channel_id}/site', '/v3/channels/1/site', undefined, 200);
    const sites = await conforms('sites.v3.yml', 'GET', '/sites', '/v3/sites', undefined, 200);
    const siteId = sites.data[0].id;
    await conforms('sites.v3.yml', 'GET', '/sites/{site_id}', `/v3/sites/${siteId}`, undefined, 200);
    const route = await conforms('sites.v3.yml', 'POST', '/sites/{site_id}/routes', `/v3/sites/${siteId}/routes`, { type: 'product', matching: '*', route: '/p/{slug}' }, 201);
    await conforms('sites.v3.yml', 'POST', '/sites/{site_id}/routes', `/v3/sites/${siteId}/routes`, { type: 'bogus', matching: '*', route: '/x' }, 422);
    await conforms('sites.v3.yml', 'PUT', '/sites/{site_id}/routes', `/v3/sites/${siteId}/routes`, [{ id: route.data.id, type: 'product', matching: '*', route: '/products/{slug}' }, { type: 'home', matching: '*', route: '/' }], 200);
    await conforms('sites.v3.yml', 'PUT', '/sites/{site_id}/routes', `/v3/sites/${siteId}/routes`, [{ type: 'bogus' }], 422);
    await conforms('sites.v3.yml', 'GET', '/sites/{site_id}/routes', `/v3/sites/${siteId}/routes`, undefined, 200);
  });

  test('scripts.v3.yml', async () => {
    const created = await conforms('scripts.v3.yml', 'POST', '/content/scripts', '/v3/content/scripts', { name: 'Tracker', html: '<script>1</script>', location: 'head', visibility: 'all_pages', consent_category: 'analytics' }, 200);
    await conforms('scripts.v3.yml', 'POST', '/content/scripts', '/v3/content/scripts', { name: 'Remote', src: 'https://cdn.example/a.js', load_method: 'async' }, 200);
    await conforms('scripts.v3.yml', 'POST', '/content/scripts', '/v3/content/scripts', { description: 'no name' }, 422);
    await conforms('scripts.v3.yml', 'GET', '/content/scripts', '/v3/content/scripts?sort=name&direction=desc', undefined, 200);
    await conforms('scripts.v3.yml', 'GET', '/content/scripts/{uuid}', `/v3/content/scripts/${created.data.uuid}`, undefined, 200);
    await conforms('scripts.v3.yml', 'PUT', '/content/scripts/{uuid}', `/v3/content/scripts/${created.data.uuid}`, { enabled: false }, 200);
    await conforms('scripts.v3.yml', 'PUT', '/content/scripts/{uuid}', `/v3/content/scripts/${created.data.uuid}`, { location: 'middle' }, 422);
    await conforms('scripts.v3.yml', 'GET', '/content/scripts/{uuid}', '/v3/content/scripts/00000000-0000-4000-8000-000000000000', undefined, 404);
  });
});
