#!/usr/bin/env node
// npm run bench: size (of the page's downloads and of the npm tarball) and speed of the cart core and of site
// protection (bench/protection.mjs), printed as JSON. Not a test: figures vary with the machine, so budgets are
// reported (withinBudget) rather than asserted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { benchProtection } from './protection.mjs';

const dist = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const gz = (file) => gzipSync(readFileSync(dist(file)), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 3) => Number(x.toFixed(digits));

// 1. What a page loads before checkout: the script-tag build (glue + shim) and the .wasm.
const sizes = {
  scriptGzip: gz('bc-checkout-helper.js'),
  esmGzip: gz('index.js'),
  wasmGzip: gz('bc-checkout-helper.wasm'),
};
sizes.beforeCheckoutGzip = sizes.scriptGzip + sizes.wasmGzip;
// What `npm install bc-checkout-helper` downloads and unpacks: the tarball npm pack makes (dist/ is built above;
// --ignore-scripts skips prepack's second look at it). tests/package/pack.test.mjs holds it to a ceiling.
const [packed] = JSON.parse(spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
}).stdout);
const tarball = { packedBytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.entryCount };
const BUDGET = 60 * 1024;
const GOAL = 30 * 1024;

// 2. Module init in Node, cold: a fresh process each time.
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

// 3. Restore and save of a 100-line cart, and 10,000 cart operations, through the public API.
const { createCheckout, loadCore } = await import('../dist/node.js');
const core = await loadCore();
const shop = await createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory', locale: 'en-US' });
for (let i = 0; i < 100; i++) {
  await shop.cart.add({ productId: 1000 + i, variantId: 1, quantity: 1 + (i % 5), price: '19.99', name: `Product ${i}`,
    optionSelections: [{ optionId: 7, optionValue: 100 + i }, { optionId: 9, optionValue: 'Engraved text' }] });
}
const saved = JSON.stringify(shop.cart.toJSON());
const session = core._createCartSession();
const time = (fn, reps) => {
  const runs = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    runs.push((performance.now() - t0) / reps);
  }
  return median(runs);
};
const restoreMs = time(() => { if (!JSON.parse(session.restore(saved)).ok) throw new Error('restore failed'); }, 200);
const saveMs = time(() => session.save(), 200);
session.delete();
shop.destroy();

const ops = await createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory', locale: 'en-US' });
const OPS = 10_000;
const opRuns = [];
for (let r = 0; r < 5; r++) {
  await ops.cart.clear();
  const t0 = performance.now();
  for (let i = 0; i < OPS / 4; i++) {
    const line = await ops.cart.add({ productId: 1 + (i % 50), quantity: 1, price: 5 });
    await ops.cart.update(line.id, 2);
    void ops.cart.count;
    if (i % 2) await ops.cart.remove(line.id);
    else void ops.cart.subtotal;
  }
  opRuns.push(performance.now() - t0);
}
ops.destroy();

const result = {
  version: core.version,
  sizes: {
    ...sizes,
    budgetGzip: BUDGET,
    withinBudget: sizes.beforeCheckoutGzip <= BUDGET,
    goalGzip: GOAL,
    tarball,
  },
  nodeInitMs: { median: round(median(initRuns), 2), runs: initRuns.map((x) => round(x, 2)) },
  cart100: { lines: 100, savedBytes: saved.length, restoreMs: round(restoreMs, 4), saveMs: round(saveMs, 4), restoreUnder1ms: restoreMs < 1 },
  operations: { count: OPS, totalMsMedian: round(median(opRuns), 1), perOpUs: round((median(opRuns) / OPS) * 1000, 2) },
  siteProtection: await benchProtection(),
};
console.log(JSON.stringify(result, null, 2));
