#!/usr/bin/env node
// node scripts/extract-openapi.mjs [--check]: remakes tests/contract/bigcommerce-openapi/*.json, the part of
// BigCommerce's OpenAPI files that the contract tests validate against, from the files themselves (carts.v3.yml,
// checkouts.v3.yml, ... as published in BigCommerce's public API reference, bigcommerce/docs on GitHub).
//
// Where the files are read from: the folder BC_OPENAPI_DIR names, else the reference copy a development checkout
// may keep beside the repository (SOURCE_FALLBACK below); neither is needed to run the tests, only to remake the
// extract. --check writes nothing and exits 1 when the committed extract differs from what the files give.
//
// The extract is structure only, one JSON per source file (same name, .json):
//   - `servers` (only `url`: the tests take the path prefix of every template from it) and `paths`: every
//     template and method of the file, so that a concrete URL resolves to the same operation as in the full file;
//     the operations the tests use (OPERATIONS below) with their parameters, request body and responses, every
//     other one as `{"x-not-extracted": true}`;
//   - of request bodies and responses, only the JSON media types (the only ones the tests read) and their schema;
//   - `components`: only the entries those operations reach through `$ref`, plus the few the tests name by
//     pointer (COMPONENTS below), under their original names, so every pointer (`#/components/schemas/Cart_Full`)
//     reads the same in the extract as in the file;
//   - in schemas, only what validation uses (type, format, enum, required, properties, items, the bounds,
//     pattern, nullable, readOnly/writeOnly, allOf/anyOf/oneOf/not, additionalProperties, ...). Prose and
//     annotations are dropped: description, summary, title, example(s), default, x-*, tags, externalDocs, info,
//     security, discriminator, xml, deprecated. A `$ref` keeps nothing beside it (OpenAPI 3.0 ignores siblings).
// Key order is the file's (as parsed), arrays are untouched, output is JSON.stringify(_, null, 2) plus a newline:
// the same files always give byte-identical output. Each file starts with an `x-extract` header: the source
// file's name and sha256, the sha256 of the rest of the extract, what was dropped and how to remake it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXTRACT_DIR = join(ROOT, 'tests', 'contract', 'bigcommerce-openapi');
/** Default source folder, relative to the repository root, used only when it exists and BC_OPENAPI_DIR is unset. */
const SOURCE_FALLBACK = '../shared/reference/bigcommerce/openapi';

/**
 * The operations the contract tests exercise, per source file ("METHOD template" as the file writes the
 * template). tests/contract/contract.test.mjs calls them through the server stub and the sandbox store;
 * tests/server/setup-check.test.mjs adds the channel ones (GET/POST/PUT /channels/{channel_id}/site,
 * POST /channels); the site protection payloads use PUT /sites/{site_id}/routes and POST /content/scripts.
 * An operation missing here fails its test with a message that names this list.
 */
export const OPERATIONS = {
  'carts.v3.yml': [
    'POST /carts', 'GET /carts/{cartId}', 'PUT /carts/{cartId}', 'DELETE /carts/{cartId}',
    'POST /carts/{cartId}/items', 'PUT /carts/{cartId}/items/{itemId}', 'DELETE /carts/{cartId}/items/{itemId}',
    'POST /carts/{cartId}/redirect_urls',
  ],
  'checkouts.v3.yml': [
    'GET /checkouts/{checkoutId}', 'PUT /checkouts/{checkoutId}',
    'POST /checkouts/{checkoutId}/billing-address', 'PUT /checkouts/{checkoutId}/billing-address/{addressId}',
    'POST /checkouts/{checkoutId}/consignments', 'PUT /checkouts/{checkoutId}/consignments/{consignmentId}',
    'DELETE /checkouts/{checkoutId}/consignments/{consignmentId}',
    'POST /checkouts/{checkoutId}/coupons', 'DELETE /checkouts/{checkoutId}/coupons/{couponCode}',
    'POST /checkouts/{checkoutId}/orders',
  ],
  'customers.v3.yml': ['GET /customers', 'POST /customers/validate-credentials', 'GET /customers/{customerId}/stored-instruments'],
  'products_catalog.v3.yml': ['GET /catalog/products', 'GET /catalog/products/{product_id}'],
  'product-variants_catalog.v3.yml': ['GET /catalog/products/{product_id}/variants'],
  'channels.v3.yml': [
    'GET /channels', 'POST /channels', 'GET /channels/{channel_id}',
    'GET /channels/{channel_id}/site', 'POST /channels/{channel_id}/site', 'PUT /channels/{channel_id}/site',
    'PUT /channels/{channel_id}/site/checkout-url', 'DELETE /channels/{channel_id}/site/checkout-url',
    'GET /channels/{channel_id}/listings', 'POST /channels/{channel_id}/listings',
  ],
  'sites.v3.yml': [
    'GET /sites', 'GET /sites/{site_id}', 'GET /sites/{site_id}/routes', 'POST /sites/{site_id}/routes',
    'PUT /sites/{site_id}/routes', 'GET /sites/{site_id}/routes/{route_id}', 'DELETE /sites/{site_id}/routes/{route_id}',
  ],
  'scripts.v3.yml': [
    'GET /content/scripts', 'POST /content/scripts', 'GET /content/scripts/{uuid}', 'PUT /content/scripts/{uuid}',
    'DELETE /content/scripts/{uuid}',
  ],
  'orders.v2.oas2.yml': ['GET /orders/{order_id}', 'GET /orders/{order_id}/products'],
  'customer_login.yml': [],
};

/**
 * Component entries the tests name by pointer (beyond what the operations reach): the schemas of the KNOWN_GAPS
 * of tests/contract/openapi-contract.mjs and of its validateSchema() calls.
 */
export const COMPONENTS = {
  'carts.v3.yml': [
    'responses/CartRedirectResponse', 'responses/CartResponse', 'responses/CartConflictErrorResponse',
    'schemas/BaseItem', 'schemas/Cart_Full', 'schemas/ErrorResponse', 'schemas/ChannelCartSettings',
  ],
  'product-variants_catalog.v3.yml': ['schemas/productVariant_Full'],
  'customer_login.yml': ['schemas/customerLoginSSO'],
};

/** The source files, in the order tests/contract/openapi-contract.mjs looks a concrete URL up in. */
export const SOURCE_FILES = Object.keys(OPERATIONS);

/** 'carts.v3.yml' -> 'carts.v3.json' */
export const extractName = (file) => file.replace(/\.ya?ml$/, '.json');

export const REMAKE = 'BC_OPENAPI_DIR=<folder with BigCommerce\'s OpenAPI files> node scripts/extract-openapi.mjs';

const STRIPPED =
  'structure only: description, summary, title, example, examples, default, x-* fields, tags, externalDocs, info, ' +
  'security, discriminator, xml and deprecated are dropped, and every operation and component the contract tests ' +
  'do not use';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// Schema keywords whose value is copied as it is.
const SCHEMA_VALUES = new Set([
  'type', 'format', 'enum', 'const', 'required', 'nullable', 'readOnly', 'writeOnly',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_SINGLE = new Set(['not', 'additionalProperties', 'additionalItems', 'items', 'contains', 'propertyNames', 'if', 'then', 'else']);
// Everything else in a schema is an annotation; these are the ones the files are known to use. Another key stops
// the extraction, so a validation keyword new to the files is never dropped unseen.
const SCHEMA_ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'discriminator', 'xml', 'externalDocs', 'deprecated']);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const unescapePointer = (part) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const isObject = (node) => node !== null && typeof node === 'object' && !Array.isArray(node);

/** The extract of one source file: { text, doc }. `source` is the file's content (YAML or JSON; a Buffer or a string). */
export function extractFile(file, source) {
  const YAML = require('yaml');
  const doc = YAML.parse(String(source), { maxAliasCount: -1 });
  if (doc.swagger) throw new Error(`${file}: Swagger 2.0 files are not handled by the extractor`);
  const wanted = OPERATIONS[file];
  if (!wanted) throw new Error(`${file} is not among the source files (OPERATIONS in scripts/extract-openapi.mjs)`);
  const refs = []; // component pointers still to copy
  const where = (path) => `${file} ${path}`;

  const ref = (value, path) => {
    if (typeof value !== 'string' || !value.startsWith('#/components/')) throw new Error(`${where(path)}: unsupported $ref ${JSON.stringify(value)}`);
    refs.push(value);
    return { $ref: value };
  };

  function schema(node, path) {
    if (typeof node === 'boolean') return node;
    if (!isObject(node)) throw new Error(`${where(path)}: a schema must be an object, got ${JSON.stringify(node)}`);
    if ('$ref' in node) return ref(node.$ref, path);
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (SCHEMA_VALUES.has(key)) out[key] = value;
      else if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, schema(sub, `${path}/${key}/${name}`)]));
      else if (SCHEMA_LISTS.has(key)) out[key] = value.map((sub, i) => schema(sub, `${path}/${key}/${i}`));
      else if (key === 'items' && Array.isArray(value)) out[key] = value.map((sub, i) => schema(sub, `${path}/items/${i}`));
      else if (SCHEMA_SINGLE.has(key)) out[key] = schema(value, `${path}/${key}`);
      else if (!SCHEMA_ANNOTATIONS.has(key) && !key.startsWith('x-')) throw new Error(`${where(path)}: unknown schema keyword "${key}"; add it to SCHEMA_VALUES or SCHEMA_ANNOTATIONS`);
    }
    return out;
  }

  /**
   * A content map: only the JSON media types (the ones the validator reads, by the same /json/i test), each with
   * only its schema. Some files have named examples at this level by an indentation slip; they go too.
   */
  const content = (node, path) =>
    Object.fromEntries(Object.entries(node).filter(([media]) => /json/i.test(media)).map(([media, object]) => [media, object?.schema === undefined ? {} : { schema: schema(object.schema, `${path}/${media}/schema`) }]));
  const withContent = (out, node, path) => {
    const kept = node.content ? content(node.content, `${path}/content`) : {};
    if (Object.keys(kept).length) out.content = kept;
    return out;
  };

  function parameter(node, path) {
    if ('$ref' in node) return ref(node.$ref, path);
    const out = {};
    for (const key of ['name', 'in', 'required', 'style', 'explode', 'allowReserved', 'allowEmptyValue']) if (key in node) out[key] = node[key];
    if (node.schema !== undefined) out.schema = schema(node.schema, `${path}/schema`);
    return withContent(out, node, path);
  }

  function requestBody(node, path) {
    if ('$ref' in node) return ref(node.$ref, path);
    const out = {};
    if ('required' in node) out.required = node.required;
    return withContent(out, node, path);
  }

  function response(node, path) {
    if ('$ref' in node) return ref(node.$ref, path);
    return withContent({}, node, path);
  }

  function operation(node, path) {
    const out = {};
    if (node.parameters) out.parameters = node.parameters.map((p, i) => parameter(p, `${path}/parameters/${i}`));
    if (node.requestBody) out.requestBody = requestBody(node.requestBody, `${path}/requestBody`);
    out.responses = Object.fromEntries(Object.entries(node.responses ?? {}).map(([status, r]) => [status, response(r, `${path}/responses/${status}`)]));
    return out;
  }

  const paths = {};
  const found = new Set();
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    if ('$ref' in item) throw new Error(`${where(template)}: path item $ref is not handled`);
    const methods = HTTP_METHODS.filter((m) => item[m]);
    const used = methods.filter((m) => wanted.includes(`${m.toUpperCase()} ${template}`));
    const out = {};
    for (const key of Object.keys(item)) { // the file's order
      if (key === 'parameters' && used.length) out.parameters = item.parameters.map((p, i) => parameter(p, `${template}/parameters/${i}`));
      if (!methods.includes(key)) continue;
      out[key] = used.includes(key) ? operation(item[key], `${template} ${key}`) : { 'x-not-extracted': true };
      if (used.includes(key)) found.add(`${key.toUpperCase()} ${template}`);
    }
    paths[template] = out;
  }
  const missing = wanted.filter((name) => !found.has(name));
  if (missing.length) throw new Error(`${file} documents no ${missing.join(', ')} (OPERATIONS in scripts/extract-openapi.mjs)`);

  // Components: those named in COMPONENTS, then everything reached through $ref, transitively.
  const components = {};
  for (const entry of COMPONENTS[file] ?? []) refs.push(`#/components/${entry}`);
  const copy = { schemas: schema, responses: response, parameters: parameter, requestBodies: requestBody };
  const done = new Set();
  while (refs.length) {
    const pointer = refs.shift();
    const [kind, rawName] = pointer.slice('#/components/'.length).split('/').map((p) => unescapePointer(decodeURIComponent(p)));
    const key = `${kind}/${rawName}`;
    if (done.has(key)) continue;
    done.add(key);
    const source = doc.components?.[kind]?.[rawName];
    if (source === undefined) throw new Error(`${file}: $ref ${pointer} points nowhere`);
    if (!copy[kind]) throw new Error(`${file}: $ref ${pointer}: components/${kind} is not handled`);
    (components[kind] ??= {})[rawName] = copy[kind](source, `#/components/${kind}/${rawName}`);
  }
  // The file's own order of kinds and of names, not the order they were reached in.
  const ordered = {};
  for (const kind of Object.keys(doc.components ?? {})) {
    if (!components[kind]) continue;
    ordered[kind] = Object.fromEntries(Object.keys(doc.components[kind]).filter((name) => name in components[kind]).map((name) => [name, components[kind][name]]));
  }

  const body = {};
  if (doc.openapi) body.openapi = doc.openapi;
  if (doc.servers) body.servers = doc.servers.map((s) => ({ url: s.url }));
  body.paths = paths;
  if (Object.keys(ordered).length) body.components = ordered;
  const header = {
    source: file,
    sourceSha256: sha256(source),
    contentSha256: contentHash(body),
    origin: `BigCommerce's public OpenAPI file ${file} (bigcommerce/docs on GitHub)`,
    stripped: STRIPPED,
    remake: REMAKE,
  };
  const extracted = { 'x-extract': header, ...body };
  return { text: `${JSON.stringify(extracted, null, 2)}\n`, doc: extracted };
}

/** The sha256 of an extract without its header, as recorded in `x-extract.contentSha256`. */
export function contentHash(doc) {
  const { 'x-extract': _, ...body } = doc;
  return sha256(JSON.stringify(body, null, 2));
}

/**
 * The folder to read the source files from: BC_OPENAPI_DIR, else the fallback beside the repository when it holds
 * them; null when neither does. Returns { dir, via }.
 */
export function sourceDir(env = process.env) {
  if (env.BC_OPENAPI_DIR) return { dir: resolve(env.BC_OPENAPI_DIR), via: 'BC_OPENAPI_DIR' };
  const fallback = resolve(ROOT, SOURCE_FALLBACK);
  if (existsSync(join(fallback, SOURCE_FILES[0]))) return { dir: fallback, via: 'default' };
  return null;
}

/** Every extract made from the files in `dir`: Map(extract file name -> text). */
export function extractAll(dir) {
  const absent = SOURCE_FILES.filter((file) => !existsSync(join(dir, file)));
  if (absent.length) throw new Error(`${dir} has no ${absent.join(', ')}: BC_OPENAPI_DIR must name the folder with BigCommerce's OpenAPI files`);
  return new Map(SOURCE_FILES.map((file) => [extractName(file), extractFile(file, readFileSync(join(dir, file))).text]));
}

/** The committed extract files: Map(name -> text). */
export function committed() {
  if (!existsSync(EXTRACT_DIR)) return new Map();
  return new Map(readdirSync(EXTRACT_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => [f, readFileSync(join(EXTRACT_DIR, f), 'utf8')]));
}

/** Names of the extract files that differ between two Maps (changed, added or removed). */
export function differences(expected, actual) {
  return [...new Set([...expected.keys(), ...actual.keys()])].sort().filter((name) => expected.get(name) !== actual.get(name));
}

function main(args) {
  const source = sourceDir();
  if (!source) {
    console.error('extract-openapi: no BigCommerce OpenAPI files found. Set BC_OPENAPI_DIR to the folder that holds ' +
      `${SOURCE_FILES.join(', ')} (BigCommerce's API reference, bigcommerce/docs on GitHub).`);
    return 2;
  }
  let made;
  try {
    made = extractAll(source.dir);
  } catch (error) {
    console.error(`extract-openapi: ${error.message}`);
    return 2;
  }
  const changed = differences(made, committed());
  if (args.includes('--check')) {
    if (changed.length) {
      console.error(`extract-openapi: ${changed.join(', ')} ${changed.length === 1 ? 'differs' : 'differ'} from what the files in ${source.dir} give; run node scripts/extract-openapi.mjs`);
      return 1;
    }
    console.log(`extract-openapi: the extract matches ${source.dir}`);
    return 0;
  }
  mkdirSync(EXTRACT_DIR, { recursive: true });
  for (const name of changed) {
    if (made.has(name)) writeFileSync(join(EXTRACT_DIR, name), made.get(name));
    else rmSync(join(EXTRACT_DIR, name));
  }
  const bytes = [...made.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
  console.log(`extract-openapi: ${made.size} files, ${bytes} bytes in tests/contract/bigcommerce-openapi/ (${changed.length ? `changed: ${changed.join(', ')}` : 'unchanged'})`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
