#!/usr/bin/env node
// Runs the sandbox store on its own: node sandbox/main.js
//   SANDBOX_PORT (8081), SANDBOX_ORIGIN (http://localhost:<port>), SITE_URL (http://127.0.0.1:8080),
//   SANDBOX_CHECKOUT_PORT (unset: checkout on the store's own address) and SANDBOX_CHECKOUT_ORIGIN
//   (http://<SITE_URL's host>:<that port>): the channel's own checkout domain, on a second listener,
//   SANDBOX_DATA (a JSON file to keep the state in), BC_STORE_HASH, BC_ACCESS_TOKEN, BC_CLIENT_ID,
//   BC_CLIENT_SECRET, BC_CHANNEL_ID (1), SANDBOX_QUOTA (unlimited; standard, plus, pro or <requests>/<windowMs>,
//   the store's REST quota: sandbox/rate-quota.js). Credentials left unset are generated and printed.
import { randomBytes } from 'node:crypto';
import { listenSandbox } from './index.js';
import { parseQuota } from './rate-quota.js';
import { SHOPPER } from './seed.js';

const env = process.env;
function portFrom(name, fallback) {
  const port = Number(env[name] ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number, got "${env[name]}"`);
    process.exit(1);
  }
  return port;
}
const port = portFrom('SANDBOX_PORT', 8081);
const checkoutPort = env.SANDBOX_CHECKOUT_PORT ? portFrom('SANDBOX_CHECKOUT_PORT') : undefined;
if (env.SANDBOX_CHECKOUT_ORIGIN && checkoutPort === undefined) {
  console.error('SANDBOX_CHECKOUT_ORIGIN needs SANDBOX_CHECKOUT_PORT, the port that serves it');
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

try {
  const served = await listenSandbox({
    storeHash,
    accessToken,
    clientId,
    clientSecret,
    channelId,
    siteUrl: env.SITE_URL || undefined, // createSandbox's default
    dataFile: env.SANDBOX_DATA || undefined,
    quota: quota ?? undefined,
  }, { port, origin: env.SANDBOX_ORIGIN || undefined, checkoutPort, checkoutOrigin: env.SANDBOX_CHECKOUT_ORIGIN || undefined });
  const { sandbox, origin } = served;
  console.log(`sandbox store on ${origin}/ (REST API at ${origin}/stores/${storeHash}/v3)`);
  console.log(`  channel ${channelId}, site URL ${sandbox.options.siteUrl}${env.SANDBOX_DATA ? `, state in ${env.SANDBOX_DATA}` : ', state in memory'}`);
  console.log(`  REST quota: ${quota ? `${quota.requests} requests per ${quota.windowMs} ms` : 'unlimited'}`);
  if (served.checkoutOrigin) console.log(`  checkout domain ${served.checkoutOrigin}/ (list it in createCheckout({ storeOrigins }) too)`);
  if (generated.length) {
    console.log('Generated credentials (set these variables to keep them across restarts):');
    for (const line of generated) console.log(`  ${line}`);
  }
  console.log(`Sandbox shopper: ${SHOPPER.email} / ${SHOPPER.password}`);
  const stop = async () => {
    await served.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
} catch (error) {
  console.error(error.name === 'StateFileError' || error instanceof TypeError ? error.message : error);
  process.exit(1);
}
