import type { HttpTypes } from '@medusajs/types';

/** The product's first image, or a placeholder tile with its initial when it has none. */
export function ProductImage({ product }: { product: HttpTypes.StoreProduct }) {
  const src = product.thumbnail ?? product.images?.[0]?.url;
  if (src) return <img className="product-image" src={src} alt={product.title} />;
  return (
    <div className="product-image placeholder" role="img" aria-label={product.title}>
      {product.title.slice(0, 1)}
    </div>
  );
}
