// The sandbox's documentation stays current with what it does: every option createSandbox reads is described in
// sandbox/README.md, and every test file docs/sandbox.md names as pinning a behaviour exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path) => readFileSync(`${root}${path}`, 'utf8');

test('every option createSandbox reads is in sandbox/README.md', () => {
  const source = read('sandbox/index.js');
  const options = new Set([...source.matchAll(/\binput\.([a-zA-Z]+)|requiredText\(input, '([a-zA-Z]+)'\)/g)].map((m) => m[1] ?? m[2]));
  assert.ok(options.size >= 10, [...options].join(', '));
  const readme = read('sandbox/README.md');
  const missing = [...options].filter((name) => !new RegExp(`\\b${name}\\b`).test(readme));
  assert.deepEqual(missing, [], `createSandbox options missing from sandbox/README.md: ${missing.join(', ')}`);
});

test('every test file docs/sandbox.md cites exists', () => {
  const doc = read('docs/sandbox.md');
  const cited = new Set([...doc.matchAll(/`((?:tests\/[a-z]+\/)?[a-z0-9-]+\.test\.mjs)`/g)].map((m) => m[1]));
  assert.ok(cited.size >= 8, [...cited].join(', '));
  const all = ['sandbox', 'server', 'browser', 'protection', 'security', 'web', 'contract'];
  const missing = [...cited].filter((file) => (file.includes('/') ? !existsSync(`${root}${file}`) : !all.some((dir) => existsSync(`${root}tests/${dir}/${file}`))));
  assert.deepEqual(missing, []);
});
