#!/usr/bin/env node
// npm run bench: what a page downloads before checkout, what each cart operation costs, how long a page takes
// to start a checkout object in Chromium, and site protection (bench/protection.mjs). Every figure is printed
// beside its target and beside references measured in the same run: the competitor packages bundled and gzipped
// the same way (bench/references.mjs), and for speed a plain-JavaScript cart doing the same work
// (bench/reference-cart.mjs). Not a test: speed varies with the machine, so targets are reported, not asserted
// (the size budget, which does not vary, is a test: tests/package/size-budget.test.mjs).
// Add --json for the figures as JSON only.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { benchProtection } from './protection.mjs';
import { ReferenceCart } from './reference-cart.mjs';
import { bundleReferences } from './references.mjs';
import { benchStartup } from './startup.mjs';
import { SIZE_TARGETS } from '../tests/package/size-budget.mjs';

const dist = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const gz = (file) => gzipSync(readFileSync(dist(file)), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 3) => Number(x.toFixed(digits));
const rows = [];
const row = (figure, value, target, references = {}, unit = '') => {
  rows.push({ figure, value, unit, target, met: target === undefined ? undefined : value <= target, references });
};

// 1. What a page loads before checkout: the script-tag build (with the drop-in) or the ESM build, plus the .wasm.
let wasmMemory = null;
const { createCheckout, loadCore, MemoryStorage } = await import('../dist/node.js');
// The module's memory, for the flatness check below: handed over through the documented instantiateWasm option.
const wasmBytes = readFileSync(dist('bc-checkout-helper.wasm'));
const core = await loadCore({
  instantiateWasm(imports, receive) {
    WebAssembly.instantiate(wasmBytes, imports).then(({ instance, module }) => {
      wasmMemory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
      receive(instance, module);
    });
    return {};
  },
});
const references = await bundleReferences();
const referenceSizes = Object.fromEntries(Object.entries(references).map(([name, r]) => [`${name} ${r.version}`, r.gzip]));
const sizes = { scriptGzip: gz('bc-checkout-helper.js'), esmGzip: gz('index.js'), wasmGzip: gz('bc-checkout-helper.wasm') };
row('before checkout, script build + wasm (gzip B)', sizes.scriptGzip + sizes.wasmGzip, SIZE_TARGETS.script, referenceSizes, 'B');
row('before checkout, ESM build + wasm (gzip B)', sizes.esmGzip + sizes.wasmGzip, SIZE_TARGETS.esm, referenceSizes, 'B');

// What `npm install bc-checkout-helper` downloads (tests/package/pack.test.mjs holds it to a ceiling).
const [packed] = JSON.parse(spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
}).stdout);

// Module init in Node, cold: a fresh process each time.
const initRuns = [];
for (let i = 0; i < 7; i++) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `
    const t0 = performance.now();
    const { loadCore } = await import(${JSON.stringify(new URL('../dist/node.js', import.meta.url).href)});
    await loadCore();
    console.log(performance.now() - t0);
  `], { encoding: 'utf8' });
  initRuns.push(Number(child.stdout.trim()));
}
row('module init in Node, cold (ms, median)', round(median(initRuns), 2), undefined, {}, 'ms');

// 2. Cart operations through the public API against the reference cart, on carts of 1, 10 and 100 lines; each
// operation timed on its own (whatever puts the cart back is not), the median of rounds, in one process.
const item = (i, quantity = 1) => ({ productId: 1000 + i, variantId: 1, quantity, price: '19.99', name: `Product ${i}`,
  optionSelections: [{ optionId: 7, optionValue: 100 + i }, { optionId: 9, optionValue: 'Engraved text' }] });

// The reference cart behind the same shape as shop.cart (async changes, an added line read back from the view).
function referenceFacade() {
  const cart = new ReferenceCart({ storage: new MemoryStorage() });
  return {
    cart,
    async add(it) { const id = cart.add(it); return cart.view.items.find((l) => l.id === id); },
    async update(id, q) { cart.update(id, q); },
    async remove(id) { cart.remove(id); },
    get items() { return cart.view.items; },
    get count() { return cart.view.count; },
    get subtotal() { return cart.view.subtotal; },
  };
}

const ROUNDS = 15;
async function timeOp(reps, prepare, op) {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let total = 0;
    for (let i = 0; i < reps; i++) {
      const state = await prepare(i);
      const t0 = performance.now();
      await op(state, i);
      total += performance.now() - t0;
    }
    rounds.push(total / reps);
  }
  return median(rounds);
}

async function opsOn(lines) {
  const shop = await createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory', locale: 'en-US' });
  const ours = shop.cart;
  const ref = referenceFacade();
  for (const cart of [ours, ref]) for (let i = 0; i < lines; i++) await cart.add(item(i));
  const saved = JSON.stringify(ours.toJSON());
  const session = core._createCartSession();
  JSON.parse(session.restore(saved));
  const reps = lines >= 100 ? 20 : 60;
  const firstId = ours.items[0].id;
  const refFirstId = ref.items[0].id;
  const out = {};
  const both = async (name, make) => {
    const a = make(ours, firstId);
    const b = make(ref, refFirstId);
    // Interleaved, so a slow stretch of the machine falls on both.
    const oursMs = [];
    const refMs = [];
    for (let k = 0; k < 3; k++) {
      oursMs.push(await timeOp(reps, a.prepare, a.op));
      await a.after?.();
      refMs.push(await timeOp(reps, b.prepare, b.op));
      await b.after?.();
    }
    out[name] = { ms: round(median(oursMs), 4), referenceMs: round(median(refMs), 4), ratio: round(median(oursMs) / median(refMs), 2) };
  };
  let extra = 10_000;
  await both('add a new line', (cart) => {
    let added = null; // the line the last add made, removed (untimed) before the next one
    return {
      prepare: async () => { if (added) await cart.remove(added.id); },
      op: async () => { added = await cart.add(item(extra++)); },
      after: async () => { if (added) await cart.remove(added.id); added = null; },
    };
  });
  await both('remove', (cart) => ({
    prepare: async () => (await cart.add(item(extra++))).id,
    op: async (id) => cart.remove(id),
  }));
  await both('add a merging line', (cart, id) => ({
    prepare: async () => cart.update(id, 1),
    op: async () => cart.add(item(0)),
  }));
  await both('update', (cart, id) => ({ prepare: async () => null, op: async (_, i) => cart.update(id, 2 + (i % 2)) }));
  await both('first read after a change', (cart, id) => ({
    prepare: async (i) => cart.update(id, 2 + (i % 2)),
    op: async () => { void cart.items; void cart.count; void cart.subtotal; },
  }));
  const refText = ref.cart.save();
  const saveOurs = [];
  const saveRef = [];
  const restoreOurs = [];
  const restoreRef = [];
  for (let k = 0; k < 3; k++) {
    saveOurs.push(await timeOp(reps, async () => null, async () => session.save()));
    saveRef.push(await timeOp(reps, async () => null, async () => ref.cart.save()));
    restoreOurs.push(await timeOp(reps, async () => null, async () => session.restore(saved)));
    restoreRef.push(await timeOp(reps, async () => null, async () => ref.cart.restore(refText)));
  }
  out.save = { ms: round(median(saveOurs), 4), referenceMs: round(median(saveRef), 4), ratio: round(median(saveOurs) / median(saveRef), 2) };
  out.restore = { ms: round(median(restoreOurs), 4), referenceMs: round(median(restoreRef), 4), ratio: round(median(restoreOurs) / median(restoreRef), 2) };
  session.delete();
  shop.destroy();
  return { savedBytes: saved.length, ops: out };
}

const OP_RATIO_TARGET = 1.5;
const RESTORE_RATIO_TARGET = 5;
const operations = {};
for (const lines of [1, 10, 100]) {
  operations[lines] = await opsOn(lines);
  for (const [name, r] of Object.entries(operations[lines].ops)) {
    row(`${name}, ${lines}-line cart (x plain JS)`, r.ratio, name === 'restore' ? RESTORE_RATIO_TARGET : OP_RATIO_TARGET,
      { 'this package ms': r.ms, 'reference cart ms': r.referenceMs }, 'x');
  }
}
const hundred = operations[100].ops;
row('restore a 100-line saved cart (ms, median)', hundred.restore.ms, 0.8, { 'reference cart ms': hundred.restore.referenceMs }, 'ms');
row('save a 100-line cart (ms, median)', hundred.save.ms, 0.15, { 'reference cart ms': hundred.save.referenceMs }, 'ms');

// 3. Memory over 100,000 operations: the module's memory may not grow once the cart is warm.
{
  const shop = await createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory', locale: 'en-US' });
  for (let i = 0; i < 1000; i++) {
    const line = await shop.cart.add(item(i % 60));
    if (i % 2) await shop.cart.remove(line.id);
  }
  await shop.cart.clear();
  const before = wasmMemory.buffer.byteLength;
  for (let i = 0; i < 25_000; i++) {
    const line = await shop.cart.add(item(i % 50));
    await shop.cart.update(line.id, 2);
    void shop.cart.count;
    if (i % 2) await shop.cart.remove(line.id);
    else void shop.cart.subtotal;
  }
  const grewBy = wasmMemory.buffer.byteLength - before;
  shop.destroy();
  row('memory growth over 100,000 operations (B)', grewBy, 0, {}, 'B');
}

// 4. Headless Chromium: from the page's first script to createCheckout resolved, cold cache, gzip on loopback.
const startup = await benchStartup(references);
if (startup) {
  row('first script to createCheckout resolved, Chromium, .wasm preloaded (ms, median)', startup.ms, 45, {
    'without the preload ms': startup.withoutPreloadMs,
    ...Object.fromEntries(Object.entries(startup.references).map(([name, ms]) => [`${name} ms`, ms])),
    ...Object.fromEntries(Object.entries(startup.referencesRejected).map(([name, why]) => [`${name} settled with`, why])),
  }, 'ms');
}

const result = {
  version: core.version,
  figures: rows,
  sizes: { ...sizes, references: referenceSizes, tarball: { packedBytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.entryCount } },
  operations,
  startup,
  siteProtection: await benchProtection(),
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  for (const r of rows) {
    const refs = Object.entries(r.references).map(([k, v]) => `${k} ${v}`).join(', ');
    const verdict = r.met === undefined ? '' : r.met ? 'met' : 'NOT MET';
    const target = r.target === undefined ? '' : `  target <= ${r.target}${r.unit === 'x' ? 'x' : ''}`;
    console.log(`${r.figure}: ${r.value}${r.unit === 'x' ? 'x' : ''}${target}  ${verdict}${refs ? `  [${refs}]` : ''}`);
  }
  console.log(JSON.stringify({ tarball: result.sizes.tarball, siteProtection: result.siteProtection }));
}
