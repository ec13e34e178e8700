// No Embind handle (or other WebAssembly heap) leaks.
//
// How the memory is seen: the package has no API that reports the module's memory, and
// process.memoryUsage().arrayBuffers does not count WebAssembly memory (checked below). So this file
// instantiates the .wasm itself through the documented `instantiateWasm` option of loadCore() and keeps the
// instance's exported WebAssembly.Memory. loadCore() caches its first call and node --test runs each file in
// its own process, so this is the process's first loadCore().
//
// How a leak is made visible: WebAssembly memory only grows, and only when the allocator runs out of free heap.
// First the heap is "squeezed": checkouts holding large carts are kept alive until the memory grows once; just
// after a growth the free heap is at most the growth plus the last checkout's transient allocations, a bound we
// compute. Each workload is then sized so that leaking what it creates (a cart per checkout, or a line or a
// returned string per cycle) would exceed that free heap by 30%, and must run without any growth.
//
// The loops never yield to the macrotask queue, so Embind's FinalizationRegistry (which can free a forgotten
// handle after garbage collection) cannot hide a missing delete().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createCheckout, loadCore, MemoryStorage } from '../../dist/node.js';

const STORE = 'https://store-abc.mybigcommerce.com';
const KiB = 1024;
const MiB = 1024 * KiB;
const BALLAST_CHANNEL = 99; // its own storage key, so workloads never message the ballast checkouts
const BALLAST_BYTES = 100 * KiB; // saved-cart text (and about as much core memory) per ballast checkout

let memory = null;
const ballast = [];
let squeezed = null; // { size, freeBound, units } after the last squeeze

after(() => {
  for (const shop of ballast.splice(0)) shop.destroy();
});

/** A product line of about 4.3 KB in the core (long name, image URL and link), as saved (money in minor units). */
function bigSavedLine(n) {
  return {
    id: `l${n}`,
    type: 'product',
    productId: n,
    quantity: 1,
    price: 1999,
    name: `Product ${n} `.padEnd(250, 'n'),
    imageUrl: `https://cdn.example.com/${n}/`.padEnd(2040, 'i'),
    url: `/products/${n}/`.padEnd(2040, 'u'),
  };
}

/** A saved cart document of at least `bytes` characters, made of big lines. */
function savedCartOf(bytes) {
  const lines = [];
  let length = 0;
  for (let n = 1; length < bytes; n += 1) {
    const line = bigSavedLine(n);
    lines.push(line);
    length += JSON.stringify(line).length + 1;
  }
  return JSON.stringify({ version: 2, currency: 'USD', nextLine: lines.length + 1, lines });
}

function memorySize() {
  return memory.buffer.byteLength;
}

async function storageKey(channelId) {
  const probe = await createCheckout({ storeOrigins: STORE, storage: 'memory', channelId });
  const key = probe.storageKey;
  probe.destroy();
  return key;
}

const ballastStorage = new MemoryStorage();
const ballastText = savedCartOf(BALLAST_BYTES);

/** Keeps ballast checkouts alive until the memory grows once (at most maxUnits); null if it never grows. */
async function squeeze(maxUnits) {
  const start = memorySize();
  for (let units = 1; units <= maxUnits; units += 1) {
    ballast.push(await createCheckout({ storeOrigins: STORE, storage: ballastStorage, channelId: BALLAST_CHANNEL }));
    if (memorySize() > start) {
      // Free heap now: at most the growth plus what the last restore held transiently (its text copied a few
      // times over: JS-to-wasm buffer, std::string, JSON tree, cart lines), counted generously.
      squeezed = { size: memorySize(), freeBound: memorySize() - start + 6 * ballastText.length + 64 * KiB, units };
      return squeezed;
    }
  }
  return null;
}

/** The free-heap bound, squeezing again if the memory has grown since the last squeeze. */
async function freeHeapBound() {
  if (!squeezed || memorySize() !== squeezed.size) await squeeze(400);
  assert.ok(squeezed && squeezed.size === memorySize(), 'could not squeeze the heap');
  return squeezed.freeBound;
}

before(async () => {
  const bytes = await readFile(new URL('../../dist/bc-checkout-helper.wasm', import.meta.url));
  await loadCore({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(bytes, imports).then(({ instance, module }) => {
        memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory) ?? null;
        receive(instance, module);
      });
      return {};
    },
  });
  ballastStorage.setItem(await storageKey(BALLAST_CHANNEL), ballastText);
});

test('the module memory is observable, and live carts do grow it (the measure can see a leak)', async () => {
  assert.ok(memory instanceof WebAssembly.Memory, 'the instance exports its memory');
  const start = memorySize();
  assert.ok(start > 0);
  // process.memoryUsage().arrayBuffers does not include the WebAssembly memory: it cannot show these leaks.
  assert.ok(process.memoryUsage().arrayBuffers < start);

  // 400 live 100 KB carts is 40 MB: more than the initial heap, so the memory must grow.
  const result = await squeeze(400);
  assert.ok(result, `400 live checkouts with 100 KB carts did not grow the memory from ${(start / MiB).toFixed(1)} MiB`);
  assert.ok(result.units > 1);
  assert.equal(ballast[0].cart.items.length, JSON.parse(ballastText).lines.length);
});

test('creating and destroying 200 checkouts does not grow the memory', async () => {
  const freeBound = await freeHeapBound();
  // Each checkout restores a cart this large: 200 leaked carts would exceed the free heap by 30%.
  const text = savedCartOf(Math.ceil((1.3 * freeBound) / 200));
  const lineCount = JSON.parse(text).lines.length;
  const storage = new MemoryStorage();
  const key = await storageKey(1);

  const cycle = async () => {
    storage.setItem(key, text);
    const shop = await createCheckout({ storeOrigins: STORE, storage, locale: 'en-US' });
    assert.equal(shop.cart.items.length, lineCount);
    shop.destroy();
  };
  for (let i = 0; i < 5; i += 1) await cycle(); // warm-up
  const start = memorySize();
  for (let i = 0; i < 200; i += 1) await cycle();
  assert.equal(
    memorySize(),
    start,
    `memory grew from ${(start / MiB).toFixed(2)} to ${(memorySize() / MiB).toFixed(2)} MiB over 200 checkouts ` +
      `(${text.length} B carts; free heap before at most ${(freeBound / MiB).toFixed(2)} MiB)`,
  );
});

test('1,000 add/remove cycles do not grow the memory', async () => {
  const freeBound = await freeHeapBound();
  const shop = await createCheckout({ storeOrigins: STORE, storage: 'memory', locale: 'en-US' });
  try {
    await shop.cart.add({ productId: 1, quantity: 2, price: '19.99', name: 'Base' });
    await shop.cart.addCustom({ sku: 'ENGRAVE', name: 'Engraving', listPrice: '5.00' });
    const before = shop.cart.toJSON();

    // A line with long text options: 1,000 leaked lines (or returned strings) would exceed the free heap by 30%.
    const optionCount = Math.ceil((1.3 * freeBound) / 1000 / 1000);
    const heavy = {
      productId: 7,
      price: '3.50',
      optionSelections: Array.from({ length: optionCount }, (_, i) => ({ optionId: i + 1, optionValue: `text ${i} `.padEnd(1000, 'x') })),
    };
    const cycle = async () => {
      const line = await shop.cart.add(heavy);
      assert.equal(line.optionSelections.length, optionCount);
      await shop.cart.remove(line.id);
    };
    for (let i = 0; i < 10; i += 1) await cycle(); // warm-up
    const start = memorySize();
    for (let i = 0; i < 1000; i += 1) await cycle();
    assert.equal(
      memorySize(),
      start,
      `memory grew from ${(start / MiB).toFixed(2)} to ${(memorySize() / MiB).toFixed(2)} MiB over 1,000 add/remove cycles ` +
        `(${optionCount} KB lines; free heap before at most ${(freeBound / MiB).toFixed(2)} MiB)`,
    );

    // The cart is as it was, apart from the id counter.
    const afterCycles = shop.cart.toJSON();
    assert.deepEqual(afterCycles.lines, before.lines);
    assert.equal(afterCycles.nextLine, before.nextLine + 1010);
  } finally {
    shop.destroy();
  }
});
