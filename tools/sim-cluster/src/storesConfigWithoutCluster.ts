import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simCluster } from './simCluster';

/**
 * `stores` config for tests of the API alone: the real helm, a kubeconfig whose server
 * nothing answers (127.0.0.1:9), and no provisioning slot, so stores are accepted and stay
 * queued. (With no cluster at all, the backend refuses creates with SETUP_INCOMPLETE.)
 */
export function storesConfigWithoutCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'stores-nocluster-'));
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: none, cluster: { server: "https://127.0.0.1:9" } }]',
      'users: [{ name: none, user: { token: unused } }]',
      'contexts: [{ name: none, context: { cluster: none, user: none } }]',
      'current-context: none',
      '',
    ].join('\n'),
  );
  return {
    kubernetes: { kubeconfigPath },
    helm: { binary: resolve(simCluster.root, '.tools', 'bin', 'helm') },
    quotas: { maxConcurrentProvisions: 0 },
  };
}
