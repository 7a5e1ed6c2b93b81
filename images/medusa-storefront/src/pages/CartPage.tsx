import { Link } from 'react-router';
import { describeError, formatPrice } from '../shop';
import { useShop } from '../ShopContext';
import { useState } from 'react';

export function CartPage() {
  const { sdk, cart, setCart } = useShop();
  const [error, setError] = useState<string>();
  const items = cart?.items ?? [];

  if (!items.length) {
    return (
      <section>
        <h1>Cart</h1>
        <p className="notice">
          Your cart is empty. <Link to="/">Continue shopping</Link>
        </p>
      </section>
    );
  }
  const remove = (lineId: string) =>
    sdk.store.cart
      .deleteLineItem(cart!.id, lineId)
      .then(r => setCart(r.parent))
      .catch(e => setError(describeError(e)));

  return (
    <section>
      <h1>Cart</h1>
      <table className="lines">
        <tbody>
          {items.map(item => (
            <tr key={item.id}>
              <td>{item.product_title ?? item.title}</td>
              <td>× {item.quantity}</td>
              <td>{formatPrice(item.total, cart!.currency_code)}</td>
              <td>
                <button className="link" onClick={() => remove(item.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total">
        Subtotal:{' '}
        {formatPrice(
          cart!.item_subtotal ?? cart!.subtotal,
          cart!.currency_code,
        )}
      </p>
      {error && <p className="error">{error}</p>}
      <Link to="/checkout" className="button">
        Checkout
      </Link>
    </section>
  );
}
