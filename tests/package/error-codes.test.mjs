// docs/errors.md against the code: every error code the server stub (server/: HttpError, and the Node adapter's
// own answers), the browser layer (web/: BCCheckoutError) and the cart core (wasm/core: makeError and the codes
// its JSON readers are given) can produce is listed there, and it lists no code that nothing produces. Codes are
// read from the sources as literals; a place that takes its code from a variable must be one of the known
// pass-throughs below, so a new one cannot slip past unlisted.
// Run: node --test tests/package/error-codes.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8');
const filesIn = (dir, ending) => readdirSync(join(root, dir)).filter((name) => name.endsWith(ending)).map((name) => join(dir, name));
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** The argument list of every call `opening` (such as "new HttpError(") in `source`, split at top-level commas. */
function callArguments(source, opening) {
  const calls = [];
  for (let at = source.indexOf(opening); at !== -1; at = source.indexOf(opening, at + 1)) {
    const args = [];
    let depth = 0;
    let quote = null;
    let current = '';
    for (let i = at + opening.length; i < source.length; i++) {
      const c = source[i];
      if (quote) {
        current += c;
        if (c === '\\') current += source[++i];
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '\'' || c === '"' || c === '`') quote = c;
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      }
      if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
      } else {
        current += c;
      }
    }
    args.push(current.trim());
    calls.push({ args, line: source.slice(0, at).split('\n').length });
  }
  return calls;
}

/**
 * The codes an argument can carry when written as literals: a literal, both branches of a ternary of literals, or
 * the default of `x ?? 'code'`; `passThrough` when (part of) it comes from a variable.
 */
function literalsIn(arg) {
  const literal = arg.match(/^(['"])([a-z0-9_]+)\1$/);
  if (literal) return { codes: [literal[2]], passThrough: false };
  const ternary = arg.match(/\? *(['"])([a-z0-9_]+)\1 *: *(['"])([a-z0-9_]+)\3$/);
  if (ternary) return { codes: [ternary[2], ternary[4]], passThrough: false };
  const fallback = arg.match(/\?\? *(['"])([a-z0-9_]+)\1$/);
  return { codes: fallback ? [fallback[2]] : [], passThrough: true };
}

// Where a code comes from a variable: the place, the argument as written, and what it carries.
const PASS_THROUGHS = {
  'web/errors.js': { code: 'the core\'s {ok:false,error:{code}} (unwrap)' },
  'web/checkout.js': {
    'result.error.code': 'the core\'s restore() verdict',
    code: 'finite(): the codes of MONEY_FIELDS and NUMBER_FIELDS, literals in the same file',
  },
  'web/checkout-flow.js': { 'verdict.code': 'the core\'s isSafeCheckoutUrl verdict' },
  'web/checkout-details.js': {
    'refused.error?.code ?? \'coupon_not_applicable\'': 'the stub\'s coupon codes from PUT /checkouts/{cartId} rejected[]',
    'error.code': 'the stub\'s gift-certificate codes (a 422) found again on totals()',
  },
  'web/server-client.js': { 'code ?? `http_${response.status}`': 'the stub\'s code, or http_<status> for an answer without one' },
  'server/cart-sync.js': {
    'error.code': 'the core\'s planCartSync refusal of a custom line',
    'error.code ?? \'invalid_cart\'': 'the core\'s planCartSync codes',
  },
  'server/handler.js': { 'error.code': 'missing_checkout_url, behind `error.code === \'missing_checkout_url\'`' },
  'server/checkout-details.js': { 'code ?? error.code': 'the details module\'s input codes (invalid_address, invalid_details, invalid_coupon_code, invalid_gift_certificate_code), or invalid_address given by the addresses route' },
};

function producedBy(files, opening, codeArg, place) {
  const codes = new Map(); // code -> first place
  const passThroughs = [];
  for (const file of files) {
    const source = read(file);
    for (const { args, line } of callArguments(source, opening)) {
      const arg = args[codeArg];
      if (arg === undefined) continue; // `instanceof HttpError`, an import
      const { codes: found, passThrough } = literalsIn(arg);
      for (const code of found) if (!codes.has(code)) codes.set(code, `${file}:${line}`);
      if (passThrough) passThroughs.push({ file, arg, line });
    }
  }
  for (const { file, arg, line } of passThroughs) {
    assert.ok(PASS_THROUGHS[file]?.[arg], `${file}:${line} gives ${place} a code from \`${arg}\`: list what it carries in PASS_THROUGHS (and its codes in docs/errors.md)`);
  }
  return codes;
}

function stubCodes() {
  const codes = producedBy(filesIn('server', '.js'), 'new HttpError(', 1, 'HttpError');
  // The Node adapter answers some requests itself, before the handler.
  for (const file of filesIn('server/transport', '.js')) {
    for (const m of read(file).matchAll(/error: \{ code: '([a-z0-9_]+)'/g)) if (!codes.has(m[1])) codes.set(m[1], file);
  }
  // The other producer in handler.js: its rate limiter.
  for (const m of read('server/handler.js').matchAll(/function tooMany[^]*?new HttpError\(\d+, '([a-z_]+)'/g)) codes.set(m[1], 'server/handler.js tooMany');
  return codes;
}

function browserCodes() {
  const codes = producedBy(filesIn('web', '.js'), 'new BCCheckoutError(', 0, 'BCCheckoutError');
  // finite()'s codes: the second column of NUMBER_FIELDS, and invalid_argument for MONEY_FIELDS.
  const table = read('web/checkout.js').match(/const NUMBER_FIELDS = (\[[^;]*\]);/)[1];
  for (const [, code] of JSON.parse(table.replace(/'/g, '"'))) if (!codes.has(code)) codes.set(code, 'web/checkout.js NUMBER_FIELDS');
  codes.set('http_<status>', 'web/server-client.js');
  return codes;
}

/** The core's codes: makeError's first argument, and the code given to parseJson, JsonFields and fail(). */
function coreCodes() {
  const codes = new Map();
  const files = filesIn('wasm/core/src', '.cpp');
  for (const file of files) {
    const source = read(file);
    const constants = new Map([...source.matchAll(/constexpr const char\s*\*?\s*(k\w+)(?:\[\])?\s*=\s*"([a-z0-9_]+)"|const char\* const (k\w+) = "([a-z0-9_]+)"/g)]
      .map((m) => [m[1] ?? m[3], m[2] ?? m[4]]));
    const add = (code, why) => { if (CODE.test(code) && !codes.has(code)) codes.set(code, `${file} ${why}`); };
    for (const m of source.matchAll(/makeError\(\s*"([a-z0-9_]+)"/g)) add(m[1], 'makeError');
    for (const m of source.matchAll(/(?:parseJson\(|JsonFields \w+\(|\bfail\()[^;]*?,\s*"([a-z0-9_]+)"\s*\)/g)) add(m[1], 'reader code');
    for (const [name, value] of constants) {
      if (new RegExp(`(makeError\\(\\s*|parseJson\\([^;]*|JsonFields \\w+\\([^;]*)\\b${name}\\b`).test(source)) add(value, name);
    }
  }
  return codes;
}

// Core codes no caller can meet, each with the reason.
const UNREACHABLE = {
  // Cart::restoreLine refuses a repeated line id, but the saved-cart reader wraps that as saved_cart_invalid, and
  // the stub's priced copy of a cart (api.cpp) re-adds the lines of a cart that already has none twice.
  duplicate_line_id: 'wrapped as saved_cart_invalid',
};

/** The codes docs/errors.md lists: backticked codes in the first column of its tables. */
function documentedCodes() {
  const codes = new Set();
  for (const line of read('docs/errors.md').split('\n')) {
    const cell = line.match(/^\| ([^|]+) \|/)?.[1];
    if (!cell || cell.trim() === 'code' || /^-+$/.test(cell.trim())) continue;
    for (const m of cell.matchAll(/`([^`]+)`/g)) codes.add(m[1]);
  }
  return codes;
}

const documented = documentedCodes();
const produced = new Map([...coreCodes(), ...stubCodes(), ...browserCodes()]);

test('the sources are read: the codes found include known ones from each layer', () => {
  for (const code of ['invalid_quantity', 'saved_cart_corrupt', 'origin_not_allowed', 'invalid_custom_items', 'invalid_remote_cart']) assert.ok(coreCodes().has(code), `core: ${code}`);
  for (const code of ['cart_token_required', 'cart_token_invalid', 'too_many_concurrent_requests', 'rate_limited', 'store_busy']) assert.ok(stubCodes().has(code), `stub: ${code}`);
  for (const code of ['storage_quota_exceeded', 'storage_failed', 'core_load_failed', 'embed_failed', 'invalid_quantity']) assert.ok(browserCodes().has(code), `browser: ${code}`);
  assert.ok(documented.size > 50, `docs/errors.md lists ${documented.size} codes`);
});

test('every code the stub, the browser layer and the core produce is in docs/errors.md', () => {
  const missing = [...produced].filter(([code]) => !documented.has(code) && !UNREACHABLE[code]).map(([code, where]) => `${code} (${where})`);
  assert.deepEqual(missing, [], `not in docs/errors.md: ${missing.join(', ')}`);
});

test('docs/errors.md lists no code that nothing produces', () => {
  const stale = [...documented].filter((code) => !produced.has(code));
  assert.deepEqual(stale, [], `in docs/errors.md but produced nowhere: ${stale.join(', ')}`);
  for (const code of Object.keys(UNREACHABLE)) assert.ok(!documented.has(code), `${code} is unreachable (${UNREACHABLE[code]}) but documented`);
});
