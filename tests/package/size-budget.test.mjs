// What a storefront page downloads before checkout, held to a ceiling: gzip -9 bytes of dist/ as shipped, which do
// not depend on the machine, so a change that grows the page fails here (as zxing-wasm's bundlewatch does).
// The script-tag build (with the drop-in) and the ESM build, each with the .wasm. The checkout's own chunks
// (bc-checkout-embedded.js, bc-checkout-details.js and its .wasm) load only when a shopper checks out and are
// not counted.
// The ceilings and the targets are in size-budget.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SIZE_CEILINGS, SIZE_TARGETS } from './size-budget.mjs';


const gzip = (file) => gzipSync(readFileSync(new URL(`../../dist/${file}`, import.meta.url)), { level: 9 }).length;

test('the script-tag build with the drop-in, plus its .wasm, stays within its ceiling (gzip -9)', () => {
  const bytes = gzip('bc-checkout-helper.js') + gzip('bc-checkout-helper.wasm');
  assert.ok(bytes <= SIZE_CEILINGS.script, `script build + wasm is ${bytes} B gzip, over the ceiling of ${SIZE_CEILINGS.script} B`);
});

test('the ESM build plus its .wasm stays within its ceiling (gzip -9)', () => {
  const bytes = gzip('index.js') + gzip('bc-checkout-helper.wasm');
  assert.ok(bytes <= SIZE_CEILINGS.esm, `ESM build + wasm is ${bytes} B gzip, over the ceiling of ${SIZE_CEILINGS.esm} B`);
});

test('the ceilings never sit below the targets they are headed for', () => {
  assert.ok(SIZE_CEILINGS.script >= SIZE_TARGETS.script && SIZE_CEILINGS.esm >= SIZE_TARGETS.esm);
});
