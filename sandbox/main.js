#!/usr/bin/env node
// Runs the sandbox store on its own: node sandbox/main.js
//   SANDBOX_PORT (8081), SANDBOX_ORIGIN (http://localhost:<port>), SITE_URL (http://127.0.0.1:8080),
//   SANDBOX_DATA (a JSON file to keep the state in), BC_STORE_HASH, BC_ACCESS_TOKEN, BC_CLIENT_ID,
//   BC_CLIENT_SECRET, BC_CHANNEL_ID (1), SANDBOX_QUOTA (unlimited; standard, plus, pro or <requests>/<windowMs>,
//   the store's REST quota: sandbox/rate-quota.js). Credentials left unset are generated and printed.
import { randomBytes } from 'node:crypto';
import { listen } from '../server/transport/index.js';
import { createSandbox, SANDBOX_LISTEN_OPTIONS } from './index.js';
import { parseQuota } from './rate-quota.js';
import { SHOPPER } from './seed.js';

const env = process.env;
const port = Number(env.SANDBOX_PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got "${env.SANDBOX_PORT}"`);
  process.exit(1);
}
const channelId = Number(env.BC_CHANNEL_ID ?? 1);
if (!Number.isInteger(channelId) || channelId < 1) {
  console.error(`BC_CHANNEL_ID must be a positive integer, got "${env.BC_CHANNEL_ID}"`);
  process.exit(1);
}

let quota;
try {
  quota = parseQuota(env.SANDBOX_QUOTA || undefined);
} catch {
  console.error(`SANDBOX_QUOTA must be unlimited, standard, plus, pro or <requests>/<windowMs> such as 150/30000, got "${env.SANDBOX_QUOTA}"`);
  process.exit(1);
}

const generated = [];
function credential(name, make) {
  if (env[name]) return env[name];
  const value = make();
  generated.push(`${name}=${value}`);
  return value;
}
const hex = (bytes) => randomBytes(bytes).toString('hex');
const storeHash = credential('BC_STORE_HASH', () => `sandbox${hex(3)}`); // the stub wants [a-z0-9]
const accessToken = credential('BC_ACCESS_TOKEN', () => hex(16));
const clientId = credential('BC_CLIENT_ID', () => hex(8));
const clientSecret = credential('BC_CLIENT_SECRET', () => hex(16));

let sandbox;
try {
  // Listen first when the port is 0, so the origin names the port actually used.
  const forward = (request, info) => sandbox.fetch(request, info);
  const server = await listen(forward, { port, host: '127.0.0.1', ...SANDBOX_LISTEN_OPTIONS });
  // "localhost" may resolve to ::1 first; answer there too when the machine has IPv6 loopback.
  const v6 = await listen(forward, { port: server.port, host: '::1', ...SANDBOX_LISTEN_OPTIONS }).catch(() => null);
  const origin = env.SANDBOX_ORIGIN || `http://localhost:${server.port}`;
  sandbox = createSandbox({
    storeHash,
    accessToken,
    clientId,
    clientSecret,
    channelId,
    origin,
    siteUrl: env.SITE_URL || undefined, // createSandbox's default
    dataFile: env.SANDBOX_DATA || undefined,
    quota: quota ?? undefined,
  });
  console.log(`sandbox store on ${origin}/ (REST API at ${origin}/stores/${storeHash}/v3)`);
  console.log(`  channel ${channelId}, site URL ${sandbox.options.siteUrl}${env.SANDBOX_DATA ? `, state in ${env.SANDBOX_DATA}` : ', state in memory'}`);
  console.log(`  REST quota: ${quota ? `${quota.requests} requests per ${quota.windowMs} ms` : 'unlimited'}`);
  if (generated.length) {
    console.log('Generated credentials (set these variables to keep them across restarts):');
    for (const line of generated) console.log(`  ${line}`);
  }
  console.log(`Sandbox shopper: ${SHOPPER.email} / ${SHOPPER.password}`);
  const stop = async () => {
    await sandbox.close();
    await server.close();
    if (v6) await v6.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
} catch (error) {
  console.error(error.name === 'StateFileError' || error instanceof TypeError ? error.message : error);
  process.exit(1);
}
