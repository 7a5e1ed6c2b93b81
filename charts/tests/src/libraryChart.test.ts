/**
 * The store charts' shared parts moved into the library chart store-common. Both charts must
 * render exactly what they rendered before the move: this renders them as they are and as they
 * were at BEFORE_MOVE (read from git), with every values file and with the optional parts
 * switched on, and compares the manifests. Generated secret values (random on each render) are
 * the only thing masked.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { charts, helmTemplate } from './render';

/** The last commit whose store charts carried their own copies of the shared parts. */
const BEFORE_MOVE = 'f4d241c69ecf61587486e77154febd150cc98bfe';
const CHARTS_PATH = 'plugins/stores-backend/charts';

/** What is rendered: the optional parts on (TLS, suspension, egress door, host-run ingress controller, a generated Secret). */
const optionalParts: Record<string, string[]> = {
  common: [
    '--set',
    'ingress.tls.enabled=true',
    '--set',
    'suspended=true',
    '--set-json',
    'networkPolicy.egressAllowed=[{"cidr":"203.0.113.0/24","ports":[443]}]',
    '--set-json',
    'networkPolicy.ingressControllerIPBlocks=["192.0.2.0/24"]',
    '--set',
    'backstageId=shop-entity',
  ],
  'woocommerce-store': [
    '--set',
    'mail.smtp.host=smtp.example.test',
    '--set',
    'mail.smtp.user=shop',
  ],
  'medusa-store': [],
};

let before: string;

beforeAll(async () => {
  before = mkdtempSync(join(tmpdir(), 'charts-before-'));
  const extract = await run('bash', [
    '-c',
    'git -C "$1" archive "$2" "$3" | tar -x -C "$4"',
    'extract',
    simCluster.root,
    BEFORE_MOVE,
    CHARTS_PATH,
    before,
  ]);
  if (extract.code !== 0)
    throw new Error(
      `cannot read the charts at ${BEFORE_MOVE}: ${extract.stderr}`,
    );
}, 60_000);

afterAll(() => rmSync(before, { recursive: true, force: true }));

/** The manifests of one render, generated secret values masked, in a stable order. */
async function manifests(chartDir: string, args: string[]) {
  const result = await helmTemplate(chartDir, args);
  if (result.code !== 0) throw new Error(result.stderr);
  return parseAllDocuments(result.stdout)
    .map(doc => doc.toJSON())
    .filter(Boolean)
    .map(m =>
      m.kind === 'Secret' && m.data
        ? {
            ...m,
            data: Object.fromEntries(
              Object.keys(m.data).map(k => [k, '<generated>']),
            ),
          }
        : m,
    );
}

describe.each(charts)('$name after the move to store-common', chart => {
  const old = () => resolve(before, CHARTS_PATH, chart.name);

  it.each(chart.valuesFiles)(
    'renders what it rendered before with %s',
    async valuesFile => {
      const args = (dir: string) => [
        '--values',
        resolve(dir, valuesFile),
        '--set',
        'existingSecret=store-credentials',
      ];
      const now = await manifests(chart.dir, args(chart.dir));
      expect(now.length).toBeGreaterThan(5);
      expect(now).toEqual(await manifests(old(), args(old())));
    },
    60_000,
  );

  it('renders what it rendered before with its optional parts on', async () => {
    const args = [...optionalParts.common, ...optionalParts[chart.name]];
    const now = await manifests(chart.dir, args);
    expect(now.map(m => m.kind)).toEqual(
      expect.arrayContaining(['Secret', 'NetworkPolicy', 'Ingress']),
    );
    expect(now).toEqual(await manifests(old(), args));
  }, 60_000);
});

describe.each(charts)('$name carries the current store-common', chart => {
  // Helm installs from charts/store-common-<version>.tgz; `yarn charts:deps` in
  // plugins/stores-backend writes it from ../store-common. A change to the library without that
  // step fails here. (Helm rewrites Chart.yaml when it packs, so that file is compared parsed.)
  it('has charts/store-common-0.1.0.tgz with the files of ../store-common', async () => {
    const unpacked = mkdtempSync(join(tmpdir(), 'store-common-'));
    try {
      const untar = await run('tar', [
        '-xzf',
        resolve(chart.dir, 'charts', 'store-common-0.1.0.tgz'),
        '-C',
        unpacked,
      ]);
      expect(untar.code).toBe(0);
      const source = resolve(chart.dir, '..', 'store-common');
      const packed = join(unpacked, 'store-common');
      const templates = readdirSync(join(source, 'templates')).sort();
      expect(readdirSync(join(packed, 'templates')).sort()).toEqual(templates);
      for (const file of templates) {
        expect({
          file,
          text: readFileSync(join(packed, 'templates', file), 'utf8'),
        }).toEqual({
          file,
          text: readFileSync(join(source, 'templates', file), 'utf8'),
        });
      }
      expect(parse(readFileSync(join(packed, 'Chart.yaml'), 'utf8'))).toEqual(
        parse(readFileSync(join(source, 'Chart.yaml'), 'utf8')),
      );
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
