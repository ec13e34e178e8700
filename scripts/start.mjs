#!/usr/bin/env node
// npm start: builds what is missing, then serves the demo storefront on http://127.0.0.1:8080.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticFiles } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-needed'], { stdio: 'inherit' });

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);
const serve = staticFiles([
  ['/dist/', join(root, 'dist')],
  ['/', join(root, 'demo')],
]);
const server = createServer((req, res) => {
  if (!serve(req, res)) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
});
server.listen(port, host, () => {
  console.log(`\nbc-checkout-helper demo: http://${host}:${port}/\n(Ctrl+C to stop)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
