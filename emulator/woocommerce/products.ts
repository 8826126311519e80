import { emulatedProductId, handleOf, type FeedProduct } from '../productFeed';

/**
 * The body of WooCommerce's product.created / product.updated webhooks: the REST API v3
 * Product resource (https://woocommerce.github.io/woocommerce-rest-api-docs/#product-properties).
 * product.deleted carries `{ "id": … }` only.
 */
export function wooProductBody(product: FeedProduct, action: 'create' | 'update' | 'delete', updatedAt: Date, siteUrl: string): string {
  const id = Number(product.id ?? emulatedProductId(product.sku));
  if (action === 'delete') return JSON.stringify({ id });
  const gmt = updatedAt.toISOString().slice(0, 19);
  const slug = handleOf(product);
  return JSON.stringify({
    id,
    name: product.title,
    slug,
    permalink: `${siteUrl.replace(/\/$/, '')}/product/${slug}/`,
    date_created_gmt: gmt,
    date_modified_gmt: gmt,
    type: 'simple',
    status: product.status === 'active' ? 'publish' : 'draft',
    sku: product.sku,
    price: product.price,
    regular_price: product.price,
    sale_price: '',
    stock_status: 'instock',
    images: product.imageUrl ? [{ id: id + 1, src: product.imageUrl, name: slug, alt: '' }] : [],
  });
}
