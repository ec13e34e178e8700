// bc-checkout-helper/server, /server/redis and /server/node-upstream: the server stub on Node, with shared state
// in Redis and Node's fast BigCommerce client.
import { loadServerCore, type ServerCore } from 'bc-checkout-helper/server-core';
import { ConfigError, createHandler, listen, loadConfig, type FetchHandler } from 'bc-checkout-helper/server';
import { createRedisState, RedisError } from 'bc-checkout-helper/server/redis';
import { createNodeUpstreamFetch, isNodeItself } from 'bc-checkout-helper/server/node-upstream';

export async function startStub(env: Record<string, string | undefined>): Promise<string> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return `fix ${error.variable}: ${error.message}`;
    throw error;
  }
  const state = config.redisUrl ? createRedisState(config.redisUrl, { prefix: 'shop:' }) : undefined;
  await state?.ready().catch((error: unknown) => {
    if (error instanceof RedisError) console.error(error.message);
  });
  const fetch = isNodeItself() ? await createNodeUpstreamFetch() : undefined;
  const core: ServerCore = await loadServerCore();
  const handler: FetchHandler = createHandler(config, { core, state, fetch });
  const { url, close } = await listen(handler, { port: 0, trustProxy: 1, ...config.connectionLimits });
  await close();
  return `${url}/api on channel ${config.channelId}`;
}
