// The REST front door: requests under /stores/{store_hash}/v3 and /v2 (the servers of every BigCommerce OpenAPI
// file) are checked for the store hash and X-Auth-Token, then counted against the store's quota
// (sandbox/rate-quota.js), before the route table's handler runs.
import { timingSafeEqual } from 'node:crypto';
import { ApiError, STATUS_CODES_URL } from './errors.js';
import { storeJson } from './store-http.js';

function sameSecret(given, expected) {
  const a = Buffer.from(given ?? '', 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The REST front door: /stores/{hash}/v2|v3/...; 404 for another store, 401 without the right token, 429 over
 * the quota. `router` holds { run, template } entries; `quota` is null when the store is unlimited.
 * @returns {(request: Request, url: URL, info: object) => Promise<Response>}
 */
export function createApiHandler({ router, storeHash, accessToken, log, quota = null, calls }) {
  const prefix = /^\/stores\/([^/]+)(\/v[23]\/.*)$/;
  return async function handleApi(request, url, info) {
    // The rate-limit headers go on every answer the quota counted, errors included (BigCommerce docs, API rate limits).
    let rateHeaders = null;
    try {
      const m = prefix.exec(url.pathname);
      if (!m || m[1] !== storeHash) throw new ApiError(404, 'Store not found.');
      if (!sameSecret(request.headers.get('x-auth-token'), accessToken)) {
        // The gateway's answer to a missing or wrong token. Not counted: a stranger's requests would otherwise
        // spend the merchant's quota.
        throw new ApiError(401, 'Unauthorized: the X-Auth-Token header is missing or not valid for this store.');
      }
      const path = m[2];
      const found = router.match(request.method, path);
      calls.record(found?.handler ? found.handler.template : `${request.method} (no route)`);
      if (quota) {
        try {
          rateHeaders = quota.take(storeHash);
        } catch (error) {
          calls.recordLimited();
          throw error;
        }
      }
      if (!found) throw new ApiError(404, `No route for ${request.method} ${path}.`);
      if (found.allow) {
        throw new ApiError(405, `${request.method} is not allowed here.`, { headers: { Allow: found.allow.join(', ') } });
      }
      const response = await found.handler.run({ request, url, params: found.params, info });
      if (rateHeaders) for (const [name, value] of Object.entries(rateHeaders)) response.headers.set(name, value);
      return response;
    } catch (error) {
      if (error instanceof ApiError) return storeJson(error.status, error.toBody(), { ...rateHeaders, ...error.headers });
      log(`sandbox: unexpected error in ${request.method} ${url.pathname}: ${error && error.stack ? error.stack : error}`);
      return storeJson(500, { status: 500, title: 'Internal Server Error', type: STATUS_CODES_URL }, rateHeaders ?? {});
    }
  };
}
