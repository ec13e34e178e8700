// Types for bc-checkout-helper. The same API is on window.BCCheckout in the script-tag build.

/** Money in integer minor units of an ISO 4217 currency, with a display string made by Intl.NumberFormat. */
export interface Money {
  /** Integer minor units: 1999 is $19.99, 1999 is ¥1,999. */
  readonly minor: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** For people, in the checkout's locale: "$19.99". */
  readonly formatted: string;
}

export interface OptionSelection {
  optionId: number;
  /** The option value id for multiple-choice options, the text for text modifiers. */
  optionValue: number | string;
}

/** A catalog product (physical or digital). Prices are display-only: BigCommerce prices the real cart. */
export interface ProductInput {
  productId: number;
  variantId?: number;
  optionSelections?: OptionSelection[];
  /** Defaults to 1. A positive integer up to maxQuantityPerLine (999 by default). */
  quantity?: number;
  name?: string;
  /** Unit price in major units of the cart currency, exact: 19.99 or "19.99" (19.999 in USD is refused). */
  price?: number | string;
  imageUrl?: string;
  url?: string;
}

export interface CustomItemInput {
  sku: string;
  /** 1 to 250 characters. */
  name: string;
  quantity?: number;
  listPrice: number | string;
  imageUrl?: string;
}

export interface Contact {
  name: string;
  email: string;
}

export type GiftCertificateTheme = 'Birthday' | 'Boy' | 'Celebration' | 'Christmas' | 'General' | 'Girl';

export interface GiftCertificateInput {
  name: string;
  theme: GiftCertificateTheme;
  /** 1 to 1000 in major units of the cart currency. */
  amount: number | string;
  sender: Contact;
  recipient: Contact;
  /** At most 200 characters. */
  message?: string;
}

interface LineBase {
  /** Stable local id ("l1"); never reused in this cart. */
  readonly id: string;
  readonly quantity: number;
  /** Unit price times quantity, when the unit price is known. */
  readonly lineTotal?: Money;
}

export interface ProductLine extends LineBase {
  readonly type: 'product';
  readonly productId: number;
  readonly variantId?: number;
  readonly optionSelections?: readonly OptionSelection[];
  readonly name?: string;
  readonly price?: Money;
  readonly imageUrl?: string;
  readonly url?: string;
}

export interface CustomLine extends LineBase {
  readonly type: 'custom';
  readonly sku: string;
  readonly name: string;
  readonly listPrice: Money;
  readonly imageUrl?: string;
}

export interface GiftCertificateLine extends LineBase {
  readonly type: 'giftCertificate';
  readonly name: string;
  readonly theme: GiftCertificateTheme;
  readonly amount: Money;
  readonly sender: Contact;
  readonly recipient: Contact;
  readonly message?: string;
}

export type CartLine = ProductLine | CustomLine | GiftCertificateLine;

export interface Subtotal extends Money {
  /** False when some product line has no price: the subtotal then covers the priced lines only. */
  readonly complete: boolean;
}

export interface Cart {
  readonly items: readonly CartLine[];
  /** Total quantity over all lines (for a cart badge). */
  readonly count: number;
  readonly subtotal: Subtotal;
  readonly currency: string;
  readonly isEmpty: boolean;
  /** The BigCommerce cart id once synced through the server stub, else null. */
  readonly cartId: string | null;
  /** Adds a product; an identical product/variant/options line gets the quantity added. Resolves to that line. */
  add(item: ProductInput): Promise<ProductLine>;
  addCustom(item: CustomItemInput): Promise<CustomLine>;
  addGiftCertificate(item: GiftCertificateInput): Promise<GiftCertificateLine>;
  /** Quantity 0 removes the line. */
  update(lineId: string, quantity: number): Promise<void>;
  remove(lineId: string): Promise<void>;
  clear(): Promise<void>;
  /** The saved cart document (what is stored, and what the server stub's POST /api/cart takes). */
  toJSON(): SavedCart;
}

/** The versioned document kept in storage. Treat it as opaque; restoring validates every field. */
export interface SavedCart {
  version: number;
  currency: string;
  nextLine: number;
  cartId?: string;
  /** The server stub's token for cartId: sent with every cart call (docs/server.md). */
  cartToken?: string;
  lines: unknown[];
  /** The shopper's checkout details (setAddresses, applyCoupon, ... store them here; docs/saved-cart.md). */
  checkout?: CheckoutDetails;
}

/**
 * The cart as plain frozen data, for UI frameworks (getSnapshot, subscribe, store). The same object until the
 * cart changes, so it can be compared by identity (React's useSyncExternalStore does).
 */
export interface CartSnapshot {
  readonly items: readonly CartLine[];
  readonly count: number;
  readonly subtotal: Subtotal;
  readonly currency: string;
  /** The BigCommerce cart id once synced through the server stub, else null. */
  readonly cartId: string | null;
  readonly isEmpty: boolean;
  /** True while a checkout() call is under way (syncing, waiting out a busy store, loading the frame). */
  readonly checkingOut: boolean;
}

/** A store as Svelte's store contract has it: subscribe calls `run` at once, then on every change. */
export interface CartStore {
  subscribe(run: (snapshot: CartSnapshot) => void): () => void;
}

export interface ChangeEvent {
  /** 'local' for changes made through this object, 'other-tab' for changes made in another tab. */
  source: 'local' | 'other-tab';
  cart: Cart;
}

/** Stable error codes; see docs/errors.md for what each means and what to do. */
export type ErrorCode =
  | 'invalid_argument' | 'invalid_quantity' | 'quantity_exceeds_max' | 'too_many_lines' | 'line_not_found'
  | 'invalid_product_id' | 'invalid_variant_id' | 'invalid_option' | 'invalid_name' | 'invalid_sku'
  | 'invalid_theme' | 'invalid_email' | 'invalid_contact' | 'message_too_long' | 'invalid_amount'
  | 'amount_out_of_range' | 'amount_too_large' | 'invalid_url' | 'unknown_currency'
  | 'saved_cart_corrupt' | 'saved_cart_invalid' | 'saved_cart_unsupported_version' | 'saved_cart_currency_mismatch'
  | 'storage_unavailable' | 'storage_quota_exceeded' | 'storage_failed'
  | 'no_store_origins' | 'invalid_store_origin' | 'invalid_mode'
  | 'not_absolute' | 'scheme_not_allowed' | 'insecure_scheme' | 'userinfo' | 'encoded_authority' | 'bad_host'
  | 'bad_port' | 'bad_character' | 'origin_not_allowed' | 'path_not_allowed' | 'url_too_long'
  | 'invalid_remote_cart' | 'core_load_failed' | 'core_version_mismatch' | 'destroyed'
  | 'no_server' | 'network_error' | 'cart_empty' | 'invalid_container' | 'embedded_unavailable' | 'sdk_load_failed'
  | 'embed_failed' | 'checkout_error' | 'superseded' | 'line_rejected' | 'rate_limited' | 'cart_not_found'
  | 'unsafe_checkout_url' | 'missing_checkout_url' | 'upstream_rate_limited' | 'upstream_unavailable' | 'upstream_timeout' | 'store_busy'
  | 'invalid_credentials' | 'invalid_protection_config' | 'snippet_too_long'
  | 'details_load_failed' | 'checkout_load_failed' | 'checkout_details_unavailable' | 'saved_checkout_invalid' | 'invalid_response'
  | 'invalid_address' | AddressErrorCode | 'address_refused' | 'line_not_found' | 'invalid_details' | 'invalid_checkout'
  | 'invalid_coupon_code' | 'coupon_expired' | 'coupon_not_found' | 'coupon_not_applicable' | 'coupon_minimum_not_met' | 'coupon_limit_reached'
  | 'invalid_gift_certificate_code' | 'gift_certificate_not_found' | 'gift_certificate_expired' | 'gift_certificate_used_up'
  | 'gift_certificate_disabled' | 'gift_certificate_currency'
  | 'shipping_option_unavailable' | 'orders_disabled' | 'checkout_incomplete' | 'sign_in_required' | 'card_not_yours' | 'order_not_yours';

export declare class BCCheckoutError extends Error {
  constructor(code: ErrorCode | (string & {}), message: string, details?: Record<string, unknown>);
  readonly name: 'BCCheckoutError';
  readonly code: ErrorCode | (string & {});
  /** Extra facts: for a saved cart that could not be restored, where its raw text was kept
   *  (recoveryKey, text); for server errors, status, retryAfter, lineId, productId, cartId. */
  details?: Record<string, unknown>;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface CoreOptions {
  /** Where to fetch the .wasm from (default: next to the script or module). */
  locateFile?: (path: string) => string;
  /** The .wasm bytes, when you load them yourself. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** The .wasm compiled by the platform (Cloudflare Workers, Vercel Edge: `import wasmModule from '...wasm'`). */
  wasmModule?: WebAssembly.Module;
  /** Emscripten's hook: instantiate with `imports`, then call `receive`. Throw or reject to fail the load. */
  instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void) => object | Promise<unknown>;
}

export interface CheckoutOptions {
  /** Your BigCommerce store origin(s): checkout URLs elsewhere are refused. */
  storeOrigins: string | string[];
  /** Where the server stub is mounted, such as "/api". Needed for checkout, sync and sign-in. */
  server?: string;
  /** The fetch used to call the server stub (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** The BigCommerce channel of this storefront. Default 1. */
  channelId?: number;
  /** ISO 4217 code of the cart. Default "USD". */
  currency?: string;
  /** Where the cart is kept. Default 'local' (shared by the site's tabs). */
  storage?: 'local' | 'session' | 'memory' | StorageLike;
  /** Locale for formatted prices. Default: the browser's. */
  locale?: string;
  /** Default 999. */
  maxQuantityPerLine?: number;
  /** Default (and maximum) 250. */
  maxLines?: number;
  /** How redirect checkout leaves the page (default: location.assign); checkout()'s own `navigate` wins. */
  navigate?: (url: string) => void;
  /** The store's custom item list (the stub's CUSTOM_ITEMS): addCustom() then prices from it, as the stub will. */
  customItems?: CustomItemList;
  core?: CoreOptions;
  /**
   * How the checkout details' own module (bc-checkout-details.wasm, loaded with the checkout details on first use)
   * is found. Default: next to the script; a `core.locateFile` is used for it too when this is not given.
   */
  detailsCore?: CoreOptions;
}

/** The custom items a store sells (docs/server.md): prices in integer minor units per ISO 4217 currency. */
export interface CustomItemList {
  items: ReadonlyArray<{ sku: string; name: string; prices: Readonly<Record<string, number>>; maxQuantity?: number }>;
}

export interface CheckoutStartOptions {
  /** 'redirect' (default) leaves for the store's hosted checkout; 'embedded' shows it in `container`. */
  mode?: 'redirect' | 'embedded';
  /** For embedded checkout: the element, or its selector, that holds the checkout frame. */
  container?: Element | string;
  /** Embedded checkout styles, passed to the Checkout SDK as is. */
  styles?: Record<string, unknown>;
  /** Fall back to a redirect checkout when embedding fails (default true); false rejects instead. */
  fallback?: boolean;
  /** How long to wait for the embedded checkout before falling back, in ms. Default 15000. */
  timeoutMs?: number;
  /** How to leave for a URL (default: location.assign). */
  navigate?: (url: string) => void;
}

export interface CheckoutStartResult {
  mode: 'redirect' | 'embedded';
  url: string;
  /** Set when an embedded checkout fell back to a redirect: why ('not_embeddable', 'timeout', ...). */
  fallback?: string;
}

export interface SessionInfo {
  signedIn: boolean;
  customer?: { id: number; email: string; name?: string };
}

/** Sent before each wait of checkout() for a busy store: `attempt` of `maxAttempts` retries, after `retryAfter` seconds. */
export interface BusyEvent {
  retryAfter: number;
  attempt: number;
  maxAttempts: number;
}

export interface Checkout {
  readonly cart: Cart;
  readonly core: Core;
  /** The storage key of this store and channel's cart. */
  readonly storageKey: string;
  /** Set when a saved cart could not be restored: its raw text, kept for recovery. */
  readonly recovery: { text: string; error: BCCheckoutError; key: string | null } | null;
  on(event: 'change', listener: (event: ChangeEvent) => void): () => void;
  on(event: 'error', listener: (error: BCCheckoutError) => void): () => void;
  /** The embedded checkout has loaded. */
  on(event: 'load', listener: (event: { url: string }) => void): () => void;
  /**
   * The order is placed (embedded, found on return from a hosted checkout, or paid with a saved card, which gives
   * its `orderId`); the cart is now empty.
   */
  on(event: 'complete', listener: (event: { source: 'embedded' | 'hosted' | 'saved_card'; orderId?: number }) => void): () => void;
  /** The shopper signed out inside the embedded checkout; the server session is ended too. */
  on(event: 'signout', listener: (event: object) => void): () => void;
  /** Embedding failed and the shopper is being sent to the redirect checkout. */
  /** `reason` is 'third_party_cookies', 'timeout', 'not_embeddable', 'invalid_login_token', 'unknown_error', ... */
  /** After payWithSavedCard: the store wants the shopper (`card_declined`, `three_d_secure_required`, ...), with `orderId`. */
  on(event: 'fallback', listener: (event: { reason: string; subtype?: string; message: string; remembered?: boolean; orderId?: number }) => void): () => void;
  /** New totals from the store: after every checkout-details change, and totals(). */
  on(event: 'totals', listener: (totals: CheckoutTotals) => void): () => void;
  /** The stub would not use the cart this page had (no token for it, another's); it made a fresh one from the same lines. */
  on(event: 'cartreplaced', listener: (event: { previousCartId: string; reason: 'cart_token_missing' | 'cart_token_invalid' | 'other_owner' }) => void): () => void;
  /**
   * The store is busy (its BigCommerce API quota is used up, `store_busy`, or a short rate limit): checkout() waits
   * `retryAfter` seconds and tries again by itself, at most `maxAttempts` times; the cart is kept.
   */
  on(event: 'busy', listener: (event: BusyEvent) => void): () => void;
  /**
   * Calls `listener` with the new snapshot on every change of the cart (this tab's, another tab's, the cart id
   * sync sets, the emptying after an order) and when checkingOut flips. Returns the function that unsubscribes.
   * Bound to this object and the same function for its life: pass it as is to useSyncExternalStore.
   */
  readonly subscribe: (listener: (snapshot: CartSnapshot) => void) => () => void;
  /** The current snapshot: the same object until the cart changes. Bound, like subscribe. */
  readonly getSnapshot: () => CartSnapshot;
  /** The cart as a Svelte store (`$store` in a component). */
  readonly store: CartStore;
  off(event: 'change' | 'error' | 'load' | 'complete' | 'signout' | 'fallback' | 'cartreplaced' | 'busy' | 'totals', listener: (...args: any[]) => void): void;
  /** Syncs the cart through the server stub, then redirects or embeds. Needs `server`. */
  checkout(options?: CheckoutStartOptions): Promise<CheckoutStartResult>;
  /** Removes an embedded checkout from the page. */
  detach(): void;
  /** Makes the BigCommerce cart equal to this one. */
  sync(): Promise<{ cartId: string | null; cart: unknown }>;
  signIn(email: string, password: string): Promise<SessionInfo>;
  signOut(): Promise<SessionInfo>;
  session(): Promise<SessionInfo>;

  // Checkout details (docs/api.md, "Checkout details"). Each syncs the cart when it changed, checks its input
  // first (field errors before any request), keeps what the store accepted in the saved cart's `checkout`
  // section, and emits `totals`. The first call loads dist/bc-checkout-details.js and its .wasm.
  /** Applies a coupon code; rejects with coupon_expired, coupon_not_found, ... and changes nothing then. */
  applyCoupon(code: string): Promise<CheckoutTotals>;
  removeCoupon(code: string): Promise<CheckoutTotals>;
  /** Checks a gift certificate with the store and keeps its code; its balance counts in `amountDue`. */
  applyGiftCertificate(code: string): Promise<CheckoutTotals>;
  removeGiftCertificate(code: string): Promise<CheckoutTotals>;
  /** The billing address, and where the lines ship: one address for every physical line, or consignments. */
  setAddresses(addresses: { billing?: Address; shipping?: Address | ConsignmentInput[] }): Promise<CheckoutTotals>;
  /**
   * With an address (country, email, and postal code and state where the country uses them): the shipping
   * options for it, which becomes the shipping address. Without: the options the checkout already has.
   */
  shippingOptions(address?: Address): Promise<ShippingOption[]>;
  chooseShipping(optionId: string, options?: { consignmentId?: string }): Promise<CheckoutTotals>;
  /** The store's totals now (also emitted as `totals`). */
  totals(): Promise<CheckoutTotals>;
  /** An incomplete order from the checkout (the stub's CHECKOUT_ORDERS=true). */
  placeOrder(): Promise<OrderResult>;
  /** The signed-in shopper's stored cards (sign_in_required otherwise). */
  savedCards(): Promise<SavedCard[]>;
  /**
   * Pays with a stored card. When the store wants the shopper (a decline, 3-D Secure), a `fallback` event says
   * why and checkout(`checkoutOptions`) continues on the hosted payment step, prefilled.
   */
  payWithSavedCard(cardId: string, checkoutOptions?: CheckoutStartOptions): Promise<PaymentResult>;
  /** Frees the cart in the core and stops listening to other tabs. */
  destroy(): void;
}

/**
 * A postal address as the checkout details take and give it; every field is optional on input and checked as
 * BigCommerce checks it (checkouts.v3.yml AddressProperties) plus the hosted checkout's required fields.
 */
export interface Address {
  firstName?: string;
  lastName?: string;
  email?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  /** The subdivision's name ("Texas"); a code ("TX") is accepted and normalised. */
  stateOrProvince?: string;
  stateOrProvinceCode?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
  postalCode?: string;
  /** E.164-like: ^\+?[1-9]\d{1,14} once spaces and dashes are gone. */
  phone?: string;
}

export type AddressErrorCode =
  | 'invalid_first_name' | 'invalid_last_name' | 'invalid_email' | 'invalid_company' | 'invalid_address1'
  | 'invalid_address2' | 'invalid_city' | 'invalid_state' | 'invalid_postal_code' | 'invalid_country' | 'invalid_phone';

/** One entry of an `invalid_address` error's `details.fields`. */
export interface AddressError {
  /** Where: "billing.email", "shipping[1].address.postalCode", "address.countryCode". */
  field: string;
  code: AddressErrorCode;
  message: string;
}

export interface ConsignmentInput {
  address: Address;
  /** The cart lines (ids such as "l1") shipped here; without it, every physical line. */
  lineIds?: string[];
}

/** The saved cart's `checkout` section. */
export interface CheckoutDetails {
  billing?: Address | null;
  consignments?: Array<ConsignmentInput & { shippingOptionId?: string; shippingOptionDescription?: string }>;
  coupons?: string[];
  giftCertificates?: string[];
}

export interface ShippingOption {
  readonly id: string;
  readonly description: string;
  readonly type: string;
  readonly cost: Money;
  readonly transitTime: string;
  /** The consignment it is for (pass it to chooseShipping when the checkout ships to several addresses). */
  readonly consignmentId: string | null;
  readonly selected: boolean;
}

/** The store's totals, in Money. */
export interface CheckoutTotals {
  readonly currency: string;
  /** Before discounts, with or without tax as the store shows prices. */
  readonly subtotal: Money;
  /** Coupons and automatic discounts together. */
  readonly discount: Money;
  readonly shipping: Money;
  readonly handling: Money;
  readonly tax: Money;
  readonly taxes: ReadonlyArray<{ readonly name: string; readonly amount: Money }>;
  readonly coupons: ReadonlyArray<{ readonly code: string; readonly name: string; readonly discount: Money }>;
  /** In the order given: what each pays of this order (`used`) out of its balance. */
  readonly giftCertificates: ReadonlyArray<{ readonly code: string; readonly used: Money; readonly balance: Money }>;
  readonly grandTotal: Money;
  /** The grand total less the gift certificates. */
  readonly amountDue: Money;
  /** Every consignment has a shipping option (shipping is then in the totals). */
  readonly shippingChosen: boolean;
}

export interface SavedCard {
  /** An opaque handle for payWithSavedCard, never the card's token. */
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly isDefault: boolean;
}

export interface OrderResult {
  orderId: number;
  status: 'incomplete';
}

export type PaymentResult =
  | { status: 'paid'; orderId: number }
  | { status: 'payment_required'; reason: string; message: string; orderId: number; checkout: CheckoutStartResult };

export type SafetyVerdict = { safe: true } | { safe: false; code: ErrorCode; reason: string };

export interface RedirectUrls {
  cart_url?: string;
  checkout_url?: string;
  embedded_checkout_url?: string;
}

export interface CartApiRequest {
  /** The Cart API operation: createCart and addItems POST, updateItem and setCustomer (customer_id) PUT, deleteItem and deleteCart DELETE. */
  kind: 'createCart' | 'addItems' | 'updateItem' | 'deleteItem' | 'deleteCart' | 'setCustomer';
  method: 'POST' | 'PUT' | 'DELETE';
  /** Relative to https://api.bigcommerce.com/stores/{store_hash}/v3 */
  path: string;
  body: unknown;
  /**
   * The saved cart's line ids the request serves: for createCart and addItems one per item of the body, in the
   * body's order (line_items, custom_items, gift_certificates); for updateItem the changed line; for deleteItem
   * the line whose custom item is replaced, or none; none for deleteCart and setCustomer.
   */
  lineIds: string[];
}

/**
 * The cart core's pure functions (bc-checkout-helper.wasm, what a page loads). The server stub's own calls are in
 * ServerCore (bc-checkout-helper/server-core).
 */
export interface Core {
  readonly version: string;
  isSafeCheckoutUrl(url: string, storeOrigins: string | string[]): SafetyVerdict;
  checkStoreOrigins(storeOrigins: string | string[]): void;
  /** The Cart API `include` of every cart the plan reads or writes. */
  readonly cartInclude: string;
  /** Is `id` a BigCommerce cart id (and nothing that could change a Cart API path)? */
  isCartId(id: unknown): boolean;
  parseMoney(amount: string | number, currency: string): { minor: number; exponent: number };
  currencyExponent(code: string): number | undefined;
}

/**
 * The server core (bc-checkout-server.wasm, from loadServerCore() of bc-checkout-helper/server-core): the cart
 * core and what only the server stub calls. createHandler takes this one.
 */
export interface ServerCore extends Core {
  chooseCheckoutUrl(input: { redirectUrls: RedirectUrls; mode: 'redirect' | 'embedded'; loginUrl?: string; storeOrigins: string | string[] }): string;
  planCartSync(savedCart: SavedCart | string, remoteCart: object | null, options?: { channelId?: number; customerId?: number; locale?: string; customItems?: CustomItemList }): { requests: CartApiRequest[]; cartId: string };
  /** Checks a custom item list; returns its SKUs, throws BCCheckoutError invalid_custom_items. */
  checkCustomItems(list: CustomItemList | string): string[];
}

/** Loads the WebAssembly core once; every call returns the same promise. */
export declare function loadCore(options?: CoreOptions): Promise<Core>;
export declare function createCheckout(options: CheckoutOptions): Promise<Checkout>;
/**
 * Loads the checkout-details module (bc-checkout-details.wasm) once; the Checkout object's checkout-details
 * methods load it by themselves. Every call returns the same promise.
 */
export declare function loadDetailsCore(options?: CoreOptions): Promise<DetailsCore>;

/** A shipping option as the checkout-details module reads it: cost in integer minor units. */
export interface ShippingOptionView {
  id: string;
  description: string;
  type: string;
  cost: number;
  transitTime: string;
}

/** Totals in integer minor units of CheckoutView.currency (readCheckout, applyGiftCertificates). */
export interface CheckoutTotalsMinor {
  /** Before tax, or with it where the store shows prices with tax (cart.tax_included). */
  subtotal: number;
  /** Coupons plus the cart's automatic discounts. */
  discount: number;
  shipping: number;
  handling: number;
  tax: number;
  taxes: Array<{ name: string; amount: number }>;
  grandTotal: number;
}

/** A BigCommerce Checkout as readCheckout gives it (docs/checkout-api.md, "The checkout view"). */
export interface CheckoutView {
  id: string;
  currency: string;
  exponent: number;
  orderId: number | null;
  version: number;
  billingAddress: Address | null;
  coupons: Array<{ code: string; name: string; discount: number }>;
  consignments: Array<{
    id: string;
    address: Address;
    /** BigCommerce's physical item ids. */
    lineItemIds: string[];
    /** The saved cart lines those items are, when readCheckout was given the saved cart. */
    lineIds: string[];
    shippingOptions: ShippingOptionView[];
    selectedOptionId: string | null;
  }>;
  totals: CheckoutTotalsMinor;
}

/** One Checkouts API request of a plan; path relative to /v3, body as checkouts.v3.yml wants it. */
export interface DetailsPlanRequest {
  kind: 'setBillingAddress' | 'addConsignments' | 'updateConsignment' | 'deleteConsignment' | 'selectShippingOption'
    | 'addCoupon' | 'removeCoupon';
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body: unknown;
}

/** What a plan could not do; consignmentIndex is the index in details.consignments. */
export interface DetailsPlanUnmet {
  kind: DetailsPlanRequest['kind'];
  consignmentIndex?: number;
  reason: 'shipping_option_unavailable' | 'line_not_in_checkout' | 'no_items' | (string & {});
  lineId?: string;
}

export interface DetailsPlan {
  requests: DetailsPlanRequest[];
  unmet: DetailsPlanUnmet[];
}

/** The checkout-details module's pure functions (docs/checkout-api.md): they throw BCCheckoutError. */
export interface DetailsCore {
  readonly version: string;
  checkAddress(address: Address, purpose: 'billing' | 'shipping' | 'estimate'): Address;
  /** Normalised, all four sections present (billing null when there is none). */
  checkDetails(details: CheckoutDetails): Required<CheckoutDetails>;
  checkCouponCode(code: string): string;
  checkGiftCertificateCode(code: string): string;
  /** `checkout` is the `data` of a Checkout answer read with `checkoutInclude`; run the requests, plan again. */
  planDetailsSync(request: { details: CheckoutDetails; checkout: object; savedCart?: SavedCart | string | null }): DetailsPlan;
  readCheckout(checkout: object, savedCart?: SavedCart | string | null): CheckoutView;
  applyGiftCertificates(totals: CheckoutTotalsMinor, certificates: Array<{ code: string; balance: number }>):
    CheckoutTotalsMinor & { giftCertificates: Array<{ code: string; used: number; balance: number }>; amountDue: number };
  readonly checkoutInclude: string;
}
export declare class MemoryStorage implements StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
export declare const version: string;

/** The detail of the drop-in's `bc:cart:change` DOM event (script-tag build, docs/script-tag.md). */
export interface DropInCartChange {
  source: string;
  count: number;
  subtotal: Subtotal;
  items: ReadonlyArray<CartLine>;
}

/**
 * window.BCCheckout in the script-tag build: the same API, plus `ready` when the tag has data-server
 * (the drop-in: markup with data-bc-* attributes, docs/script-tag.md).
 */
export interface BCCheckoutGlobal {
  loadCore: typeof loadCore;
  createCheckout: typeof createCheckout;
  loadDetailsCore: typeof loadDetailsCore;
  BCCheckoutError: typeof BCCheckoutError;
  MemoryStorage: typeof MemoryStorage;
  version: string;
  /** The drop-in's checkout object once it runs; rejects with why it could not start. */
  ready?: Promise<Checkout>;
}

declare global {
  interface Window {
    BCCheckout?: BCCheckoutGlobal;
  }
  interface DocumentEventMap {
    'bc:ready': CustomEvent<{ checkout: Checkout }>;
    'bc:cart:change': CustomEvent<DropInCartChange>;
    'bc:checkout:load': CustomEvent<unknown>;
    'bc:checkout:complete': CustomEvent<unknown>;
    'bc:checkout:fallback': CustomEvent<{ reason: string; subtype?: string; message: string }>;
    'bc:checkout:signout': CustomEvent<unknown>;
    /** The drop-in's checkout-details widgets got new totals. */
    'bc:checkout:totals': CustomEvent<CheckoutTotals>;
    'bc:error': CustomEvent<BCCheckoutError>;
  }
}
