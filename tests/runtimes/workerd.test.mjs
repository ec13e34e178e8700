// examples/deploy/cloudflare-worker/worker.js (docs/deploy.md, "Cloudflare Worker"), bundled by esbuild with the
// command that page gives, on workerd, the open-source runtime of Cloudflare Workers (the workerd binary of the
// devDependencies), with wrangler.toml's compatibility date and flags.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeCheckoutFlow, describeUnreachableStore } from './checkout-flow.mjs';
import { buildWorker, startWorkerd } from './runtime-stack.mjs';

test('the documented Worker build bundles no undici and leaves no node: import (nodejs_compat not needed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcch-worker-build-'));
  try {
    const built = buildWorker(dir);
    const bundle = readFileSync(join(dir, built.entry), 'utf8');
    assert.doesNotMatch(bundle, /\bfrom\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/, 'no node: import is left');
    assert.doesNotMatch(bundle, /["']undici["']|llhttp/, 'undici is not in the bundle');
    const imports = [...bundle.matchAll(/^import\s.*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
    assert.deepEqual(imports.sort(), ['./bc-checkout-details.wasm', './bc-checkout-server.wasm'], 'the imports left are the two wasm modules, which Workers compile');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeCheckoutFlow('workerd (Cloudflare Workers)', startWorkerd);
// workerd tells a script no more than this for a refused connection; the cause ("Connection refused (os error
// 111)") is in workerd's own log, and on Cloudflare in the Worker's.
describeUnreachableStore('workerd', startWorkerd, { cause: 'Network connection lost.' });
