import type Medusa from '@medusajs/js-sdk';
import type { HttpTypes } from '@medusajs/types';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import { ShopConfig } from './shop';

const CART_KEY = 'storefleet-shop-cart';

interface Shop {
  config: ShopConfig;
  sdk: Medusa;
  region: HttpTypes.StoreRegion;
  cart?: HttpTypes.StoreCart;
  /** The cart, created in the store's region on first use. */
  ensureCart(): Promise<HttpTypes.StoreCart>;
  setCart(cart: HttpTypes.StoreCart | undefined): void;
}

const ShopContext = createContext<Shop | undefined>(undefined);

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside ShopProvider');
  return shop;
}

export function ShopProvider(props: {
  config: ShopConfig;
  sdk: Medusa;
  region: HttpTypes.StoreRegion;
  children: ReactNode;
}) {
  const { config, sdk, region } = props;
  const [cart, setCartState] = useState<HttpTypes.StoreCart>();

  const setCart = useCallback((next: HttpTypes.StoreCart | undefined) => {
    setCartState(next);
    if (next) localStorage.setItem(CART_KEY, next.id);
    else localStorage.removeItem(CART_KEY);
  }, []);

  // A cart from an earlier visit is picked up again unless it became an order.
  useEffect(() => {
    const id = localStorage.getItem(CART_KEY);
    if (!id) return;
    sdk.store.cart
      .retrieve(id)
      .then(({ cart: found }) =>
        found.completed_at ? setCart(undefined) : setCartState(found),
      )
      .catch(() => setCart(undefined));
  }, [sdk, setCart]);

  const ensureCart = useCallback(async () => {
    if (cart) return cart;
    const { cart: created } = await sdk.store.cart.create({
      region_id: region.id,
    });
    setCart(created);
    return created;
  }, [cart, sdk, region, setCart]);

  return (
    <ShopContext.Provider
      value={{ config, sdk, region, cart, ensureCart, setCart }}
    >
      {props.children}
    </ShopContext.Provider>
  );
}
