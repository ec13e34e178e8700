// What an npm user gets: pack the package, install the tarball into an empty project, import it from Node,
// run a cart, and type-check a TypeScript user of it against the shipped declarations.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
let project;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'bcch-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The package has no runtime dependencies, so this needs no network.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: project, stdio: 'pipe' });
});
after(() => rmSync(project, { recursive: true, force: true }));

test('the tarball holds the builds, the .wasm and the types, and no sources or tests', () => {
  const dist = join(project, 'node_modules', 'bc-checkout-helper', 'dist');
  for (const file of ['index.js', 'node.js', 'bc-checkout-helper.js', 'bc-checkout-helper.wasm', 'index.d.ts', 'react.js', 'react.d.ts']) {
    assert.ok(existsSync(join(dist, file)), `dist/${file} is missing`);
  }
  const installed = readdirSync(join(project, 'node_modules', 'bc-checkout-helper'));
  for (const absent of ['wasm', 'web', 'tests', 'scripts']) assert.ok(!installed.includes(absent), `${absent}/ should not ship`);
});

test('npm pack ships no test, no sandbox file and no source of the core', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const paths = files.map((f) => f.path);
  assert.ok(paths.includes('server/handler.js') && paths.includes('server/transport/node-adapter.js'), 'the stub and its transport ship');
  const unwanted = paths.filter((p) => /^(tests|sandbox|wasm|web|scripts|bench|demo|build)\//.test(p) || /\.test\.m?js$/.test(p));
  assert.deepEqual(unwanted, [], 'files that should not ship');
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

test('a TypeScript user type-checks against the shipped declarations', () => {
  writeFileSync(join(project, 'use.ts'), `
    import { createCheckout, loadCore, BCCheckoutError, type CartLine, type CartSnapshot, type SafetyVerdict } from 'bc-checkout-helper';
    import { useCart } from 'bc-checkout-helper/react';
    async function main(): Promise<number> {
      const shop = await createCheckout({ storeOrigins: ['https://store.example.com'], currency: 'EUR', storage: 'memory' });
      const line = await shop.cart.add({ productId: 1, optionSelections: [{ optionId: 2, optionValue: 'Red' }] });
      const lines: readonly CartLine[] = shop.cart.items;
      const verdict: SafetyVerdict = (await loadCore()).isSafeCheckoutUrl('https://x', 'https://store.example.com');
      if (!verdict.safe) console.log(verdict.code, verdict.reason);
      shop.on('error', (error: BCCheckoutError) => console.log(error.code));
      shop.on('change', ({ source, cart }) => console.log(source, cart.subtotal.formatted));
      const snapshot: CartSnapshot = shop.getSnapshot();
      const unsubscribe: () => void = shop.subscribe((next: CartSnapshot) => console.log(next.count, next.checkingOut));
      unsubscribe();
      shop.store.subscribe(({ items }) => console.log(items.length))();
      // useCart keeps null for a checkout that is not there yet, and drops it for one that is.
      const fromHook: CartSnapshot = useCart(shop);
      const maybe: CartSnapshot | null = useCart(null);
      return line.quantity + lines.length + snapshot.count + fromHook.count + (maybe?.count ?? 0);
    }
    void main;
  `);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['use.ts'],
  }));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});
