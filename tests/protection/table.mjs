// The site-protection table (pages.json) and how a hosted page's Stencil context reaches the snippet: the
// sandbox store's own renderer (sandbox/scripts.js fillPlaceholders) fills the placeholders, as
// Stencil would. Pages without a pageType had no Handlebars context: their placeholders stay unrendered.
import { readFileSync } from 'node:fs';
import { fillPlaceholders } from '../../sandbox/scripts.js';

export const table = JSON.parse(readFileSync(new URL('./pages.json', import.meta.url), 'utf8'));
export const snippetRunnerSource = readFileSync(new URL('./snippet-runner.js', import.meta.url), 'utf8');

export function renderedSnippet(snippet, page) {
  const type = page.pageType;
  if (!type) return snippet;
  const of = (kind, value) => (type === kind ? value : undefined);
  return fillPlaceholders(snippet, {
    pageType: type,
    productId: of('product', page.id),
    productUrl: of('product', page.entityUrl),
    categoryId: of('category', page.id),
    categoryUrl: of('category', page.entityUrl),
    brandUrl: of('brand', page.entityUrl),
    pageId: of('page', page.id),
  });
}
