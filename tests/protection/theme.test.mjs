// `protect theme` on a Cornerstone-shaped fixture (tests/protection/stencil-theme), rendered before and after
// each mode with BigCommerce's own renderer (@bigcommerce/stencil-paper-handlebars) for every page of the
// table of hosted pages that a Stencil theme renders: the ones with a {{page_type}} on a store origin.
// BigCommerce lists the modes in "Headless checkout" (developer docs): 2 remove the back links, 4 wrap the
// layouts in a condition (an admin customer group), 5 replace the layouts with a redirect.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadProtection } from '../../dist/protect-node.js';
import { redirectSnippet, redirectTarget, stencilContext, templateFor, themeRenderer } from './stencil-render.mjs';
import { table } from './table.mjs';
import './snippet-runner.js';

const cli = new URL('../../bin/bc-checkout-helper.mjs', import.meta.url).pathname;
const fixture = new URL('./stencil-theme', import.meta.url).pathname;
const ADMIN_GROUP = 7;
const work = mkdtempSync(join(tmpdir(), 'bcch-theme-'));
after(() => rmSync(work, { recursive: true, force: true }));

const run = (args) => promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH } })
  .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));

let copies = 0;
function copyOfFixture() {
  const dir = join(work, `theme-${copies++}`);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

const configFiles = {};
for (const [name, config] of Object.entries(table.configs)) {
  configFiles[name] = join(work, `${name}.json`);
  writeFileSync(configFiles[name], JSON.stringify(config));
}

/** Every file of a folder, by path, as bytes in a string. */
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'latin1');
    }
  };
  walk(dir);
  return out;
}

async function protectedCopy(mode, configName, extra = []) {
  const dir = copyOfFixture();
  const groups = mode === 'wrap' ? ['--allow-group', String(ADMIN_GROUP), ...extra] : extra;
  const result = await run(['protect', 'theme', dir, '--mode', mode, '--config', configFiles[configName], ...groups]);
  assert.equal(result.code, 0, result.stderr);
  return dir;
}

let protection;
const themeRows = [];
const renderBefore = themeRenderer(fixture);
before(async () => {
  protection = await loadProtection();
  for (const row of table.pages) {
    if (!row.page.pageType) continue; // no Handlebars context: not a page a Stencil theme renders
    const full = protection.decide(row.page, table.configs[row.config]);
    if (full.reason === 'not_store_page' || full.reason === 'bad_url') continue; // the store's theme never renders it
    themeRows.push(row);
  }
});

// What the server can see of a page: no cookies, no frame (the snippet sees those).
const asServerSeesIt = ({ cookies, framed, ...page }) => page;

describe('the fixture and the table', () => {
  test('the table has theme pages of every page type the fixture renders, and checkout pages among them', () => {
    const types = new Set(themeRows.map((r) => r.page.pageType));
    for (const t of ['default', 'product', 'category', 'brand', 'page', 'search', 'cart', 'checkout', 'orderconfirmation', 'login', 'account_orders'])
      assert.ok(types.has(t), t);
    assert.ok(themeRows.length >= 60, `${themeRows.length} rows`);
  });
});

for (const mode of ['wrap', 'replace']) {
  describe(`--mode ${mode}`, () => {
    const dirs = {};
    before(async () => {
      for (const name of Object.keys(table.configs)) dirs[name] = await protectedCopy(mode, name);
    });

    test('a guest: the rendered decision agrees with the core on every theme page, and staying pages render byte for byte as before', async () => {
      const wrong = [];
      let leaving = 0;
      for (const row of themeRows) {
        const expected = protection.decide(asServerSeesIt(row.page), table.configs[row.config]);
        if (expected.target) leaving++;
        const context = stencilContext(row.page);
        const was = await renderBefore(templateFor(row.page.pageType), context);
        const now = await themeRenderer(dirs[row.config])(templateFor(row.page.pageType), context);
        const target = now === was ? null : redirectTarget(now);
        if (now !== was && target === null) wrong.push(`${row.name}: neither the page as before nor a redirect page`);
        else if (target !== expected.target) wrong.push(`${row.name}: rendered ${target}, the core says ${expected.target} (${expected.reason})`);
      }
      assert.deepEqual(wrong, []);
      // Both outcomes are well represented, so agreement is not agreement on staying.
      assert.ok(leaving >= 40 && themeRows.length - leaving >= 12, `${leaving} leave, ${themeRows.length - leaving} stay`);
    });

    test('the redirect page\'s snippet, for visitors with scripts, agrees with the core on the whole page (preview cookie and frames included)', async () => {
      const wrong = [];
      for (const row of themeRows) {
        const now = await themeRenderer(dirs[row.config])(templateFor(row.page.pageType), stencilContext(row.page));
        const snippet = redirectSnippet(now);
        if (!redirectTarget(now)) continue;
        assert.ok(snippet, `${row.name}: the redirect page carries the snippet`);
        const d = globalThis.runProtectionSnippet(snippet, row.page);
        if (d.target !== row.expect.target || d.reason !== row.expect.reason) wrong.push(`${row.name}: snippet says ${d.target} (${d.reason})`);
      }
      assert.deepEqual(wrong, []);
    });

    test(mode === 'wrap'
      ? 'a customer of the allowed group: every theme page renders byte for byte as before'
      : 'a customer of any group, the admin group included, is redirected like a guest', async () => {
      const differences = [];
      for (const row of themeRows) {
        const context = stencilContext(row.page, { group: ADMIN_GROUP });
        const was = await renderBefore(templateFor(row.page.pageType), context);
        const now = await themeRenderer(dirs[row.config])(templateFor(row.page.pageType), context);
        const expected = mode === 'wrap' ? null : protection.decide(asServerSeesIt(row.page), table.configs[row.config]).target;
        const target = now === was ? null : redirectTarget(now);
        if (target !== expected) differences.push(`${row.name}: ${target}`);
      }
      assert.deepEqual(differences, []);
    });

    test('checkout and order confirmation pages render byte for byte as before, for guests and customers', async () => {
      const checkoutRows = themeRows.filter((r) => ['checkout', 'orderconfirmation'].includes(r.page.pageType));
      assert.ok(checkoutRows.length >= 4);
      for (const row of checkoutRows) {
        for (const group of [undefined, ADMIN_GROUP, 1]) {
          const context = stencilContext(row.page, { group });
          assert.equal(await themeRenderer(dirs[row.config])(templateFor(row.page.pageType), context),
            await renderBefore(templateFor(row.page.pageType), context), row.name);
        }
      }
    });

    test('the redirect page: a refresh for visitors without scripts, a visible link, noindex, and the theme\'s nonce on the snippet', async () => {
      const page = { url: 'https://store-abc.mybigcommerce.com/blue-shirt/?utm_source=x', pageType: 'product', id: '12', entityUrl: 'https://store-abc.mybigcommerce.com/blue-shirt/' };
      const html = await themeRenderer(dirs.main)('pages/product', stencilContext(page), { nonce: 'n0nce' });
      assert.match(html, /<noscript><meta http-equiv="refresh" content="0; url=https:\/\/www\.example\.com\/products\/blue-shirt\?utm_source&#x3D;x"><\/noscript>/);
      assert.match(html, /<a href="https:\/\/www\.example\.com\/products\/blue-shirt\?utm_source&#x3D;x">Continue to www\.example\.com<\/a>/);
      assert.match(html, /<meta name="robots" content="noindex">/);
      assert.match(html, /<script nonce="n0nce">\(function\(w,d,C,X\)/);
      assert.doesNotMatch(html, /Blue shirt|Script Manager: head/, 'nothing of the hosted page is rendered');
    });

    test('a request too long for Stencil\'s assignVar renders the page as before instead of failing it', async () => {
      const page = { url: `https://store-abc.mybigcommerce.com/${'a'.repeat(1200)}/`, pageType: 'page', id: '2' };
      const context = stencilContext(page);
      assert.equal(await themeRenderer(dirs.main)('pages/page', context), await renderBefore('pages/page', context));
    });

    test('--revert restores the fixture byte for byte; a second run of the mode changes nothing', async () => {
      const dir = dirs.main;
      const protectedFiles = snapshot(dir);
      const again = await run(['protect', 'theme', dir, '--mode', mode, '--config', configFiles.main, ...(mode === 'wrap' ? ['--allow-group', String(ADMIN_GROUP)] : [])]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to change/);
      assert.deepEqual(snapshot(dir), protectedFiles);
      const reverted = await run(['protect', 'theme', dir, '--revert']);
      assert.equal(reverted.code, 0, reverted.stderr);
      assert.deepEqual(snapshot(dir), snapshot(fixture));
      assert.match((await run(['protect', 'theme', dir, '--revert'])).stdout, /nothing to change/);
      dirs.main = await protectedCopy(mode, 'main');
    });
  });
}

describe('--mode hide-links', () => {
  let dir;
  before(async () => {
    dir = await protectedCopy('hide-links', 'home');
  });

  test('the cart, checkout and order confirmation back links lead where the core sends the store\'s home page', async () => {
    const home = protection.decide({ url: 'https://store-abc.mybigcommerce.com/', pageType: 'default' }, table.configs.home).target;
    assert.equal(home, 'https://www.example.com/de/');
    for (const [template, pageType] of [['pages/cart', 'cart'], ['pages/checkout', 'checkout'], ['pages/order-confirmation', 'orderconfirmation']]) {
      const context = stencilContext({ url: 'https://store-abc.mybigcommerce.com/cart.php', pageType });
      const was = await renderBefore(template, context);
      const now = await themeRenderer(dir)(template, context);
      assert.notEqual(now, was, template);
      // The only difference: the store's home URL in the page's own back link is the headless home page.
      assert.equal(now.replaceAll(home, 'https://store-abc.mybigcommerce.com/'), was, template);
      assert.ok(now.includes(`href="${home}"`), template);
    }
  });

  test('every other page renders byte for byte as before, and no page redirects', async () => {
    for (const row of themeRows.filter((r) => !['cart', 'checkout', 'orderconfirmation'].includes(r.page.pageType))) {
      const context = stencilContext(row.page);
      assert.equal(await themeRenderer(dir)(templateFor(row.page.pageType), context), await renderBefore(templateFor(row.page.pageType), context), row.name);
    }
  });

  test('--revert restores the fixture byte for byte; a second run changes nothing', async () => {
    const copy = await protectedCopy('hide-links', 'main');
    const protectedFiles = snapshot(copy);
    assert.match((await run(['protect', 'theme', copy, '--mode', 'hide-links', '--config', configFiles.main])).stdout, /nothing to change/);
    assert.deepEqual(snapshot(copy), protectedFiles);
    assert.equal((await run(['protect', 'theme', copy, '--revert'])).code, 0);
    assert.deepEqual(snapshot(copy), snapshot(fixture));
  });
});

describe('--patch', () => {
  const git = (args, cwd) => promisify(execFile)('git', args, { cwd });
  for (const mode of ['hide-links', 'wrap', 'replace']) {
    test(`${mode}: the patch leaves the theme untouched and, applied with git apply, gives what the in-place run gives; so does the --revert patch`, async () => {
      const dir = copyOfFixture();
      const groups = mode === 'wrap' ? ['--allow-group', String(ADMIN_GROUP)] : [];
      const { code, stdout: patch, stderr } = await run(['protect', 'theme', dir, '--mode', mode, '--config', configFiles.main, '--patch', ...groups]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(snapshot(dir), snapshot(fixture));
      const patchFile = join(work, `${mode}.patch`);
      writeFileSync(patchFile, patch);
      await git(['apply', '--check', patchFile], dir);
      await git(['apply', patchFile], dir);
      assert.deepEqual(snapshot(dir), snapshot(await protectedCopy(mode, 'main')));
      const { stdout: revertPatch } = await run(['protect', 'theme', dir, '--revert', '--patch']);
      writeFileSync(patchFile, revertPatch);
      await git(['apply', patchFile], dir);
      assert.deepEqual(snapshot(dir), snapshot(fixture));
    });
  }
});

describe('errors name the file and the reason', () => {
  const protect = (dir, ...args) => run(['protect', 'theme', dir, '--mode', 'replace', '--config', configFiles.main, ...args]);

  test('not a Stencil theme', async () => {
    const empty = mkdtempSync(join(work, 'not-a-theme-'));
    const { code, stderr } = await protect(empty);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), `bc-checkout-helper: ${empty}: not a Stencil theme (no config.json)`);
    writeFileSync(join(empty, 'config.json'), '{}');
    assert.match((await protect(empty)).stderr, /: not a Stencil theme \(no templates\/layout\/\*\.html\)/);
  });

  test('a layout it does not recognise, and nothing written', async () => {
    const dir = copyOfFixture();
    writeFileSync(join(dir, 'templates/layout/fragment.html'), '<div class="fragment">{{#block "page"}}{{/block}}</div>\n');
    const { code, stderr } = await protect(dir);
    assert.equal(code, 1);
    assert.match(stderr, /templates\/layout\/fragment\.html: a layout this command does not recognise \(not a whole HTML document/);
    assert.equal(readFileSync(join(dir, 'templates/layout/base.html'), 'utf8'), readFileSync(join(fixture, 'templates/layout/base.html'), 'utf8'));
  });

  test('a block of its own edited by hand is refused, not overwritten, by a run and by --revert', async () => {
    const dir = await protectedCopy('replace', 'main');
    const base = join(dir, 'templates/layout/base.html');
    writeFileSync(base, readFileSync(base, 'utf8').replace('{{#if (getVar "bcch_target")}}', '{{#if false}}'));
    const edited = snapshot(dir);
    for (const args of [['--mode', 'replace', '--config', configFiles.main], ['--revert']]) {
      const { code, stderr } = await run(['protect', 'theme', dir, ...args]);
      assert.equal(code, 1);
      assert.match(stderr, /templates\/layout\/base\.html: the bc-checkout-helper protect theme block was changed by hand since it was written/);
    }
    assert.deepEqual(snapshot(dir), edited);
    const links = await protectedCopy('hide-links', 'main');
    const cart = join(links, 'templates/pages/cart.html');
    writeFileSync(cart, readFileSync(cart, 'utf8').replace('https://www.example.com/', 'https://evil.example/'));
    assert.match((await run(['protect', 'theme', links, '--revert'])).stderr, /templates\/pages\/cart\.html: a bc-checkout-helper protect theme back link was changed by hand/);
    const decision = await protectedCopy('wrap', 'main');
    const partial = join(decision, 'templates/components/bc-checkout-helper/decision.html');
    writeFileSync(partial, `${readFileSync(partial, 'utf8')}{{!-- mine --}}\n`);
    assert.match((await run(['protect', 'theme', decision, '--revert'])).stderr, /decision\.html: this generated file was changed by hand/);
  });

  test('the theme\'s own edits inside a wrapped layout survive --revert', async () => {
    const dir = await protectedCopy('wrap', 'main');
    const base = join(dir, 'templates/layout/base.html');
    writeFileSync(base, readFileSync(base, 'utf8').replace('<main class="body"', '<main class="body body--sale"'));
    assert.equal((await run(['protect', 'theme', dir, '--revert'])).code, 0);
    assert.equal(readFileSync(base, 'utf8'), readFileSync(join(fixture, 'templates/layout/base.html'), 'utf8').replace('<main class="body"', '<main class="body body--sale"'));
  });

  test('another mode on a protected theme, wrap without a group, a group outside wrap, a bad config', async () => {
    const dir = await protectedCopy('replace', 'main');
    assert.match((await run(['protect', 'theme', dir, '--mode', 'hide-links', '--config', configFiles.main])).stderr, /: is protected with --mode replace: run --revert first to change to --mode hide-links/);
    assert.match((await run(['protect', 'theme', dir, '--mode', 'wrap', '--config', configFiles.main])).stderr, /--mode wrap needs at least one --allow-group/);
    assert.match((await run(['protect', 'theme', dir, '--mode', 'replace', '--config', configFiles.main, '--allow-group', '7'])).stderr, /--allow-group is for --mode wrap only/);
    assert.match((await run(['protect', 'theme', dir, '--mode', 'wrap', '--config', configFiles.main, '--allow-group', 'admins'])).stderr, /--allow-group admins: a customer group id is a number/);
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...table.configs.main, routes: [{ type: 'checkout', route: '/c' }] }));
    assert.match((await run(['protect', 'theme', dir, '--mode', 'replace', '--config', bad])).stderr, /bad\.json: routes\[0\]\.type: "checkout" is not allowed/);
    // Stencil's assignVar refuses values of 1,024 characters: a route that could make a target that long is refused.
    writeFileSync(bad, JSON.stringify({ ...table.configs.main, routes: [{ type: 'product', route: `/${'p'.repeat(90)}/{slug}` }] }));
    assert.match((await run(['protect', 'theme', copyOfFixture(), '--mode', 'replace', '--config', bad])).stderr, /bad\.json: routes\[0\]\.route: too long for the theme/);
  });
});
