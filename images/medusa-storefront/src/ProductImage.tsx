import type { HttpTypes } from '@medusajs/types';

/** A hue of its own for each product, so placeholder tiles tell products apart. */
const hueOf = (text: string) =>
  [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);

/** The product's first image, or a placeholder tile with the initial of its last word. */
export function ProductImage({ product }: { product: HttpTypes.StoreProduct }) {
  const src = product.thumbnail ?? product.images?.[0]?.url;
  if (src)
    return <img className="product-image" src={src} alt={product.title} />;
  const hue = hueOf(product.title);
  return (
    <div
      className="product-image placeholder"
      role="img"
      aria-label={product.title}
      style={{
        background: `linear-gradient(135deg, hsl(${hue} 70% 55%), hsl(${
          (hue + 40) % 360
        } 70% 45%))`,
      }}
    >
      {product.title.split(/\s+/).pop()!.slice(0, 1)}
    </div>
  );
}
