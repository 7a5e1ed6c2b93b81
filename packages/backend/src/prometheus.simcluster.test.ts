/**
 * Prometheus metrics of the real backend (an OS process, as `npm start` runs it, with
 * STOREFLEET_METRICS_PORT set as charts/storefleet sets it) against the sim cluster: after a
 * store is created and becomes Ready, a scrape of /metrics reads Storefleet's instruments in
 * Prometheus's text format — the creates counter, the stores-by-status gauge, the
 * provisioning duration histogram with one observation, a lease taken over from a backend
 * killed mid-provisioning, and a drift finding after a Deployment is deleted by hand.
 */
import { runOrThrow, simCluster } from '@storefleet/sim-cluster';
import { backendProcesses, poll } from './__testUtils__/backendProcess';

jest.setTimeout(6 * 60_000);

const port = 7247;
const metricsPort = 19464;
let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;

beforeAll(async () => {
  env = await simCluster.up();
  backends = backendProcesses('prometheus', env);
});

afterAll(async () => {
  await backends?.stopAll();
});

/** One sample's value from Prometheus's text format, by metric name and a label it carries. */
function sample(text: string, name: string, label = ''): number | undefined {
  const line = text
    .split('\n')
    .find(l => l.startsWith(name) && !l.startsWith('#') && l.includes(label));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

it('exports the stores metrics in Prometheus format: creates, stores by status, the provisioning histogram, lease takeovers and drift findings', async () => {
  // Two processes one after the other on one database: the second takes over the first's work.
  const config = {
    backend: {
      database: {
        client: 'better-sqlite3',
        connection: { directory: backends.scratch },
      },
    },
    stores: {
      reconcile: { intervalSeconds: 1, leaseSeconds: 5 },
      drift: { intervalSeconds: 2 },
    },
  };
  const metricsEnv = { STOREFLEET_METRICS_PORT: String(metricsPort) };
  const first = await backends.start('prometheus-a', port, config, metricsEnv);
  const scrape = async () =>
    (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const name = `prom-${process.pid % 100000}`;
  const created = await first.api('/stores', {
    method: 'POST',
    body: JSON.stringify({ name, engine: 'medusa' }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect(
    sample(
      await scrape(),
      'storefleet_stores_created_total',
      'engine="medusa"',
    ),
  ).toBe(1);
  // The first worker dies in the middle of provisioning, holding the store's lease.
  await poll(
    `store ${name} provisioning`,
    async () => {
      const { body } = await first.api(`/stores/${id}`);
      return body.status === 'provisioning' ? true : undefined;
    },
    60_000,
  );
  first.kill('SIGKILL');
  await first.exited();

  const second = await backends.start('prometheus-b', port, config, metricsEnv);
  const ready = await poll(
    `store ${name} Ready`,
    async () => {
      const { body } = await second.api(`/stores/${id}`);
      if (body.status === 'failed') throw new Error(body.reason);
      return body.status === 'ready' ? body : undefined;
    },
    4 * 60_000,
  );
  expect(ready.status).toBe('ready');

  let text = await scrape();
  expect(
    sample(
      text,
      'storefleet_stores_lease_takeovers_total',
      'status="provisioning"',
    ),
  ).toBe(1);
  expect(sample(text, 'storefleet_stores', 'status="ready"')).toBe(1);
  expect(text).toMatch(
    /^# TYPE storefleet_stores_provisioning_duration histogram$/m,
  );
  expect(
    sample(
      text,
      'storefleet_stores_provisioning_duration_count',
      'outcome="ready"',
    ),
  ).toBe(1);

  // Someone deletes the store's server by hand: the drift check finds it.
  await runOrThrow(
    'kubectl',
    ['delete', 'deployment', `${name}-server`, '-n', `store-${name}`],
    { env },
  );
  await poll(
    `store ${name} degraded`,
    async () => {
      const { body } = await second.api(`/stores/${id}`);
      return body.status === 'degraded' ? true : undefined;
    },
    60_000,
  );
  text = await scrape();
  expect(
    sample(text, 'storefleet_stores_drift_total', 'finding="degraded"'),
  ).toBe(1);
  // The gauge follows the store: degraded now, no longer ready.
  expect(sample(text, 'storefleet_stores', 'status="degraded"')).toBe(1);
  expect(sample(text, 'storefleet_stores', 'status="ready"')).toBe(0);
  // eslint-disable-next-line no-console
  console.log(
    text
      .split('\n')
      .filter(l =>
        /^storefleet_stores(_provisioning_duration_(count|sum)|_(created|ready|failed)_total|_lease_takeovers_total|_drift_total)?\{/.test(
          l,
        ),
      )
      .join('\n'),
  );

  expect((await second.api(`/stores/${id}`, { method: 'DELETE' })).status).toBe(
    202,
  );
  await poll(
    `store ${name} deleted`,
    async () => {
      const { body } = await second.api(`/stores/${id}`);
      return body.status === 'deleted' ? true : undefined;
    },
    3 * 60_000,
  );
});
