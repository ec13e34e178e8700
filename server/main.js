#!/usr/bin/env node
// Runs the server stub on Node (PORT, default 3000), configured from the environment. With WEB_CONCURRENCY=N
// (default 1) it runs N worker processes on the one port (node:cluster), so the stub can use N cores; a worker
// that dies is replaced.
import cluster from 'node:cluster';
import { loadDetailsCore, loadServerCore } from '../dist/node.js';
import { ConfigError, createHandler, listen, loadConfig } from './index.js';
import { createNodeUpstreamFetch } from './node-upstream.js';

let config;
try {
  // CUSTOM_ITEMS_FILE: the custom item list as a JSON file, for lists too long for a variable.
  const env = { ...process.env };
  if (env.CUSTOM_ITEMS_FILE) {
    try {
      env.CUSTOM_ITEMS = (await import('node:fs')).readFileSync(env.CUSTOM_ITEMS_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError('CUSTOM_ITEMS_FILE', `cannot be read: ${error.message}`);
    }
  }
  config = loadConfig(env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

if (config.workers > 1 && cluster.isPrimary) {
  if (!config.redisUrl) {
    console.warn(`WEB_CONCURRENCY=${config.workers} without REDIS_URL: each worker keeps its own rate limits and sign-outs (a signed-out cookie still works on the other workers until it expires). Set REDIS_URL to share them (docs/deploy.md).`);
  }
  superviseWorkers(config.workers);
} else {
  const state = await sharedState(config);
  let handler;
  try {
    // undici on Node itself; the platform's fetch where this file runs on Bun or Deno. The details module (the
    // /api/checkouts routes) is loaded now too, so a broken build stops the start rather than a shopper's coupon.
    const [core, detailsCore] = await Promise.all([loadServerCore(), loadDetailsCore()]);
    handler = createHandler(config, { core, detailsCore, state, fetch: await createNodeUpstreamFetch() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  const { url } = await listen(handler, { port, host, trustProxy: config.trustProxy, ...config.connectionLimits });
  if (cluster.isPrimary) {
    console.log(`bc-checkout-helper server stub on ${url}/api (store ${config.storeUrl}, channel ${config.channelId})`);
  } else {
    process.send?.({ listening: url });
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
}

/** Redis when REDIS_URL is set (checked with a PING before the stub listens), else this process's memory. */
async function sharedState(cfg) {
  if (!cfg.redisUrl) return undefined;
  const { createRedisState } = await import('./redis-state.js');
  const state = createRedisState(cfg.redisUrl);
  try {
    await state.ready();
  } catch (error) {
    console.error(`REDIS_URL: ${error.message}`);
    process.exit(1);
  }
  return state;
}

function superviseWorkers(count) {
  let stopping = false;
  let listening = 0;
  const recentCrashes = [];
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message) => {
      if (message?.listening && ++listening === count) {
        console.log(`bc-checkout-helper server stub on ${message.listening}/api with ${count} workers (store ${config.storeUrl}, channel ${config.channelId})`);
      }
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A worker that keeps dying at once (a port in use, a broken build) would be replaced for ever: give up.
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes.length && now - recentCrashes[0] > 10_000) recentCrashes.shift();
    console.error(`server stub worker ${worker.process.pid} exited (${signal ?? `code ${code}`})`);
    if (recentCrashes.length > count * 2) {
      console.error('workers keep exiting; stopping the server stub');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = 1;
      return;
    }
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
      process.exit(0);
    });
  }
}
