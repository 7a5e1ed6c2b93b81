import type { HttpTypes } from '@medusajs/types';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ProductImage } from '../ProductImage';
import { describeError, formatPrice } from '../shop';
import { useShop } from '../ShopContext';
import { PRODUCT_FIELDS } from './ProductsPage';

export function ProductPage() {
  const { handle } = useParams();
  const { sdk, region, ensureCart, setCart } = useShop();
  const navigate = useNavigate();
  const [product, setProduct] = useState<HttpTypes.StoreProduct | null>();
  const [variantId, setVariantId] = useState<string>();
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    sdk.store.product
      .list({ handle, region_id: region.id, fields: PRODUCT_FIELDS, limit: 1 })
      .then(({ products }) => {
        setProduct(products[0] ?? null);
        setVariantId(products[0]?.variants?.[0]?.id);
      })
      .catch(e => setError(describeError(e)));
  }, [sdk, region, handle]);

  if (error && product === undefined)
    return <p className="notice error">{error}</p>;
  if (product === undefined) return <p className="notice">Loading…</p>;
  if (product === null)
    return <p className="notice">This product does not exist.</p>;

  const variant = product.variants?.find(v => v.id === variantId);
  const addToCart = async () => {
    if (!variant) return;
    setBusy(true);
    setError(undefined);
    try {
      const cart = await ensureCart();
      const { cart: updated } = await sdk.store.cart.createLineItem(cart.id, {
        variant_id: variant.id,
        quantity,
      });
      setCart(updated);
      navigate('/cart');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="product">
      <ProductImage product={product} />
      <div>
        <h1>{product.title}</h1>
        {product.description && <p>{product.description}</p>}
        <p className="price">
          {formatPrice(
            variant?.calculated_price?.calculated_amount,
            region.currency_code,
          )}
        </p>
        {(product.variants?.length ?? 0) > 1 && (
          <label>
            Variant
            <select
              value={variantId}
              onChange={e => setVariantId(e.target.value)}
            >
              {product.variants!.map(v => (
                <option key={v.id} value={v.id}>
                  {v.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Quantity
          <input
            type="number"
            min={1}
            max={99}
            value={quantity}
            onChange={e =>
              setQuantity(Math.max(1, Number(e.target.value) || 1))
            }
          />
        </label>
        <button onClick={addToCart} disabled={!variant || busy}>
          {busy ? 'Adding…' : 'Add to cart'}
        </button>
        {error && <p className="error">{error}</p>}
      </div>
    </section>
  );
}
