// Types for bc-checkout-helper/server/node-upstream: the BigCommerce client to hand createHandler on Node itself.

/** Whether this is Node itself (not Bun or Deno, which also set process.versions.node). */
export declare function isNodeItself(proc?: { versions?: Record<string, string | undefined> }): boolean;

/**
 * undici's request API on Node itself (node:http with keep-alive when undici cannot be loaded), for
 * createHandler(config, { core, fetch }); undefined on Bun, Deno and edge runtimes, where the platform's fetch is
 * used. Rejects with an error whose code is 'upstream_client_unusable' when the client cannot work here.
 */
export declare function createNodeUpstreamFetch(): Promise<(typeof fetch & { acceptsTimeout: true; close?: () => Promise<void> }) | undefined>;
