/**
 * Stores on the sim cluster's real node (kubelet + containerd + runc): the store's pods are real
 * processes from images built on this machine, and Ready means the chart's order probe — itself
 * a real container — placed a real order. Through the plugin's HTTP API, with Pod Security
 * "restricted" enforced on the store namespace and the charts' values-realnode.yaml.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { run, simCluster } from '@storefleet/sim-cluster';
import { verificationPassed, verifyStores } from '@storefleet/stores-verify';
import { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(25 * 60_000);

const REAL_NODE = 'storefleet-real';

interface PodInfo {
  name: string;
  uid: string;
  node: string;
  phase: string;
  component: string;
  containerIds: string[];
  initExitCodes: number[];
}

async function kubectlJson(env: NodeJS.ProcessEnv, args: string[]) {
  const result = await run('kubectl', [...args, '-o', 'json'], { env });
  if (result.code !== 0)
    throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function pods(
  env: NodeJS.ProcessEnv,
  namespace: string,
): Promise<PodInfo[]> {
  const list = await kubectlJson(env, ['get', 'pods', '-n', namespace]);
  return list.items.map((p: any) => ({
    name: p.metadata.name,
    uid: p.metadata.uid,
    node: p.spec.nodeName,
    phase: p.status.phase,
    component: p.metadata.labels?.['app.kubernetes.io/component'] ?? '',
    containerIds: (p.status.containerStatuses ?? []).map(
      (c: any) => c.containerID ?? '',
    ),
    initExitCodes: (p.status.initContainerStatuses ?? []).map(
      (c: any) => c.state?.terminated?.exitCode ?? -1,
    ),
  }));
}

/** Host processes whose cgroup belongs to one of these pods (kubelet's cgroupfs layout). */
function hostProcessesOf(podUids: string[]): number[] {
  const marks = podUids.map(uid => `pod${uid}`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cgroup = readFileSync(`/proc/${entry}/cgroup`, 'utf8');
      if (marks.some(m => cgroup.includes(m))) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('stores on the real node', () => {
  let env: NodeJS.ProcessEnv;
  let sim: Awaited<ReturnType<typeof startSimStoresBackend>>;

  beforeAll(async () => {
    env = await simCluster.up({ realNode: true });
    sim = await startSimStoresBackend(env.KUBECONFIG!, {
      valuesProfile: 'realnode',
      provisioningMinutes: 15,
    });
  });

  afterAll(async () => {
    await sim?.backend.stop();
  });

  it('provisions a Medusa store as real containers, takes a real order, and leaves nothing behind when deleted', async () => {
    const name = `rn-medusa-${process.pid % 10000}`;
    const namespace = `store-${name}`;
    const started = Date.now();
    const ready = await sim.createAndSettle(
      {
        name,
        engine: 'medusa',
        options: { currency: 'EUR', countries: ['DE'] },
      },
      15 * 60_000,
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');

    // The probe's outcome (its termination message) is in the store's activity.
    const activity = await request(sim.backend.server)
      .get(`/api/stores/stores/${ready.id}/activity`)
      .set('Authorization', alice)
      .expect(200);
    const probeLine: string =
      activity.body.items.find((i: { message: string }) =>
        i.message.startsWith('helm test (order probe): passed: order '),
      )?.message ?? '';
    const orderId = /order (order_[0-9A-Z]+) placed and confirmed/.exec(
      probeLine,
    )?.[1];
    expect(orderId).toBeDefined();
    // eslint-disable-next-line no-console
    console.log(
      `real node: Medusa store ${name} Ready in ${seconds} s; order ${orderId}`,
    );

    // Server, worker, PostgreSQL and Redis run on the real node as containerd containers;
    // the server's migrations init container ran and exited 0.
    const running = await pods(env, namespace);
    for (const component of ['server', 'worker', 'postgres', 'redis']) {
      const pod = running.find(p => p.component === component);
      expect(pod).toMatchObject({ node: REAL_NODE, phase: 'Running' });
      expect(pod!.containerIds[0]).toMatch(/^containerd:\/\//);
    }
    expect(running.find(p => p.component === 'server')!.initExitCodes).toEqual([
      0,
    ]);
    // The order-probe pod was a real container on the real node too.
    expect(running.find(p => p.component === 'order-probe')).toMatchObject({
      node: REAL_NODE,
      phase: 'Succeeded',
    });
    const uids = running.map(p => p.uid);
    expect(hostProcessesOf(uids).length).toBeGreaterThan(0);

    // The order is in the store's own PostgreSQL.
    const orders = async () => {
      const postgres = (await pods(env, namespace)).find(
        p => p.component === 'postgres' && p.phase === 'Running',
      )!;
      const rows = await run(
        'kubectl',
        [
          'exec',
          '-n',
          namespace,
          postgres.name,
          '--',
          'psql',
          '-h',
          '/var/run/postgresql',
          '-U',
          'medusa',
          '-d',
          'medusa',
          '-tAc',
          'SELECT id, currency_code FROM "order" ORDER BY created_at',
        ],
        { env },
      );
      expect(rows.stderr).toBe('');
      return rows.stdout.trim().split('\n');
    };
    expect(await orders()).toEqual([`${orderId}|eur`]);

    // Suspend: every container of the store stops (no host process left), the data stays.
    await request(sim.backend.server)
      .post(`/api/stores/stores/${ready.id}/suspend`)
      .set('Authorization', alice)
      .expect(202);
    const suspendStarted = Date.now();
    expect(
      await sim.waitForStatus(ready.id, ['suspended', 'failed'], 5 * 60_000),
    ).toMatchObject({ status: 'suspended' });
    const suspendSeconds = Math.round((Date.now() - suspendStarted) / 1000);
    for (
      let i = 0;
      i < 60 && (await pods(env, namespace)).some(p => p.phase === 'Running');
      i++
    )
      await new Promise(r => setTimeout(r, 1000));
    expect(
      (await pods(env, namespace)).filter(p => p.phase === 'Running'),
    ).toEqual([]);
    for (let i = 0; i < 60 && hostProcessesOf(uids).length > 0; i++)
      await new Promise(r => setTimeout(r, 1000));
    expect(hostProcessesOf(uids)).toEqual([]);

    // Resume: new containers on the same volumes; Ready again only after a second real order,
    // and the first order is still there.
    const resumeStarted = Date.now();
    await request(sim.backend.server)
      .post(`/api/stores/stores/${ready.id}/resume`)
      .set('Authorization', alice)
      .expect(202);
    const resumed = await sim.waitForStatus(
      ready.id,
      ['ready', 'failed'],
      10 * 60_000,
    );
    expect(resumed.reason).toBeUndefined();
    expect(resumed.status).toBe('ready');
    const resumeSeconds = Math.round((Date.now() - resumeStarted) / 1000);
    const afterResume = await orders();
    expect(afterResume).toHaveLength(2);
    expect(afterResume[0]).toBe(`${orderId}|eur`);
    expect(afterResume[1]).toMatch(/^order_[0-9A-Z]+\|eur$/);
    // eslint-disable-next-line no-console
    console.log(
      `real node: ${name} suspended in ${suspendSeconds} s, resumed to Ready in ${resumeSeconds} s; orders ${afterResume.join(
        ', ',
      )}`,
    );
    uids.push(...(await pods(env, namespace)).map(p => p.uid));

    // Delete: release, namespace and volumes gone, and no process of its containers on the host.
    const deleted = await sim.deleteAndWait(ready.id, 5 * 60_000);
    expect(deleted.status).toBe('deleted');
    const releases = await run('helm', ['list', '-a', '-n', namespace, '-q'], {
      env,
    });
    expect(releases.stdout.trim()).toBe('');
    const namespaces = await kubectlJson(env, ['get', 'namespaces']);
    expect(namespaces.items.map((n: any) => n.metadata.name)).not.toContain(
      namespace,
    );
    // The PV controller reclaims released volumes on its own schedule, after the namespace.
    const volumesOfStore = async () =>
      (await kubectlJson(env, ['get', 'pv'])).items.filter(
        (v: any) => v.spec.claimRef?.namespace === namespace,
      );
    for (let i = 0; i < 60 && (await volumesOfStore()).length > 0; i++)
      await new Promise(r => setTimeout(r, 1000));
    expect(await volumesOfStore()).toEqual([]);
    for (let i = 0; i < 60 && hostProcessesOf(uids).length > 0; i++)
      await new Promise(r => setTimeout(r, 1000));
    expect(hostProcessesOf(uids)).toEqual([]);
  });

  it('provisions a WooCommerce store with its MariaDB as a real container (WordPress stays on kwok)', async () => {
    // The WooCommerce plugin comes only from wordpress.org, which this machine cannot reach, so
    // the store image cannot be built here: WordPress, its setup job and the order probe run on
    // the simulated node. MariaDB is real, and Ready waits for its own health check.
    const name = `rn-woo-${process.pid % 10000}`;
    const namespace = `store-${name}`;
    const ready = await sim.createAndSettle(
      { name, engine: 'woocommerce' },
      10 * 60_000,
    );
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');

    const running = await pods(env, namespace);
    const mariadb = running.find(p => p.component === 'mariadb');
    expect(mariadb).toMatchObject({ node: REAL_NODE, phase: 'Running' });
    expect(mariadb!.containerIds[0]).toMatch(/^containerd:\/\//);
    for (const component of ['wordpress', 'setup', 'order-probe']) {
      for (const pod of running.filter(p => p.component === component))
        expect(pod.node).not.toBe(REAL_NODE);
    }

    // The entrypoint created the database and its user from the store's Secret: the user logs
    // in over TCP with its password (passed in the environment, never argv).
    const login = await run(
      'kubectl',
      [
        'exec',
        '-n',
        namespace,
        mariadb!.name,
        '--',
        'sh',
        '-c',
        'MYSQL_PWD="$MARIADB_PASSWORD" mariadb -h 127.0.0.1 -u "$MARIADB_USER" "$MARIADB_DATABASE" -N -e "SELECT DATABASE()"',
      ],
      { env },
    );
    expect(login.stderr).toBe('');
    expect(login.stdout.trim()).toBe('wordpress');

    const deleted = await sim.deleteAndWait(ready.id, 5 * 60_000);
    expect(deleted.status).toBe('deleted');
    const uids = running.map(p => p.uid);
    for (let i = 0; i < 60 && hostProcessesOf(uids).length > 0; i++)
      await new Promise(r => setTimeout(r, 1000));
    expect(hostProcessesOf(uids)).toEqual([]);
  });

  it('yarn stores:verify proves the running Storefleet: Ready with an order id, then deleted', async () => {
    const { port } = sim.backend.server.address() as AddressInfo;
    const lines: string[] = [];
    const results = await verifyStores({
      baseUrl: `http://127.0.0.1:${port}`,
      token: mockCredentials.user.token('user:default/alice'),
      engines: ['medusa', 'shopify'],
      timeoutMs: 15 * 60_000,
      pollMs: 1000,
      log: line => lines.push(line),
    });
    // eslint-disable-next-line no-console
    console.log(`stores:verify on the real node:\n${lines.join('\n')}`);
    expect(results[0]).toMatchObject({
      engine: 'medusa',
      outcome: 'ready',
      orderId: expect.stringMatching(/^order_[0-9A-Z]+$/),
      deleted: true,
    });
    expect(results[0].seconds).toBeGreaterThan(0);
    // An engine this Storefleet does not offer is reported, not fatal.
    expect(results[1]).toMatchObject({
      engine: 'shopify',
      outcome: 'not enabled',
    });
    expect(verificationPassed(results)).toBe(true);
  });
});
