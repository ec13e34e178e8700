#!/usr/bin/env node
// npm test: the native Catch2 suite (with ASan/UBSan), then the package build, then the JS suites
// against dist/. Ends with one line "N passed, N failed" over all suites.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
const totals = { passed: 0, failed: 0 };
const failures = [];

function run(label, cmd, args, options = {}) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (options.capture) process.stdout.write(result.stdout ?? '');
  if (result.status !== 0 && !options.allowFailure) {
    failures.push(label);
  }
  return result;
}

// 1. Native tests of the core.
const nativeDir = join(root, 'build', 'native-test');
run('configure native build', 'cmake', ['-S', '.', '-B', nativeDir, '-DCMAKE_BUILD_TYPE=Debug', '-DBCCH_SANITIZE=ON']);
run('build native tests', 'cmake', ['--build', nativeDir, '--parallel', '2']);
const native = run('native tests (Catch2)', join(nativeDir, 'tests', 'native', 'bcch_native_tests'), ['--reporter', 'console'], { capture: true, allowFailure: true });
const out = native.stdout ?? '';
let match = out.match(/All tests passed \((\d+) assertions? in (\d+) test cases?\)/);
if (match) {
  totals.passed += Number(match[2]);
} else if ((match = out.match(/test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/))) {
  totals.passed += Number(match[2]);
  totals.failed += Number(match[3]);
} else {
  failures.push('native tests (no summary)');
}
if (native.status !== 0) failures.push('native tests');

// 2. The package, as it ships.
run('build dist/', process.execPath, ['scripts/build.mjs', '--if-needed']);

// 3. JS suites against dist/: every tests/<group>/*.test.mjs (the web layer, the stub, the sandbox, the contract
// tests, the attacks of the security suite, site protection, the package, and headless Chromium last).
const groups = ['web', 'server', 'sandbox', 'contract', 'security', 'protection', 'package', 'runtimes', 'browser'];
const present = readdirSync(join(root, 'tests')).filter((d) => !['native', 'fuzz', ...groups].includes(d) && !d.includes('.'));
if (present.length) failures.push(`tests/${present.join(', tests/')} is in no group of scripts/test.mjs`);
const suites = (dir) => readdirSync(join(root, 'tests', dir)).filter((f) => f.endsWith('.test.mjs')).map((f) => join('tests', dir, f));
const jsFiles = groups.flatMap(suites);
mkdirSync(join(root, 'build'), { recursive: true });
const tap = join(root, 'build', 'js-tests.tap');
const js = run('JS and browser tests (node:test)', process.execPath, [
  '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...jsFiles,
], { allowFailure: true });
const tapText = readFileSync(tap, 'utf8');
const pass = tapText.match(/^# pass (\d+)/m);
const fail = tapText.match(/^# fail (\d+)/m);
if (pass && fail) {
  totals.passed += Number(pass[1]);
  totals.failed += Number(fail[1]);
} else {
  failures.push('JS tests (no summary)');
}
if (js.status !== 0) failures.push('JS tests');

console.log('');
if (failures.length) console.log(`failed steps: ${[...new Set(failures)].join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length || totals.failed ? 1 : 0);
