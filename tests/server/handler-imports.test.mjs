// The handler's import graph, as a bundler follows it: no undici and no node: module, static or dynamic. On
// Workers undici cannot compile its WebAssembly parser (and its node: imports stop the build without
// nodejs_compat); on Bun import('undici') is a partial module of Bun's own. The Node client is handed in by
// server/main.js (server/node-upstream.js), which the handler never imports.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('server/handler.js bundles for a neutral platform with every import resolved and none of them undici or node:', async () => {
  const result = await build({
    entryPoints: [`${root}server/handler.js`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'browser'],
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(inputs.filter((file) => /node_modules\/undici\//.test(file)), []);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  assert.deepEqual(imports.filter((path) => path.startsWith('node:') || path === 'undici'), []);
  assert.ok(!inputs.some((file) => file.endsWith('server/node-upstream.js') || file.includes('undici-fetch') || file.includes('keep-alive-fetch')));
});
