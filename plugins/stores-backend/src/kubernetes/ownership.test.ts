import { assertOwnedBy, ForeignObjectError } from './ownership';

describe('assertOwnedBy', () => {
  it('lets a store write only what carries its own id', () => {
    expect(() =>
      assertOwnedBy(
        'namespace store-a',
        { 'storefleet.io/store-id': 'id-a' },
        'id-a',
      ),
    ).not.toThrow();
  });

  it("refuses another store's object, and one Storefleet did not make, in words", () => {
    expect(() =>
      assertOwnedBy(
        'namespace store-a',
        { 'storefleet.io/store-id': 'id-a' },
        'id-b',
      ),
    ).toThrow(
      new ForeignObjectError(
        "namespace store-a already exists and belongs to another store (its storefleet.io/store-id is not this store's id id-b); Storefleet neither adopts nor deletes it, so this store cannot use that name",
      ),
    );
    expect(() => assertOwnedBy('Secret store-a/x', undefined, 'id-b')).toThrow(
      /was not made by Storefleet for this store \(it has no storefleet.io\/store-id label\)/,
    );
  });
});
