import {
  explainInvalidStoreName,
  storeNameSchema,
  storeNamespace,
} from './storeName';
import { storeObjectNames } from './storeObjects';

describe('store names', () => {
  it.each(['shop', 'my-shop-2', 'a', '0day'])('accepts %s', name => {
    expect(explainInvalidStoreName(name)).toBeUndefined();
    expect(storeNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ['', 'Store name must not be empty'],
    [
      'My-Shop',
      "may contain only lower-case letters, digits and '-', found 'M'",
    ],
    ['shop_1', "found '_'"],
    ['shop;rm -rf', "found ';'"],
    ['-shop', 'must start and end with a lower-case letter or digit'],
    ['shop-', 'must start and end with a lower-case letter or digit'],
    ['a'.repeat(41), 'at most 40 characters, got 41'],
    ['pool-medusa-99f826b623', "starting with 'pool-' are the platform's own"],
  ])('rejects %j with a precise message', (name, message) => {
    expect(explainInvalidStoreName(name)).toContain(message);
    const parsed = storeNameSchema.safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toContain(message);
  });

  it('derives the namespace', () => {
    expect(storeNamespace('shop')).toBe('store-shop');
  });
});

describe('storeObjectNames', () => {
  it('derives a new store’s names from its name', () => {
    expect(storeObjectNames({ name: 'shop' })).toEqual({
      namespace: 'store-shop',
      release: 'shop',
      credentialsSecret: 'shop-credentials',
      entityRef: 'resource:default/shop',
    });
  });

  it('keeps the namespace and release of the warm-pool slot a store was claimed from', () => {
    expect(
      storeObjectNames({
        name: 'shop',
        namespace: 'store-pool-medusa-99f826b623',
        release: 'pool-medusa-99f826b623',
      }),
    ).toEqual({
      namespace: 'store-pool-medusa-99f826b623',
      release: 'pool-medusa-99f826b623',
      credentialsSecret: 'pool-medusa-99f826b623-credentials',
      entityRef: 'resource:default/shop',
    });
  });
});
