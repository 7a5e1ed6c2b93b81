import {
  StoreEngine,
  StoreEngineContext,
} from '@storefleet/plugin-stores-node';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreWork } from '../database/StoresStore';
import { imageValues } from '../engines/imageOverrides';
import { chartPath } from '../setup/checkSetup';
import { HelmReleaseStatus } from '../helm/HelmClient';
import { ReconcilerDeps } from './ReconcilerDeps';

/**
 * `helm upgrade --install` of the store's chart with the profile's values, the platform's values
 * (images, egress) and the engine's values, in that order; a release a stopped worker left
 * pending is cleared first.
 */
export async function installRelease(
  deps: Pick<ReconcilerDeps, 'helm' | 'settings' | 'cluster'>,
  work: StoreWork,
  engine: StoreEngine,
  context: StoreEngineContext,
  timeoutSeconds: number,
  signal: AbortSignal,
  description?: string,
  /** The release's status when the caller has just read it; null: there is none. */
  known?: HelmReleaseStatus | null,
): Promise<string> {
  const { helm, settings } = deps;
  const release = { release: work.release, namespace: work.namespace };
  // A release lives in its namespace: only this store's namespace may hold this store's.
  await deps.cluster.assertOwnNamespace(work.namespace, work.objectsId);
  // A worker that died mid-install leaves a pending release that blocks helm; clear it.
  const existing =
    known !== undefined ? known : await helm.status(release, { signal });
  let cleared = '';
  if (existing?.status === 'pending-install') {
    await helm.uninstall({ ...release, timeoutSeconds }, { signal });
    cleared =
      ' (a release left pending-install by a stopped worker was removed first)';
  } else if (existing?.status.startsWith('pending-')) {
    await helm.rollback({ ...release, timeoutSeconds }, { signal });
    cleared = ` (a release left ${existing.status} by a stopped worker was rolled back first)`;
  }
  const chart = chartPath(settings.chartsDirectory, engine);
  const profileValues = join(chart, `values-${settings.valuesProfile}.yaml`);
  const dir = await mkdtemp(join(tmpdir(), 'storefleet-values-'));
  try {
    // The platform's values (stores.images, stores.egress.allowed) under the engine's: Helm
    // merges the files in order, so the engine's own values cannot be replaced.
    const platform = join(dir, 'platform.json');
    await writeFile(
      platform,
      JSON.stringify({
        ...imageValues(settings.images, engine.id),
        ...(settings.egressAllowed.length > 0 && {
          networkPolicy: { egressAllowed: settings.egressAllowed },
        }),
      }),
      { mode: 0o600 },
    );
    const generated = join(dir, 'values.json');
    // Engine values never hold secrets; the chart reads those from the existing Secret.
    // `suspended` is set on every release, so resuming is the same upgrade with it false.
    const values = {
      ...engine.values(context),
      suspended: work.desired === 'suspended',
    };
    await writeFile(generated, JSON.stringify(values), { mode: 0o600 });
    const result = await helm.upgradeInstall(
      {
        ...release,
        chart,
        valuesFiles: [
          ...(existsSync(profileValues) ? [profileValues] : []),
          platform,
          generated,
        ],
        timeoutSeconds: Math.max(1, timeoutSeconds),
        description,
      },
      { signal },
    );
    return `release ${result.name} revision ${result.version} ${result.status}${cleared}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rolls the store's release back to `revision` (helm rollback --wait). */
export async function rollbackRelease(
  deps: Pick<ReconcilerDeps, 'helm' | 'cluster'>,
  work: StoreWork,
  revision: number,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<string> {
  await deps.cluster.assertOwnNamespace(work.namespace, work.objectsId);
  await deps.helm.rollback(
    {
      release: work.release,
      namespace: work.namespace,
      revision,
      timeoutSeconds: Math.max(1, timeoutSeconds),
    },
    { signal },
  );
  return `release ${work.release} rolled back to revision ${revision}`;
}
