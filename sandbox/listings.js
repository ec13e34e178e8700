// Channel listings (channels.v3.yml: getChannelListings, createChannelListings): which products a channel
// sells. A channel with no listings answers 200 with empty data, as BigCommerce does; the stub then shows the
// whole visible catalog. Paged by cursor (`after` a listing id), at most 1,000 a page.
import { findProduct } from './catalog.js';
import { ApiError } from './errors.js';
import { readStoreJson, storeJson } from './store-http.js';

const STATES = ['active', 'disabled', 'error', 'pending', 'pending_disable', 'pending_delete', 'partially_rejected', 'queued', 'rejected', 'submitted', 'deleted'];

function channelOf(ctx, raw) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, 'The channel id is not valid.');
  return id;
}

function renderListing(listing) {
  return {
    channel_id: listing.channel_id,
    listing_id: listing.listing_id,
    external_id: listing.external_id ?? '',
    product_id: listing.product_id,
    state: listing.state,
    name: listing.name,
    description: listing.description,
    date_created: listing.date_created,
    date_modified: listing.date_modified,
    variants: listing.variants,
  };
}

export function registerListingRoutes(router, ctx) {
  router.add('GET', '/v3/channels/:channelId/listings', async ({ url, params }) => {
    const channelId = channelOf(ctx, params.channelId);
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
    const after = Number(url.searchParams.get('after') ?? 0) || 0;
    const products = url.searchParams.get('product_id:in')?.split(',').map(Number);
    let list = (ctx.state.listings ?? []).filter((l) => l.channel_id === channelId && l.listing_id > after);
    if (products) list = list.filter((l) => products.includes(l.product_id));
    const page = list.slice(0, limit);
    const links = { current: `?limit=${limit}${after ? `&after=${after}` : ''}` };
    if (list.length > limit) links.next = `?limit=${limit}&after=${page[page.length - 1].listing_id}`;
    return storeJson(200, { data: page.map(renderListing), meta: { pagination: { count: page.length, total: list.length, links, total_pages: Math.max(1, Math.ceil(list.length / limit)) } } });
  });

  router.add('POST', '/v3/channels/:channelId/listings', async ({ request, params }) => {
    const channelId = channelOf(ctx, params.channelId);
    const body = await readStoreJson(request);
    return ctx.transact(() => {
      if (!Array.isArray(body) || body.length === 0) throw new ApiError(422, 'Send an array of listings.', { errors: { body: 'error.expected.jsarray' } });
      const errors = {};
      body.forEach((raw, i) => {
        if (!raw || typeof raw !== 'object') errors[`${i}`] = 'must be an object';
        else if (!Number.isInteger(raw.product_id) || !findProduct(ctx.state, raw.product_id)) errors[`${i}.product_id`] = 'Product does not exist';
        else if (!STATES.includes(raw.state)) errors[`${i}.state`] = `must be one of ${STATES.join(', ')}`;
      });
      if (Object.keys(errors).length) throw new ApiError(422, 'Some listings are not valid.', { errors });
      ctx.state.listings ??= [];
      const stamp = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const created = body.map((raw) => {
        const product = findProduct(ctx.state, raw.product_id);
        const listing = {
          channel_id: channelId,
          listing_id: (ctx.state.listings.at(-1)?.listing_id ?? 0) + 1,
          external_id: typeof raw.external_id === 'string' ? raw.external_id : '',
          product_id: raw.product_id,
          state: raw.state,
          name: typeof raw.name === 'string' ? raw.name : product.name,
          description: typeof raw.description === 'string' ? raw.description : '',
          date_created: stamp,
          date_modified: stamp,
          variants: Array.isArray(raw.variants) ? raw.variants.map((v) => ({ channel_id: channelId, product_id: raw.product_id, variant_id: v.variant_id, state: v.state ?? raw.state, name: v.name ?? '', date_created: stamp, date_modified: stamp })) : [],
        };
        ctx.state.listings.push(listing);
        return renderListing(listing);
      });
      return storeJson(200, { data: created, meta: {} });
    });
  });
}
