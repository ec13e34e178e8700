// Contract checking against BigCommerce's own OpenAPI files (carts.v3.yml, checkouts.v3.yml, ...): load a spec,
// find an operation by method and path template, turn the OpenAPI schema of a request body or of a response into
// JSON Schema that ajv can compile, validate, and say what is wrong in a readable way. Not a test file (no
// .test.mjs suffix); contract.test.mjs uses it.
//
// A spec is read from the committed extract of its file, bigcommerce-openapi/<name>.json beside this module
// (carts.v3.yml -> carts.v3.json): the file's structure without its prose, only the operations and components the
// tests use, every pointer (#/components/schemas/Cart_Full, ...) as in the file. scripts/extract-openapi.mjs makes
// it from the files (BC_OPENAPI_DIR); openapi-extract.test.mjs checks that it is current. An operation the file
// documents but the extract leaves out is known by its method and template (so URLs resolve as in the file), and
// validating against it fails with a message saying how to add it.
//
// The translation from the OpenAPI 3.0 schema dialect (and Swagger 2.0, for files that use it) is exact where
// the two differ; nothing is loosened except by the KNOWN_GAPS list below:
//   - `$ref` to '#/components/...' (OpenAPI 3) or '#/definitions/...' (Swagger 2) is resolved inside the file
//     into a `definitions` entry of the compiled schema (recursive schemas stay recursive). An OpenAPI 3.0
//     `$ref` replaces its object, so keywords beside a `$ref` are dropped, as the 3.0 specification says.
//   - `nullable: true` adds null to `type` (and to `enum`); without `type` the schema becomes anyOf [it, null].
//   - `readOnly` properties are not required in a request body and `writeOnly` ones not in a response
//     (OpenAPI 3.0 "Fixed Fields" of the Schema Object); they are still typed.
//   - Boolean `exclusiveMinimum`/`exclusiveMaximum` (JSON Schema draft 4, used by OpenAPI 3.0) become numbers.
//   - `format`: ajv-formats checks the formats it knows (date-time, date, uri, uuid, int32, double, ...);
//     "url" is checked as an absolute URI (see below); the few values BigCommerce uses that are formats of no
//     JSON Schema draft are listed in PERMISSIVE_FORMATS and accept any string. A format in no list stops the
//     loading of the file, so a new one is noticed instead of silently ignored.
//   - `pattern` is an ECMA-262 regular expression without the u flag, as OpenAPI says.
//   - A response documented without a body schema (e.g. getCart's 404) has nothing to check; a 204 must have no
//     body; a status the operation does not document fails.
//   - `example`, `x-*`, `discriminator`, `xml`, `externalDocs`, `deprecated`: annotations, ignored (ajv
//     `strict: false`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

/** The committed extract: one JSON per spec file (scripts/extract-openapi.mjs writes it). */
export const EXTRACT_DIR = fileURLToPath(new URL('./bigcommerce-openapi', import.meta.url));

/** 'carts.v3.yml' -> 'carts.v3.json', the extract of that file. */
export const extractName = (file) => file.replace(/\.ya?ml$/, '.json');

/** The files contract tests may name, in the order a concrete URL is looked up in (see resolveOperation). */
export const SPEC_FILES = [
  'carts.v3.yml',
  'checkouts.v3.yml',
  'customers.v3.yml',
  'products_catalog.v3.yml',
  'product-variants_catalog.v3.yml',
  'channels.v3.yml',
  'sites.v3.yml',
  'scripts.v3.yml',
  'orders.v2.oas2.yml',
  'customer_login.yml',
];

/**
 * `format` values in the files that no JSON Schema draft defines (so ajv-formats has no check for them).
 * They are descriptions more than formats; any string passes. Everything else BigCommerce uses (date-time,
 * date, uri, url, uuid, int32, int64, float, double) is checked by ajv-formats.
 */
export const PERMISSIVE_FORMATS = {
  'ISO-4217': 'currency code (carts, checkouts: currency.code); spelled as a standard, not a JSON Schema format',
  'ISO-639': 'locale (carts: locale)',
  'ISO-8601': 'timestamps (carts: created_time, updated_time); the standard allows more than RFC 3339 date-time',
  UUID: 'upper-case spelling used by carts (Cart_Full.id, cartId); JSON Schema only defines "uuid"',
  Url: 'capitalised spelling in carts CartRedirectResponse.checkout_url; JSON Schema only defines "url"/"uri"',
  number: 'carts itemId path parameter: a string "format: number" (a path parameter, never a body)',
};

/**
 * KNOWN GAPS: the only departures from the letter of the files. Each entry names the file, the operations, the
 * direction (request or response) and exactly what it changes, with the reason: an omission in the spec, or a
 * spec that contradicts itself. Three kinds:
 *   - errors it allows (`instancePath` and/or `schemaPath` + `keyword`): returned in `allowed`, never dropped
 *     silently;
 *   - an undocumented status (`status` + `validateWith.pointer`) or a broken response schema (`status` +
 *     `replaceSchema`): checked against the schema named instead of failing or passing vacuously;
 *   - an undocumented field (`validateWith.at`, '*' = each array element): checked against the schema the
 *     files give that field elsewhere (without the entry it would pass unchecked: extra properties are allowed).
 * Nothing else is relaxed.
 */
export const KNOWN_GAPS = [
  {
    id: 'cart-redirect-urls',
    spec: 'carts.v3.yml',
    direction: 'response',
    operations: ['POST /carts', 'GET /carts/{cartId}', 'PUT /carts/{cartId}', 'POST /carts/{cartId}/items', 'PUT /carts/{cartId}/items/{itemId}', 'DELETE /carts/{cartId}/items/{itemId}'],
    instancePath: /^\/data\/redirect_urls(\/|$)/,
    reason:
      'carts.v3.yml documents the query `include=redirect_urls` on these operations ("Create a direct link to a cart") ' +
      'but the Cart_Full schema (#/components/schemas/Cart_Full) has no `redirect_urls` property (a known gap, see ' +
      'docs/bigcommerce-behaviour.md). Cart_Full does not forbid extra properties, so nothing fails; the object is checked against the ' +
      "file's own redirect URL schema, the `data` of #/components/responses/CartRedirectResponse.",
    validateWith: { at: [['data', 'redirect_urls']], pointer: '#/components/responses/CartRedirectResponse/content/application~1json/schema/properties/data', required: ['cart_url', 'checkout_url', 'embedded_checkout_url'] },
  },
  {
    id: 'cart-item-options',
    spec: 'carts.v3.yml',
    direction: 'response',
    operations: ['POST /carts', 'GET /carts/{cartId}', 'PUT /carts/{cartId}', 'POST /carts/{cartId}/items', 'PUT /carts/{cartId}/items/{itemId}', 'DELETE /carts/{cartId}/items/{itemId}'],
    instancePath: /^\/data\/line_items\/(physical|digital)_items\/\d+\/options(\/|$)/,
    reason:
      'These operations document `include=line_items.physical_items.options` / `line_items.digital_items.options` ' +
      '("Use this to return physical items product options"), but the item schemas of the cart they answer with ' +
      '(ItemPhysicalGet, ItemDigitalGet under Cart_Full.line_items = LineItemsGet) have no `options` property; ' +
      "the file's other item schemas do (BaseItem, ItemPhysical, ItemDigital). Nothing fails (extra properties " +
      'are allowed); each `options` array is checked against #/components/schemas/BaseItem/properties/options.',
    validateWith: { at: [['data', 'line_items', 'physical_items', '*', 'options'], ['data', 'line_items', 'digital_items', '*', 'options']], pointer: '#/components/schemas/BaseItem/properties/options' },
  },
  {
    id: 'cart-item-delete-unwrapped',
    spec: 'carts.v3.yml',
    direction: 'response',
    operations: ['DELETE /carts/{cartId}/items/{itemId}'],
    status: 200,
    reason:
      'deleteCartLineItem documents its 200 body as `$ref: Cart_Full` at the top level, while its own example is ' +
      '{"data": {...cart...}} and every other cart answer is CartResponse ({data: Cart_Full, meta}). Read literally, ' +
      'a {data, meta} body is checked against Cart_Full, which requires nothing and has no `data`: any body passes. ' +
      'The body is checked against #/components/responses/CartResponse instead (stricter, not looser).',
    replaceSchema: '#/components/responses/CartResponse/content/application~1json/schema',
  },
  {
    id: 'cart-422-undocumented',
    spec: 'carts.v3.yml',
    direction: 'response',
    operations: ['POST /carts', 'POST /carts/{cartId}/items', 'PUT /carts/{cartId}/items/{itemId}', 'PUT /carts/{cartId}'],
    status: 422,
    reason:
      'carts.v3.yml documents no 422 for the cart operations (only 201/200, and 409 for the updates), yet ' +
      "BigCommerce's guide " +
      '(the cart and checkout guide rest-management.mdx in bigcommerce/docs, "Troubleshooting cart errors") lists 422 answers ' +
      'of exactly these operations: "Please create some text for the API option [422]", "Missing line_items in ' +
      'request body [422]", "This product has options; variant ID is required [422]". The body is checked against ' +
      "the file's ErrorResponse (#/components/schemas/ErrorResponse), the schema of its documented cart errors (409).",
    validateWith: { pointer: '#/components/schemas/ErrorResponse' },
  },
  {
    id: 'cart-items-post-409-undocumented',
    spec: 'carts.v3.yml',
    direction: 'response',
    operations: ['POST /carts/{cartId}/items'],
    status: 409,
    reason:
      'addCartLineItems accepts `version` (Cart_Line_Item_Update_Post.version: "If the provided version doesn\'t match ' +
      'the current cart version, you will receive a conflict error") and its description says "a conflict error will ' +
      'be returned", but its responses list only 201, unlike updateCart/updateCartLineItem/deleteCartLineItem which ' +
      "document 409. Checked against the file's #/components/responses/CartConflictErrorResponse.",
    validateWith: { pointer: '#/components/responses/CartConflictErrorResponse/content/application~1json/schema' },
  },
  {
    id: 'product-include-variants',
    spec: 'products_catalog.v3.yml',
    direction: 'response',
    operations: ['GET /catalog/products', 'GET /catalog/products/{product_id}'],
    instancePath: /^\/data(\/\d+)?\/variants(\/|$)/,
    reason:
      'getProducts and getProduct document `include=variants`, but their product schema (product_Full = id + ' +
      'product_Base_response + dates) has no `variants` property (only the request schema product_Base_POST has ' +
      'one). Nothing fails (extra properties are allowed); each variant is checked against the schema of the ' +
      'variant resource itself, product-variants_catalog.v3.yml #/components/schemas/productVariant_Full (the ' +
      'answer of GET /catalog/products/{product_id}/variants). The two files contradict each other on that object: ' +
      'products_catalog.v3.yml productVariant_Full types `sku_id` as a plain integer, product-variants_catalog.v3.yml ' +
      'as `nullable: true` with "Null if it is a base variant"; the variant file is the one that documents variants.',
    validateWith: { at: [['data', '*', 'variants', '*'], ['data', 'variants', '*']], spec: 'product-variants_catalog.v3.yml', pointer: '#/components/schemas/productVariant_Full' },
  },
  {
    id: 'cart-items-post-oneof-overlap',
    spec: 'carts.v3.yml',
    direction: 'request',
    operations: ['POST /carts/{cartId}/items'],
    schemaPath: '#/components/schemas/Cart_Line_Item_Update_Post/properties/line_items/oneOf',
    keyword: 'oneOf',
    onlyWhen: (error) => Array.isArray(error.params?.passingSchemas), // more than one branch matched, none failed
    reason:
      'Cart_Line_Item_Update_Post.line_items is `oneOf` [array of cart_PostVariant, array of cart_PostModifier], but ' +
      'the two item schemas overlap: neither forbids the other\'s fields and cart_PostVariant requires nothing (its ' +
      '`required: [quantity, product_id]` sits inside `gift_wrapping`). Any line without text option values matches ' +
      'both, so `oneOf` refuses the plainest valid bodies, such as {"line_items": [{"quantity": 1, "product_id": 81}]} ' +
      'or the variant_id form of the guide (rest-management.mdx). Read as anyOf: ' +
      'allowed only when more than one branch matched; a body that matches no branch still fails.',
  },
  {
    id: 'cart-item-put-oneof-overlap',
    spec: 'carts.v3.yml',
    direction: 'request',
    operations: ['PUT /carts/{cartId}/items/{itemId}'],
    schemaPath: '#/components/schemas/Cart_Line_Item_Update_Put/properties/line_item/oneOf',
    keyword: 'oneOf',
    onlyWhen: (error) => Array.isArray(error.params?.passingSchemas),
    reason:
      'Cart_Line_Item_Update_Put.line_item is `oneOf` [cart_PostVariant, cart_PostModifier]; the same overlap as ' +
      'cart-items-post-oneof-overlap makes every valid line_item match both. Read as anyOf.',
  },
];

// ---- loading -----------------------------------------------------------------------------------------------

const specs = new Map();

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const unescapePointer = (part) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const escapePointer = (part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1');

function at(doc, pointer) {
  if (!pointer.startsWith('#')) throw new Error(`only references inside the file are supported, got ${pointer}`);
  let node = doc;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const part = unescapePointer(decodeURIComponent(raw));
    if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Loads and indexes one file (cached), from its extract. */
export function loadSpec(file) {
  if (specs.has(file)) return specs.get(file);
  const path = join(EXTRACT_DIR, extractName(file));
  if (!existsSync(path)) {
    throw new Error(`no extract of ${file} (${extractName(file)} in tests/contract/bigcommerce-openapi/): add the file to OPERATIONS in scripts/extract-openapi.mjs and run node scripts/extract-openapi.mjs`);
  }
  return addSpec(file, JSON.parse(readFileSync(path, 'utf8')));
}

/** Registers an already parsed document under a name (for the library's own tests). */
export function addSpec(file, doc) {
  const dialect = doc.swagger ? 'swagger-2.0' : 'openapi-3';
  // The path prefix every template is relative to: the server URL's path (OpenAPI 3) or basePath (Swagger 2).
  let basePath = '';
  if (dialect === 'openapi-3') {
    const server = doc.servers?.[0]?.url ?? '';
    basePath = server.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/$/, '');
  } else {
    basePath = (doc.basePath ?? '').replace(/\/$/, '');
  }
  const operations = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      const segments = template.split('/');
      operations.push({
        method: method.toUpperCase(),
        template,
        pointer: `#/paths/${escapePointer(template)}/${method}`,
        operation: item[method],
        pathItem: item,
        regex: new RegExp(`^${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
        params: segments.filter((s) => /^\{[^}]+\}$/.test(s)).length,
        extracted: item[method]['x-not-extracted'] !== true,
      });
    }
  }
  const spec = { file, doc, dialect, basePath, operations, compiled: new Map() };
  checkFormats(spec);
  specs.set(file, spec);
  return spec;
}

// ---- ajv --------------------------------------------------------------------------------------------------

// unicodeRegExp: false compiles `pattern` as plain ECMA-262 regular expressions, as OpenAPI specifies them
// (without the u flag). It matters: checkouts.v3.yml's phone pattern `^\+?[1-9]\d{1,14}(x\d{1-5})?$` is a
// syntax error with the u flag (`{1-5}` is a literal there, so an "x123" extension never matches: a spec typo).
const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, unicodeRegExp: false });
addFormats(ajv);
for (const name of Object.keys(PERMISSIVE_FORMATS)) ajv.addFormat(name, true);
// "url" is in no JSON Schema draft; ajv-formats' check for it is a heuristic for public web addresses that
// refuses loopback and private hosts (http://localhost:8081/...). The spec means "a URL": checked as an
// absolute URI (RFC 3986), like "uri".
ajv.addFormat('url', ajv.formats.uri);

function checkFormats(spec) {
  const unknown = new Set();
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.format === 'string' && typeof node.type === 'string' && !ajv.formats[node.format]) unknown.add(node.format);
    Object.values(node).forEach(walk);
  })(spec.doc);
  if (unknown.size) {
    throw new Error(`${spec.file} uses formats ajv does not know: ${[...unknown].join(', ')}. Add them to PERMISSIVE_FORMATS with a reason, or give ajv a check.`);
  }
}

// ---- OpenAPI schema -> JSON Schema -----------------------------------------------------------------------

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_SINGLE = ['not', 'additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'if', 'then', 'else'];

/** A readable `definitions` key for a spec pointer ('#/components/schemas/Cart_Full' -> 'components.schemas.Cart_Full'). */
const readableKey = (pointer) => pointer.slice(2).split('/').map(unescapePointer).join('.').replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * Converts the schema at `pointer` of `spec` into a self-contained JSON Schema: { ...root, definitions }.
 * `mode` is 'request' or 'response' (readOnly / writeOnly handling).
 */
function convertAt(spec, pointer, mode) {
  const definitions = {};
  const origin = {}; // definitions key -> spec pointer
  const where = new WeakMap(); // converted schema object -> its spec pointer, to report errors in the spec's terms
  const keys = new Map(); // spec pointer -> definitions key (unique even if two pointers read the same)

  function defKey(ref) {
    if (keys.has(ref)) return keys.get(ref);
    let key = readableKey(ref);
    for (let n = 2; key in origin; n++) key = `${readableKey(ref)}~${n}`;
    keys.set(ref, key);
    origin[key] = ref;
    return key;
  }

  function target(ref) {
    const node = at(spec.doc, ref);
    if (node === undefined) throw new Error(`${spec.file}: $ref ${ref} points nowhere`);
    return node;
  }

  /** The schema a property finally is (through $refs), to read its readOnly/writeOnly. */
  function deref(node, seen = new Set()) {
    while (node && typeof node === 'object' && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      node = target(node.$ref);
    }
    return node;
  }

  function convert(node, pointer) {
    if (typeof node === 'boolean') return node;
    if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
    if (typeof node.$ref === 'string') {
      // OpenAPI 3.0: "This object cannot be extended with additional properties and any properties added SHALL
      // be ignored." (Reference Object); Swagger 2 says the same of JSON Reference.
      const key = defKey(node.$ref);
      if (!(key in definitions)) {
        definitions[key] = true; // placeholder: recursive schemas refer to it while it is converted
        definitions[key] = convert(target(node.$ref), node.$ref);
      }
      const ref = { $ref: `#/definitions/${key}` };
      where.set(ref, pointer);
      return ref;
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'nullable' || key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
      if (SCHEMA_MAPS.includes(key) && value && typeof value === 'object') {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub, `${pointer}/${key}/${escapePointer(name)}`)]));
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
        out[key] = value.map((sub, i) => convert(sub, `${pointer}/${key}/${i}`));
      } else if (key === 'items') {
        out.items = Array.isArray(value) ? value.map((sub, i) => convert(sub, `${pointer}/items/${i}`)) : convert(value, `${pointer}/items`);
      } else if (SCHEMA_SINGLE.includes(key) && value && typeof value === 'object') {
        out[key] = convert(value, `${pointer}/${key}`);
      } else {
        out[key] = value;
      }
    }
    // Draft 4 boolean exclusive bounds (OpenAPI 3.0) -> numeric (draft 6+).
    for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
      if (typeof out[flag] === 'boolean') {
        if (out[flag] && typeof out[bound] === 'number') {
          out[flag] = out[bound];
          delete out[bound];
        } else {
          delete out[flag];
        }
      }
    }
    if (out.type === 'file') delete out.type; // Swagger 2 form uploads; never JSON
    // readOnly properties are not required in requests, writeOnly ones not in responses.
    if (Array.isArray(out.required) && node.properties) {
      const skip = mode === 'request' ? 'readOnly' : 'writeOnly';
      out.required = out.required.filter((name) => !(deref(node.properties[name])?.[skip] === true));
      if (!out.required.length) delete out.required;
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') {
        out.type = [out.type, 'null'];
        if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      } else if (!Array.isArray(out.type)) {
        where.set(out, pointer);
        const wrapper = { anyOf: [out, { type: 'null' }] };
        where.set(wrapper, `${pointer} (nullable)`);
        return wrapper;
      }
    }
    where.set(out, pointer);
    return out;
  }

  const root = convert({ $ref: pointer }, pointer);
  return { schema: { ...root, definitions }, origin, where };
}

function compile(spec, pointer, mode) {
  const key = `${mode} ${pointer}`;
  if (spec.compiled.has(key)) return spec.compiled.get(key);
  const { schema, origin, where } = convertAt(spec, pointer, mode);
  const validate = ajv.compile(schema);
  const entry = { validate, origin, where };
  spec.compiled.set(key, entry);
  return entry;
}

// ---- operations -------------------------------------------------------------------------------------------

/** The operation of `method` `pathTemplate` (a template as written in the file, e.g. /carts/{cartId}/items). */
export function findOperation(specFile, method, pathTemplate) {
  const spec = loadSpec(specFile);
  let template = pathTemplate;
  if (spec.basePath && !spec.doc.paths[template] && template.startsWith(spec.basePath)) template = template.slice(spec.basePath.length) || '/';
  const found = spec.operations.find((o) => o.method === method.toUpperCase() && o.template === template);
  if (!found) {
    const near = spec.operations.filter((o) => o.template === template).map((o) => o.method);
    throw new Error(`${specFile} has no operation ${method.toUpperCase()} ${template}${near.length ? ` (it has ${near.join(', ')})` : ''}`);
  }
  if (!found.extracted) {
    throw new Error(`${specFile} documents ${found.method} ${template}, but the committed extract leaves it out: add it to OPERATIONS in ` +
      'scripts/extract-openapi.mjs and run node scripts/extract-openapi.mjs (it reads the OpenAPI files from BC_OPENAPI_DIR)');
  }
  return { spec, ...found };
}

/**
 * The file and template of a concrete request path such as /stores/abc/v3/carts/1f.../items?include=x.
 * Literal segments win over parameters (/carts/settings before /carts/{cartId}). Null when no file has it.
 */
export function resolveOperation(method, path, files = SPEC_FILES) {
  const pathname = path.split('?')[0];
  let best = null;
  for (const file of files) {
    const spec = loadSpec(file);
    const prefix = new RegExp(`^${spec.basePath.split('/').map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}(?=/|$)`);
    const m = prefix.exec(pathname);
    if (!m) continue;
    const rest = pathname.slice(m[0].length) || '/';
    for (const op of spec.operations) {
      if (op.method !== method.toUpperCase() || !op.regex.test(rest)) continue;
      if (!best || op.params < best.params) best = { specFile: file, template: op.template, params: op.params };
    }
  }
  return best;
}

/** JSON media type of a content map: application/json first, then any +json / json type. */
function jsonMedia(content) {
  if (!content) return null;
  if (content['application/json']) return 'application/json';
  return Object.keys(content).find((type) => /json/i.test(type)) ?? null;
}

function responseOf(op, status) {
  const responses = op.operation.responses ?? {};
  const code = String(status);
  const key = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'].find((k) => k in responses);
  if (!key) return null;
  let pointer = `${op.pointer}/responses/${escapePointer(key)}`;
  let response = responses[key];
  const seen = new Set();
  while (response && typeof response.$ref === 'string' && !seen.has(response.$ref)) {
    seen.add(response.$ref);
    pointer = response.$ref;
    response = at(op.spec.doc, response.$ref);
  }
  return { key, pointer, response };
}

// ---- validation -------------------------------------------------------------------------------------------

const readablePath = (instancePath) =>
  instancePath
    ? instancePath.split('/').slice(1).map(unescapePointer).reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text ? `${text}.${part}` : part), '')
    : '(body)';

/** Where in the spec file an ajv error's keyword is: from the schema object that holds it (ajv `verbose`). */
function specPointerOf(error, { origin, where }) {
  const holder = where.get(error.parentSchema);
  if (holder) return `${holder}/${error.keyword}`;
  const m = /^#\/definitions\/([^/]+)(.*)$/.exec(error.schemaPath);
  if (!m || !origin[m[1]]) return error.schemaPath;
  return origin[m[1]] + m[2];
}

function valueAt(body, instancePath) {
  let node = body;
  for (const part of instancePath.split('/').slice(1).map(unescapePointer)) node = node?.[part];
  return node;
}

function describe(error, body) {
  const where = readablePath(error.instancePath);
  let what = error.message;
  if (error.keyword === 'additionalProperties') what = `has property "${error.params.additionalProperty}" the schema does not allow`;
  if (error.keyword === 'enum') what = `must be one of ${JSON.stringify(error.params.allowedValues)}`;
  if (error.keyword === 'oneOf' && Array.isArray(error.params.passingSchemas)) what = `matches more than one oneOf branch (${error.params.passingSchemas.join(', ')})`;
  const value = valueAt(body, error.instancePath);
  const shown = value === undefined ? '' : `, got ${JSON.stringify(value)?.slice(0, 140)}`;
  return `${where}: ${what}${shown}  [spec: ${error.specPointer}]`;
}

function gapsFor(specFile, op, direction) {
  const name = `${op.method} ${op.template}`;
  return KNOWN_GAPS.filter((g) => g.spec === specFile && g.direction === direction && (g.operations === '*' || g.operations.includes(name)));
}

function allowedBy(gap, error) {
  if (gap.instancePath && !gap.instancePath.test(error.instancePath)) return false;
  if (gap.schemaPath && !(error.specPointer === gap.schemaPath || error.specPointer.startsWith(`${gap.schemaPath}/`))) return false;
  if (gap.keyword && error.keyword !== gap.keyword) return false;
  if (gap.onlyWhen && !gap.onlyWhen(error)) return false;
  return Boolean(gap.instancePath || gap.schemaPath);
}

/** The values at `at` in `body` ('*' = every element of an array), with their concrete paths. */
function expand(body, at) {
  let found = [{ path: [], node: body }];
  for (const part of at) {
    const next = [];
    for (const { path, node } of found) {
      if (part === '*') {
        if (Array.isArray(node)) node.forEach((item, i) => next.push({ path: [...path, String(i)], node: item }));
      } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && node[part] !== undefined) {
        next.push({ path: [...path, part], node: node[part] });
      }
    }
    found = next;
  }
  return found;
}

function run(specFile, op, direction, pointer, body, label) {
  const compiled = compile(op.spec, pointer, direction);
  compiled.validate(body);
  const raw = (compiled.validate.errors ?? []).map((e) => ({ ...e, specPointer: specPointerOf(e, compiled) }));
  const gaps = gapsFor(specFile, op, direction);
  const errors = [];
  const allowed = [];
  for (const error of raw) {
    const gap = gaps.find((g) => allowedBy(g, error));
    if (gap) allowed.push({ gap: gap.id, error, text: describe(error, body) });
    else errors.push(error);
  }
  // Undocumented parts that a gap names get the schema the same file gives them elsewhere.
  for (const gap of gaps) {
    if (!gap.validateWith?.at) continue;
    const check = compile(gap.validateWith.spec ? loadSpec(gap.validateWith.spec) : op.spec, gap.validateWith.pointer, direction);
    const named = `${gap.validateWith.spec ? `${gap.validateWith.spec} ` : ''}${gap.validateWith.pointer}`;
    for (const { path, node } of gap.validateWith.at.flatMap((at) => expand(body, at))) {
      const base = `/${path.map(escapePointer).join('/')}`;
      allowed.push({ gap: gap.id, text: `${readablePath(base)} is not in the schema; checked against ${named}` });
      if (!check.validate(node)) {
        for (const e of check.validate.errors) errors.push({ ...e, instancePath: base + e.instancePath, specPointer: `${gap.validateWith.spec ? `${gap.validateWith.spec} ` : ''}${specPointerOf(e, check)} (via known gap ${gap.id})` });
      }
      for (const name of gap.validateWith.required ?? []) {
        if (node === null || typeof node !== 'object' || !(name in node)) {
          errors.push({ keyword: 'required', instancePath: base, params: { missingProperty: name }, message: `must have property '${name}'`, specPointer: `${gap.validateWith.pointer} (via known gap ${gap.id})` });
        }
      }
    }
  }
  const ok = errors.length === 0; // every ajv error either allowed by a gap or reported
  const message = ok ? `${label}: valid` : `${label} does not match ${specFile}:\n  ${errors.map((e) => describe(e, body)).join('\n  ')}`;
  return { valid: ok, errors, allowed, message, operation: label, schemaPointer: pointer };
}

/**
 * Validates a response body (parsed JSON; null or undefined for none) of `method pathTemplate` with `status`.
 * @returns {{ valid: boolean, errors: object[], allowed: object[], message: string, operation: string, schemaPointer: string|null, documented: boolean }}
 */
export function validateResponse(specFile, method, pathTemplate, status, body) {
  const op = findOperation(specFile, method, pathTemplate);
  const label = `${specFile} ${op.method} ${op.template} -> ${status}`;
  const found = responseOf(op, status);
  const fail = (text) => ({ valid: false, errors: [{ keyword: 'status', message: text }], allowed: [], message: `${label}: ${text}`, operation: label, schemaPointer: null, documented: false });
  if (!found) {
    const gap = gapsFor(specFile, op, 'response').find((g) => g.status === status && g.validateWith && !g.validateWith.at);
    if (!gap) return fail(`status ${status} is not documented (documented: ${Object.keys(op.operation.responses ?? {}).join(', ')})`);
    // An undocumented status that a known gap names: checked against the schema the gap gives it.
    const result = run(specFile, op, 'response', gap.validateWith.pointer, body, `${label} (undocumented status, known gap ${gap.id})`);
    return { ...result, allowed: [...result.allowed, { gap: gap.id, text: `status ${status} is not documented` }], documented: false };
  }
  const empty = body === undefined || body === null || body === '';
  if (status === 204 || status === 304) {
    return empty ? { valid: true, errors: [], allowed: [], message: `${label}: valid (no body)`, operation: label, schemaPointer: null, documented: true } : fail('a 204 response has no body');
  }
  const replacement = gapsFor(specFile, op, 'response').find((g) => g.replaceSchema && g.status === status);
  if (replacement) {
    const result = run(specFile, op, 'response', replacement.replaceSchema, body, `${label} (schema per known gap ${replacement.id})`);
    return { ...result, allowed: [...result.allowed, { gap: replacement.id, text: `checked against ${replacement.replaceSchema}` }], documented: true };
  }
  let pointer;
  if (op.spec.dialect === 'swagger-2.0') {
    if (!found.response.schema) return { valid: true, errors: [], allowed: [], message: `${label}: body not described by the spec`, operation: label, schemaPointer: null, documented: false };
    pointer = `${found.pointer}/schema`;
  } else {
    const media = jsonMedia(found.response.content);
    if (!media || !found.response.content[media].schema) {
      // The response is documented without a body schema (e.g. carts getCart 404 "Cart not found."): nothing to check.
      return { valid: true, errors: [], allowed: [], message: `${label}: body not described by the spec`, operation: label, schemaPointer: null, documented: false };
    }
    pointer = `${found.pointer}/content/${escapePointer(media)}/schema`;
  }
  return { ...run(specFile, op, 'response', pointer, body, label), documented: true };
}

/** Validates the JSON body a client sends to `method pathTemplate` (undefined when it sends none). */
export function validateRequestBody(specFile, method, pathTemplate, body) {
  const op = findOperation(specFile, method, pathTemplate);
  const label = `${specFile} ${op.method} ${op.template} request body`;
  const fail = (text) => ({ valid: false, errors: [{ keyword: 'requestBody', message: text }], allowed: [], message: `${label}: ${text}`, operation: label, schemaPointer: null });
  let pointer = null;
  let required = false;
  if (op.spec.dialect === 'swagger-2.0') {
    // Swagger 2: the `in: body` parameter of the operation, else of its path item; either may be a $ref.
    const candidates = [
      ...(op.operation.parameters ?? []).map((p, i) => [p, `${op.pointer}/parameters/${i}`]),
      ...(op.pathItem.parameters ?? []).map((p, i) => [p, `#/paths/${escapePointer(op.template)}/parameters/${i}`]),
    ].map(([p, where]) => (p && p.$ref ? [at(op.spec.doc, p.$ref), p.$ref] : [p, where]));
    const found = candidates.find(([p]) => p?.in === 'body');
    if (found) {
      required = found[0].required === true;
      pointer = `${found[1]}/schema`;
    }
  } else if (op.operation.requestBody) {
    let requestBody = op.operation.requestBody;
    let base = `${op.pointer}/requestBody`;
    if (requestBody.$ref) {
      base = requestBody.$ref;
      requestBody = at(op.spec.doc, requestBody.$ref);
    }
    required = requestBody.required === true;
    const media = jsonMedia(requestBody.content);
    if (media && requestBody.content[media].schema) pointer = `${base}/content/${escapePointer(media)}/schema`;
  }
  if (body === undefined) {
    return required ? fail('the spec requires a body and none was sent') : { valid: true, errors: [], allowed: [], message: `${label}: valid (no body)`, operation: label, schemaPointer: pointer };
  }
  if (!pointer) return fail('the spec documents no JSON request body for this operation, but one was sent');
  return run(specFile, op, 'request', pointer, body, label);
}

/**
 * Validates `value` against any schema of a file, by pointer (e.g. customer_login.yml
 * '#/components/schemas/customerLoginSSO' for the claims of a login JWT). No known gap applies.
 */
export function validateSchema(specFile, pointer, value, direction = 'request') {
  const spec = loadSpec(specFile);
  const label = `${specFile} ${pointer}`;
  const compiled = compile(spec, pointer, direction);
  if (compiled.validate(value)) return { valid: true, errors: [], allowed: [], message: `${label}: valid`, operation: label, schemaPointer: pointer };
  const errors = compiled.validate.errors.map((e) => ({ ...e, specPointer: specPointerOf(e, compiled) }));
  return { valid: false, errors, allowed: [], message: `${label} does not match:\n  ${errors.map((e) => describe(e, value)).join('\n  ')}`, operation: label, schemaPointer: pointer };
}

/** Throws an AssertionError-like Error carrying the readable message when a result is not valid. */
export function assertConforms(result) {
  if (!result.valid) {
    const error = new Error(result.message);
    error.name = 'ContractError';
    error.result = result;
    throw error;
  }
  return result;
}
