import { emulatedProductId, handleOf, type FeedProduct } from '../productFeed';

/**
 * The body of Shopify's products/create and products/update webhooks: the REST Admin API
 * Product resource (https://shopify.dev/docs/api/admin-rest/latest/resources/product),
 * one variant, the main image. products/delete carries only the id.
 */
export function shopifyProductBody(product: FeedProduct, action: 'create' | 'update' | 'delete', updatedAt: Date): string {
  // Emulated ids stay below 2^53, so plain JSON numbers carry them exactly.
  const id = Number(product.id ?? emulatedProductId(product.sku));
  if (action === 'delete') return JSON.stringify({ id });
  const at = updatedAt.toISOString();
  const image = product.imageUrl ? { id: id + 1, product_id: id, position: 1, src: product.imageUrl, alt: null, width: 800, height: 800 } : null;
  return JSON.stringify({
    id,
    title: product.title,
    body_html: `<p>${product.title}</p>`,
    vendor: 'Huixin Demo',
    product_type: '',
    created_at: at,
    handle: handleOf(product),
    updated_at: at,
    published_at: product.status === 'active' ? at : null,
    status: product.status,
    tags: '',
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    variants: [
      {
        id: id + 2,
        product_id: id,
        title: 'Default Title',
        price: product.price,
        sku: product.sku,
        position: 1,
        compare_at_price: null,
        inventory_quantity: 12,
        created_at: at,
        updated_at: at,
      },
    ],
    options: [{ name: 'Title', values: ['Default Title'] }],
    images: image ? [image] : [],
    image,
  });
}
