import {
  DomainRules,
  explainMissingProof,
  explainRefusedDomain,
  ownershipRecord,
} from './customDomains';

const rules: DomainRules = {
  baseDomain: 'stores.example.com',
  platformHosts: ['backstage.example.com'],
  reserved: ['intranet.example.test', 'corp.example.com'],
  allowedSuffixes: [],
  verifyOwnership: false,
};

describe('custom domain rules', () => {
  it.each([
    ['backstage.example.com', "is the platform's own host (Backstage)"],
    ['x.stores.example.com', "are Storefleet's own"],
    ['intranet.example.test', 'reserved by the platform'],
    [
      'app.corp.example.com',
      'reserved by the platform (stores.domains.reserved: corp.example.com)',
    ],
  ])('refuses %s', (host, words) => {
    expect(explainRefusedDomain(host, rules)).toContain(words);
  });

  it('accepts a domain of the owner’s own, and with allowed suffixes only those', () => {
    expect(explainRefusedDomain('shop.acme.test', rules)).toBeUndefined();
    const narrow = { ...rules, allowedSuffixes: ['shops.example.org'] };
    expect(explainRefusedDomain('a.shops.example.org', narrow)).toBeUndefined();
    expect(explainRefusedDomain('shop.acme.test', narrow)).toBe(
      'shop.acme.test is not under a domain stores may use here (shops.example.org)',
    );
  });

  it('asks for a TXT record bound to the store and the host, and accepts it once published', async () => {
    const record = ownershipRecord('store-1', 'shop.acme.test');
    expect(record.name).toBe('_storefleet-verify.shop.acme.test');
    expect(ownershipRecord('store-2', 'shop.acme.test').value).not.toBe(
      record.value,
    );
    const dns: Record<string, string[][]> = {};
    const lookup = async (name: string) => dns[name] ?? [];
    expect(await explainMissingProof('store-1', 'shop.acme.test', lookup)).toBe(
      `Prove that you hold shop.acme.test: publish a DNS TXT record ${record.name} with the value "${record.value}", then set the domain again`,
    );
    dns[record.name] = [['unrelated'], [record.value]];
    expect(
      await explainMissingProof('store-1', 'shop.acme.test', lookup),
    ).toBeUndefined();
  });
});
