// The hosted storefront's browsing pages: home, product, category, brand and web pages, search, 404.
// Each page declares its Stencil page type and ids, which the Script Manager placeholders use.
import { isSimple, searchProducts, slugPath, unitPrices } from '../catalog.js';
import { formatMoney } from '../money.js';
import { html, redirect } from '../store-http.js';
import { h, raw, renderPage } from './layout.js';

function priceHtml(product, variant = product.variants[0]) {
  const { original, list } = unitPrices(product, variant, [], 'USD');
  return list < original
    ? h`<span class="price"><del aria-label="Was">${formatMoney(original, 'USD')}</del> <span aria-label="Now">${formatMoney(list, 'USD')}</span></span>`
    : h`<span class="price">${formatMoney(list, 'USD')}</span>`;
}

function productCard(product) {
  const fromPrice = isSimple(product) ? priceHtml(product) : h`<span class="price">from ${formatMoney(Math.min(...product.variants.map((v) => unitPrices(product, v, [], 'USD').list)), 'USD')}</span>`;
  return h`<li>
    <a href="${slugPath(product)}"><img src="${product.images[0].path}" alt="" width="400" height="400" loading="lazy">
    <span class="product-name">${product.name}</span></a>
    <p>${fromPrice}</p>
  </li>`;
}

const productGrid = (products) => (products.length ? h`<ul class="products">${products.map(productCard)}</ul>` : h`<p>No products here yet.</p>`);
const visible = (ctx) => ctx.state.products.filter((p) => p.is_visible);

function optionControl(option) {
  const name = `attribute[${option.id}]`;
  const values = [...option.values].sort((a, b) => a.sort_order - b.sort_order);
  if (option.type === 'dropdown') {
    return h`<label for="option-${option.id}">${option.display_name}</label>
      <select id="option-${option.id}" name="${name}" required>
        ${values.map((v) => h`<option value="${v.id}" ${v.is_default ? raw('selected') : ''}>${v.label}</option>`)}
      </select>`;
  }
  return h`<fieldset><legend>${option.display_name}</legend>
    ${values.map((v) => h`<label class="choice"><input type="radio" name="${name}" value="${v.id}" ${v.is_default ? raw('checked') : ''} required> ${v.label}</label>`)}
  </fieldset>`;
}

function modifierControl(modifier) {
  const name = `attribute[${modifier.id}]`;
  if (modifier.type === 'text') {
    const max = modifier.config.text_max_length ?? 1000;
    return h`<label for="modifier-${modifier.id}">${modifier.display_name}${modifier.required ? '' : ' (optional)'}</label>
      <input id="modifier-${modifier.id}" name="${name}" type="text" maxlength="${max}" aria-describedby="modifier-${modifier.id}-hint" ${modifier.required ? raw('required') : ''}>
      <p id="modifier-${modifier.id}-hint" class="muted">Up to ${max} characters.</p>`;
  }
  return h`<label for="modifier-${modifier.id}">${modifier.display_name}</label>
    <select id="modifier-${modifier.id}" name="${name}">
      ${modifier.required ? '' : h`<option value="">None</option>`}
      ${modifier.values.map((v) => h`<option value="${v.id}">${v.label}${v.adjust ? ` (+${formatMoney(v.adjust.USD, 'USD')})` : ''}</option>`)}
    </select>`;
}

function stockNote(product) {
  if (product.inventory_tracking === 'product' && product.inventory_level <= 0) return h`<p class="notice error">Out of stock</p>`;
  if (product.inventory_tracking === 'variant' && product.variants.every((v) => v.inventory_level <= 0)) return h`<p class="notice error">Out of stock</p>`;
  return '';
}

/** The product page; `error` is a refusal from the cart to show above the form. */
export function productPage(ctx, product, { session, error, status = 200 } = {}) {
  const brand = ctx.state.brands.find((b) => b.id === product.brand_id);
  const limits = [];
  if (product.order_quantity_minimum > 0) limits.push(`Buy at least ${product.order_quantity_minimum}.`);
  if (product.order_quantity_maximum > 0) limits.push(`At most ${product.order_quantity_maximum} per order.`);
  const variantNotes = product.variants.filter((v) => v.purchasing_disabled || (product.inventory_tracking === 'variant' && v.inventory_level <= 0));
  const body = h`<article class="product">
    <h1>${product.name}</h1>
    ${brand ? h`<p>by <a href="/brands/${brand.slug}/">${brand.name}</a></p>` : ''}
    <img src="${product.images[0].path}" alt="${product.name}" width="400" height="400">
    <p>${priceHtml(product)}</p>
    ${raw(product.description)}
    ${product.type === 'digital' ? h`<p>Digital download: nothing is shipped.</p>` : ''}
    ${limits.length ? h`<p>${limits.join(' ')}</p>` : ''}
    ${variantNotes.map((v) => h`<p class="muted">${v.sku}: ${v.purchasing_disabled ? v.purchasing_disabled_message || 'not available' : 'out of stock'}</p>`)}
    ${stockNote(product)}
    ${error ? h`<p class="notice error" role="alert" data-focus>${error}</p>` : ''}
    <form method="post" action="/cart.php" class="panel">
      <input type="hidden" name="action" value="add">
      <input type="hidden" name="product_id" value="${product.id}">
      ${product.options.map(optionControl)}
      ${product.modifiers.map(modifierControl)}
      <label for="quantity">Quantity</label>
      <input id="quantity" name="qty" type="number" min="1" value="${Math.max(1, product.order_quantity_minimum)}" required>
      <p><button type="submit">Add to cart</button></p>
    </form>
  </article>`;
  return html(status, renderPage(ctx, { title: product.name, pageType: 'product', ids: { productId: product.id, productUrl: `${ctx.options.origin}/${product.slug}/` }, body, session }));
}

export function registerStorefrontRoutes(pages, ctx) {
  pages.add('GET', '/', async ({ session }) => {
    const featured = visible(ctx).filter((p) => p.is_featured);
    const body = h`<h1>${ctx.state.store.name}</h1>
      <p>A sandbox BigCommerce store for the headless storefront at <a href="${ctx.options.siteUrl}">${ctx.options.siteUrl}</a>.</p>
      <h2>Featured</h2>${productGrid(featured)}
      <h2>Everything</h2>${productGrid(visible(ctx).filter((p) => !p.is_featured))}`;
    return html(200, renderPage(ctx, { title: 'Home', pageType: 'home', body, session }));
  });

  pages.add('GET', '/search.php', async ({ url, session }) => {
    const query = (url.searchParams.get('search_query') ?? '').slice(0, 200);
    const results = query ? searchProducts(ctx.state, query).filter((p) => p.is_visible) : [];
    const body = h`<h1>Search</h1>
      <form action="/search.php" method="get" role="search">
        <label for="search-page-query">Search the store</label>
        <input id="search-page-query" name="search_query" type="search" value="${query}">
        <button type="submit">Search</button>
      </form>
      ${query ? h`<h2 aria-live="polite">${results.length} result${results.length === 1 ? '' : 's'} for “${query}”</h2>${productGrid(results)}` : ''}`;
    return html(200, renderPage(ctx, { title: query ? `Search: ${query}` : 'Search', pageType: 'search', body, session }));
  });

  pages.add('GET', '/brands/', async ({ session }) => {
    const body = h`<h1>Brands</h1><ul>${ctx.state.brands.map((b) => h`<li><a href="/brands/${b.slug}/">${b.name}</a></li>`)}</ul>`;
    return html(200, renderPage(ctx, { title: 'Brands', pageType: 'brands', body, session }));
  });

  pages.add('GET', '/brands/:slug/', async ({ params, session }) => {
    const brand = ctx.state.brands.find((b) => b.slug === params.slug);
    if (!brand) return null;
    const body = h`<h1>${brand.name}</h1>${productGrid(visible(ctx).filter((p) => p.brand_id === brand.id))}`;
    return html(200, renderPage(ctx, { title: brand.name, pageType: 'brand', ids: { brandUrl: `${ctx.options.origin}/brands/${brand.slug}/` }, body, session }));
  });

  // Products, categories and web pages share the /{slug}/ space, as on a Stencil store.
  pages.add('GET', '/:slug/', async ({ params, session }) => {
    const product = ctx.state.products.find((p) => p.slug === params.slug && p.is_visible);
    if (product) return productPage(ctx, product, { session });
    const category = ctx.state.categories.find((c) => c.slug === params.slug);
    if (category) {
      const body = h`<h1>${category.name}</h1><p>${category.description}</p>${productGrid(visible(ctx).filter((p) => p.categories.includes(category.id)))}`;
      return html(200, renderPage(ctx, { title: category.name, pageType: 'category', ids: { categoryId: category.id, categoryUrl: `${ctx.options.origin}/${category.slug}/` }, body, session }));
    }
    const page = ctx.state.pages.find((p) => p.slug === params.slug);
    if (page) {
      return html(200, renderPage(ctx, { title: page.name, pageType: 'page', ids: { pageId: page.id }, body: h`<h1>${page.name}</h1>${raw(page.body)}`, session }));
    }
    return null;
  });

  pages.add('GET', '/:slug', async ({ params }) => {
    const known = [...ctx.state.products, ...ctx.state.categories, ...ctx.state.pages].some((e) => e.slug === params.slug);
    return known ? redirect(`/${params.slug}/`, 301) : null;
  });
}

