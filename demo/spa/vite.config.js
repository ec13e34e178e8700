// Vite config of the SPA demo. A plain object (no `import { defineConfig } from 'vite'`), so the file loads
// wherever Vite itself is installed: tests/browser/spa.test.mjs builds a copy of this folder with the repo's Vite.
export default {
  // Relative asset URLs: the built app works wherever it is served, such as http://127.0.0.1:8080/spa/dist/
  // under `npm start` (which serves demo/). An app at a known path can say so instead ('/shop/').
  base: './',
  // Dev server only: pre-bundling would copy the package's dist/index.js into node_modules/.vite/deps/, away
  // from the .wasm and the embedded-checkout chunk it finds next to itself (new URL(..., import.meta.url)).
  // `vite build` does not pre-bundle and emits both files into assets/ by itself. See docs/bundlers.md.
  optimizeDeps: { exclude: ['bc-checkout-helper'] },
  server: {
    // The server stub of `npm start`. It accepts the dev server's origin only when listed in ALLOWED_ORIGINS.
    proxy: { '/api': { target: process.env.BCCH_STOREFRONT ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
};
