import { readEgressAllowed } from './egressAllowed';

describe('stores.egress.allowed', () => {
  it('accepts CIDRs with optional TCP ports, and nothing when unset', () => {
    expect(readEgressAllowed(undefined)).toEqual([]);
    expect(
      readEgressAllowed([
        { cidr: '203.0.113.10/32', ports: [443] },
        { cidr: '2001:db8::/64' },
      ]),
    ).toEqual([
      { cidr: '203.0.113.10/32', ports: [443] },
      { cidr: '2001:db8::/64' },
    ]);
  });

  it.each([
    [[{ cidr: '203.0.113.10' }], /allowed\.0\.cidr: a CIDR such as/],
    [[{ cidr: '0.0.0.0/0', ports: [0] }], /allowed\.0\.ports\.0: /],
    [[{ cidr: '10.0.0.0/8', ports: [443], namespace: 'x' }], /allowed\.0: /],
    [{ cidr: '10.0.0.0/8' }, /stores\.egress\.allowed\.: /],
  ])('refuses %j naming the bad key', (value, message) => {
    expect(() => readEgressAllowed(value)).toThrow(message);
  });
});
