import type { HttpTypes } from '@medusajs/types';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeError, formatPrice } from '../shop';
import { useShop } from '../ShopContext';

export function OrderConfirmedPage() {
  const { id } = useParams();
  const { sdk } = useShop();
  const [order, setOrder] = useState<HttpTypes.StoreOrder>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    sdk.store.order
      .retrieve(id!)
      .then(r => setOrder(r.order))
      .catch(e => setError(describeError(e)));
  }, [sdk, id]);

  if (error) return <p className="notice error">{error}</p>;
  if (!order) return <p className="notice">Loading your order…</p>;
  return (
    <section>
      <h1>Thank you for your order</h1>
      <p>
        Order{' '}
        <strong data-testid="order-display-id">#{order.display_id}</strong>, id{' '}
        <code data-testid="order-id">{order.id}</code>
      </p>
      <p>
        A confirmation goes to {order.email}. Total:{' '}
        {formatPrice(order.total, order.currency_code)}
      </p>
      <Link to="/">Continue shopping</Link>
    </section>
  );
}
