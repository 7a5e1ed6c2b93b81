/**
 * P8: resident memory of a backend with Storefleet's plugins and 1,000 stores ÷ the same
 * backend (the catalog and the scaffolder, which Storefleet's modules extend) without them;
 * beside it the plugins with no store, the same backend without Storefleet but holding 1,000
 * catalog entities of the stores' shape (what the catalog itself costs for them), the `with`
 * variant under MALLOC_ARENA_MAX=2 (glibc's per-thread arenas), and the live JS heap, which say
 * where the difference lives. Each variant is its own Node process (rssChild.ts), measured after
 * a full GC, settled; the variants run in turns, 3 times each, and the medians are compared.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabases, startPostgres } from './postgres';
import { Row } from './report';

/** Runs per variant (P8_RUNS; default 3): each run of all variants takes ~10 min on 2 CPUs. */
const RUNS = Number(process.env.P8_RUNS ?? 3);
const VARIANTS = [
  'without',
  'plugins-only',
  'catalog-1000',
  'with',
  'with-arena2',
  'with-restarted',
] as const;
type Variant = (typeof VARIANTS)[number];
interface Memory {
  rss: number;
  heapUsed: number;
}

async function measure(variant: Variant, postgres?: string): Promise<Memory> {
  if (variant === 'with-restarted') return measureRestarted(postgres);
  return child(variant === 'with-arena2' ? 'with' : variant, {
    ...(postgres && { P8_POSTGRES_URL: postgres }),
    ...(variant === 'with-arena2' && { MALLOC_ARENA_MAX: '2' }),
  });
}

/**
 * 1,000 stores created through the API by one process (`seed`), then measured in a fresh one
 * that only opens the same databases: what holding them costs, without the load of creating.
 */
async function measureRestarted(postgres?: string): Promise<Memory> {
  const directory = mkdtempSync(join(tmpdir(), 'storefleet-p8-restart-'));
  const prefix = `p8r_${process.pid}_${Date.now() % 100000}_`;
  const env = {
    P8_DIRECTORY: directory,
    P8_PREFIX: prefix,
    ...(postgres && { P8_POSTGRES_URL: postgres }),
  };
  try {
    await child('seed', env);
    return await child('with-restarted', env);
  } finally {
    rmSync(directory, { recursive: true, force: true });
    if (postgres) await dropDatabases(postgres, prefix);
  }
}

async function child(
  variant: string,
  env: Record<string, string>,
): Promise<Memory> {
  const result = await run(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('sucrase/register/ts'),
      resolve(simCluster.root, 'bench', 'src', 'rssChild.ts'),
      variant,
    ],
    { timeoutMs: 600_000, env },
  );
  if (result.code !== 0) throw new Error(`rss ${variant}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** Runs the variants in turns, RUNS times; the median of each, by measure. */
async function medians(
  variants: readonly Variant[],
  label: string,
  log: (line: string) => void,
  postgres?: string,
) {
  const samples = new Map<Variant, Memory[]>(variants.map(v => [v, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const variant of variants) {
      samples.get(variant)!.push(await measure(variant, postgres));
    }
    log(
      `P8 ${label} run ${i + 1}/${RUNS}: ${variants
        .map(v => `${v} ${mib(samples.get(v)![i].rss)}`)
        .join(', ')}`,
    );
  }
  const median = (v: Variant, key: keyof Memory) =>
    samples
      .get(v)!
      .map(s => s[key])
      .sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return (v: Variant, key: keyof Memory, base: Variant = 'without') =>
    `${mib(median(v, key))} ÷ ${mib(median(base, key))} (ratio ${(
      median(v, key) / median(base, key)
    ).toFixed(2)})`;
}

export async function rssBenchmark(log: (line: string) => void) {
  const sqlite = await medians(VARIANTS, 'SQLite', log);
  const pg = await medians(
    ['without', 'catalog-1000', 'with', 'with-arena2', 'with-restarted'],
    'PostgreSQL',
    log,
    await startPostgres(),
  );
  const rows: Row[] = [
    {
      id: 'P8',
      measure: `backend RSS (catalog + scaffolder, SQLite files) with Storefleet and 1,000 stores ÷ without the stores plugins, median of ${RUNS}`,
      value: sqlite('with', 'rss'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure: 'the same with the stores plugins and no store: RSS',
      value: sqlite('plugins-only', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        "SQLite: no Storefleet, 1,000 catalog entities of the same shape from a plain provider ÷ without (the catalog's own share)",
      value: sqlite('catalog-1000', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        "SQLite: with Storefleet and 1,000 stores ÷ the catalog holding 1,000 such entities without Storefleet (Storefleet's share)",
      value: sqlite('with', 'rss', 'catalog-1000'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        'SQLite: with Storefleet holding 1,000 stores another process created (restarted: no create load in this process) ÷ the catalog holding 1,000 such entities',
      value: sqlite('with-restarted', 'rss', 'catalog-1000'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure:
        'SQLite: with Storefleet holding 1,000 stores, restarted, ÷ without',
      value: sqlite('with-restarted', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        'SQLite: with Storefleet and 1,000 stores under MALLOC_ARENA_MAX=2 ÷ without',
      value: sqlite('with-arena2', 'rss'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure:
        'live JS heap after a full GC, with Storefleet and 1,000 stores ÷ without (SQLite)',
      value: sqlite('with', 'heapUsed'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure: `on PostgreSQL (as in production): RSS with Storefleet and 1,000 stores ÷ without, median of ${RUNS}`,
      value: pg('with', 'rss'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure:
        'on PostgreSQL: no Storefleet, 1,000 catalog entities of the same shape ÷ without',
      value: pg('catalog-1000', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        "on PostgreSQL: with Storefleet and 1,000 stores ÷ the catalog holding 1,000 such entities (Storefleet's share)",
      value: pg('with', 'rss', 'catalog-1000'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure:
        'on PostgreSQL: with Storefleet holding 1,000 stores another process created (restarted) ÷ the catalog holding 1,000 such entities',
      value: pg('with-restarted', 'rss', 'catalog-1000'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure:
        'on PostgreSQL: with Storefleet holding 1,000 stores, restarted, ÷ without',
      value: pg('with-restarted', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        'on PostgreSQL: with Storefleet and 1,000 stores under MALLOC_ARENA_MAX=2 ÷ without',
      value: pg('with-arena2', 'rss'),
      target: '≤ 1.3',
    },
    {
      id: 'P8',
      measure: 'on PostgreSQL: live JS heap, with ÷ without',
      value: pg('with', 'heapUsed'),
      target: 'reported',
    },
  ];
  return rows;
}
