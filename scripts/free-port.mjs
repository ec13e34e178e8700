// A free TCP port on loopback, for a test or benchmark that must name a port before the server it starts
// listens (a child process given PORT=, a workerd config). Another process could take it in between; the
// callers start their server at once.
import { createServer } from 'node:net';

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
