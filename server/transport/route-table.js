// Used on every platform: the stub's routes and the sandbox's REST and page routes.
// One table of `:param` patterns, and for a known path with another method the methods it does allow (a 405 with
// `Allow`, RFC 9110 section 15.5.6), so the stub and the sandbox answer a wrong method alike.

/**
 * @template H
 * @param {{ decodeParams?: boolean }} [options] `decodeParams: false` hands params over as they stand in the path,
 *   for tables whose params are plain tokens (ids) where a %-escaped one is no such token.
 * @returns {{ add(method: string, pattern: string, handler: H): void,
 *             match(method: string, path: string): { handler: H, params: Record<string, string> } | { allow: string[] } | null }}
 */
export function createRouteTable({ decodeParams = true } = {}) {
  const routes = [];

  /** `pattern` like "/v3/carts/:cartId/items/:itemId"; a param matches one non-empty path segment. */
  function add(method, pattern, handler) {
    const names = [];
    const source = pattern
      .split('/')
      .map((part) => {
        if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(part.slice(1));
        return '([^/]+)';
      })
      .join('/');
    routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
  }

  /** The handler and its decoded params; `{ allow }` when the path is known but not with this method; else null. */
  function match(method, path) {
    const allow = [];
    for (const route of routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        if (!allow.includes(route.method)) allow.push(route.method);
        continue;
      }
      const params = {};
      try {
        route.names.forEach((name, i) => { params[name] = decodeParams ? decodeURIComponent(m[i + 1]) : m[i + 1]; });
      } catch {
        return null; // a malformed %-escape names no resource
      }
      return { handler: route.handler, params };
    }
    return allow.length ? { allow } : null;
  }

  return { add, match };
}
