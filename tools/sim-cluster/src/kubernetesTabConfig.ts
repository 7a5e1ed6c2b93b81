import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { run, simCluster } from './simCluster';

/** A JSON value, as app-config holds it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The `kubernetes` app-config section of the Kubernetes tab for the sim cluster, as `npm start`
 * writes it (tools/kubernetes-tab/configure.sh): the tab's read-only ServiceAccount and a token
 * of it, filled in.
 */
export async function kubernetesTabConfig(
  env: NodeJS.ProcessEnv,
): Promise<{ [key: string]: Json }> {
  const dir = mkdtempSync(join(tmpdir(), 'storefleet-k8s-tab-'));
  try {
    const overlay = join(dir, 'app-config.kubernetes.yaml');
    const minted = await run(
      'bash',
      [
        '-c',
        'source "$0" "$KUBECONFIG" "" "$1" && printf %s "$STOREFLEET_KUBERNETES_TOKEN"',
        resolve(simCluster.root, 'tools/kubernetes-tab/configure.sh'),
        overlay,
      ],
      { env },
    );
    if (minted.code !== 0) throw new Error(minted.stderr);
    return parse(
      readFileSync(overlay, 'utf8').replace(
        '${STOREFLEET_KUBERNETES_TOKEN}',
        minted.stdout,
      ),
    ).kubernetes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
