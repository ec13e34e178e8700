// BC_STORE_URL and BC_API_URL must name the same store: both the sandbox on this machine, or both the real store
// (its REST API is https://api.bigcommerce.com, BigCommerce docs "API accounts"). A mix starts fine and fails in
// front of shoppers, so loadConfig refuses it, naming both variables and the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ENV } from './server-fixtures.mjs';

const refusal = (env) => {
  try {
    loadConfig({ ...ENV, ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
};

test("a local store URL (the sandbox) with BigCommerce's API, given or by default: refused, naming both and the fix", () => {
  for (const env of [
    { BC_STORE_URL: 'http://localhost:8081', BC_API_URL: undefined },
    { BC_STORE_URL: 'http://127.0.0.1:8081', BC_API_URL: 'https://api.bigcommerce.com' },
    { BC_STORE_URL: 'http://[::1]:8081', BC_API_URL: 'https://api.bigcommerce.com:443' },
  ]) {
    const error = refusal(env);
    assert.equal(error.variable, 'BC_STORE_URL');
    assert.match(error.message, /^BC_STORE_URL is a local address .* while BC_API_URL is BigCommerce's API \(https:\/\/api\.bigcommerce\.com/);
    assert.match(error.message, /set BC_API_URL to the sandbox too/);
    assert.match(error.message, /set BC_STORE_URL to the store's address, such as https:\/\/store-\{store_hash\}\.mybigcommerce\.com/);
  }
  assert.match(refusal({ BC_STORE_URL: 'http://localhost:8081', BC_API_URL: undefined }).message, /\(https:\/\/api\.bigcommerce\.com, the default\)/);
});

test('a local API URL (the sandbox) with a public store URL, a *.mybigcommerce.com store or another host: refused', () => {
  for (const store of ['https://store-abc123.mybigcommerce.com', 'https://shop.example.com']) {
    const error = refusal({ BC_API_URL: 'http://127.0.0.1:8081', BC_STORE_URL: store });
    assert.equal(error.variable, 'BC_API_URL');
    assert.match(error.message, /^BC_API_URL is a local address \(http:\/\/127\.0\.0\.1:8081, a sandbox store\?\) while BC_STORE_URL is a public store/);
    assert.ok(error.message.includes(store));
    assert.match(error.message, /leave BC_API_URL unset \(https:\/\/api\.bigcommerce\.com\)/);
    assert.match(error.message, /set BC_STORE_URL to the sandbox's address too/);
  }
});

test('the sets that agree start: both local (one origin or two ports), both real, and a test API with any store', () => {
  const cases = [
    { BC_API_URL: 'http://localhost:8081', BC_STORE_URL: 'http://localhost:8081' },
    { BC_API_URL: 'http://127.0.0.1:9100', BC_STORE_URL: 'https://localhost:8443' }, // listenSandbox({ tls }): API on its own port
    { BC_API_URL: undefined, BC_STORE_URL: 'https://store-abc123.mybigcommerce.com' },
    { BC_API_URL: 'https://api.bigcommerce.com', BC_STORE_URL: 'https://www.shop.example.com' },
    // An API that is neither BigCommerce's nor this machine (a recorded-answer server, a proxy): not judged.
    { BC_API_URL: 'https://api.bigcommerce.test', BC_STORE_URL: 'http://localhost:8081' },
  ];
  for (const env of cases) assert.doesNotThrow(() => loadConfig({ ...ENV, ...env }), JSON.stringify(env));
});
