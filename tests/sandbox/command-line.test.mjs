// The sandbox as a command (sandbox/command-line.js, behind `bc-checkout-helper sandbox` and sandbox/main.js): every
// setting is a flag and a variable, a wrong one is refused with a message naming both, and on start it prints
// what a server stub needs, which the stub's own loadConfig() accepts as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSandboxSettings, SANDBOX_USAGE, SandboxSettingError, startSandboxCommand } from '../../sandbox/command-line.js';
import { stubSettingsFor } from '../../sandbox/index.js';
import { loadConfig } from '../../server/index.js';

test('--help lists every variable beside its flag, and says what SITE_URL is', () => {
  for (const [flag, variable] of [['--port', 'SANDBOX_PORT'], ['--origin', 'SANDBOX_ORIGIN'], ['--site-url', 'SITE_URL'],
    ['--checkout-port', 'SANDBOX_CHECKOUT_PORT'], ['--checkout-origin', 'SANDBOX_CHECKOUT_ORIGIN'], ['--quota', 'SANDBOX_QUOTA'],
    ['--data', 'SANDBOX_DATA'], ['--https', 'SANDBOX_HTTPS'], ['--tls-dir', 'SANDBOX_TLS_DIR'], ['--store-hash', 'BC_STORE_HASH'],
    ['--access-token', 'BC_ACCESS_TOKEN'], ['--client-id', 'BC_CLIENT_ID'], ['--client-secret', 'BC_CLIENT_SECRET'], ['--channel-id', 'BC_CHANNEL_ID']]) {
    assert.match(SANDBOX_USAGE, new RegExp(`^  ${flag}\\b[^\\n]*, ${variable}=`, 'm'), flag);
  }
  assert.match(SANDBOX_USAGE, /SITE_URL=<url>\n\s+the storefront origin that embeds checkout: the channel's site URL\. The embedded checkout posts its events to it and only it may frame the checkout/);
  assert.deepEqual(readSandboxSettings({}, ['--help']), { help: true });
});

test('a flag wins over its variable; unset credentials are generated and said to be', () => {
  const settings = readSandboxSettings({ SANDBOX_PORT: '9000', BC_STORE_HASH: 'fromenv', BC_CHANNEL_ID: '2', SANDBOX_QUOTA: 'pro' }, ['--port', '0', '--store-hash', 'fromflag']);
  assert.equal(settings.where.port, 0);
  assert.equal(settings.options.storeHash, 'fromflag');
  assert.equal(settings.options.channelId, 2);
  assert.equal(settings.options.quota, 'pro');
  assert.equal(settings.https, false);
  assert.deepEqual(settings.generated.map((line) => line.split('=')[0]), ['BC_ACCESS_TOKEN', 'BC_CLIENT_ID', 'BC_CLIENT_SECRET']);
  assert.equal(readSandboxSettings({ SANDBOX_HTTPS: 'true' }).https, true);
  assert.equal(readSandboxSettings({}, ['--https']).https, true);
});

test('a wrong setting is refused with a message that names its variable and its flag', () => {
  const refused = (env, args) => assert.throws(() => readSandboxSettings(env, args), SandboxSettingError);
  assert.throws(() => readSandboxSettings({ SANDBOX_PORT: '80x' }), /SANDBOX_PORT \/ --port must be a port number/);
  assert.throws(() => readSandboxSettings({}, ['--quota', 'lots']), /SANDBOX_QUOTA \/ --quota must be unlimited, standard, plus, pro or <requests>\/<windowMs>/);
  assert.throws(() => readSandboxSettings({ SANDBOX_CHECKOUT_ORIGIN: 'http://127.0.0.1:9' }), /needs SANDBOX_CHECKOUT_PORT \/ --checkout-port/);
  assert.throws(() => readSandboxSettings({ BC_CHANNEL_ID: '0' }), /BC_CHANNEL_ID \/ --channel-id must be a positive integer/);
  // The stub reads the store hash as [a-z0-9]: a sandbox it cannot be pointed at is refused at once.
  assert.throws(() => readSandboxSettings({ BC_STORE_HASH: 'My-Store' }), /BC_STORE_HASH \/ --store-hash must be lower-case letters and digits/);
  assert.throws(() => readSandboxSettings({ SANDBOX_HTTPS: 'maybe' }), /SANDBOX_HTTPS \/ --https must be true or false/);
  refused({}, ['--no-such-flag']);
});

test('on start it prints the stub\'s variables and the storeOrigins, and the stub accepts them as they are', async () => {
  const lines = [];
  const served = await startSandboxCommand({}, ['--port', '0', '--site-url', 'http://127.0.0.1:5173', '--checkout-port', '0'], { print: (line) => lines.push(line) });
  try {
    const printed = Object.fromEntries(lines.map((line) => /^ {2}(BC_[A-Z_]+)=(\S+)$/.exec(line)).filter(Boolean).map((m) => [m[1], m[2]]));
    const { env, storeOrigins } = stubSettingsFor(served);
    assert.deepEqual(printed, env);
    assert.deepEqual(storeOrigins, [served.origin, served.checkoutOrigin]);
    assert.ok(lines.includes(`Your storefront: createCheckout({ storeOrigins: ${JSON.stringify(storeOrigins)} })`), lines.join('\n'));
    const config = loadConfig({ ...printed, SESSION_SECRET: 'x'.repeat(32), ALLOWED_ORIGINS: 'http://127.0.0.1:5173' });
    assert.equal(config.storeUrl, served.origin);
    const time = await fetch(`${config.apiUrl}/stores/${config.storeHash}/v2/time`, { headers: { 'X-Auth-Token': config.accessToken, Accept: 'application/json' } });
    assert.equal(time.status, 200);
  } finally {
    await served.close();
  }
});

test('--json prints the same settings as one JSON line', async () => {
  const lines = [];
  const served = await startSandboxCommand({ BC_STORE_HASH: 'jsonstore' }, ['--port', '0', '--json'], { print: (line) => lines.push(line) });
  try {
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]), stubSettingsFor(served));
    assert.equal(JSON.parse(lines[0]).env.BC_STORE_HASH, 'jsonstore');
  } finally {
    await served.close();
  }
});
