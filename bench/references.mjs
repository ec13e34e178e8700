// The packages the bench measures this one against, bundled the way a page would ship them: esbuild, minified,
// for browsers, one script each, gzip -9 like ours. Each entry is what a storefront imports to get a client it
// can create a cart with: shopify-buy's buildClient, the Buy Button's UI, Medusa's JS SDK.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const REFERENCES = {
  'shopify-buy': "import Client from 'shopify-buy'; globalThis.ShopifyBuy = Client;",
  '@shopify/buy-button-js': "import ShopifyBuy from '@shopify/buy-button-js'; globalThis.ShopifyBuy = ShopifyBuy;",
  '@medusajs/js-sdk': "import Medusa from '@medusajs/js-sdk'; globalThis.Medusa = Medusa;",
};

/** -> { [package]: { version, bytes, gzip, code } } with `code` the bundled script. */
export async function bundleReferences() {
  const esbuild = await import('esbuild');
  const scratch = mkdtempSync(join(tmpdir(), 'bcch-references-'));
  const out = {};
  try {
    for (const [name, source] of Object.entries(REFERENCES)) {
      const entry = join(scratch, `${name.replace(/\W/g, '_')}.mjs`);
      writeFileSync(entry, source);
      const result = await esbuild.build({
        entryPoints: [entry], bundle: true, minify: true, format: 'iife', platform: 'browser', write: false,
        legalComments: 'none', nodePaths: [join(root, 'node_modules')], logLevel: 'silent',
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      });
      const code = result.outputFiles[0].contents;
      const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
      out[name] = { version, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, code: Buffer.from(code) };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}
