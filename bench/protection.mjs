// Site-protection figures for npm run bench: the snippet's size (gzip) for the demo's config and the table's
// configs, and the time the snippet takes to decide a page in Chromium (median over the table's pages, each
// run 200 times including parsing the snippet, as a page load would). Also the wasm module's time per
// decision in Node, for the CLI and the configurator.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadProtection } from '../dist/protect-node.js';
import { renderedSnippet, snippetRunnerSource, table } from '../tests/protection/table.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 3) => Number(x.toFixed(digits));
const SNIPPET_BUDGET = 2048;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function benchProtection() {
  const protection = await loadProtection();
  const demo = JSON.parse(readFileSync(new URL('../demo/protect.json', import.meta.url), 'utf8'));
  const snippetGzip = { demo: gzipSync(protection.artifacts(demo).snippet, { level: 9 }).length };
  for (const [name, config] of Object.entries(table.configs)) snippetGzip[name] = gzipSync(protection.artifacts(config).snippet, { level: 9 }).length;

  const rows = table.pages.map((row) => ({ page: row.page, snippet: renderedSnippet(protection.artifacts(table.configs[row.config]).snippet, row.page) }));
  const t0 = performance.now();
  const ROUNDS = 20;
  for (let r = 0; r < ROUNDS; r++) for (const row of table.pages) protection.decide(row.page, table.configs[row.config]);
  const wasmUs = ((performance.now() - t0) / (ROUNDS * table.pages.length)) * 1000;

  let browser = null;
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await instance.newPage();
      await page.setContent('<!DOCTYPE html><title>bench</title>');
      await page.addScriptTag({ content: snippetRunnerSource });
      const perPageUs = await page.evaluate((all) => all.map((row) => {
        const N = 200;
        for (let i = 0; i < 20; i++) globalThis.runProtectionSnippet(row.snippet, row.page);  // warm up
        const start = performance.now();
        for (let i = 0; i < N; i++) globalThis.runProtectionSnippet(row.snippet, row.page);
        return ((performance.now() - start) / N) * 1000;
      }), rows);
      browser = { pages: rows.length, medianUs: round(median(perPageUs), 1), maxUs: round(Math.max(...perPageUs), 1) };
    } finally {
      await instance.close();
    }
  }
  return {
    snippetGzip,
    snippetBudgetGzip: SNIPPET_BUDGET,
    withinBudget: Object.values(snippetGzip).every((n) => n <= SNIPPET_BUDGET),
    decisionInChromium: browser ?? `Chromium not found at ${CHROMIUM}`,
    decisionInWasmUs: round(wasmUs, 1),
    protectWasmGzip: gzipSync(readFileSync(new URL('../dist/bc-protect.wasm', import.meta.url)), { level: 9 }).length,
  };
}
