// Runs a Web-standard fetch handler ((Request) => Promise<Response>) on Node's http server, so the same
// handler code serves Node here and serverless or edge platforms elsewhere.
import { createServer } from 'node:http';
import { Readable } from 'node:stream';

/**
 * @param {(request: Request, info: { clientAddress: string }) => Promise<Response>} handler
 * @returns {import('node:http').Server}
 */
export function createNodeServer(handler) {
  return createServer(async (req, res) => {
    try {
      const request = toRequest(req);
      const response = await handler(request, { clientAddress: req.socket.remoteAddress ?? '' });
      await writeResponse(res, response);
    } catch (error) {
      // The handler answers its own errors; reaching here is a bug in it, and never worth a hung socket.
      console.error('unhandled error in request handler:', error && error.stack ? error.stack : error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Internal server error' } }));
    }
  });
}

/** Starts a server and resolves once it listens; port 0 picks a free one. */
export async function listen(handler, { port = 0, host = '127.0.0.1' } = {}) {
  const server = createNodeServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    url: `http://${hostForUrl}:${address.port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

function toRequest(req) {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? 'half' : undefined,
  });
}

async function writeResponse(res, response) {
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body) res.write(chunk);
  res.end();
}
