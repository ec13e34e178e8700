// Site protection through the shipped Node build (dist/protect-node.js, the wasm protection module): the shared
// table of hosted pages, the config errors users see, the payloads, and the generated snippet run in Node with
// a stand-in window (tests/browser/protection.test.mjs runs it in Chromium).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadProtection, BCCheckoutError } from '../../dist/protect-node.js';
import { renderedSnippet, table } from './table.mjs';
import './snippet-runner.js';

const cli = new URL('../../bin/bc-checkout-helper.mjs', import.meta.url).pathname;
let protection;
before(async () => {
  protection = await loadProtection();
});

describe('the table of hosted pages', () => {
  test('has at least 120 pages, each with a unique name', () => {
    assert.ok(table.pages.length >= 120, `${table.pages.length} pages`);
    assert.equal(new Set(table.pages.map((p) => p.name)).size, table.pages.length);
  });

  test('the wasm module decides every page as the table says', () => {
    const wrong = [];
    for (const row of table.pages) {
      const d = protection.decide(row.page, table.configs[row.config]);
      if (d.target !== row.expect.target || d.reason !== row.expect.reason) wrong.push(`${row.name}: got ${d.target} (${d.reason}: ${d.message})`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the generated snippet, run in Node, agrees on every page', () => {
    const wrong = [];
    for (const row of table.pages) {
      const { snippet } = protection.artifacts(table.configs[row.config]);
      const d = globalThis.runProtectionSnippet(renderedSnippet(snippet, row.page), row.page);
      if (d.target !== row.expect.target || d.reason !== row.expect.reason) wrong.push(`${row.name}: got ${d.target} (${d.reason})`);
      // Hidden only while leaving; shown again whenever it stays.
      assert.equal(d.visibility, d.target ? 'hidden' : '', row.name);
    }
    assert.deepEqual(wrong, []);
  });

  test('no target is ever a page protection would move again (no loops)', () => {
    for (const row of table.pages.filter((r) => r.expect.target)) {
      const again = protection.decide({ url: row.expect.target }, table.configs[row.config]);
      assert.equal(again.target, null, `${row.name} -> ${row.expect.target} -> ${again.target}`);
      assert.equal(again.reason, 'not_store_page');
    }
  });

  test('every page kind of Stencil that is checkout, account or sign-in stays, whatever the config', () => {
    for (const config of Object.values(table.configs)) {
      const store = config.storeOrigins[0];
      for (const [path, pageType] of [['/checkout', 'checkout'], ['/checkout/order-confirmation', 'orderconfirmation'], ['/embedded-checkout', ''],
        ['/login/token/a.b.c', ''], ['/finishorder.php', ''], ['/cart.php?action=loadInCheckout&id=1&token=2', 'cart']]) {
        const d = protection.decide({ url: store + path, pageType }, config);
        assert.equal(d.target, null, `${path} (${pageType})`);
      }
    }
  });
});

describe('config errors', () => {
  for (const [config, message] of [
    [{}, /^headlessOrigin: is required/],
    [{ headlessOrigin: 'https://www.example.com', storeOrigins: ['https://www.example.com'] }, /loop/],
    [{ headlessOrigin: 'https://www.example.com', storeOrigins: ['https://s.example'], routes: [{ type: 'checkout', route: '/c' }] }, /^routes\[0\]\.type: "checkout" is not allowed/],
    [{ headlessOrigin: 'https://www.example.com', storeOrigins: ['https://s.example'], unknwon: 'home' }, /^unknwon: is not a known field$/],
    ['{"headlessOrigin": ', /./],
  ]) {
    test(`${JSON.stringify(config).slice(0, 70)} -> ${message}`, () => {
      assert.throws(() => protection.artifacts(config), (error) => {
        assert.ok(error instanceof BCCheckoutError);
        assert.equal(error.code, 'invalid_protection_config');
        assert.match(error.message, message);
        return true;
      });
    });
  }

  test('a page without a url is refused clearly', () => {
    assert.throws(() => protection.decide({}, table.configs.main), (e) => e.code === 'invalid_argument' && /url/.test(e.message));
  });
});

describe('payloads', () => {
  test('the routes payload carries the configured routes and a home route', () => {
    const { routes } = protection.artifacts(table.configs.main);
    assert.deepEqual(routes.find((r) => r.type === 'home'), { type: 'home', matching: '*', route: '/' });
    assert.deepEqual(routes.find((r) => r.matching === '77'), { type: 'product', matching: '77', route: '/launch' });
  });

  test('the script goes in the head of storefront pages only, as an essential script_tag', () => {
    const { script, snippet } = protection.artifacts(table.configs.main);
    assert.equal(script.html, snippet);
    assert.equal(script.visibility, 'storefront');
    assert.equal(script.location, 'head');
    assert.equal(script.kind, 'script_tag');
    assert.equal(script.load_method, 'default');
    assert.equal(script.consent_category, 'essential');
  });

  test('the snippet stays under 2 KB gzip for the table configs', () => {
    for (const [name, config] of Object.entries(table.configs)) {
      const size = gzipSync(protection.artifacts(config).snippet, { level: 9 }).length;
      assert.ok(size <= 2048, `${name}: ${size} bytes gzip`);
    }
  });
});

describe('the command line', () => {
  const run = (args, env = {}) => promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env } })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
  const dir = mkdtempSync(join(tmpdir(), 'bcch-protect-'));
  const configFile = join(dir, 'protect.json');
  writeFileSync(configFile, JSON.stringify(table.configs.main));

  test('prints the snippet and both payloads', async () => {
    const { code, stdout } = await run(['protect', '--config', configFile]);
    assert.equal(code, 0);
    assert.match(stdout, /^# Script Manager snippet \(\d+ bytes, \d+ gzip\)/);
    assert.match(stdout, /<script>\(function\(w,d,C,X\)/);
    assert.match(stdout, /# PUT \/v3\/sites\/\{site_id\}\/routes/);
    assert.match(stdout, /"visibility": "storefront"/);
  });

  test('--json prints the artifacts as one JSON document', async () => {
    const { stdout } = await run(['protect', '--config', configFile, '--json']);
    assert.deepEqual(Object.keys(JSON.parse(stdout)), ['snippet', 'routes', 'script']);
  });

  test('--check says where a page goes and why', async () => {
    const product = await run(['protect', '--config', configFile, '--check', 'https://store-abc.mybigcommerce.com/blue-shirt/', '--page-type', 'product', '--id', '12']);
    assert.equal(product.code, 0);
    assert.match(product.stdout, /^redirect to https:\/\/www\.example\.com\/products\/blue-shirt\n {2}reason: route/);
    const checkout = await run(['protect', '--config', configFile, '--check', 'https://store-abc.mybigcommerce.com/checkout']);
    assert.match(checkout.stdout, /^stay on the hosted page\n {2}reason: checkout/);
  });

  test('bad config: exit 1 and a message naming the file and the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...table.configs.main, routes: [{ type: 'product', route: '/p/{sku}' }] }));
    const { code, stderr } = await run(['protect', '--config', bad]);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), `bc-checkout-helper: ${bad}: routes[0].route: knows the tokens {id}, {slug} and {language}, not "{sku}"`);
  });

  test('a missing file, a missing --config and --install without credentials are clear errors', async () => {
    assert.match((await run(['protect', '--config', join(dir, 'nope.json')])).stderr, /cannot read .*nope\.json: no such file/);
    assert.match((await run(['protect'])).stderr, /--config is required/);
    const install = await run(['protect', '--config', configFile, '--install']);
    assert.equal(install.code, 1);
    assert.match(install.stderr, /--install uses the server stub's environment: BC_STORE_HASH/);
  });
});

describe('payloads against the OpenAPI files', async () => {
  const { assertConforms, validateRequestBody } = await import('../contract/openapi-contract.mjs');
  for (const [name, config] of Object.entries(table.configs)) {
    test(`${name}: PUT /v3/sites/{site_id}/routes and POST /v3/content/scripts bodies conform`, () => {
      const { routes, script } = protection.artifacts(config);
      assertConforms(validateRequestBody('sites.v3.yml', 'PUT', '/sites/{site_id}/routes', routes));
      assertConforms(validateRequestBody('scripts.v3.yml', 'POST', '/content/scripts', script));
    });
  }
});
