// Types of bc-checkout-helper/protect: site protection for headless BigCommerce storefronts.

export type RouteType =
  | 'product' | 'brand' | 'category' | 'page' | 'blog' | 'home' | 'cart' | 'search'
  | 'account' | 'login' | 'returns' | 'static';

/** protect.json; see docs/site-protection.md. */
export interface ProtectionConfig {
  /** The headless storefront, e.g. "https://www.example.com". */
  headlessOrigin: string;
  /** Every origin the BigCommerce-hosted store answers on. */
  storeOrigins: string[];
  /** Sites & Routes templates with {id}, {slug} and {language}; matching is "*" (default) or an entity id. */
  routes?: Array<{ type: RouteType; route: string; matching?: string }>;
  /** Paths that stay on the hosted store; a trailing * makes a prefix. */
  allow?: string[];
  /** Query parameters carried over; a trailing * makes a prefix. Default: utm_*, gclid, fbclid, msclkid, coupon. */
  keepParams?: string[];
  /** Pages with no route: the same path on the headless site (default), its home page, or stay. */
  unknown?: 'same-path' | 'home' | 'stay';
  /** ?bc_preview=1 previews the hosted store until ?bc_preview=0 (names configurable). */
  bypass?: { param?: string; cookie?: string };
  /** {language} when the page's <html lang> is empty. Default "en". */
  language?: string;
  /** The Stencil storefront's channel, where the script is installed. Default 1. */
  storefrontChannelId?: number;
  scriptName?: string;
}

export interface HostedPage {
  url: string;
  /** Stencil's {{page_type}}: "product", "category", "brand", "page", "blog_post", "default", ... */
  pageType?: string;
  /** {{product.id}}, {{category.id}} or {{page.id}}. */
  id?: string | number;
  /** {{product.url}}, {{category.url}} or {{brand.url}}. */
  entityUrl?: string;
  cookies?: string;
  language?: string;
  framed?: boolean;
}

export type ProtectionReason =
  | 'route' | 'same_path' | 'home'
  | 'checkout' | 'cart_action' | 'account' | 'bypass' | 'framed' | 'allowed' | 'unknown'
  | 'not_store_page' | 'bad_url' | 'bad_target' | 'loop';

export interface ProtectionDecision {
  /** Where to send the shopper, or null to stay. */
  target: string | null;
  reason: ProtectionReason;
  pageType: string;
  message: string;
}

export interface ProtectionArtifacts {
  /** "<script>...</script>" for Script Manager. */
  snippet: string;
  /** Body of PUT /v3/sites/{site_id}/routes. */
  routes: Array<{ type: RouteType; matching: string; route: string }>;
  /** Body of POST /v3/content/scripts. */
  script: {
    name: string; description: string; html: string; auto_uninstall: boolean; load_method: 'default';
    location: 'head'; visibility: 'storefront'; kind: 'script_tag'; consent_category: 'essential';
    enabled: boolean; channel_id: number;
  };
}

export interface Protection {
  readonly version: string;
  decide(page: HostedPage, config: ProtectionConfig | string): ProtectionDecision;
  artifacts(config: ProtectionConfig | string): ProtectionArtifacts;
}

export function loadProtection(options?: {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  wasmModule?: WebAssembly.Module;
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => unknown;
}): Promise<Protection>;

export { BCCheckoutError } from './index.js';
