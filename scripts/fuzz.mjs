#!/usr/bin/env node
// npm run fuzz [-- --seconds N] [--stop-on-crash] [target ...]
// Configures build/fuzz with clang (libFuzzer + ASan + UBSan, -DBCCH_FUZZ=ON), builds the targets of
// tests/fuzz and runs each for a bounded time (60 s by default), one after the other. Prints, per target, the
// executions run and whether a crash was found. Exits 1 when any target crashed (or the build failed).
//
// By default libFuzzer runs in fork mode with -ignore_crashes=1: a crash (a sanitizer report, or an invariant
// a target checks with abort()) does not end the run, so every target gets its full time and every kind of
// crash is found, not just the first. --stop-on-crash runs plain libFuzzer, which stops at the first one.
// Each crash input is replayed to learn its kind; the smallest input of each kind is copied to
// tests/fuzz/crashes/<target>-<kind>-<hash>. Full libFuzzer output: build/fuzz/logs/<target>.log; every crash
// input: build/fuzz/artifacts/<target>/.
//
// Compiler: $FUZZ_CC/$FUZZ_CXX, else clang-14/clang++-14 when installed, else clang/clang++.
// A crash is replayed with: build/fuzz/tests/fuzz/<target> tests/fuzz/crashes/<file>
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(root, 'build', 'fuzz');
const fuzzSrc = join(root, 'tests', 'fuzz');
const allTargets = ['fuzz_restore_cart', 'fuzz_checkout_url', 'fuzz_sync_plan', 'fuzz_site_protection', 'fuzz_checkout_details'];

function usage(message) {
  if (message) console.error(message);
  console.error(`usage: node scripts/fuzz.mjs [--seconds N] [--stop-on-crash] [${allTargets.join('|')} ...]`);
  process.exit(2);
}

// Arguments.
let seconds = 60;
let stopOnCrash = false;
const chosen = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; ++i) {
  const a = args[i];
  if (a === '--seconds' || a.startsWith('--seconds=')) {
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
    seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1) usage(`--seconds needs a whole number of seconds, not "${value}"`);
  } else if (a === '--stop-on-crash') {
    stopOnCrash = true;
  } else if (a === '--help' || a === '-h') {
    usage();
  } else if (allTargets.includes(a)) {
    chosen.push(a);
  } else {
    usage(`unknown argument "${a}"`);
  }
}
const targets = chosen.length ? chosen : allTargets;

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v "${cmd}"`], { stdio: 'ignore' }).status === 0;
}

const cc = process.env.FUZZ_CC || (onPath('clang-14') ? 'clang-14' : 'clang');
const cxx = process.env.FUZZ_CXX || (onPath('clang++-14') ? 'clang++-14' : 'clang++');
if (!onPath(cxx)) usage(`${cxx} is not installed: libFuzzer needs clang (set FUZZ_CC/FUZZ_CXX)`);

function run(label, cmd, cmdArgs, env = process.env) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${label} failed`);
    process.exit(1);
  }
}

// 1. Configure (once; a build dir made with another compiler is started afresh) and build.
const cache = join(buildDir, 'CMakeCache.txt');
if (existsSync(cache)) {
  const text = readFileSync(cache, 'utf8');
  const configured = /^CMAKE_CXX_COMPILER:\w+=(.*)$/m.exec(text)?.[1] ?? '';
  if (!configured.endsWith(cxx) && !configured.endsWith(`/${cxx}`)) rmSync(buildDir, { recursive: true, force: true });
}
// Always (re)configure: a target added since the last run is unknown to the build tool until then.
{
  run(`configure ${relative(root, buildDir)} (${cxx})`, 'cmake', [
    '-S', '.', '-B', buildDir,
    '-DBCCH_FUZZ=ON',
    '-DBUILD_TESTING=OFF',
    '-DCMAKE_BUILD_TYPE=RelWithDebInfo',
    // -O1 keeps fuzzing fast and stacks readable; no -DNDEBUG, so nlohmann's assertions stay on.
    '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g',
  ], { ...process.env, CC: cc, CXX: cxx });
}
run('build fuzz targets', 'cmake', ['--build', buildDir, '--parallel', '2', '--target', ...targets]);

// 2. Run each target.
function symbolizer() {
  for (const p of ['/usr/lib/llvm-14/bin/llvm-symbolizer', '/usr/bin/llvm-symbolizer']) if (existsSync(p)) return p;
  return undefined;
}
const sym = symbolizer();
const env = {
  ...process.env,
  ASAN_OPTIONS: ['abort_on_error=1', 'symbolize=1', process.env.ASAN_OPTIONS].filter(Boolean).join(':'),
  UBSAN_OPTIONS: ['halt_on_error=1', 'print_stacktrace=1', process.env.UBSAN_OPTIONS].filter(Boolean).join(':'),
  ...(sym ? { ASAN_SYMBOLIZER_PATH: sym } : {}),
};

// What a crash output says went wrong, as one line, and its kind: the line without the input it names
// ("accepted a URL with '@'"), so inputs can be grouped.
function crashReason(output, code, signal) {
  const violation = /INVARIANT VIOLATION: ([^\n]*)/.exec(output);
  if (violation) return { reason: violation[1], kind: violation[1].split(/:\s/)[0] };
  const sanitizer = /==\d+==ERROR: (\w+Sanitizer: [^\n]*)/.exec(output);
  if (sanitizer) return { reason: sanitizer[1], kind: sanitizer[1].replace(/ (on|at) (address|unknown address|pc) .*/, '') };
  const ub = /([^\s]+:\d+:\d+): runtime error: ([^\n]*)/.exec(output);
  if (ub) return { reason: `${ub[1]}: runtime error: ${ub[2]}`, kind: `runtime error at ${ub[1]}` };
  const libfuzzer = /ERROR: libFuzzer: ([^\n]*)/.exec(output);
  if (libfuzzer) return { reason: `libFuzzer: ${libfuzzer[1]}`, kind: `libFuzzer ${libfuzzer[1]}` };
  const other = signal ? `killed by ${signal}` : `exit code ${code}`;
  return { reason: other, kind: other };
}

const slug = (text) => text.replace(/@/g, ' at ').replace(/\\/g, ' backslash ').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);

function fuzz(target) {
  const binary = join(buildDir, 'tests', 'fuzz', target);
  const workCorpus = join(buildDir, 'corpus', target);  // grows across runs; the seeds stay untouched
  const seeds = join(fuzzSrc, 'corpus', target);
  const artifacts = join(buildDir, 'artifacts', target);
  const logs = join(buildDir, 'logs');
  for (const d of [workCorpus, artifacts, logs]) mkdirSync(d, { recursive: true });
  const before = new Set(readdirSync(artifacts));
  const dict = join(fuzzSrc, `${target}.dict`);
  const fuzzArgs = [
    ...(stopOnCrash ? ['-print_final_stats=1'] : ['-fork=1', '-ignore_crashes=1']),
    `-max_total_time=${seconds}`,
    '-timeout=25',  // one input taking longer is reported as a timeout, not a hang
    '-rss_limit_mb=2048',
    '-max_len=8192',
    `-artifact_prefix=${artifacts}/`,
    ...(existsSync(dict) ? [`-dict=${dict}`] : []),
    workCorpus,
    seeds,
  ];
  const logPath = join(logs, `${target}.log`);
  const log = createWriteStream(logPath);
  console.log(`\n=== ${target}: ${seconds} s${stopOnCrash ? ', stopping at the first crash' : ''} (log: ${relative(root, logPath)})`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(binary, fuzzArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk) => {
      output += chunk;
      log.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    // libFuzzer stops itself (fork mode may overrun by a job's length); this only guards against a wedged process.
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds * 2 + 120) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      log.end();
      const elapsed = Math.max(1, Math.round((Date.now() - started) / 1000));
      // Executions: plain mode prints final stats; fork mode's status lines "#N: cov: ..." count all jobs.
      const stat = /stat::number_of_executed_units:\s*(\d+)/.exec(output);
      const progress = [...output.matchAll(/^#(\d+)[:\s]/gm)].pop();
      const executions = Number(stat?.[1] ?? progress?.[1] ?? 0);

      // Every new crash input, replayed to learn its kind; the smallest of each kind is kept in tests/fuzz/crashes.
      const fresh = readdirSync(artifacts).filter((f) => !before.has(f));
      const kinds = new Map();  // kind -> { reason, file, size, count }
      const replay = (path) => {
        const r = spawnSync(binary, [path], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
        return crashReason(`${r.stdout}${r.stderr}`, r.status, r.signal);
      };
      for (const f of fresh.slice(0, 500)) {
        const path = join(artifacts, f);
        const { reason, kind } = replay(path);
        const size = statSync(path).size;
        const entry = kinds.get(kind);
        if (!entry) kinds.set(kind, { reason, file: f, size, count: 1 });
        else {
          entry.count++;
          if (size < entry.size) Object.assign(entry, { reason, file: f, size });
        }
      }
      mkdirSync(join(fuzzSrc, 'crashes'), { recursive: true });
      const found = [];
      const crashesDir = join(fuzzSrc, 'crashes');
      for (const [kind, e] of kinds) {
        // One reproducer per target and kind, the smallest ever found: reruns do not pile up copies.
        // The reason shown is the kept reproducer's own.
        const prefix = `${target}-${slug(kind)}-`;
        const kept = readdirSync(crashesDir).filter((f) => f.startsWith(prefix) && /^[0-9a-f]{12}$/.test(f.slice(prefix.length)));
        let dest = join(crashesDir, `${prefix}${e.file.replace(/^[a-z-]*-/, '').slice(0, 12)}`);
        const smaller = kept.find((f) => statSync(join(crashesDir, f)).size <= e.size);
        if (smaller) {
          dest = join(crashesDir, smaller);
          e.reason = replay(dest).reason;
        } else {
          for (const f of kept) rmSync(join(crashesDir, f));
          copyFileSync(join(artifacts, e.file), dest);
        }
        found.push({ kind, reason: e.reason, count: e.count, reproducer: relative(root, dest) });
      }
      const crashed = found.length > 0 || (stopOnCrash && (code !== 0 || signal !== null));
      if (crashed && found.length === 0) {
        const { reason, kind } = crashReason(output, code, signal);
        found.push({ kind, reason, count: 1, reproducer: '(no input saved)' });
      }
      resolve({ target, executions, elapsed, crashed, found, log: relative(root, logPath) });
    });
  });
}

const results = [];
for (const target of targets) results.push(await fuzz(target));

console.log('\n=== fuzz summary');
for (const r of results) {
  const rate = Math.round(r.executions / r.elapsed);
  const head = `${r.target}: ${r.executions} executions in ${r.elapsed} s (~${rate}/s)`;
  if (!r.crashed) {
    console.log(`${head}, no crash`);
    continue;
  }
  console.log(`${head}, CRASH FOUND (${r.found.length} kind${r.found.length === 1 ? '' : 's'})`);
  for (const f of r.found) {
    console.log(`  - ${f.kind} (${f.count} input${f.count === 1 ? '' : 's'})`);
    console.log(`    e.g.: ${f.reason.length > 300 ? `${f.reason.slice(0, 300)}...` : f.reason}`);
    console.log(`    reproducer: ${f.reproducer}`);
    console.log(`    replay: build/fuzz/tests/fuzz/${r.target} ${f.reproducer}`);
  }
}
process.exit(results.some((r) => r.crashed) ? 1 : 0);
