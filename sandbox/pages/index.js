// The hosted store's front door: routes, the same-origin check on form posts, 404 and error pages.
import { ApiError, PageError } from '../errors.js';
import { html } from '../store-http.js';
import { registerLoginTokenRoutes } from '../login-token.js';
import { createRouteTable } from '../../server/transport/index.js';
import { registerAccountRoutes } from './account.js';
import { registerAssetRoutes } from './assets.js';
import { registerCartPageRoutes } from './cart-page.js';
import { registerCheckoutPageRoutes } from './checkout-page.js';
import { errorPage } from './layout.js';
import { registerSetupProbeRoutes } from './setup-probe.js';
import { registerStorefrontRoutes } from './storefront.js';

/**
 * Browsers send Origin (or at least Referer) with a form post; one from another site is refused (CSRF). On a
 * channel's checkout domain only that domain's own pages may post: the store's pages are another origin there.
 */
function sameOrigin(request, url, ctx) {
  const addressed = ctx.addressedOrigin(url);
  const allowed = addressed === ctx.options.origin ? new Set([ctx.options.origin, url.origin]) : new Set([addressed]);
  const origin = request.headers.get('origin');
  if (origin) return allowed.has(origin);
  const referer = request.headers.get('referer');
  if (!referer) return true;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

export function createPageHandler(ctx) {
  const pages = createRouteTable();
  registerLoginTokenRoutes(pages, ctx);
  registerAssetRoutes(pages, ctx);
  registerCheckoutPageRoutes(pages, ctx);
  registerCartPageRoutes(pages, ctx);
  registerAccountRoutes(pages, ctx);
  registerSetupProbeRoutes(pages, ctx);
  registerStorefrontRoutes(pages, ctx); // last: it owns the /{slug}/ space

  const notFound = (session) => html(404, errorPage(ctx, { title: 'Page not found', message: 'There is no page at this address.', session }));

  return async function handlePage(request, url, info) {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    let session = null;
    try {
      session = ctx.sessions.fromRequest(request);
      const corsEndpoint = url.pathname.startsWith('/login/token/');
      if (method === 'POST' && !corsEndpoint && !sameOrigin(request, url, ctx)) {
        throw new PageError(403, 'Request refused', 'Forms of this store can only be sent from its own pages.');
      }
      const found = pages.match(method, url.pathname);
      if (!found) return notFound(session);
      if (found.allow) {
        return new Response(`${request.method} is not allowed here.`, { status: 405, headers: { Allow: found.allow.join(', '), 'Content-Type': 'text/plain; charset=utf-8' } });
      }
      const response = await found.handler({ request, url, params: found.params, info, session });
      return response ?? notFound(session);
    } catch (error) {
      if (error instanceof PageError || error instanceof ApiError) {
        return html(error.status, errorPage(ctx, { title: error.title, message: error instanceof PageError ? error.message : error.title, session }));
      }
      ctx.log(`sandbox: unexpected error in ${request.method} ${url.pathname}: ${error && error.stack ? error.stack : error}`);
      return html(500, errorPage(ctx, { title: 'Something went wrong', message: 'The sandbox store hit an internal error; see its log.', session }));
    }
  };
}
