// How the core's .wasm reaches the loader: as bytes (wasmBinary), as a compiled WebAssembly.Module
// (wasmModule: what Cloudflare Workers and Vercel's Edge Runtime hand you for `import m from './x.wasm'`) or
// through Emscripten's instantiateWasm hook; and the shipped browser bundle in a realm where import.meta.url
// is undefined and nothing can be fetched, as on Workers (workerd leaves import.meta.url unset).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const STORE = 'https://store-abc.mybigcommerce.com';
const wasmBytes = readFileSync(join(root, 'dist/bc-checkout-helper.wasm'));
const protectBytes = readFileSync(join(root, 'dist/bc-protect.wasm'));
const serverBytes = readFileSync(join(root, 'dist/bc-checkout-server.wasm'));
const wasmModule = await WebAssembly.compile(wasmBytes);
const protectModule = await WebAssembly.compile(protectBytes);
const serverModule = await WebAssembly.compile(serverBytes);
const protectionTable = JSON.parse(readFileSync(join(root, 'tests/protection/pages.json'), 'utf8'));

// Each import gets its own module instance, so its own cached core: the first call's options win.
let instance = 0;
const fresh = (file) => import(`${pathToFileURL(file).href}?instance=${++instance}`);
const nodeEntry = () => fresh(join(root, 'dist/node.js'));

/** Emscripten's hook, as a platform with a precompiled module would write it. */
const hookFor = (module) => (imports, receive) => {
  WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
  return {};
};

/** assert.rejects matcher: a BCCheckoutError with this code whose message names `option`. */
function loadError(code, option) {
  return (error) => {
    assert.equal(error.name, 'BCCheckoutError', `expected a BCCheckoutError, got ${error && error.name}: ${error && error.message}`);
    assert.equal(error.code, code, error.message);
    if (option) assert.ok(error.message.includes(option), `message should name ${option}: ${error.message}`);
    return true;
  };
}

const TERRARIUM = { productId: 80, variantId: 64, quantity: 2, name: 'Orbit Terrarium', price: '19.99' };

/** Runs a cart in the core: one line, its total, and its saved document. */
async function runCart(api, core) {
  const shop = await api.createCheckout({ storeOrigins: STORE, storage: 'memory', locale: 'en-US', core });
  try {
    await shop.cart.add(TERRARIUM);
    assert.equal(shop.cart.count, 2);
    assert.equal(shop.cart.subtotal.minor, 3998);
    assert.equal(shop.cart.subtotal.formatted, '$39.98');
    assert.deepEqual(shop.cart.toJSON().lines.map((line) => [line.productId, line.quantity]), [[80, 2]]);
    return shop.cart.toJSON();
  } finally {
    shop.destroy();
  }
}

/** The server core plans the Cart API request that creates that cart. */
async function planCart(api, serverCore) {
  const saved = await runCart(api, { wasmModule });
  const { requests, cartId } = serverCore.planCartSync(saved, null, { channelId: 1 });
  assert.equal(cartId, '');
  assert.deepEqual(requests.map((r) => [r.kind, r.method]), [['createCart', 'POST']]);
  assert.equal(requests[0].body.line_items[0].quantity, 2);
}

describe('the three ways of handing over the .wasm (dist/node.js)', () => {
  const ways = {
    wasmBinary: () => ({ wasmBinary: wasmBytes }),
    'wasmBinary as an ArrayBuffer': () => ({ wasmBinary: wasmBytes.buffer.slice(wasmBytes.byteOffset, wasmBytes.byteOffset + wasmBytes.byteLength) }),
    wasmModule: () => ({ wasmModule }),
    instantiateWasm: () => ({ instantiateWasm: hookFor(wasmModule) }),
  };
  for (const [name, options] of Object.entries(ways)) {
    test(`loadCore({ ${name} }) loads the core and runs a cart`, async () => {
      const api = await nodeEntry();
      const core = await api.loadCore(options());
      assert.equal(core.version, pkg.version);
      assert.deepEqual(core.parseMoney('19.99', 'USD'), { minor: 1999, exponent: 2 });
      await runCart(api, options());
    });
  }

  for (const [name, options] of Object.entries({
    wasmBinary: () => ({ wasmBinary: serverBytes }),
    wasmModule: () => ({ wasmModule: serverModule }),
    instantiateWasm: () => ({ instantiateWasm: hookFor(serverModule) }),
  })) {
    test(`loadServerCore({ ${name} }) loads the server core, which plans the cart's Cart API calls`, async () => {
      const api = await nodeEntry();
      const serverCore = await api.loadServerCore(options());
      assert.equal(serverCore.version, pkg.version);
      await planCart(api, serverCore);
    });
  }

  test('the cart module and the server core are not each other: each loader refuses the other\'s, naming its own', async () => {
    for (const options of [{ wasmModule }, { wasmBinary: wasmBytes }, { instantiateWasm: hookFor(wasmModule) }]) {
      await assert.rejects((await nodeEntry()).loadServerCore(options), loadError('core_load_failed', 'bc-checkout-server.wasm'));
    }
    await assert.rejects((await nodeEntry()).loadCore({ wasmModule: serverModule }), loadError('core_load_failed', 'bc-checkout-helper.wasm'));
  });

  test('a Module compiled in another realm (a vm context) is accepted', async () => {
    const foreign = vm.runInNewContext('new WebAssembly.Module(bytes)', { bytes: new Uint8Array(wasmBytes) });
    assert.equal(foreign instanceof WebAssembly.Module, false);
    const { loadCore } = await nodeEntry();
    assert.equal((await loadCore({ wasmModule: foreign })).version, pkg.version);
  });

  test('with a module handed over, locateFile is not called', async () => {
    const { loadCore } = await nodeEntry();
    const asked = [];
    await loadCore({ wasmModule, locateFile: (path) => asked.push(path) && `https://cdn.example.com/${path}` });
    assert.deepEqual(asked, []);
  });

  test('createCheckout({ core: { wasmModule } }) loads the core the same way', async () => {
    const api = await nodeEntry();
    await runCart(api, { wasmModule });
    assert.equal(await api.loadCore(), await api.loadCore({ wasmModule }));
  });

  test('one cached promise: the first call wins, a failed load is not cached', async () => {
    const { loadCore } = await nodeEntry();
    await assert.rejects(loadCore({ wasmModule: wasmBytes }), loadError('invalid_argument', 'wasmModule'));
    const first = loadCore({ wasmModule });
    assert.equal(loadCore({ wasmModule }), first);
    const core = await first;
    // Later options, even wrong ones, get the cached core.
    assert.equal(await loadCore({ wasmBinary: 'not bytes' }), core);
    assert.equal(await loadCore(), core);
  });

  test('loadProtection takes the same three options', async () => {
    for (const options of [{ wasmBinary: protectBytes }, { wasmModule: protectModule }, { instantiateWasm: hookFor(protectModule) }]) {
      const { loadProtection } = await fresh(join(root, 'dist/protect-node.js'));
      const protection = await loadProtection(options);
      assert.equal(protection.version, pkg.version);
      const [row] = protectionTable.pages;
      assert.equal(protection.decide(row.page, protectionTable.configs[row.config]).target, row.expect.target);
    }
  });
});

describe('wrong options fail with a code and name the option', () => {
  const cases = [
    ['a wasmModule that is a plain object', { wasmModule: {} }, 'invalid_argument', 'wasmModule'],
    ['a wasmModule that is the bytes', { wasmModule: wasmBytes }, 'invalid_argument', 'wasmModule'],
    ['a wasmModule that is a promise (a dynamic import not awaited)', { wasmModule: Promise.resolve(wasmModule) }, 'invalid_argument', 'wasmModule'],
    ['a wasmBinary that is a path', { wasmBinary: 'dist/bc-checkout-helper.wasm' }, 'invalid_argument', 'wasmBinary'],
    ['a wasmBinary that is a Module', { wasmBinary: wasmModule }, 'invalid_argument', 'wasmBinary'],
    ['a wasmBinary that is an HTML page', { wasmBinary: new TextEncoder().encode('<!doctype html><title>Not found</title>') }, 'core_load_failed', 'wasmBinary'],
    ['an empty wasmBinary', { wasmBinary: new Uint8Array(0) }, 'core_load_failed', 'wasmBinary'],
    ['a truncated wasmBinary', { wasmBinary: wasmBytes.subarray(0, 1000) }, 'core_load_failed', 'wasmBinary'],
    ['bc-protect.wasm as wasmBinary', { wasmBinary: protectBytes }, 'core_load_failed', 'wasmBinary'],
    ['bc-protect.wasm as wasmModule', { wasmModule: protectModule }, 'core_load_failed', 'wasmModule'],
    ['an instantiateWasm that is not a function', { instantiateWasm: wasmModule }, 'invalid_argument', 'instantiateWasm'],
    ['an instantiateWasm that throws', { instantiateWasm: () => { throw new Error('no module here'); } }, 'core_load_failed', 'instantiateWasm'],
    ['an instantiateWasm that rejects', { instantiateWasm: async () => { throw new Error('no module here'); } }, 'core_load_failed', 'instantiateWasm'],
    ['a locateFile that is a string', { locateFile: '/static/bc-checkout-helper.wasm' }, 'invalid_argument', 'locateFile'],
    ['both wasmBinary and wasmModule', { wasmBinary: wasmBytes, wasmModule }, 'invalid_argument', 'wasmModule'],
  ];
  for (const [name, options, code, option] of cases) {
    test(`${name}: ${code}`, async () => {
      const { loadCore } = await nodeEntry();
      await assert.rejects(loadCore(options), loadError(code, option));
    });
  }

  test('a failing instantiateWasm keeps its error as cause', async () => {
    const { loadCore } = await nodeEntry();
    const cause = new Error('platform refused');
    await assert.rejects(loadCore({ instantiateWasm: () => { throw cause; } }), (error) => error.cause === cause);
  });

  test('a module of another version is still core_version_mismatch', async () => {
    // The JS layer built as another version around the same glue and .wasm.
    const esbuild = await import('esbuild');
    const { outputFiles } = await esbuild.build({
      entryPoints: [join(root, 'web/node.js')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      alias: { 'bc-checkout-core-glue': join(root, 'build/wasm/wasm/bindings/bc-checkout-helper.mjs'), 'bc-protect-glue': join(root, 'build/wasm/wasm/bindings/bc-protect.mjs'), 'bc-checkout-details-glue': join(root, 'build/wasm/wasm/bindings/bc-checkout-details.mjs'),
        'bc-checkout-server-glue': join(root, 'build/wasm/wasm/bindings/bc-checkout-server.mjs') },
      define: { __BCCH_VERSION__: JSON.stringify('9.9.9') },
      logLevel: 'silent',
    });
    const { loadCore } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
    await assert.rejects(loadCore({ wasmModule }), (error) => {
      assert.equal(error.code, 'core_version_mismatch');
      assert.match(error.message, new RegExp(`version ${pkg.version.replace(/\./g, '\\.')} but the script is 9\\.9\\.9`));
      return true;
    });
  });
});

describe('the shipped bundle where import.meta.url is undefined and nothing can be fetched', () => {
  let dir;
  const bundles = {};
  before(async () => {
    // What an edge bundler does with dist/index.js (Wrangler bundles with esbuild), in a realm like workerd's:
    // no import.meta.url, and a fetch that must not be called.
    const esbuild = await import('esbuild');
    dir = mkdtempSync(join(tmpdir(), 'bcch-edge-'));
    for (const [name, entry] of [['index', 'dist/index.js'], ['protect', 'dist/protect.js'], ['serverCore', 'dist/server-core.js']]) {
      const { outputFiles } = await esbuild.build({
        entryPoints: [join(root, entry)],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'neutral',
        define: { 'import.meta.url': 'undefined' },
        banner: { js: 'const fetch = (input) => { throw new Error(`fetch(${input}) was called in a realm that cannot fetch`); };' },
        logLevel: 'silent',
      });
      const text = outputFiles[0].text;
      assert.equal(text.includes('import.meta'), false, `${entry} still reads import.meta`);
      bundles[name] = join(dir, `${name}.mjs`);
      writeFileSync(bundles[name], text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the default way needs the file\'s URL, so it fails there with core_load_failed', async () => {
    const { loadCore } = await fresh(bundles.index);
    await assert.rejects(loadCore(), loadError('core_load_failed'));
  });

  for (const [name, options] of Object.entries({
    wasmModule: () => ({ wasmModule }),
    wasmBinary: () => ({ wasmBinary: wasmBytes }),
    instantiateWasm: () => ({ instantiateWasm: hookFor(wasmModule) }),
  })) {
    test(`loadCore({ ${name} }) loads and runs a cart`, async () => {
      const api = await fresh(bundles.index);
      const core = await api.loadCore(options());
      assert.equal(core.version, pkg.version);
      await runCart(api, options());
    });
  }

  test('loadServerCore({ wasmModule }) from dist/server-core.js loads there, as on Workers', async () => {
    const { loadServerCore } = await fresh(bundles.serverCore);
    await assert.rejects(loadServerCore(), loadError('core_load_failed'));
    await planCart(await fresh(bundles.index), await loadServerCore({ wasmModule: serverModule }));
  });

  test('a wrong wasmModule there is still invalid_argument naming it', async () => {
    const { loadCore } = await fresh(bundles.index);
    await assert.rejects(loadCore({ wasmModule: 'bc-checkout-helper.wasm' }), loadError('invalid_argument', 'wasmModule'));
  });

  test('loadProtection({ wasmModule }) loads there too', async () => {
    const { loadProtection } = await fresh(bundles.protect);
    const protection = await loadProtection({ wasmModule: protectModule });
    const [row] = protectionTable.pages;
    assert.equal(protection.decide(row.page, protectionTable.configs[row.config]).target, row.expect.target);
  });
});
