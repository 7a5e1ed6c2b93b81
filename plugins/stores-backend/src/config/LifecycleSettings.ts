import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { resolve } from 'node:path';
import { CreateLimits } from '../database/StoresStore';
import { EgressAllowed, readEgressAllowed } from '../engines/egressAllowed';
import { ImageOverrides, readImageOverrides } from '../engines/imageOverrides';

/** Which `values-<profile>.yaml` of each engine chart is applied. */
export const valuesProfiles = ['local', 'prod', 'realnode'] as const;
export type ValuesProfile = (typeof valuesProfiles)[number];

/** `stores.pool`: the warm pool of pre-provisioned stores. */
export interface PoolSettings {
  /** Slots kept per engine id (`stores.pool.<engine>.size`); absent or 0: no pool. */
  sizes: Record<string, number>;
  /** A slot older than this is replaced. */
  maxAgeHours: number;
  intervalSeconds: number;
}

/** Reads `stores.pool`: numbers `maxAgeHours` and `intervalSeconds`, and `<engine>.size` per engine. */
export function readPoolSettings(pool?: Config): PoolSettings {
  const sizes: Record<string, number> = {};
  for (const key of pool?.keys() ?? []) {
    if (key === 'maxAgeHours' || key === 'intervalSeconds') continue;
    const size = pool!.getNumber(`${key}.size`);
    if (!Number.isInteger(size) || size < 0) {
      throw new Error(
        `stores.pool.${key}.size must be a whole number of 0 or more, got ${size}`,
      );
    }
    sizes[key] = size;
  }
  return {
    sizes,
    maxAgeHours: pool?.getOptionalNumber('maxAgeHours') ?? 24,
    intervalSeconds: pool?.getOptionalNumber('intervalSeconds') ?? 30,
  };
}

/** Everything the lifecycle reads from `stores.*` config, with the defaults documented in config.d.ts. */
export interface LifecycleSettings {
  kubeconfigPath?: string;
  /** `stores.kubernetes.storeRole`: bound to the provisioner in each store namespace. */
  storeRole?: string;
  context?: string;
  helmBinary: string;
  chartsDirectory: string;
  /** `stores.images`: the platform's registry for each engine's chart components. */
  images: ImageOverrides;
  /** `stores.egress.allowed`: where stores' application pods may connect beyond the store. */
  egressAllowed: EgressAllowed;
  baseDomain: string;
  ingressClassName: string;
  /** Store Ingresses serve TLS (URLs are https); default: on with the `prod` profile. */
  tls: boolean;
  valuesProfile: ValuesProfile;
  podSecurityLevel: 'privileged' | 'baseline' | 'restricted';
  /** The public-URL step; `enabled: false` is said in each store's activity. */
  publicUrlCheck: {
    enabled: boolean;
    timeoutSeconds: number;
    settleSeconds: number;
    caFile?: string;
    ingressAddress?: string;
  };
  limits: CreateLimits;
  maxConcurrentProvisions: number;
  provisioningTimeoutSeconds: number;
  deleteTimeoutSeconds: number;
  leaseSeconds: number;
  reconcileIntervalSeconds: number;
  /** 0: no drift check. */
  driftIntervalSeconds: number;
  expiry: {
    /** The longest time to live a store may be given, at creation or by extending. */
    maxTtlHours: number;
    /** The owner is notified this long before a store expires. */
    notifyBeforeHours: number;
    intervalSeconds: number;
  };
  failed: {
    /** A store failed this long is scaled to zero; 0: never. */
    cleanupAfterHours: number;
    intervalSeconds: number;
  };
  pool: PoolSettings;
}

export function readLifecycleSettings(config: Config): LifecycleSettings {
  const stores = config.getOptionalConfig('stores');
  const num = (key: string, fallback: number) =>
    stores?.getOptionalNumber(key) ?? fallback;
  const profile = stores?.getOptionalString('valuesProfile') ?? 'local';
  if (!valuesProfiles.includes(profile as ValuesProfile)) {
    throw new Error(
      `stores.valuesProfile must be one of ${valuesProfiles.join(
        ', ',
      )}, got '${profile}'`,
    );
  }
  const psa = stores?.getOptionalString('podSecurityLevel') ?? 'restricted';
  if (!['privileged', 'baseline', 'restricted'].includes(psa)) {
    throw new Error(
      `stores.podSecurityLevel must be privileged, baseline or restricted, got '${psa}'`,
    );
  }
  return {
    kubeconfigPath:
      stores?.getOptionalString('kubernetes.kubeconfigPath') || undefined,
    context: stores?.getOptionalString('kubernetes.context') || undefined,
    storeRole: stores?.getOptionalString('kubernetes.storeRole') || undefined,
    helmBinary: stores?.getOptionalString('helm.binary') ?? 'helm',
    chartsDirectory: resolve(
      stores?.getOptionalString('chartsDirectory') ??
        resolvePackagePath('@storefleet/plugin-stores-backend', 'charts'),
    ),
    images: readImageOverrides(stores?.getOptional('images')),
    egressAllowed: readEgressAllowed(stores?.getOptional('egress.allowed')),
    baseDomain: stores?.getOptionalString('baseDomain') ?? 'localhost',
    ingressClassName:
      stores?.getOptionalString('ingressClassName') ?? 'traefik',
    tls: stores?.getOptionalBoolean('ingress.tls') ?? profile === 'prod',
    valuesProfile: profile as ValuesProfile,
    podSecurityLevel: psa as LifecycleSettings['podSecurityLevel'],
    publicUrlCheck: {
      enabled: stores?.getOptionalBoolean('publicUrlCheck.enabled') ?? true,
      timeoutSeconds: num('publicUrlCheck.timeoutSeconds', 10),
      settleSeconds: num('publicUrlCheck.settleSeconds', 60),
      caFile: stores?.getOptionalString('publicUrlCheck.caFile') || undefined,
      ingressAddress:
        stores?.getOptionalString('publicUrlCheck.ingressAddress') || undefined,
    },
    limits: {
      maxStores: num('quotas.maxStores', 50),
      maxStoresPerUser: num('quotas.maxStoresPerUser', 3),
      maxCreatesPerWindow: num('quotas.maxCreatesPerHour', 10),
      rateWindowSeconds: 3600,
    },
    maxConcurrentProvisions: num('quotas.maxConcurrentProvisions', 3),
    provisioningTimeoutSeconds: num('timeouts.provisioningMinutes', 20) * 60,
    deleteTimeoutSeconds: num('timeouts.deleteMinutes', 10) * 60,
    leaseSeconds: num('reconcile.leaseSeconds', 60),
    reconcileIntervalSeconds: num('reconcile.intervalSeconds', 10),
    driftIntervalSeconds: num('drift.intervalSeconds', 60),
    expiry: {
      maxTtlHours: num('expiry.maxTtlHours', 720),
      notifyBeforeHours: num('expiry.notifyBeforeHours', 24),
      intervalSeconds: num('expiry.intervalSeconds', 60),
    },
    failed: {
      cleanupAfterHours: num('failed.cleanupAfterHours', 24),
      intervalSeconds: num('failed.intervalSeconds', 600),
    },
    pool: readPoolSettings(stores?.getOptionalConfig('pool')),
  };
}
