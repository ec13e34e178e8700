// bc-checkout-helper/server and /server/redis: the server stub on Node, with shared state in Redis.
import { loadCore } from 'bc-checkout-helper';
import { ConfigError, createHandler, listen, loadConfig, type FetchHandler } from 'bc-checkout-helper/server';
import { createRedisState, RedisError } from 'bc-checkout-helper/server/redis';

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
  const handler: FetchHandler = createHandler(config, { core: await loadCore(), state });
  const { url, close } = await listen(handler, { port: 0, trustProxy: 1, ...config.connectionLimits });
  await close();
  return `${url}/api on channel ${config.channelId}`;
}
