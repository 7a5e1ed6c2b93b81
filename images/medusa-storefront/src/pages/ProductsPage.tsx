import type { HttpTypes } from '@medusajs/types';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ProductImage } from '../ProductImage';
import { describeError, formatPrice } from '../shop';
import { useShop } from '../ShopContext';

export const PRODUCT_FIELDS =
  '*variants.calculated_price,+variants.inventory_quantity';

/** The cheapest variant's price in the store's region. */
export function fromPrice(product: HttpTypes.StoreProduct): number | undefined {
  const amounts = (product.variants ?? [])
    .map(v => v.calculated_price?.calculated_amount)
    .filter((a): a is number => typeof a === 'number');
  return amounts.length ? Math.min(...amounts) : undefined;
}

export function ProductsPage() {
  const { sdk, region } = useShop();
  const [products, setProducts] = useState<HttpTypes.StoreProduct[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    sdk.store.product
      .list({ region_id: region.id, fields: PRODUCT_FIELDS, limit: 50 })
      .then(r => setProducts(r.products))
      .catch(e => setError(describeError(e)));
  }, [sdk, region]);

  if (error) return <p className="notice error">{error}</p>;
  if (!products) return <p className="notice">Loading products…</p>;
  if (!products.length)
    return <p className="notice">No products for sale yet.</p>;
  return (
    <section>
      <h1>Products</h1>
      <ul className="grid">
        {products.map(product => (
          <li key={product.id}>
            <Link to={`/products/${product.handle}`} className="card">
              <ProductImage product={product} />
              <span className="title">{product.title}</span>
              <span className="price">
                {formatPrice(fromPrice(product), region.currency_code)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
