#!/usr/bin/env node
// npm run build: the WebAssembly core (Emscripten, through CMake) and the three JS builds in dist/:
//   dist/index.js               ES module for browsers and bundlers
//   dist/node.js                ES module for Node (reads the .wasm from disk)
//   dist/bc-checkout-helper.js  classic script defining window.BCCheckout
//   dist/bc-checkout-embedded.js the Checkout SDK's embedded part, loaded on demand
//   dist/bc-checkout-details.js  the checkout details (shim, drop-in widgets, details module glue), loaded on demand
//   dist/bc-checkout-flow.js     the checkout flow and the server stub's client, loaded on demand
//   dist/bc-checkout-helper.wasm, dist/index.d.ts, dist/script.d.ts (the script build's global BCCheckout)
//   dist/protect.js, dist/protect-node.js, dist/bc-protect.wasm   site protection (bc-checkout-helper/protect)
//   dist/react.js, dist/react.d.ts  the useCart hook (bc-checkout-helper/react), React left to the app
//   dist/bc-checkout-details.wasm  the checkout-details module, loaded with that chunk (and on Node from beside node.js)
//   dist/server-core.js, dist/server-core.d.ts, dist/bc-checkout-server.wasm  the server stub's core
//     (bc-checkout-helper/server-core; node.js loads the same .wasm in Node)
// --if-needed skips the work when dist/ is newer than every source.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const wasmBuild = join(root, 'build', 'wasm');
const glue = join(wasmBuild, 'wasm', 'bindings', 'bc-checkout-helper.mjs');
const protectGlue = join(wasmBuild, 'wasm', 'bindings', 'bc-protect.mjs');
const detailsGlue = join(wasmBuild, 'wasm', 'bindings', 'bc-checkout-details.mjs');
const serverGlue = join(wasmBuild, 'wasm', 'bindings', 'bc-checkout-server.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const outputs = ['index.js', 'node.js', 'bc-checkout-helper.js', 'bc-checkout-embedded.js', 'bc-checkout-details.js', 'bc-checkout-helper.wasm', 'index.d.ts', 'protect.js', 'protect-node.js', 'bc-protect.wasm', 'protect.d.ts', 'react.js', 'react.d.ts', 'script.d.ts', 'bc-checkout-details.wasm', 'server-core.js', 'server-core.d.ts', 'bc-checkout-server.wasm', 'bc-checkout-flow.js'].map((f) => join(dist, f));
if (process.argv.includes('--if-needed') && outputs.every(existsSync)) {
  const sources = Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'wasm')), statSync(join(root, 'package.json')).mtimeMs);
  if (Math.min(...outputs.map((f) => statSync(f).mtimeMs)) > sources) process.exit(0);
}

// npm pack runs this (prepack) in whatever clone it is given: without node_modules, say so before minutes of cmake.
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('The build needs the npm packages: run npm ci first (npm run build and npm test install them themselves).');
  process.exit(1);
}

// Debian's emscripten needs its JS optimiser's modules (acorn) on NODE_PATH.
// Closure (emcc --closure, wasm/bindings/CMakeLists.txt) is the pinned npm google-closure-compiler, through
// scripts/closure-compiler.mjs.
// npm run and npm test put node_modules/.bin first on PATH, where the npm binaryen's tools (wasm-opt,
// wasm-metadce, ...) would then stand in for the ones Emscripten 3.1.6 was built with: its links then leave a glue
// whose imports do not match the .wasm. emcc gets PATH without those folders; the newer wasm-opt runs only below,
// on the finished .wasm, by its full path.
const pathWithoutNpmBins = (process.env.PATH ?? '').split(':').filter((dir) => !/node_modules[\\/]\.bin$/.test(dir)).join(':');
const env = {
  ...process.env,
  PATH: pathWithoutNpmBins,
  NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':'),
  EM_CLOSURE_COMPILER: join(root, 'scripts', 'closure-compiler.mjs'),
};
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
// --js-only: bundle web/ again around the wasm build already in build/wasm (no emcc), for work on the JS layer.
if (process.argv.includes('--js-only')) {
  if (!existsSync(glue)) throw new Error(`--js-only needs a wasm build in ${wasmBuild}: run node scripts/build.mjs once`);
} else {
  if (!existsSync(join(wasmBuild, 'CMakeCache.txt'))) {
    run('emcmake', ['cmake', '-S', '.', '-B', wasmBuild, '-DCMAKE_BUILD_TYPE=MinSizeRel']);
  }
  // The core's sources compile two at a time; the links (and the binding files beside them) then run one at a
  // time, as two emcc links at once race in Emscripten 3.1.6.
  run('cmake', ['--build', wasmBuild, '--parallel', '2', '--target', 'bcch_core', 'bcch_details']);
  run('cmake', ['--build', wasmBuild, '--parallel', '1']);
}

mkdirSync(dist, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  alias: { 'bc-checkout-core-glue': glue, 'bc-protect-glue': protectGlue, 'bc-checkout-details-glue': detailsGlue, 'bc-checkout-server-glue': serverGlue },
  define: { __BCCH_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(root, 'web/index.js')], outfile: join(dist, 'index.js'), format: 'esm', platform: 'browser' }),
  esbuild.build({ ...common, entryPoints: [join(root, 'web/node.js')], outfile: join(dist, 'node.js'), format: 'esm', platform: 'node' }),
  esbuild.build({ ...common, entryPoints: [join(root, 'web/protection-browser.js')], outfile: join(dist, 'protect.js'), format: 'esm', platform: 'browser' }),
  esbuild.build({ ...common, entryPoints: [join(root, 'web/protection-node.js')], outfile: join(dist, 'protect-node.js'), format: 'esm', platform: 'node' }),
  // React stays an import: the app's copy, the one its components render with (two Reacts break hooks).
  esbuild.build({ ...common, entryPoints: [join(root, 'web/react.js')], outfile: join(dist, 'react.js'), format: 'esm', platform: 'neutral', external: ['react'] }),
  // The embedded-checkout part of @bigcommerce/checkout-sdk, loaded on demand by both browser builds.
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'web/embedded-sdk.js')],
    outfile: join(dist, 'bc-checkout-embedded.js'),
    format: 'esm',
    platform: 'browser',
    alias: { 'bc-checkout-sdk-embedded': join(root, 'node_modules/@bigcommerce/checkout-sdk/dist/cjs/embedded-checkout.js') },
  }),
  // The checkout details, loaded by both browser builds the first time a page uses them (an ES module, so its
  // .wasm is found next to it through import.meta.url, whichever build imported it).
  // The server core for fetch-handler platforms without Node's fs (Workers, Edge); Node's is in node.js.
  esbuild.build({ ...common, entryPoints: [join(root, 'web/server-core-entry.js')], outfile: join(dist, 'server-core.js'), format: 'esm', platform: 'neutral' }),
  // The checkout flow and server client, loaded by both browser builds on the first checkout, sync or session call.
  esbuild.build({ ...common, entryPoints: [join(root, 'web/flow-chunk.js')], outfile: join(dist, 'bc-checkout-flow.js'), format: 'esm', platform: 'browser' }),
  esbuild.build({ ...common, entryPoints: [join(root, 'web/details-chunk.js')], outfile: join(dist, 'bc-checkout-details.js'), format: 'esm', platform: 'browser' }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'web/script.js')],
    outfile: join(dist, 'bc-checkout-helper.js'),
    format: 'iife',
    platform: 'browser',
    // The glue reads import.meta.url for its own location; the script build always passes locateFile instead.
    define: { ...common.define, 'import.meta.url': 'undefined' },
  }),
]);
// Each .wasm through a newer wasm-opt than Emscripten 3.1.6's (the pinned npm binaryen) on its way to dist/: a few
// hundred bytes gzip less. The features stay the ones Emscripten emitted (MVP, mutable globals, sign extension),
// so the module loads wherever the unoptimised one did.
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
const optimise = (from, to) => {
  // Already done for this module (--js-only, or a link that left it unchanged): only marked as fresh, as a copy
  // would be, so --if-needed sees dist/ up to date.
  if (existsSync(to) && statSync(to).mtimeMs > statSync(from).mtimeMs) {
    const now = new Date();
    utimesSync(to, now, now);
    return;
  }
  run(wasmOpt, [from, '-Oz', '--mvp-features', '--enable-mutable-globals', '--enable-sign-ext', '-o', to]);
};
for (const name of ['bc-checkout-helper', 'bc-protect', 'bc-checkout-details', 'bc-checkout-server']) {
  optimise(join(wasmBuild, 'wasm', 'bindings', `${name}.wasm`), join(dist, `${name}.wasm`));
}
for (const types of ['index.d.ts', 'protect.d.ts', 'react.d.ts', 'server-core.d.ts', 'script.d.ts']) copyFileSync(join(root, 'web', types), join(dist, types));
// Emscripten links that race through its shared cache leave a glue whose imports do not match its .wasm, which
// only shows when the module is loaded (LinkError, "function import requires a callable"). Load each module once
// from dist/, so such a build fails here and says how to mend it, not later in a test or a page.
const fromDist = (file) => import(pathToFileURL(join(dist, file)).href);
const [node, protect] = await Promise.all([fromDist('node.js'), fromDist('protect-node.js')]);
const broken = [];
for (const [file, load] of [['bc-checkout-helper', node.loadCore], ['bc-checkout-details', node.loadDetailsCore], ['bc-checkout-server', node.loadServerCore],
  ['bc-protect', protect.loadProtection]]) {
  try {
    await load();
  } catch (error) {
    broken.push({ file, error });
  }
}
if (broken.length) {
  // Once: those modules are linked again, one after the other, and dist/ made again (a relink on its own has
  // always mended it); a second mismatch is a real fault.
  if (!process.argv.includes('--js-only') && !process.env.BCCH_RELINKED) {
    for (const { file, error } of broken) {
      console.error(`dist/${file}.wasm did not load with its glue (${error.message}); linking it again`);
      for (const suffix of ['.mjs', '.wasm']) rmSync(join(wasmBuild, 'wasm', 'bindings', `${file}${suffix}`), { force: true });
      rmSync(join(dist, `${file}.wasm`), { force: true });
    }
    const again = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2).filter((a) => a !== '--if-needed')],
      { cwd: root, env: { ...process.env, BCCH_RELINKED: '1' }, stdio: 'inherit' });
    process.exit(again.status ?? 1);
  }
  for (const { file, error } of broken) {
    console.error(`dist/${file}.wasm does not load with its glue (${error.message}). Delete build/wasm/wasm/bindings/${file}.* and build again.`);
  }
  process.exit(1);
}
console.log(`built dist/ (bc-checkout-helper ${pkg.version})`);
