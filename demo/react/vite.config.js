// Vite config of the React demo. A plain object (no `import { defineConfig } from 'vite'`), so the file loads
// wherever Vite itself is installed: tests/browser/react.test.mjs builds a copy of this folder with the repo's Vite.
export default {
  // Relative asset URLs: the built app works wherever it is served, such as http://127.0.0.1:8080/react/dist/
  // under `npm start` (which serves demo/).
  base: './',
  // JSX through Vite's own esbuild, with React 17+'s automatic runtime (react/jsx-runtime): no plugin needed.
  // @vitejs/plugin-react adds Fast Refresh in the dev server; an app that has it uses it instead.
  esbuild: { jsx: 'automatic' },
  // One React for the app and bc-checkout-helper/react. Installed from npm the package has no React of its own,
  // but linked (this folder's "file:../.." dependency, npm link) its dist/react.js would find the repo's
  // node_modules/react first: two Reacts, and "Invalid hook call". dedupe resolves React from this app only.
  resolve: { dedupe: ['react', 'react-dom'] },
  // Dev server only: pre-bundling would copy the package's dist/index.js into node_modules/.vite/deps/, away
  // from the .wasm and the embedded-checkout chunk it finds next to itself (new URL(..., import.meta.url)).
  // `vite build` does not pre-bundle. See docs/bundlers.md.
  optimizeDeps: { exclude: ['bc-checkout-helper'] },
  server: {
    // The server stub of `npm start`. It accepts the dev server's origin only when listed in ALLOWED_ORIGINS.
    proxy: { '/api': { target: process.env.BCCH_STOREFRONT ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
};
