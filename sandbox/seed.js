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

/**
 * Coupons (marketing.v2.yml coupon_Full) in the store's default currency, in minor units; percentage_discount's
 * amount is a percentage. applies_to categories [0] is every product.
 */
export function seedCoupons(created = new Date(0).toISOString()) {
  const everything = { entity: 'categories', ids: [0] };
  const coupon = (fields) => ({
    min_purchase: 0, expires: 0, enabled: true, max_uses: 0, num_uses: 0, max_uses_per_customer: 0, applies_to: everything,
    date_created: created, ...fields,
  });
  return [
    coupon({ id: 1, code: 'SAVE10', name: '10% off your order', type: 'percentage_discount', amount: 10 }),
    coupon({ id: 2, code: 'TAKE5', name: '$5 off your order', type: 'per_total_discount', amount: 500 }),
    coupon({ id: 3, code: 'SUMMER2020', name: 'Summer 2020 sale', type: 'percentage_discount', amount: 15, expires: Date.UTC(2020, 8, 1) }),
    coupon({ id: 4, code: 'TENOFF', name: '$10 off orders over $50', type: 'per_total_discount', amount: 1000, min_purchase: 5000 }),
    coupon({ id: 5, code: 'FREESHIP', name: 'Free shipping', type: 'free_shipping', amount: 0 }),
    coupon({ id: 6, code: 'SHIP5', name: '$5 off shipping', type: 'shipping_discount', amount: 500 }),
    coupon({ id: 7, code: 'KITCHEN15', name: '15% off Kitchen & Dining', type: 'percentage_discount', amount: 15, applies_to: { entity: 'categories', ids: [21] } }),
    coupon({ id: 8, code: 'TOWEL2', name: '$2 off each Linen Tea Towel', type: 'per_item_discount', amount: 200, applies_to: { entity: 'products', ids: [88] } }),
    coupon({ id: 9, code: 'WELCOME20', name: '20% off, first 100 orders', type: 'percentage_discount', amount: 20, max_uses: 100, num_uses: 100 }),
    coupon({ id: 10, code: 'RETIRED', name: 'An old promotion', type: 'per_total_discount', amount: 1500, enabled: false }),
  ];
}

/**
 * Gift certificates (marketing.v2.yml giftCertificate_Full): status active, pending, disabled or expired; money in
 * minor units of currency_code; expiry_date 0 for none.
 */
export function seedGiftCertificates(now = () => Date.now()) {
  const purchased = Date.UTC(2024, 0, 15);
  const inAYear = now() + 365 * 24 * 3600 * 1000;
  const certificate = (fields) => ({
    customer_id: 0, order_id: 0, to_name: 'Sam Shopper', to_email: 'shopper@example.com', from_name: 'Sandbox Store',
    from_email: 'gifts@example.com', template: 'general.html', message: '', purchase_date: purchased, expiry_date: inAYear,
    status: 'active', currency_code: 'USD', ...fields,
  });
  return [
    certificate({ id: 1, code: 'GC-7YQ2-4FFA', amount: 10000, balance: 6000 }),
    certificate({ id: 2, code: 'GC-BIG0-5000', amount: 50000, balance: 50000 }),
    certificate({ id: 3, code: 'GC-USED-0000', amount: 2500, balance: 0 }),
    certificate({ id: 4, code: 'GC-EXPD-2020', amount: 5000, balance: 5000, expiry_date: Date.UTC(2020, 11, 31), status: 'expired' }),
    certificate({ id: 5, code: 'GC-DSBL-0001', amount: 5000, balance: 5000, status: 'disabled' }),
    certificate({ id: 6, code: 'GC-EURO-5050', amount: 5000, balance: 5000, currency_code: 'EUR' }),
    certificate({ id: 7, code: 'GC-PEND-0002', amount: 3000, balance: 3000, status: 'pending' }),
  ];
}

/**
 * Stored cards (customers.v3.yml CardInstrument), by customer id. `outcome` is what the sandbox's payment gateway
 * does with a charge: 'pays', 'declines' or 'needs_3ds' (a card whose issuer asks for 3-D Secure, which a
 * server-to-server payment cannot give).
 */
export const STORED_CARDS = Object.freeze({
  pays: '3f1c1f2f0a4b4e0e9c6a5d7b8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b',
  declines: '7d2e9b1c4a3f5e6d8c7b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5',
  needs3ds: 'c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4',
  otherShopper: '0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b',
});

export function seedStoredInstruments() {
  const billing = {
    first_name: 'Sam', last_name: 'Shopper', email: 'shopper@example.com', company: '', address1: '1 Main St', address2: '',
    city: 'Austin', postal_code: '78751', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', phone: '+15125550100',
  };
  const card = (fields) => ({ type: 'stored_card', is_default: false, expiry_month: 12, expiry_year: 2034, billing_address: billing, ...fields });
  return {
    1: [
      card({ token: STORED_CARDS.pays, outcome: 'pays', is_default: true, brand: 'VISA', issuer_identification_number: '424242', last_4: '4242' }),
      card({ token: STORED_CARDS.declines, outcome: 'declines', brand: 'MASTERCARD', issuer_identification_number: '510510', last_4: '0002', expiry_month: 3, expiry_year: 2031 }),
      card({ token: STORED_CARDS.needs3ds, outcome: 'needs_3ds', brand: 'VISA', issuer_identification_number: '400000', last_4: '3184', expiry_month: 9, expiry_year: 2032 }),
    ],
    2: [
      card({ token: STORED_CARDS.otherShopper, outcome: 'pays', is_default: true, brand: 'AMEX', issuer_identification_number: '378282', last_4: '0005',
        billing_address: { ...billing, first_name: 'Pat', last_name: 'Buyer', email: 'pat@example.com' } }),
    ],
  };
}

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
    coupons: seedCoupons(created),
    giftCertificates: seedGiftCertificates(now),
    storedInstruments: seedStoredInstruments(),
    channels,
    sites,
    routes: [],
    carts: {},
    redirectTokens: {},
    orders: {},
    scripts: {},
    sessions: {},
    usedJtis: {},
    paymentAccessTokens: {},
    transactions: {},
    counters: { order: 100, orderProduct: 1, address: 1, route: 1 },
  };
}
