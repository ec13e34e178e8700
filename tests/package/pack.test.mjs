// What an npm user gets: pack the package (prepack builds dist/ when it is stale), install the tarball into an
// empty project, and use it as a merchant would: import every entry from Node, type-check a TypeScript user of each
// against the shipped declarations, run the sandbox and the stub from the install as docs/testing.md shows, and
// hold the tarball to what users need (a list of paths and a size ceiling). publint and arethetypeswrong, the
// ecosystem's own checks of a package, must find nothing in the same tarball.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const installed = () => join(project, 'node_modules', 'bc-checkout-helper');

// What ships, and nothing else: the builds, the CLI, the stub, the sandbox (its runtime is its own files and the
// stub's transport, which ships anyway), the types beside them, and the markdown guides. No screenshots (they
// show on the repository), no sources of the core, no tests, no build folders.
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^docs\/[a-z-]+\.md$/,
  /^dist\/(index|node|protect|protect-node|react|bc-checkout-helper|bc-checkout-embedded|bc-checkout-details|bc-checkout-flow|server-core)\.js$/,
  /^dist\/(bc-checkout-helper|bc-protect|bc-checkout-details|bc-checkout-server)\.wasm$/,
  /^dist\/(index|protect|react|script|server-core)\.d\.ts$/,
  // The CLI and the modules it imports (protect theme's Stencil code).
  /^bin\/[a-z-]+\.mjs$/,
  /^server\/([a-z-]+\/)?[a-z-]+\.(js|d\.ts)$/,
  /^sandbox\/(pages\/(browser\/)?)?[a-z-]+\.(js|d\.ts)$/,
  /^sandbox\/README\.md$/,
  // The deploy recipes docs/deploy.md links, the files tests/runtimes runs: users copy them.
  /^examples\/deploy\/([a-z-]+\/)?[a-z-]+\.(js|toml)$/,
];
// The gzip tarball and its unpacked size in bytes (gzip output depends on the bytes alone, not on the machine).
// 0.1.0 packs to about 390 KB, and about 545 KB with checkout details (the details module's .wasm alone is
// about 45 KB gzip, its chunk 15 KB, the stub's and sandbox's checkout code the rest), and about 590 KB with the
// server core's own .wasm (41 KB gzip); the ceilings leave room for growth and catch a folder shipped by mistake.
const PACKED_CEILING = 620_000;
const UNPACKED_CEILING = 1_700_000;

let project;
let packed; // npm pack --json's report: { filename, size, unpackedSize, files: [{ path, size }] }

before(() => {
  project = mkdtempSync(join(tmpdir(), 'bcch-pack-'));
  [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // Its dependencies (jose, undici) come from npm's cache: the root project installed the same versions.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${packed.filename}`], { cwd: project, stdio: 'pipe' });
});
after(() => rmSync(project, { recursive: true, force: true }));

test('the tarball holds the builds, the .wasm, the types, the stub and the sandbox', () => {
  const paths = packed.files.map((f) => f.path);
  for (const file of ['dist/index.js', 'dist/node.js', 'dist/bc-checkout-helper.js', 'dist/bc-checkout-helper.wasm', 'dist/index.d.ts',
    'dist/react.js', 'dist/react.d.ts',
    'dist/script.d.ts', 'server/index.d.ts', 'server/redis-state.d.ts', 'server/transport/node-adapter.js', 'sandbox/index.js',
    'sandbox/index.d.ts', 'sandbox/pages/browser/embedded-checkout.js', 'bin/bc-checkout-helper.mjs', 'docs/testing.md']) {
    assert.ok(paths.includes(file), `${file} is missing`);
  }
  const installedTop = readdirSync(installed());
  for (const absent of ['wasm', 'web', 'tests', 'scripts', 'bench', 'demo', 'build']) assert.ok(!installedTop.includes(absent), `${absent}/ should not ship`);
});

test('npm pack ships only what users need: every path is on the list, and under the size ceilings', () => {
  const unlisted = packed.files.map((f) => f.path).filter((path) => !SHIPPED.some((pattern) => pattern.test(path)));
  assert.deepEqual(unlisted, [], 'files that should not ship (or add them to SHIPPED, saying why users need them)');
  assert.ok(packed.size <= PACKED_CEILING, `the tarball is ${packed.size} bytes, over its ceiling of ${PACKED_CEILING}`);
  assert.ok(packed.unpackedSize <= UNPACKED_CEILING, `the package unpacks to ${packed.unpackedSize} bytes, over its ceiling of ${UNPACKED_CEILING}`);
});

test('every relative link in the shipped markdown resolves inside the installed package', () => {
  // The README's screenshots are the one exception: images stay on the repository, the tarball carries none.
  const repositoryOnly = /^docs\/screenshots\//;
  const broken = [];
  for (const { path } of packed.files.filter((f) => f.path.endsWith('.md'))) {
    const text = readFileSync(join(installed(), path), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^#/.test(target)) continue;
      const file = normalize(join(dirname(path), target.split('#')[0]));
      if (!repositoryOnly.test(file) && !existsSync(join(installed(), file))) broken.push(`${path} -> ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('publint finds nothing in the tarball, suggestions included', async () => {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const bytes = readFileSync(join(project, packed.filename));
  const pkg = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
  const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'suggestion', strict: true });
  assert.deepEqual(messages.map((m) => formatMessage(m, pkg) ?? m.code), []);
});

test('arethetypeswrong finds nothing for an ES-module package: every JavaScript entry resolves to its types', () => {
  // esm-only: the package is ESM and says so (engines node >= 20); require() and node10 resolution are not offered.
  // The .wasm subpaths are assets for bundlers and locateFile, not modules, so they have no types to check.
  const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  try {
    execFileSync(process.execPath, [attw, join(project, packed.filename), '--profile', 'esm-only',
      '--exclude-entrypoints', './wasm', './wasm/details', './wasm/server', './bc-checkout-helper.wasm', '--format', 'table-flipped', '--no-color'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`attw reported problems:\n${error.stdout}${error.stderr}`);
  }
});

test('Node imports the package by name and runs a cart', () => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { createCheckout, loadCore, version } from 'bc-checkout-helper';
    import { createRequire } from 'node:module';
    const wasm = createRequire(import.meta.url).resolve('bc-checkout-helper/wasm');
    const shop = await createCheckout({ storeOrigins: 'https://store.example.com', storage: 'memory', locale: 'en-US' });
    await shop.cart.add({ productId: 80, quantity: 3, price: '2.50' });
    const core = await loadCore();
    console.log(JSON.stringify({ version, count: shop.cart.count, subtotal: shop.cart.subtotal.formatted,
      wasm: wasm.endsWith('bc-checkout-helper.wasm'),
      safe: core.isSafeCheckoutUrl('https://store.example.com/checkout', 'https://store.example.com').safe }));
    shop.destroy();
  `], { cwd: project, encoding: 'utf8' });
  const result = JSON.parse(output);
  assert.equal(result.count, 3);
  assert.equal(result.subtotal, '$7.50');
  assert.equal(result.wasm, true);
  assert.equal(result.safe, true);
});

test('a TypeScript user of every entry type-checks against the shipped declarations (tests/package/types/)', () => {
  const examples = join(root, 'tests', 'package', 'types');
  const files = readdirSync(examples).filter((f) => f.endsWith('.ts'));
  const entries = ["'bc-checkout-helper'", "'bc-checkout-helper/protect'", "'bc-checkout-helper/server'", "'bc-checkout-helper/server/redis'", "'bc-checkout-helper/server/node-upstream'",
    '"bc-checkout-helper/script"', "'bc-checkout-helper/sandbox'", "'bc-checkout-helper/react'"];
  const used = files.map((f) => readFileSync(join(examples, f), 'utf8')).join('\n');
  assert.deepEqual(entries.filter((entry) => !used.includes(entry)), [], 'an entry with no example of its use');
  for (const file of files) copyFileSync(join(examples, file), join(project, file));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'],
      skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
    },
    files,
  }));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});

test('npx bc-checkout-helper sandbox --help, from the install, lists every variable and flag', () => {
  const help = execFileSync('npx', ['--no-install', 'bc-checkout-helper', 'sandbox', '--help'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [variable, flag] of [['SANDBOX_PORT', '--port'], ['SANDBOX_ORIGIN', '--origin'], ['SITE_URL', '--site-url'],
    ['SANDBOX_CHECKOUT_PORT', '--checkout-port'], ['SANDBOX_QUOTA', '--quota'], ['SANDBOX_DATA', '--data'], ['SANDBOX_HTTPS', '--https'],
    ['BC_STORE_HASH', '--store-hash'], ['BC_ACCESS_TOKEN', '--access-token'], ['BC_CLIENT_ID', '--client-id'],
    ['BC_CLIENT_SECRET', '--client-secret'], ['BC_CHANNEL_ID', '--channel-id']]) {
    assert.match(help, new RegExp(`${flag}\\b[^\\n]*\\b${variable}\\b`), `${flag} / ${variable}`);
  }
  assert.match(help, /storefront origin that embeds checkout/);
});

test('npx bc-checkout-helper sandbox, from the install, serves a store and prints the variables its stub needs', async () => {
  const child = spawn('npx', ['--no-install', 'bc-checkout-helper', 'sandbox', '--port', '0', '--site-url', 'http://127.0.0.1:5173'], {
    cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME }, detached: true,
  });
  let output = '';
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Sandbox shopper:')) resolve();
      });
      child.stderr.on('data', (chunk) => { output += chunk; });
      child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it was ready:\n${output}`)));
    });
    const printed = Object.fromEntries([...output.matchAll(/^ {2}(BC_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(printed), ['BC_API_URL', 'BC_STORE_URL', 'BC_STORE_HASH', 'BC_ACCESS_TOKEN', 'BC_CLIENT_ID', 'BC_CLIENT_SECRET', 'BC_CHANNEL_ID', 'BC_PAYMENTS_URL']);
    assert.match(output, new RegExp(`createCheckout\\(\\{ storeOrigins: \\["${printed.BC_STORE_URL}"\\] \\}\\)`));
    const time = await fetch(`${printed.BC_API_URL}/stores/${printed.BC_STORE_HASH}/v2/time`, { headers: { 'X-Auth-Token': printed.BC_ACCESS_TOKEN, Accept: 'application/json' } });
    assert.equal(time.status, 200);
  } finally {
    // npx runs the command in a child of its own: the group goes together.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
});

test("docs/testing.md's test store, from the install: a saved cart synced through the stub and a checkout URL on the sandbox", () => {
  // The module the guide asks merchants to copy, taken from the guide itself so the two cannot drift apart.
  const guide = readFileSync(join(root, 'docs', 'testing.md'), 'utf8');
  const testStore = [...guide.matchAll(/```js\n(\/\/ tests\/test-store\.js[\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(testStore.length, 1, 'docs/testing.md has one tests/test-store.js block');
  writeFileSync(join(project, 'test-store.js'), testStore[0]);
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { createCheckout } from 'bc-checkout-helper';
    import { startTestStore, STOREFRONT_URL } from './test-store.js';
    const store = await startTestStore({ maxQuantityStatus: 409 });
    try {
      const call = (body) => fetch(store.stubUrl + '/checkout', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Origin: STOREFRONT_URL }, body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
      const line = (productId, quantity, extra = {}) => ({ id: 'l1', type: 'product', productId, quantity, ...extra });
      const saved = (lines) => ({ version: 2, currency: 'USD', nextLine: 2, lines });
      const checkout = await call({ mode: 'redirect', cart: saved([line(80, 1, { variantId: 64 })]) });
      const refused = await call({ mode: 'redirect', cart: saved([line(96, 3)]) });
      let navigated = null;
      const shop = await createCheckout({ storeOrigins: store.storeOrigins, server: store.stubUrl, storage: 'memory', navigate: (url) => { navigated = url; } });
      await shop.cart.add({ productId: 81, quantity: 2 });
      await shop.checkout();
      shop.destroy();
      console.log(JSON.stringify({ checkout, refused: { status: refused.status, code: refused.body.error?.code }, navigated,
        storeOrigins: store.storeOrigins, inStore: Boolean(store.sandbox.state.carts[checkout.body.cartId]) }));
    } finally {
      await store.close();
    }
  `], { cwd: project, encoding: 'utf8', env: { ...process.env, SANDBOX_PORT: '0', STUB_PORT: '0' } });
  // The stub logs its requests on stdout; the result is the last line.
  const result = JSON.parse(output.trim().split('\n').at(-1));
  assert.equal(result.checkout.status, 200, JSON.stringify(result.checkout.body));
  assert.equal(new URL(result.checkout.body.url).origin, result.storeOrigins[0], 'the checkout is on the sandbox store');
  assert.equal(result.inStore, true, 'the synced cart is in the sandbox store');
  assert.deepEqual(result.refused, { status: 422, code: 'line_rejected' }, 'a quantity over order_quantity_maximum, refused with 409 by the store');
  assert.equal(new URL(result.navigated).origin, result.storeOrigins[0], 'createCheckout() in Node checks out on the sandbox');
});
