// A small static file server for the demo: real 404s (a missing .wasm must not come back as index.html,
// which shows up as "failed to match magic number"), application/wasm, no path traversal.
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};

/** mounts: [['/dist/', '/abs/dist'], ['/', '/abs/demo']]; returns a Node request listener or null-on-miss handler. */
export function staticFiles(mounts) {
  return function serve(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return true;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400).end('bad request');
      return true;
    }
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      let file = normalize(join(dir, pathname.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) continue;
      let stat;
      try {
        stat = statSync(file);
        if (stat.isDirectory()) {
          file = join(file, 'index.html');
          stat = statSync(file);
        }
      } catch {
        continue;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
      return true;
    }
    return false;
  };
}
