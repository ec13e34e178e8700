// A real redis-server for a test file or a benchmark (Debian's package; npm test installs it): started on a free
// loopback port with no persistence, stopped by stop(). Never left running.
import { spawn } from 'node:child_process';
import { createRedisState } from '../server/redis-state.js';
import { freePort } from './free-port.mjs';


/** @returns {Promise<{ url: string, port: number, pid: number, stop(): Promise<void> }>} */
export async function startRedis({ password } = {}) {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  if (password) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `redis://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = createRedisState(url, { timeoutMs: 500 });
    try {
      await probe.ready();
      await probe.close();
      break;
    } catch (error) {
      await probe.close();
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${error.message} ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
