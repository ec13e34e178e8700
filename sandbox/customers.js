// Customers: GET /v3/customers (id:in, email:in) and POST /v3/customers/validate-credentials
// (customers.v3.yml). Passwords are stored as scrypt hashes, never in the clear.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { ApiError, STATUS_CODES_URL, invalidJson } from './errors.js';
import { storeJson, pageOf, paginate, pagination, readStoreJson, requireObject } from './store-http.js';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, hash] = String(stored).split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Checked against when the email is unknown, so a wrong email costs as long as a wrong password.
let dummyHash = null;

export const findCustomer = (state, id) => state.customers.find((c) => c.id === id) ?? null;

function findCustomerByEmail(state, email) {
  const wanted = String(email).trim().toLowerCase();
  return state.customers.find((c) => c.email.toLowerCase() === wanted) ?? null;
}

export const customerName = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ');

/** The customer id when email and password match a customer of the channel, else null. */
export function checkCredentials(state, { email, password, channelId }) {
  const customer = findCustomerByEmail(state, email);
  if (!customer) {
    dummyHash ??= hashPassword('not a password');
    verifyPassword(String(password), dummyHash);
    return null;
  }
  if (!verifyPassword(String(password), customer.password)) return null;
  if (customer.channel_ids && !customer.channel_ids.includes(channelId)) return null;
  return customer.id;
}

/**
 * "This endpoint has special rate limiting protections" (customers.v3.yml): failed attempts per email,
 * in memory only.
 */
export function createAttemptLimiter({ now, limit = 5, windowMs = 60_000 }) {
  const failures = new Map();
  return {
    blocked(key) {
      const entry = failures.get(key);
      return Boolean(entry && now() - entry.since < windowMs && entry.count >= limit);
    },
    fail(key) {
      const entry = failures.get(key);
      if (!entry || now() - entry.since >= windowMs) failures.set(key, { since: now(), count: 1 });
      else entry.count += 1;
    },
    succeed(key) {
      failures.delete(key);
    },
  };
}

function renderCustomer(c) {
  return {
    id: c.id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    company: c.company,
    phone: c.phone,
    registration_ip_address: '',
    notes: '',
    tax_exempt_category: '',
    customer_group_id: c.customer_group_id,
    date_created: c.date_created,
    date_modified: c.date_modified,
    address_count: 0,
    attribute_count: 0,
    authentication: { force_password_reset: false },
    accepts_product_review_abandoned_cart_emails: false,
    origin_channel_id: 1,
    channel_ids: c.channel_ids ?? [],
  };
}

export function registerCustomerRoutes(router, ctx) {
  const limiter = createAttemptLimiter({ now: ctx.now });

  router.add('POST', '/v3/customers/validate-credentials', async ({ request }) => {
    const body = requireObject(await readStoreJson(request));
    const errors = {};
    if (typeof body.email !== 'string' || !body.email) errors.email = 'error.expected.jsstring';
    if (typeof body.password !== 'string' || !body.password) errors.password = 'error.expected.jsstring';
    if (body.channel_id !== undefined && !Number.isInteger(body.channel_id)) errors.channel_id = 'error.expected.jsnumber';
    if (Object.keys(errors).length) throw invalidJson(errors);
    const key = body.email.trim().toLowerCase();
    if (limiter.blocked(key)) {
      // The 429 example of customers.v3.yml, verbatim in shape: its `type` is the status-codes page's path only.
      throw new ApiError(429, 'Too many requests', { type: new URL(STATUS_CODES_URL).pathname, errors: {}, headers: { 'Retry-After': '60' } });
    }
    const customerId = checkCredentials(ctx.state, { email: body.email, password: body.password, channelId: body.channel_id ?? 1 });
    if (customerId === null) limiter.fail(key);
    else limiter.succeed(key);
    return storeJson(200, { is_valid: customerId !== null, customer_id: customerId });
  });

  router.add('GET', '/v3/customers', async ({ url }) => {
    let list = ctx.state.customers;
    const ids = url.searchParams.get('id:in');
    if (ids !== null) {
      const wanted = new Set(ids.split(',').map((s) => Number(s.trim())));
      list = list.filter((c) => wanted.has(c.id));
    }
    const emails = url.searchParams.get('email:in');
    if (emails !== null) {
      const wanted = new Set(emails.split(',').map((s) => s.trim().toLowerCase()));
      list = list.filter((c) => wanted.has(c.email.toLowerCase()));
    }
    const paging = pageOf(url, { defaultLimit: 50, max: 250 });
    const page = paginate(list, paging);
    return storeJson(200, { data: page.map(renderCustomer), meta: { pagination: pagination(url, list.length, paging, page.length) } });
  });
}
