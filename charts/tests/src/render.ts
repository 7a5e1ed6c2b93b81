import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const chartsDir = resolve(simCluster.root, 'charts');
const helmBin = resolve(simCluster.root, '.tools', 'bin', 'helm');

/** The store charts and their values files. */
export const charts = ['woocommerce-store'].map(name => ({
  name,
  dir: resolve(chartsDir, name),
  valuesFiles: ['values.yaml', 'values-local.yaml', 'values-prod.yaml'],
}));

/** Runs `helm template`; resolves with the exit code and output, never throws. */
export function helmTemplate(chartDir: string, args: string[]) {
  return run(helmBin, [
    'template',
    'store',
    chartDir,
    '--namespace',
    'store-test',
    ...args,
  ]);
}

/** Renders a chart as the platform installs it (existingSecret set) and parses every manifest, hooks and tests included. */
export async function renderChart(
  chartDir: string,
  valuesFile: string,
  extra: string[] = [],
): Promise<Manifest[]> {
  const result = await helmTemplate(chartDir, [
    '--values',
    resolve(chartDir, valuesFile),
    '--set',
    'existingSecret=store-credentials',
    ...extra,
  ]);
  if (result.code !== 0)
    throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map(doc => doc.toJSON() as Manifest)
    .filter(Boolean);
}
