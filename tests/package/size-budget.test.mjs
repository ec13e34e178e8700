// What a storefront page downloads before checkout, held to a ceiling: gzip -9 bytes of dist/ as shipped, which do
// not depend on the machine, so a change that grows the page fails here (as zxing-wasm's bundlewatch does).
// The script-tag build (with the drop-in) and the ESM build, each with the .wasm. The checkout's own chunks
// (bc-checkout-flow.js, bc-checkout-embedded.js, bc-checkout-details.js and its .wasm) load only when a shopper
// checks out and are not counted, nor is the server's bc-checkout-server.wasm, which no page loads.
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

// What keeps the page within those ceilings: the server stub's calls are in bc-checkout-server.wasm only, and the
// checkout flow (redirect, embedded, resume) in the bc-checkout-flow.js chunk only.
test('what only the server or a checkout needs stays out of what a page loads first', () => {
  const read = (file) => readFileSync(new URL(`../../dist/${file}`, import.meta.url));
  for (const name of ['planCartSync', 'chooseCheckoutUrl', 'checkCustomItems']) {
    assert.ok(!read('bc-checkout-helper.wasm').includes(name), `${name} is registered in the page's cart module`);
    assert.ok(read('bc-checkout-server.wasm').includes(name), `${name} is missing from the server core`);
  }
  for (const page of ['index.js', 'bc-checkout-helper.js']) {
    const text = read(page).toString('utf8');
    assert.ok(!text.includes('createServerCoreModule'), `the server core's glue is in ${page}`);
    // Two of the checkout flow's error codes, which nothing else throws.
    for (const code of ['superseded', 'third_party_cookies']) assert.ok(!text.includes(code), `the checkout flow (${code}) is in ${page}`);
  }
  assert.ok(read('bc-checkout-flow.js').includes('superseded'));
});
