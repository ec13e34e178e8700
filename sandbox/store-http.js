// Small Request/Response helpers shared by the REST handlers and the hosted pages.
import { lazyResponse } from '../server/transport/index.js';
import { ApiError, invalidJson } from './errors.js';

const MAX_BODY_BYTES = 1024 * 1024;

// Lazy Responses (../lazy-fetch.js): the sandbox's fetch() makes them real for every caller but the Node adapter.
export function storeJson(status, body, headers = {}) {
  return lazyResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

export function noContent(headers = {}) {
  return lazyResponse(null, { status: 204, headers });
}

export function html(status, body, headers = {}) {
  return lazyResponse(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

export function redirect(location, status = 302, headers = {}) {
  const response = lazyResponse(null, { status, headers: { Location: location, 'Cache-Control': 'no-store' } });
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) value.forEach((v) => response.headers.append(name, v));
    else response.headers.set(name, value);
  }
  return response;
}

async function readText(request) {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new ApiError(413, 'The request body is too large.');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, 'The request body is too large.');
  return text;
}

/** The JSON body, or `fallback` when there is none; 400 when it is not JSON. */
export async function readStoreJson(request, fallback = undefined) {
  const text = await readText(request);
  if (!text.trim()) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
}

/** An application/x-www-form-urlencoded body as URLSearchParams. */
export async function readForm(request) {
  const text = await readText(request);
  return new URLSearchParams(text);
}

export function parseCookies(header) {
  const cookies = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (!(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

export function serializeCookie(name, value, { maxAge, secure, sameSite = 'Lax', httpOnly = true, path = '/' } = {}) {
  const parts = [`${name}=${value}`, `Path=${path}`, `SameSite=${sameSite}`];
  if (httpOnly) parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

/** `include=a,b&include=c` as a Set. */
export function includesOf(url) {
  const set = new Set();
  for (const value of url.searchParams.getAll('include')) {
    for (const item of value.split(',')) if (item.trim()) set.add(item.trim());
  }
  return set;
}

/** A comma-separated list of positive integers from a query (`id:in=1,2`), or null when absent. */
export function integerList(url, key) {
  const raw = url.searchParams.get(key);
  if (raw === null) return null;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.every((s) => /^\d{1,10}$/.test(s))) {
    throw new ApiError(422, 'The filter parameter is not valid.', { errors: { [key]: 'must be a comma-separated list of integers' } });
  }
  return items.map(Number);
}

/** page/limit from a query, clamped the way BigCommerce does (limit up to `max`). */
export function pageOf(url, { defaultLimit = 50, max = 250 } = {}) {
  const page = Number(url.searchParams.get('page') ?? 1);
  const limit = Number(url.searchParams.get('limit') ?? defaultLimit);
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, max) : defaultLimit,
  };
}

/** meta.pagination as the v3 collection endpoints give it (products_catalog.v3.yml pagination_Full). */
export function pagination(url, total, { page, limit }, count) {
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const link = (p) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(p));
    params.set('limit', String(limit));
    return `?${params}`;
  };
  const links = { current: link(page) };
  if (page > 1) links.previous = link(page - 1);
  if (page < totalPages) links.next = link(page + 1);
  return { total, count, per_page: limit, current_page: page, total_pages: totalPages, links };
}

export function paginate(items, { page, limit }) {
  return items.slice((page - 1) * limit, page * limit);
}

/** A JSON body must be an object (not an array, not a scalar). */
export function requireObject(body, what = 'body') {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidJson({ [what]: 'error.expected.jsobject' });
  }
  return body;
}
