// The sandbox's first state: a small catalog (the demo's products 80, 81, 86, 88, 93 and more that exercise
// the Cart API's rules), two currencies, coupons, two customers, and the channel whose site is the headless
// storefront. Prices are in minor units per transactional currency; EUR has its own price list.
import { STATE_FORMAT } from './state.js';
import { hashPassword } from './customers.js';

export const SHOPPER = { email: 'shopper@example.com', password: 'Sandbox-Passw0rd!' };
const SECOND_SHOPPER = { email: 'pat@example.com', password: 'Another-Passw0rd!' };

const usdEur = (usd, eur) => ({ USD: usd, EUR: eur });

// scrypt is slow on purpose; the seed's two hashes are made once per process and shared by its sandboxes.
const seededHashes = new Map();
function seededHash(password) {
  if (!seededHashes.has(password)) seededHashes.set(password, hashPassword(password));
  return seededHashes.get(password);
}

function product(fields) {
  return {
    type: 'physical',
    description: '',
    weight: 1,
    width: 0,
    depth: 0,
    height: 0,
    sale: null,
    categories: [],
    brand_id: 0,
    inventory_tracking: 'none',
    inventory_level: 0,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    is_visible: true,
    is_featured: false,
    availability: 'available',
    options: [],
    modifiers: [],
    ...fields,
    images: [{ id: fields.id * 10 + 1, path: `/product_images/${fields.id}.svg`, description: fields.name, is_thumbnail: true, sort_order: 0 }],
  };
}

// A simple product has one base variant, with the product's SKU and no option values (product-variants_catalog.v3.yml).
const base = (id, sku) => [{ id, sku, option_values: [], prices: null, sale: null, inventory_level: 0, purchasing_disabled: false, purchasing_disabled_message: '' }];

const variant = (id, sku, values, extra = {}) => ({
  id, sku, option_values: values, prices: null, sale: null, inventory_level: 0, purchasing_disabled: false, purchasing_disabled_message: '', ...extra,
});

function catalog() {
  return [
    product({
      id: 80, name: 'Orbit Terrarium', sku: 'ORB-TERR', slug: 'orbit-terrarium', categories: [22], brand_id: 36, weight: 3,
      description: '<p>A hand-blown glass sphere for mosses and ferns.</p>',
      prices: usdEur(8900, 8100), inventory_tracking: 'variant', is_featured: true,
      options: [{ id: 108, display_name: 'Size', type: 'rectangles', sort_order: 0, values: [
        { id: 201, label: 'Large', sort_order: 0, is_default: true },
        { id: 202, label: 'Small', sort_order: 1, is_default: false },
      ] }],
      variants: [
        variant(64, 'ORB-TERR-L', [{ option_id: 108, id: 201 }], { prices: usdEur(10900, 9900), inventory_level: 25 }),
        variant(65, 'ORB-TERR-S', [{ option_id: 108, id: 202 }], { inventory_level: 40 }),
      ],
    }),
    product({ id: 81, name: 'Oak Serving Board', sku: 'OAK-BOARD', slug: 'oak-serving-board', categories: [21], brand_id: 36,
      description: '<p>Solid oak, oiled by hand.</p>', prices: usdEur(2999, 2799), is_featured: true, variants: base(150, 'OAK-BOARD') }),
    product({ id: 86, name: 'Ceramic Pour-Over', sku: 'CER-POUR', slug: 'ceramic-pour-over', categories: [21], brand_id: 37,
      description: '<p>A stoneware coffee dripper.</p>', prices: usdEur(2450, 2290), is_featured: true, variants: base(151, 'CER-POUR') }),
    product({ id: 88, name: 'Linen Tea Towel', sku: 'LIN-TOWEL', slug: 'linen-tea-towel', categories: [23], brand_id: 37,
      description: '<p>Stonewashed linen.</p>', prices: usdEur(1200, 1100), is_featured: true, variants: base(152, 'LIN-TOWEL') }),
    product({ id: 93, name: 'Brass Bottle Opener', sku: 'BRASS-OPEN', slug: 'brass-bottle-opener', categories: [21], brand_id: 36,
      description: '<p>Solid brass, ages well.</p>', prices: usdEur(1875, 1750), is_featured: true, variants: base(153, 'BRASS-OPEN') }),
    product({
      id: 94, name: 'Canvas Weekender Bag', sku: 'CNV-BAG', slug: 'canvas-weekender-bag', categories: [23], brand_id: 37, weight: 2,
      description: '<p>Waxed canvas with leather handles.</p>', prices: usdEur(12900, 11900), inventory_tracking: 'variant',
      options: [{ id: 109, display_name: 'Color', type: 'rectangles', sort_order: 0, values: [
        { id: 203, label: 'Sand', sort_order: 0, is_default: true },
        { id: 204, label: 'Olive', sort_order: 1, is_default: false },
        { id: 205, label: 'Charcoal', sort_order: 2, is_default: false },
      ] }],
      variants: [
        variant(70, 'CNV-BAG-SAND', [{ option_id: 109, id: 203 }], { inventory_level: 12 }),
        variant(71, 'CNV-BAG-OLIVE', [{ option_id: 109, id: 204 }], { inventory_level: 8 }),
        variant(72, 'CNV-BAG-CHAR', [{ option_id: 109, id: 205 }], { inventory_level: 0 }),
      ],
    }),
    product({
      id: 95, name: 'Walnut Cutting Board', sku: 'WAL-BOARD', slug: 'walnut-cutting-board', categories: [21], brand_id: 36, weight: 2,
      description: '<p>End-grain walnut. Add an engraving of up to 30 characters.</p>', prices: usdEur(5900, 5500),
      modifiers: [
        { id: 120, display_name: 'Engraving', name: 'Engraving', type: 'text', required: false, sort_order: 0,
          config: { default_value: '', text_characters_limited: true, text_min_length: 1, text_max_length: 30 }, values: [] },
        { id: 121, display_name: 'Gift box', name: 'Gift box', type: 'dropdown', required: false, sort_order: 1, config: {}, values: [
          { id: 211, label: 'No', sort_order: 0, is_default: true, adjust: null },
          { id: 212, label: 'Yes', sort_order: 1, is_default: false, adjust: usdEur(500, 450) },
        ] },
      ],
      variants: base(154, 'WAL-BOARD'),
    }),
    product({ id: 96, name: 'Night Garden Print', sku: 'PRINT-NIGHT', slug: 'night-garden-print', categories: [22], brand_id: 37, weight: 0.5,
      description: '<p>A limited edition risograph print. At most 2 per order.</p>', prices: usdEur(4500, 4200),
      order_quantity_maximum: 2, variants: base(155, 'PRINT-NIGHT') }),
    product({ id: 97, name: 'Copper Kettle', sku: 'COP-KETTLE', slug: 'copper-kettle', categories: [21], brand_id: 36, weight: 1.5,
      description: '<p>Back in stock soon.</p>', prices: usdEur(7900, 7400), inventory_tracking: 'product', inventory_level: 0,
      variants: base(156, 'COP-KETTLE') }),
    product({ id: 98, name: 'Field Guide to Houseplants (eBook)', sku: 'EBOOK-PLANTS', slug: 'field-guide-to-houseplants', type: 'digital',
      categories: [24], brand_id: 37, weight: 0, description: '<p>A PDF guide to 60 easy houseplants.</p>', prices: usdEur(999, 899),
      variants: base(157, 'EBOOK-PLANTS') }),
    product({
      id: 99, name: 'Wool Throw', sku: 'WOOL-THROW', slug: 'wool-throw', categories: [23], brand_id: 37, weight: 1.2,
      description: '<p>Lambswool, woven in Wales.</p>', prices: usdEur(8900, 8200),
      options: [{ id: 110, display_name: 'Color', type: 'dropdown', sort_order: 0, values: [
        { id: 206, label: 'Rust', sort_order: 0, is_default: true },
        { id: 207, label: 'Slate', sort_order: 1, is_default: false },
      ] }],
      variants: [variant(77, 'WOOL-THROW-RUST', [{ option_id: 110, id: 206 }]), variant(78, 'WOOL-THROW-SLATE', [{ option_id: 110, id: 207 }])],
    }),
    product({ id: 100, name: 'Beeswax Candle Set', sku: 'BEE-CANDLE', slug: 'beeswax-candle-set', categories: [21], brand_id: 36, weight: 0.8,
      description: '<p>Sold in sets; buy at least 2.</p>', prices: usdEur(1600, 1500), order_quantity_minimum: 2, variants: base(158, 'BEE-CANDLE') }),
    product({
      id: 101, name: 'Stoneware Mug', sku: 'STN-MUG', slug: 'stoneware-mug', categories: [21], brand_id: 37, weight: 0.4,
      description: '<p>On sale while the spring glaze lasts.</p>', prices: usdEur(2200, 2000), sale: usdEur(1800, 1650),
      options: [{ id: 111, display_name: 'Finish', type: 'swatch', sort_order: 0, values: [
        { id: 208, label: 'White', sort_order: 0, is_default: true, value_data: { colors: ['#F4F1EA'] } },
        { id: 209, label: 'Speckled', sort_order: 1, is_default: false, value_data: { colors: ['#C9BFAE'] } },
        { id: 210, label: 'Black', sort_order: 2, is_default: false, value_data: { colors: ['#222222'] } },
      ] }],
      variants: [
        variant(90, 'STN-MUG-WHT', [{ option_id: 111, id: 208 }]),
        variant(91, 'STN-MUG-SPK', [{ option_id: 111, id: 209 }]),
        variant(92, 'STN-MUG-BLK', [{ option_id: 111, id: 210 }], { purchasing_disabled: true, purchasing_disabled_message: 'Back in spring' }),
      ],
    }),
  ];
}

/**
 * The enabled payment methods of a new sandbox (GET /v2/payments/methods); createSandbox's paymentMethods option
 * replaces them. The sandbox's checkout takes no payment, so these are what a store's list looks like, no more.
 */
export const DEFAULT_PAYMENT_METHODS = Object.freeze([
  { code: 'testgateway', name: 'Test Payment Gateway', test_mode: true },
  { code: 'cheque', name: 'Check', test_mode: false },
]);

/** The headless channel the sandbox is for (index.js adds it to a loaded state that lacks it). */
export const headlessChannel = (id, stamp) =>
  ({ id, name: 'Sandbox headless storefront', type: 'storefront', platform: 'custom', date_created: stamp, date_modified: stamp });

/**
 * @param {{ channelId: number, siteUrl: string, origin: string, now: () => number }} options
 */
export function createSeed({ channelId, siteUrl, origin, now }) {
  const created = new Date(now()).toISOString();
  const products = catalog().map((p) => ({ ...p, date_created: created, date_modified: created }));
  const channels = [headlessChannel(channelId, created)];
  const sites = [{ id: 1000, channel_id: channelId, url: siteUrl, created_at: created, updated_at: created }];
  if (channelId !== 1) {
    // Every store has channel 1, its hosted storefront.
    channels.unshift({ id: 1, name: 'Sandbox Stencil storefront', type: 'storefront', platform: 'bigcommerce', date_created: created, date_modified: created });
    sites.push({ id: 1001, channel_id: 1, url: origin, created_at: created, updated_at: created });
  }
  return {
    format: STATE_FORMAT,
    store: { name: 'Sandbox Store', default_currency: 'USD' },
    currencies: [
      { code: 'USD', is_default: true, exchange_rate: 1 },
      { code: 'EUR', is_default: false, exchange_rate: 0.92 },
    ],
    categories: [
      { id: 21, name: 'Kitchen & Dining', slug: 'kitchen-dining', description: 'Tools and tableware.' },
      { id: 22, name: 'Plants & Prints', slug: 'plants-prints', description: 'Living things and pictures of them.' },
      { id: 23, name: 'Textiles', slug: 'textiles', description: 'Linen, canvas and wool.' },
      { id: 24, name: 'Books', slug: 'books', description: 'Guides to read on any screen.' },
    ],
    brands: [
      { id: 36, name: 'Fieldhouse Goods', slug: 'fieldhouse-goods' },
      { id: 37, name: 'Northwind Studio', slug: 'northwind-studio' },
    ],
    pages: [{ id: 5, name: 'Shipping & Returns', slug: 'shipping-returns', body: '<p>Free shipping on every order. Returns within 30 days.</p>' }],
    products,
    customers: [
      { id: 1, email: SHOPPER.email, first_name: 'Sam', last_name: 'Shopper', company: '', phone: '', password: seededHash(SHOPPER.password),
        channel_ids: null, customer_group_id: 0, date_created: created, date_modified: created },
      { id: 2, email: SECOND_SHOPPER.email, first_name: 'Pat', last_name: 'Buyer', company: '', phone: '', password: seededHash(SECOND_SHOPPER.password),
        channel_ids: null, customer_group_id: 0, date_created: created, date_modified: created },
    ],
    coupons: [
      { id: 1, code: 'SAVE10', name: '10% off your order', coupon_type: '1', percent: 10, expires: 0 },
      { id: 2, code: 'TAKE5', name: '$5 off your order', coupon_type: '2', amount: usdEur(500, 500), expires: 0 },
      { id: 3, code: 'SUMMER2020', name: 'Summer 2020 sale', coupon_type: '1', percent: 15, expires: Date.UTC(2020, 8, 1) },
    ],
    channels,
    sites,
    routes: [],
    carts: {},
    redirectTokens: {},
    orders: {},
    scripts: {},
    sessions: {},
    usedJtis: {},
    counters: { order: 100, orderProduct: 1, address: 1, route: 1 },
  };
}
