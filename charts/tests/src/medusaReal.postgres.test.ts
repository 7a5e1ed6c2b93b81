/**
 * The Medusa store application (images/medusa) for real, natively: npm install (cached by lockfile),
 * `medusa db:migrate` against PostgreSQL (runs the seed), `medusa start`, then the chart's
 * order probe places and confirms an order. Only the container image build is left out.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { orderProbePath } from './fakeServer';

jest.setTimeout(15 * 60_000);

const project = resolve(simCluster.root, 'images', 'medusa');
const probe = orderProbePath('medusa-store');
const sources = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'medusa-config.ts',
  'src',
];
const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

function contentHash(): string {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json'])
    hash.update(readFileSync(join(project, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The project with its dependencies, installed once per lockfile into the Storefleet cache. */
async function installedProject(): Promise<string> {
  const cache =
    process.env.STOREFLEET_CACHE ?? join(homedir(), '.cache', 'storefleet');
  const dir = join(cache, 'medusa', contentHash());
  if (!existsSync(join(dir, 'node_modules', '.bin', 'medusa'))) {
    rmSync(dir, { recursive: true, force: true });
    for (const s of sources)
      cpSync(join(project, s), join(dir, s), { recursive: true });
    // `npm install` with the committed lockfile: `npm ci` refuses a lockfile that lacks the
    // optional packages of other platforms, which this registry mirror does not serve.
    const install = await run('npm', ['install', '--no-audit', '--no-fund'], {
      timeoutMs: 12 * 60_000,
      cwd: dir,
    });
    if (install.code !== 0)
      throw new Error(`npm install failed:\n${install.stderr.slice(-2000)}`);
  }
  // Sources change more often than dependencies: always run the current ones.
  for (const s of sources.slice(2))
    cpSync(join(project, s), join(dir, s), { recursive: true, force: true });
  return dir;
}

const freePort = () =>
  new Promise<number>(done => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

describe('Medusa store application (real Medusa 2.21 on PostgreSQL)', () => {
  const database = `medusa_probe_${process.pid}`;
  let server: ChildProcess | undefined;
  let admin: Client;

  beforeAll(async () => {
    if (!pgUrl)
      throw new Error(
        'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; run the tests with npm test',
      );
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 1000));
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('migrates and seeds, starts, and takes an order placed by the chart probe', async () => {
    const dir = await installedProject();
    const url = new URL(pgUrl!);
    url.pathname = `/${database}`;
    const env = {
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'test-jwt-secret',
      COOKIE_SECRET: 'test-cookie-secret',
      MEDUSA_ADMIN_EMAIL: 'admin@example.com',
      MEDUSA_ADMIN_PASSWORD: 'a-password-from-the-secret',
      STORE_NAME: 'Probe Store',
      STORE_CURRENCY: 'usd',
      STORE_COUNTRIES: 'us',
      DISABLE_MEDUSA_ADMIN: 'true',
      NODE_ENV: 'development',
      // As the chart passes it: pk_ and the store Secret's publishable-key.
      MEDUSA_PUBLISHABLE_KEY: 'pk_from-the-store-secret-0123456789',
    };
    const medusa = join(dir, 'node_modules', '.bin', 'medusa');
    const migrate = await run(medusa, ['db:migrate'], {
      env,
      timeoutMs: 5 * 60_000,
      cwd: dir,
    });
    // db:migrate exits 0 even when a migration script fails, so look for the seed's own line.
    expect(migrate.stdout + migrate.stderr).toMatch(
      /Store seeded: region reg_\w+, publishable key apk_\w+, admin admin@example.com/,
    );

    const port = await freePort();
    server = spawn(medusa, ['start'], {
      cwd: dir,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    let healthy = false;
    for (let i = 0; i < 120 && !healthy; i++) {
      healthy = await fetch(`${base}/health`).then(
        r => r.ok,
        () => false,
      );
      if (!healthy) await new Promise(r => setTimeout(r, 500));
    }
    expect(healthy).toBe(true);

    const result = await run(process.execPath, [probe], {
      env: {
        MEDUSA_URL: base,
        MEDUSA_ADMIN_EMAIL: env.MEDUSA_ADMIN_EMAIL,
        MEDUSA_ADMIN_PASSWORD: env.MEDUSA_ADMIN_PASSWORD,
      },
      timeoutMs: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    // The shop's key (from the chart, never typed) is the store's Storefront key: the Store
    // API sells with it, and an unknown key is refused.
    const regions = (key: string) =>
      fetch(`${base}/store/regions`, {
        headers: { 'x-publishable-api-key': key },
      });
    expect((await regions(env.MEDUSA_PUBLISHABLE_KEY)).status).toBe(200);
    expect(
      (await regions('pk_not-this-store-0123456789')).status,
    ).toBeGreaterThanOrEqual(400);
    const products = await (
      await fetch(`${base}/store/products`, {
        headers: { 'x-publishable-api-key': env.MEDUSA_PUBLISHABLE_KEY },
      })
    ).json();
    expect(products.products.map((p: { title: string }) => p.title)).toContain(
      'Storefleet Hoodie',
    );
    expect(result.stdout).toMatch(
      /"step":"order confirmed","orderId":"order_\w+","status":"pending","paymentStatus":"authorized"/,
    );

    const orders = await new Client({ connectionString: url.toString() });
    await orders.connect();
    const { rows } = await orders.query(
      'SELECT count(*)::int AS n FROM "order"',
    );
    await orders.end();
    expect(rows[0].n).toBe(1);
  });
});
