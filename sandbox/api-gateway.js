// The REST front door: requests under /stores/{store_hash}/v3 and /v2 (the servers of every BigCommerce OpenAPI
// file) are checked for the store hash and X-Auth-Token before the route table's handler runs.
import { timingSafeEqual } from 'node:crypto';
import { ApiError, STATUS_CODES_URL } from './errors.js';
import { storeJson } from './store-http.js';

function sameSecret(given, expected) {
  const a = Buffer.from(given ?? '', 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The REST front door: /stores/{hash}/v2|v3/...; 404 for another store, 401 without the right token.
 * @returns {(request: Request, info: object) => Promise<Response>}
 */
export function createApiHandler({ router, storeHash, accessToken, log }) {
  const prefix = /^\/stores\/([^/]+)(\/v[23]\/.*)$/;
  return async function handleApi(request, url, info) {
    try {
      const m = prefix.exec(url.pathname);
      if (!m || m[1] !== storeHash) throw new ApiError(404, 'Store not found.');
      if (!sameSecret(request.headers.get('x-auth-token'), accessToken)) {
        // The gateway's answer to a missing or wrong token.
        throw new ApiError(401, 'Unauthorized: the X-Auth-Token header is missing or not valid for this store.');
      }
      const path = m[2];
      const found = router.match(request.method, path);
      if (!found) throw new ApiError(404, `No route for ${request.method} ${path}.`);
      if (found.allow) {
        throw new ApiError(405, `${request.method} is not allowed here.`, { headers: { Allow: found.allow.join(', ') } });
      }
      return await found.handler({ request, url, params: found.params, info });
    } catch (error) {
      if (error instanceof ApiError) return storeJson(error.status, error.toBody(), error.headers);
      log(`sandbox: unexpected error in ${request.method} ${url.pathname}: ${error && error.stack ? error.stack : error}`);
      return storeJson(500, { status: 500, title: 'Internal Server Error', type: STATUS_CODES_URL });
    }
  };
}
