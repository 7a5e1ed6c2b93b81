import { Config } from '@backstage/config';
import { createHash } from 'node:crypto';
import { resolveTxt } from 'node:dns/promises';

/** Which hostnames a store owner may give their store (`stores.domains.*`). */
export interface DomainRules {
  /** Storefleet's own: `<store>.<baseDomain>`. */
  baseDomain: string;
  /** Backstage's own hosts (`app.baseUrl`, `backend.baseUrl`): never a store's. */
  platformHosts: string[];
  /** `stores.domains.reserved`: these hosts and every name under them. */
  reserved: string[];
  /** `stores.domains.allowedSuffixes`: when set, only these hosts and names under them. */
  allowedSuffixes: string[];
  /** `stores.domains.verifyOwnership`: a DNS TXT record proves the owner holds the name. */
  verifyOwnership: boolean;
}

export function readDomainRules(
  config: Config,
  baseDomain: string,
): DomainRules {
  const hostOf = (key: string) => {
    const url = config.getOptionalString(key);
    return url ? new URL(url).hostname.toLowerCase() : undefined;
  };
  const list = (key: string) =>
    (config.getOptionalStringArray(key) ?? []).map(h =>
      h.toLowerCase().replace(/^\*?\./, ''),
    );
  return {
    baseDomain,
    platformHosts: [hostOf('app.baseUrl'), hostOf('backend.baseUrl')].filter(
      (h): h is string => Boolean(h),
    ),
    reserved: list('stores.domains.reserved'),
    allowedSuffixes: list('stores.domains.allowedSuffixes'),
    verifyOwnership:
      config.getOptionalBoolean('stores.domains.verifyOwnership') ?? false,
  };
}

const under = (host: string, domain: string) =>
  host === domain || host.endsWith(`.${domain}`);

/**
 * Why `hostname` may not be a store's domain by the rules alone (the cluster's Ingresses and the
 * DNS proof are checked after), or undefined when it may.
 */
export function explainRefusedDomain(
  hostname: string,
  rules: DomainRules,
): string | undefined {
  if (rules.platformHosts.includes(hostname)) {
    return `${hostname} is the platform's own host (Backstage); a store cannot serve it`;
  }
  if (under(hostname, rules.baseDomain)) {
    return `Hostnames under ${rules.baseDomain} are Storefleet's own (<store>.${rules.baseDomain}); choose a domain of your own`;
  }
  const reserved = rules.reserved.find(r => under(hostname, r));
  if (reserved) {
    return `${hostname} is reserved by the platform (stores.domains.reserved: ${reserved}); choose another domain`;
  }
  if (
    rules.allowedSuffixes.length &&
    !rules.allowedSuffixes.some(s => under(hostname, s))
  ) {
    return `${hostname} is not under a domain stores may use here (${rules.allowedSuffixes.join(
      ', ',
    )})`;
  }
  return undefined;
}

/** The DNS name and value whose TXT record proves a store's owner holds `hostname`. */
export function ownershipRecord(storeId: string, hostname: string) {
  const token = createHash('sha256')
    .update(`storefleet:${storeId}:${hostname}`)
    .digest('hex')
    .slice(0, 32);
  return {
    name: `_storefleet-verify.${hostname}`,
    value: `storefleet-verify=${token}`,
  };
}

/**
 * Undefined when DNS holds the proof record for this store and host; otherwise the sentence that
 * tells the owner what to publish.
 */
export async function explainMissingProof(
  storeId: string,
  hostname: string,
  lookup: (name: string) => Promise<string[][]> = resolveTxt,
): Promise<string | undefined> {
  const record = ownershipRecord(storeId, hostname);
  const found = await lookup(record.name).catch(() => [] as string[][]);
  if (found.some(chunks => chunks.join('') === record.value)) return undefined;
  return `Prove that you hold ${hostname}: publish a DNS TXT record ${record.name} with the value "${record.value}", then set the domain again`;
}
