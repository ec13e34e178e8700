// Types of bc-checkout-helper/server/redis (server/redis-state.js): the stub's shared state in Redis, so that
// every worker and instance naming the same REDIS_URL counts rate limits and sees revoked sessions together.
import type { SharedState } from './index.js';

export declare class RedisError extends Error {
  readonly name: 'RedisError';
}

export interface RedisState extends SharedState {
  readonly shared: true;
  readonly kind: 'redis';
  /** Resolves once Redis answers a PING, so that start-up fails loudly rather than at the first shopper. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** @param url redis://[:password@]host[:port][/db] or rediss://... */
export declare function createRedisState(url: string, options?: { prefix?: string; timeoutMs?: number }): RedisState;

export interface RedisTarget {
  tls: boolean;
  host: string;
  port: number;
  username: string;
  password: string;
  db: number;
}

/** Checks a REDIS_URL; throws RedisError saying what is wrong with it. */
export declare function parseRedisUrl(url: string): RedisTarget;
