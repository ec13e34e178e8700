// bc-checkout-helper/server-core: the server stub's core (docs/server.md).
import type { CoreOptions, ServerCore } from './index.js';

export type { ServerCore } from './index.js';

/**
 * Loads bc-checkout-server.wasm once; every call returns the same promise. In Node, Deno and Bun it is read
 * from the package; on Workers and other fetch-handler platforms pass it as `wasmModule` (docs/deploy.md).
 */
export declare function loadServerCore(options?: CoreOptions): Promise<ServerCore>;
