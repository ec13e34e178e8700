// The stub and the sandbox are two products: the stub (server/) ships to merchants and never reaches into the
// sandbox; the sandbox reuses the stub's transport through server/transport/index.js alone.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourcesUnder(dir) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => /\.(m?js)$/.test(f))
    .map((f) => join(dir, f));
}

// Relative specifiers of static and dynamic imports and re-exports, resolved against the importing file.
function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.map((s) => relative(root, resolve(root, dirname(file), s)));
}

test('nothing in server/ imports from sandbox/', () => {
  const offending = sourcesUnder('server').flatMap((file) => importsOf(file).filter((target) => target.startsWith('sandbox/')).map((t) => `${file} -> ${t}`));
  assert.deepEqual(offending, []);
});

test('the sandbox takes from server/ only its transport module', () => {
  const offending = sourcesUnder('sandbox').flatMap((file) => importsOf(file)
    .filter((target) => !target.startsWith('sandbox/') && target !== 'server/transport/index.js')
    .map((t) => `${file} -> ${t}`));
  assert.deepEqual(offending, []);
});
