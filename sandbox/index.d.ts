// Types of bc-checkout-helper/sandbox (sandbox/index.js): the sandbox store, an offline stand-in for a
// BigCommerce store, for a storefront's own tests (docs/testing.md; what it models: docs/sandbox.md).

/** The store's REST quota (BigCommerce docs, "API rate limits"): a plan's, or `<requests>/<windowMs>`. */
export type SandboxQuota = 'unlimited' | 'standard' | 'plus' | 'pro' | `${number}/${number}` | { requests: number; windowMs: number };

export interface PaymentMethod {
  code: string;
  name: string;
  test_mode?: boolean;
}

export interface SandboxOptions {
  storeHash: string;
  accessToken: string;
  clientId: string;
  /** Signs and checks Customer Login JWTs, as the API account's client secret does. */
  clientSecret: string;
  /** The headless channel (1). */
  channelId?: number;
  /** The store's own address ('http://localhost:8081'); listenSandbox() sets it from the port it listens on. */
  origin?: string;
  /**
   * The storefront origin that embeds checkout: the channel's site URL ('http://127.0.0.1:8080'). The embedded
   * checkout posts its events to it, and only it may frame the checkout.
   */
  siteUrl?: string;
  /** The channel's own checkout domain, on siteUrl's main domain; listenSandbox() sets it from checkoutPort. */
  checkoutOrigin?: string;
  /**
   * Where the Payments API (POST /stores/{storeHash}/payments) answers: BigCommerce's own host,
   * 'https://payments.bigcommerce.com' by default; listenSandbox() sets it from paymentsPort.
   */
  paymentsOrigin?: string;
  /** A JSON file that keeps the state across restarts (in memory without it). */
  dataFile?: string;
  /** The clock, in ms; tests move it to expire carts, tokens and quota windows. */
  now?: () => number;
  log?: (line: string) => void;
  /** The status of a refused purchase quantity: 422 (the default) or 409; a client must read both. */
  maxQuantityStatus?: 409 | 422;
  /** What GET /v2/payments/methods lists (a test gateway and Check by default). */
  paymentMethods?: PaymentMethod[];
  quota?: SandboxQuota;
}

/** REST requests counted by route template ("POST /v3/carts/:cartId/items"), for tests that pin a flow's cost. */
export interface RestCallLog {
  readonly total: number;
  /** Requests refused with 429 for the quota. */
  readonly limited: number;
  byRoute(): Record<string, number>;
  reset(): void;
}

export interface Sandbox {
  fetch(request: Request, info?: { clientAddress?: string }): Promise<Response>;
  /** The live state (carts, orders, products, customers...), for tests that look inside the store. */
  readonly state: Record<string, any>;
  readonly options: Readonly<Required<Pick<SandboxOptions, 'storeHash' | 'accessToken' | 'clientId' | 'clientSecret' | 'channelId' | 'origin' | 'siteUrl' | 'maxQuantityStatus'>>> & {
    readonly checkoutOrigin?: string;
    readonly paymentsOrigin: string;
    readonly dataFile?: string;
    readonly paymentMethods: readonly Readonly<Required<PaymentMethod>>[];
    readonly quota: { readonly requests: number; readonly windowMs: number } | null;
  };
  readonly restCalls: RestCallLog;
  close(): Promise<void>;
}

export declare function createSandbox(options: SandboxOptions): Sandbox;

export interface ListenWhere {
  /** 0 (the default) picks a free port. */
  port?: number;
  origin?: string;
  /** A second listener for the channel's checkout domain. */
  checkoutPort?: number;
  checkoutOrigin?: string;
  /** The Payments API's own listener (0, the default, picks a free port). */
  paymentsPort?: number;
  /** Serve the store's pages over https (createLoopbackCertificate()); the REST API then has a plain-http port. */
  tls?: { key: string; cert: string };
}

export interface ServedSandbox {
  sandbox: Sandbox;
  /** The store's address: BC_STORE_URL. */
  origin: string;
  /** Where the REST API answers: BC_API_URL. */
  apiUrl: string;
  /** Where POST /stores/{hash}/payments answers (plain http, as apiUrl): BC_PAYMENTS_URL. */
  paymentsUrl: string;
  checkoutOrigin?: string;
  close(): Promise<void>;
}

/** Listens on loopback first (so port 0 names the real port), then creates the sandbox with those origins. */
export declare function listenSandbox(options: Omit<SandboxOptions, 'origin' | 'checkoutOrigin' | 'paymentsOrigin'>, where?: ListenWhere): Promise<ServedSandbox>;

/** The server stub's variables for a served sandbox, and the storeOrigins for createCheckout(). */
export interface StubSettings {
  env: {
    BC_API_URL: string;
    BC_STORE_URL: string;
    BC_STORE_HASH: string;
    BC_ACCESS_TOKEN: string;
    BC_CLIENT_ID: string;
    BC_CLIENT_SECRET: string;
    BC_CHANNEL_ID: string;
    /** The Payments API's address; present when the sandbox was served by listenSandbox(). */
    BC_PAYMENTS_URL?: string;
  };
  storeOrigins: string[];
}

export declare function stubSettingsFor(served: ServedSandbox): StubSettings;

export interface LoopbackCertificate {
  key: string;
  cert: string;
  /** The authority to trust in a browser. */
  caCert: string;
  /** Its file, when made in `dir`. */
  caFile: string | null;
  /** The server key's SHA-256, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
}

/** A certificate for localhost, 127.0.0.1 and ::1 (needs the openssl command); kept in `dir` when given. */
export declare function createLoopbackCertificate(options?: { dir?: string; days?: number }): LoopbackCertificate;

export declare const SANDBOX_LISTEN_OPTIONS: Readonly<{ maxConnectionsPerClient: number; maxRequestsPerClient: number }>;
