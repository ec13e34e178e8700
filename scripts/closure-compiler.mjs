#!/usr/bin/env node
// What Emscripten runs as its Closure compiler (EM_CLOSURE_COMPILER, set by scripts/build.mjs): the pinned npm
// google-closure-compiler, with the two things Emscripten 3.1.6 hands it that newer Closure releases refuse
// translated:
// - --language_in ECMASCRIPT_NEXT_IN (tools/building.py) is spelt ECMASCRIPT_NEXT now;
// - Emscripten's closure-externs.js declares the WebGPU globals (var GPU; ...), which Closure now ships in its
//   own externs (w3c_webgpu.js), and a global declared twice is an error: the copy handed over leaves them out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../node_modules/google-closure-compiler/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bcch-closure-'));
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === 'ECMASCRIPT_NEXT_IN') args[i] = 'ECMASCRIPT_NEXT';
  if (args[i - 1] === '--externs' && basename(args[i]) === 'closure-externs.js') {
    const copy = join(scratch, 'closure-externs.js');
    writeFileSync(copy, readFileSync(args[i], 'utf8').replace(/^var GPU\w*;\n/gm, ''));
    args[i] = copy;
  }
}
const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
