// server/main.js, the stub as a process: WEB_CONCURRENCY=N runs N workers on one port, a worker that dies is
// replaced, a configuration error stops start-up with the variable named, and SIGTERM stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENV } from './server-fixtures.mjs';
import { freePort } from '../../scripts/free-port.mjs';

const main = fileURLToPath(new URL('../../server/main.js', import.meta.url));


function start(env) {
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const waitFor = async (stream, pattern, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(output[stream])) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} in ${stream}: ${output[stream]}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return output[stream].match(pattern);
  };
  return { child, output, waitFor };
}

/** The statuses of `attempts` health checks, each on its own connection (so they spread over the workers). */
async function healthStatuses(url, attempts) {
  const answers = await Promise.all(Array.from({ length: attempts }, () => fetch(`${url}/api/health`, { headers: { connection: 'close' } })));
  return answers.map((answer) => answer.status);
}

test('WEB_CONCURRENCY=2: two workers answer on one port; a killed worker is replaced; SIGTERM stops all', async (t) => {
  const port = await freePort();
  const stub = start({ PORT: String(port), WEB_CONCURRENCY: '2' });
  t.after(() => stub.child.kill('SIGKILL'));
  const [, url] = await stub.waitFor('stdout', /server stub on (http:\/\/\S+)\/api with 2 workers/);
  assert.deepEqual(await healthStatuses(url, 8), Array(8).fill(200));

  const workers = () => import('node:fs').then(({ readdirSync, readFileSync }) => readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]) === stub.child.pid;
      } catch {
        return false;
      }
    })
    .map(Number));
  const before = await workers();
  assert.equal(before.length, 2, `workers: ${before}`);
  process.kill(before[0], 'SIGKILL');
  await stub.waitFor('stderr', new RegExp(`worker ${before[0]} exited \\(SIGKILL\\)`));
  const deadline = Date.now() + 10_000;
  let after = await workers();
  while ((after.length !== 2 || after.includes(before[0])) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await workers();
  }
  assert.equal(after.length, 2, 'the dead worker was replaced');
  assert.ok(!after.includes(before[0]));
  // The replacement serves too (its listen is handed the shared port).
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(await healthStatuses(url, 8), Array(8).fill(200));

  stub.child.kill('SIGTERM');
  const [code] = await once(stub.child, 'exit');
  assert.equal(code, 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(await workers(), [], 'no worker outlives the primary');
});

test('a bad WEB_CONCURRENCY stops start-up with the variable named, before any worker starts', async () => {
  const stub = start({ PORT: String(await freePort()), WEB_CONCURRENCY: '65' });
  const [code] = await once(stub.child, 'exit');
  assert.equal(code, 1);
  assert.match(stub.output.stderr, /Configuration error: WEB_CONCURRENCY must be at most 64/);
});

test('without WEB_CONCURRENCY it is one process, as before', async (t) => {
  const stub = start({ PORT: String(await freePort()) });
  t.after(() => stub.child.kill('SIGKILL'));
  const [, url] = await stub.waitFor('stdout', /server stub on (http:\/\/\S+)\/api \(store/);
  assert.equal((await fetch(`${url}/api/health`)).status, 200);
  stub.child.kill('SIGTERM');
  assert.deepEqual(await once(stub.child, 'exit'), [0, null]);
});
