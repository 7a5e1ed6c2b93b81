import type Medusa from '@medusajs/js-sdk';
import type { HttpTypes } from '@medusajs/types';
import { useEffect, useState } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { CartPage } from './pages/CartPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { OrderConfirmedPage } from './pages/OrderConfirmedPage';
import { ProductPage } from './pages/ProductPage';
import { ProductsPage } from './pages/ProductsPage';
import {
  createClient,
  describeError,
  loadConfig,
  loadShopName,
  ShopConfig,
} from './shop';
import { ShopProvider, useShop } from './ShopContext';

interface Loaded {
  config: ShopConfig;
  sdk: Medusa;
  region: HttpTypes.StoreRegion;
}

/** Loads the run-time config and the store's region, then shows the shop. */
export function App() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    (async () => {
      const loadedConfig = await loadConfig();
      const sdk = createClient(loadedConfig);
      const [{ regions }, name] = await Promise.all([
        sdk.store.region.list({ limit: 1 }),
        loadShopName(sdk),
      ]);
      const config = { ...loadedConfig, title: name || loadedConfig.title };
      document.title = config.title;
      if (!regions.length)
        throw new Error('This store sells in no region yet.');
      setLoaded({ config, sdk, region: regions[0] });
    })().catch(e => setError(describeError(e)));
  }, []);

  if (error)
    return <p className="notice error">The shop cannot open: {error}</p>;
  if (!loaded) return <p className="notice">Opening the shop…</p>;
  return (
    <ShopProvider {...loaded}>
      <BrowserRouter>
        <Header />
        <main>
          <Routes>
            <Route path="/" element={<ProductsPage />} />
            <Route path="/products/:handle" element={<ProductPage />} />
            <Route path="/cart" element={<CartPage />} />
            <Route path="/checkout" element={<CheckoutPage />} />
            <Route
              path="/order/confirmed/:id"
              element={<OrderConfirmedPage />}
            />
            <Route
              path="*"
              element={<p className="notice">This page does not exist.</p>}
            />
          </Routes>
        </main>
      </BrowserRouter>
    </ShopProvider>
  );
}

function Header() {
  const { config, cart } = useShop();
  const count = cart?.items?.reduce((n, item) => n + item.quantity, 0) ?? 0;
  return (
    <header>
      <Link to="/" className="brand">
        {config.title}
      </Link>
      <Link to="/cart" className="cart-link">
        Cart ({count})
      </Link>
    </header>
  );
}
