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

const chartsDir = simCluster.storeChartsDir;
const helmBin = resolve(simCluster.root, '.tools', 'bin', 'helm');

/** A value the chart's values.schema.json must refuse: what, helm arguments, field named in the error. */
export type BadValue = [string, string[], string];

const commonBadValues = (imageKey: string): BadValue[] => [
  [
    'an image tag of latest',
    ['--set', `${imageKey}.tag=latest`],
    `${imageKey}.tag`,
  ],
  ['a host with a space', ['--set', 'ingress.host=bad host'], 'ingress.host'],
  ['an unknown key', ['--set', 'replicaCount=2'], 'replicaCount'],
  [
    'a memory size that is no quantity',
    ['--set', 'orderProbe.resources.limits.memory=lots'],
    'orderProbe.resources.limits.memory',
  ],
];

/** The store charts, their values files, and chart-specific expectations. */
export const charts = [
  {
    name: 'woocommerce-store',
    setupJobs: 1,
    badValues: [
      ...commonBadValues('wordpress.image'),
      ['a lower-case country', ['--set', 'store.country=us'], 'store.country'],
      [
        'fewer than three sample products',
        ['--set-json', 'store.sampleProducts=[]'],
        'store.sampleProducts',
      ],
      ['a privileged port', ['--set', 'wordpress.port=80'], 'wordpress.port'],
    ] as BadValue[],
  },
  {
    name: 'medusa-store',
    setupJobs: 0,
    badValues: [
      ...commonBadValues('medusa.image'),
      ['no country', ['--set-json', 'store.countries=[]'], 'store.countries'],
      [
        'a currency that is not ISO 4217',
        ['--set', 'store.currency=dollars'],
        'store.currency',
      ],
    ] as BadValue[],
  },
].map(chart => ({
  ...chart,
  dir: resolve(chartsDir, chart.name),
  valuesFiles: [
    'values.yaml',
    'values-local.yaml',
    'values-prod.yaml',
    'values-realnode.yaml',
  ],
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
