// Types of bc-checkout-helper/server, the server stub (server/index.js). The stub reads its configuration from
// the environment (docs/server.md lists every variable) and serves a Web-standard fetch handler.
import type { Server } from 'node:http';
import type { DetailsCore, ServerCore } from '../dist/index.js';

/** A missing or malformed variable; `variable` names it, the message says what is wrong. */
export declare class ConfigError extends Error {
  constructor(variable: string, problem: string);
  readonly name: 'ConfigError';
  readonly variable: string;
}

/** The Node adapter's deadlines and caps for slow and greedy clients. */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  maxRequestsPerClient: number;
}

/** The checked configuration loadConfig() returns; pass it to createHandler() as it is. */
export interface StubConfig {
  readonly storeHash: string;
  readonly accessToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly channelId: number;
  readonly apiUrl: string;
  /** BC_PAYMENTS_URL: the Payments API's server. */
  readonly paymentsUrl: string;
  /** CHECKOUT_ORDERS=true: the /checkouts/{cartId}/orders and /payments routes. */
  readonly checkoutOrders: boolean;
  readonly storeUrl: string;
  readonly allowedOrigins: readonly string[];
  readonly sessionSecret: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly redisUrl: string | undefined;
  readonly jwtRequestIp: boolean;
  readonly upstreamTimeoutMs: number;
  readonly quotaMaxWaitMs: number;
  readonly rateLimitPerMinute: number;
  readonly trustProxy: number;
  readonly setupCheck: boolean;
  readonly customItems: unknown;
  readonly catalogExtraFields: readonly string[];
  readonly workers: number;
  readonly connectionLimits: Readonly<ConnectionLimits>;
}

/** Reads and checks the stub's configuration; throws ConfigError naming the first variable that is wrong. */
export declare function loadConfig(env: Record<string, string | undefined>): StubConfig;

/**
 * What the stub's instances share: rate-limit counters and revoked sessions. In memory by default;
 * createRedisState() from bc-checkout-helper/server/redis shares them through Redis.
 */
export interface SharedState {
  readonly shared: boolean;
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  revoke(id: string, ttlMs: number): Promise<void>;
  isRevoked(id: string): Promise<boolean>;
  close(): Promise<void> | void;
}

export interface HandlerDeps {
  /** The loaded server core: `await loadServerCore()` from bc-checkout-helper/server-core. */
  core: ServerCore;
  /**
   * The checkout-details module, `await loadDetailsCore()` (or its promise), for the /checkouts routes
   * (docs/checkout-api.md); without it they answer 501 checkout_details_unavailable.
   */
  detailsCore?: DetailsCore | Promise<DetailsCore>;
  state?: SharedState;
  /** The fetch the stub calls BigCommerce with (the platform's by default). */
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: string) => void;
  /** Where the stub's routes are mounted ('/api'). */
  basePath?: string;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestInfo {
  /** The client's address, for rate limits and the Customer Login JWT's request_ip. */
  clientAddress?: string;
}

export type FetchHandler = (request: Request, info?: RequestInfo) => Promise<Response>;

/** The stub as a Web-standard fetch handler, for Node (listen) or a serverless or edge platform. */
export declare function createHandler(config: StubConfig, deps: HandlerDeps): FetchHandler;

export interface NodeServerOptions extends Partial<ConnectionLimits> {
  /** Proxies in front of the stub (`true` means 1): the client and the URL's scheme are read from X-Forwarded-*. */
  trustProxy?: boolean | number;
  /** Serve https directly, for a local https origin without a proxy. */
  tls?: { key: string | Uint8Array; cert: string | Uint8Array };
}

/** A node:http (or node:https) server that serves the handler. */
export declare function createNodeServer(handler: FetchHandler, options?: NodeServerOptions): Server;

/** Starts a server and resolves once it listens; port 0 picks a free one. */
export declare function listen(handler: FetchHandler, options?: NodeServerOptions & { port?: number; host?: string }): Promise<{
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}>;
