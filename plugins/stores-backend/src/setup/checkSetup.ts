import { StoreEngine } from '@storefleet/plugin-stores-node';
import execa from 'execa';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Something the backend needs to provision stores and does not have. */
export interface SetupProblem {
  part: 'cluster' | 'helm' | 'charts';
  message: string;
}

/** Where an engine's chart lives: absolute as given, else under `stores.chartsDirectory`. */
export const chartPath = (chartsDirectory: string, engine: StoreEngine) =>
  isAbsolute(engine.chart)
    ? engine.chart
    : resolve(chartsDirectory, engine.chart);

/** Runs `helm version`; undefined when it answers, else why not in words. */
async function helmProblem(binary: string): Promise<string | undefined> {
  const result = await execa(binary, ['version', '--short'], {
    reject: false,
    timeout: 15_000,
    stdin: 'ignore',
  });
  if (result.exitCode === 0) return undefined;
  if ((result as { code?: string }).code === 'ENOENT') {
    return `helm not found: '${binary}' is not on PATH (install helm v3, or set stores.helm.binary)`;
  }
  const said = (result.stderr || result.stdout).trim().split('\n').pop();
  return `'${binary} version' failed (${
    result.timedOut ? 'timed out' : `exit ${result.exitCode ?? 'none'}`
  }): ${said || 'no output'}`;
}

/**
 * What is missing for provisioning, checked once at start: a cluster identity, the helm
 * binary, and each enabled engine's chart. An empty list: stores can be provisioned.
 */
export async function checkSetup(options: {
  clusterConfigured: boolean;
  helmBinary: string;
  chartsDirectory: string;
  engines: StoreEngine[];
}): Promise<SetupProblem[]> {
  const problems: SetupProblem[] = [];
  if (!options.clusterConfigured) {
    problems.push({
      part: 'cluster',
      message:
        'no cluster: set stores.kubernetes.kubeconfigPath (and context), or run Backstage in a pod with a ServiceAccount',
    });
  }
  const helm = await helmProblem(options.helmBinary);
  if (helm) problems.push({ part: 'helm', message: helm });
  for (const engine of options.engines) {
    const dir = chartPath(options.chartsDirectory, engine);
    if (!existsSync(join(dir, 'Chart.yaml'))) {
      problems.push({
        part: 'charts',
        message: `engine '${engine.id}': no chart at ${dir} (stores.chartsDirectory, default: the charts inside @storefleet/plugin-stores-backend)`,
      });
    }
  }
  return problems;
}

/** One sentence for the log and for refused creates. */
export const describeProblems = (problems: SetupProblem[]) =>
  `Storefleet cannot provision stores: ${problems
    .map(p => p.message)
    .join('; ')}`;
