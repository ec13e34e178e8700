// The sandbox's browser scripts (sandbox/pages/browser/*.js) as files: each parses as the classic script a
// browser runs, the sandbox serves exactly the file, and each does what its page needs when run against a
// minimal stand-in for the DOM (the real browser runs are in sandbox-embedded.test.mjs and the setup check).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { createSandbox } from '../../sandbox/index.js';

const DIR = new URL('../../sandbox/pages/browser/', import.meta.url);
const SITE = 'http://127.0.0.1:8080';
const ORIGIN = 'http://localhost:8081';
const source = (name) => readFileSync(new URL(name, DIR), 'utf8');
const filename = (name) => fileURLToPath(new URL(name, DIR));

const make = () => createSandbox({ storeHash: 'scripts', accessToken: 't', clientId: 'c', clientSecret: 's', origin: ORIGIN, siteUrl: SITE, log: () => {} });
const get = (sb, path) => sb.fetch(new Request(new URL(path, ORIGIN)));

test('every file in sandbox/pages/browser parses as a classic script', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.js'));
  assert.ok(files.includes('embedded-checkout.js') && files.includes('cookie-probe.js'), files.join(', '));
  for (const file of files) {
    assert.doesNotThrow(() => new vm.Script(source(file), { filename: filename(file) }), file);
  }
});

describe('embedded-checkout.js', () => {
  const PARENT = SITE;

  /** Runs the script as the embedded checkout page would, with #checkout-app in `state`. */
  function run({ state = 'checkout', attributes = {}, framed = true } = {}) {
    const posted = [];
    const listeners = {};
    const rules = [];
    const app = {
      getAttribute: (name) => ({ 'data-state': state, ...attributes })[name] ?? null,
      querySelector: () => null,
    };
    const document = {
      getElementById: (id) => (id === 'checkout-config' ? { textContent: JSON.stringify({ parentOrigin: PARENT }) } : id === 'checkout-app' ? app : null),
      addEventListener: (type, listener) => { listeners[`document:${type}`] = listener; },
      createElement: () => ({
        sheet: {
          cssRules: rules,
          insertRule(text, index) {
            const properties = [];
            rules.splice(index, 0, { text, properties, style: { setProperty: (...args) => properties.push(args) } });
            return index;
          },
        },
      }),
      head: { appendChild() {} },
    };
    const window = { innerWidth: 0, addEventListener: (type, listener) => { listeners[type] = listener; } };
    // structuredClone, as postMessage does: the data arrives as this realm's objects.
    window.parent = framed ? { postMessage: (data, targetOrigin) => posted.push({ data: structuredClone(data), targetOrigin }) } : window;
    vm.runInNewContext(source('embedded-checkout.js'), { window, document }, { filename: filename('embedded-checkout.js') });
    return { posted, listeners, rules };
  }

  test('a loaded checkout posts FRAME_LOADED {contentId} then CHECKOUT_LOADED, to the parent origin only', () => {
    const { posted, listeners } = run();
    assert.deepEqual(posted, [
      { data: { type: 'FRAME_LOADED', payload: { contentId: 'checkout-app' } }, targetOrigin: PARENT },
      { data: { type: 'CHECKOUT_LOADED' }, targetOrigin: PARENT },
    ]);
    assert.equal(typeof listeners.message, 'function');
    assert.equal(typeof listeners['document:submit'], 'function');
  });

  // Untargeted, as the SDK's IframeEmbeddedCheckoutMessenger posts it ({ untargeted: true }).
  test('a page that cannot load posts FRAME_ERROR {message} untargeted, and nothing else', () => {
    const { posted } = run({ state: 'error', attributes: { 'data-message': 'Cannot start checkout session with an empty cart' } });
    assert.deepEqual(posted, [{ data: { type: 'FRAME_ERROR', payload: { message: 'Cannot start checkout session with an empty cart' } }, targetOrigin: '*' }]);
  });

  // checkout-js OrderConfirmation posts only FRAME_LOADED; CHECKOUT_COMPLETE came from the checkout page.
  test('the order confirmation posts FRAME_LOADED only, however often it is loaded', () => {
    for (let i = 0; i < 2; i++) {
      const { posted } = run({ state: 'complete' });
      assert.deepEqual(posted.map((p) => p.data.type), ['FRAME_LOADED']);
    }
  });

  test('a checkout error on the page is posted as CHECKOUT_ERROR {message, type}', () => {
    const { posted } = run({ attributes: { 'data-checkout-error': 'Coupon not valid', 'data-checkout-error-type': 'invalid_coupon' } });
    assert.deepEqual(posted.map((p) => p.data.type), ['FRAME_LOADED', 'CHECKOUT_LOADED', 'CHECKOUT_ERROR']);
    assert.deepEqual(posted[2].data.payload, { message: 'Coupon not valid', type: 'invalid_coupon' });
  });

  test('outside a frame it posts nothing', () => {
    assert.deepEqual(run({ framed: false }).posted, []);
  });

  test('STYLE_CONFIGURED is applied from the parent origin only, one property value at a time', () => {
    const { listeners, rules } = run();
    listeners.message({ origin: 'https://evil.example', data: { type: 'STYLE_CONFIGURED', payload: { button: { color: 'red' } } } });
    assert.equal(rules.length, 0);
    listeners.message({ origin: PARENT, data: { type: 'STYLE_CONFIGURED', payload: { button: { backgroundColor: '#123456', content: 'x' } } } });
    assert.equal(rules.length, 1);
    assert.equal(rules[0].text, 'button {}');
    assert.deepEqual(structuredClone(rules[0].properties), [['background-color', '#123456', 'important']]);
  });

  test('the sandbox serves the file itself, as JavaScript', async () => {
    const response = await get(make(), '/embedded-checkout/embedded-checkout.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await response.text(), source('embedded-checkout.js'));
  });
});

describe('cookie-probe.js', () => {
  /** Runs the probe in a frame whose browser keeps cookies (or not); resolves to what it posts. */
  function run({ keepsCookies, storageAccess = keepsCookies, protocol = 'https:' }) {
    const jar = new Map();
    const result = { textContent: '' };
    const document = {
      get cookie() { return [...jar].map(([k, v]) => `${k}=${v}`).join('; '); },
      set cookie(text) {
        if (!keepsCookies) return;
        const [name, value] = text.split(';')[0].split('=');
        if (/Max-Age=0/.test(text)) jar.delete(name);
        else jar.set(name, value);
      },
      hasStorageAccess: async () => storageAccess,
      getElementById: (id) => (id === 'result' ? result : null),
    };
    return new Promise((resolve) => {
      const window = { parent: { postMessage: (data, targetOrigin) => resolve({ data: structuredClone(data), targetOrigin, result, jar }) } };
      vm.runInNewContext(source('cookie-probe.js'), { window, document, location: { protocol } }, { filename: filename('cookie-probe.js') });
    });
  }

  test('a browser that keeps the cookie: allowed true, the cookie removed again, the detail shown', async () => {
    const { data, targetOrigin, result, jar } = await run({ keepsCookies: true });
    assert.equal(targetOrigin, '*');
    assert.equal(data.type, 'bc-setup:cookies');
    assert.equal(data.allowed, true);
    assert.equal(data.storageAccess, true);
    assert.match(data.detail, /keeps the store's cookies/);
    assert.equal(result.textContent, data.detail);
    assert.equal(jar.size, 0);
  });

  test('a browser that blocks it: allowed false, and the detail says why', async () => {
    const { data } = await run({ keepsCookies: false, protocol: 'http:' });
    assert.equal(data.allowed, false);
    assert.equal(data.storageAccess, false);
    assert.match(data.detail, /blocks the store's cookies/);
    assert.match(data.detail, /no storage access/);
    assert.match(data.detail, /plain http/);
  });

  test('the sandbox inlines the file itself in GET /setup/cookie-probe', async () => {
    const response = await get(make(), '/setup/cookie-probe');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), `frame-ancestors ${SITE}`);
    const page = await response.text();
    assert.ok(page.includes(`<script>\n${source('cookie-probe.js')}</script>`));
  });
});
