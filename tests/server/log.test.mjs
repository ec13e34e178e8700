// server/log.js: the stub's log lines. Every line is scrubbed of secrets; on Node the default writer batches
// lines per turn of the event loop, and must still write every line, in order, including those logged just
// before the process exits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger, createScrubber } from '../../server/log.js';

const logModule = fileURLToPath(new URL('../../server/log.js', import.meta.url));

test('a line is one JSON object with time, level, message and the fields, secrets replaced', () => {
  const lines = [];
  const log = createLogger(['s3cret-token-value'], (line) => lines.push(line));
  log('warn', 'upstream said s3cret-token-value', { status: 500, echo: 'x s3cret-token-value y' });
  const entry = JSON.parse(lines[0]);
  assert.match(entry.time, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual({ ...entry, time: undefined }, { time: undefined, level: 'warn', message: 'upstream said [redacted]', status: 500, echo: 'x [redacted] y' });
  assert.equal(createScrubber(['abcdefgh'])('abcdefgh-abcdefgh'), '[redacted]-[redacted]');
});

test('the default writer (batched stdout) writes every line in order, also those logged right before exit', () => {
  const script = `
    import { createLogger } from ${JSON.stringify(logModule)};
    const log = createLogger(['s3cret-token-value']);
    for (let i = 0; i < 500; i++) log('info', 'request', { i });
    setImmediate(() => {
      log('info', 'later s3cret-token-value');
      log('info', 'last');
      process.exit(0); // before the batch's own setImmediate runs
    });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 502);
  assert.deepEqual(lines.slice(0, 500).map((entry) => entry.i), [...Array(500).keys()]);
  assert.deepEqual(lines.slice(500).map((entry) => entry.message), ['later [redacted]', 'last']);
});
