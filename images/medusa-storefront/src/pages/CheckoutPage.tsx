import type { HttpTypes } from '@medusajs/types';
import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, formatPrice } from '../shop';
import { useShop } from '../ShopContext';

const ADDRESS_FIELDS = [
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['address_1', 'Address'],
  ['postal_code', 'Postal code'],
  ['city', 'City'],
] as const;

type Address = Record<
  (typeof ADDRESS_FIELDS)[number][0] | 'country_code',
  string
>;

/**
 * One page, two steps: the customer's e-mail and address, then a shipping option and the
 * store's payment provider (Medusa's system provider: pay on delivery) → the order.
 */
export function CheckoutPage() {
  const { sdk, region, cart, setCart } = useShop();
  const navigate = useNavigate();
  const countries = region.countries ?? [];
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState<Address>({
    first_name: '',
    last_name: '',
    address_1: '',
    postal_code: '',
    city: '',
    country_code: countries[0]?.iso_2 ?? '',
  });
  const [options, setOptions] = useState<HttpTypes.StoreCartShippingOption[]>();
  const [optionId, setOptionId] = useState<string>();
  const [providers, setProviders] = useState<HttpTypes.StorePaymentProvider[]>(
    [],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    sdk.store.payment
      .listPaymentProviders({ region_id: region.id })
      .then(r => setProviders(r.payment_providers))
      .catch(e => setError(describeError(e)));
  }, [sdk, region]);

  if (!cart?.items?.length) {
    return (
      <p className="notice">
        Your cart is empty. <Link to="/">Continue shopping</Link>
      </p>
    );
  }

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const saveAddress = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const { cart: updated } = await sdk.store.cart.update(cart.id, {
        email,
        shipping_address: address,
        billing_address: address,
      });
      setCart(updated);
      const { shipping_options } = await sdk.store.fulfillment.listCartOptions({
        cart_id: cart.id,
      });
      setOptions(shipping_options);
      setOptionId(shipping_options[0]?.id);
    });
  };

  const placeOrder = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      if (!optionId) throw new Error('Choose a shipping option.');
      const provider = providers[0];
      if (!provider)
        throw new Error('This store takes no payment in your region.');
      const { cart: shipped } = await sdk.store.cart.addShippingMethod(
        cart.id,
        {
          option_id: optionId,
        },
      );
      await sdk.store.payment.initiatePaymentSession(shipped, {
        provider_id: provider.id,
      });
      const result = await sdk.store.cart.complete(cart.id);
      if (result.type !== 'order') throw new Error(result.error.message);
      setCart(undefined);
      navigate(`/order/confirmed/${result.order.id}`);
    });
  };

  return (
    <section className="checkout">
      <h1>Checkout</h1>
      <form onSubmit={saveAddress}>
        <h2>1. Contact and delivery</h2>
        <label>
          Email
          <input
            type="email"
            required
            value={email}
            onChange={e => setEmail(e.target.value)}
          />
        </label>
        {ADDRESS_FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              required
              value={address[key]}
              onChange={e => setAddress({ ...address, [key]: e.target.value })}
            />
          </label>
        ))}
        <label>
          Country
          <select
            value={address.country_code}
            onChange={e =>
              setAddress({ ...address, country_code: e.target.value })
            }
          >
            {countries.map(c => (
              <option key={c.iso_2} value={c.iso_2}>
                {c.display_name ?? c.iso_2?.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Continue to delivery
        </button>
      </form>

      {options && (
        <form onSubmit={placeOrder}>
          <h2>2. Delivery and payment</h2>
          {options.length === 0 && (
            <p className="error">No delivery to this address.</p>
          )}
          {options.map(option => (
            <label key={option.id} className="choice">
              <input
                type="radio"
                name="shipping"
                checked={optionId === option.id}
                onChange={() => setOptionId(option.id)}
              />
              {option.name} — {formatPrice(option.amount, cart.currency_code)}
            </label>
          ))}
          <p>
            Payment:{' '}
            <strong>
              {providers[0] ? 'Pay on delivery' : 'none available'}
            </strong>
          </p>
          <button type="submit" disabled={busy || !optionId}>
            {busy ? 'Placing order…' : 'Place order'}
          </button>
        </form>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
