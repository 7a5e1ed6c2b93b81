/**
 * Stores on the sim cluster's real node (kubelet + containerd + runc): the store's pods are real
 * processes from images built on this machine, and Ready means the chart's order probe — itself
 * a real container — placed a real order. Through the plugin's HTTP API, with Pod Security
 * "restricted" enforced on the store namespace and the charts' values-realnode.yaml.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { run, simCluster } from '@storefleet/sim-cluster';
import { verificationPassed, verifyStores } from '@storefleet/stores-verify';
import { get } from 'node:http';
import { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';
import { lookupWithLocalhost } from './publicUrls/resolveLocalhost';

/** GETs a URL as a browser on this machine would: `*.localhost` is loopback, no port-forward. */
async function browse(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, { lookup: lookupWithLocalhost as never, headers }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

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
  restarts: number;
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
    restarts: (p.status.containerStatuses ?? []).reduce(
      (n: number, c: any) => n + (c.restartCount ?? 0),
      0,
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

    // Ready came after the public URLs answered through Traefik, and the URLs are the ones a
    // person opens: the shop at /, the admin at /app, the Store API at /store.
    expect(ready).toMatchObject({
      storefrontUrl: `http://${name}.localhost/`,
      adminUrl: `http://${name}.localhost/app`,
      apiUrl: `http://${name}.localhost/store`,
    });
    expect(
      activity.body.items.map((i: { message: string }) => i.message),
    ).toContainEqual(
      expect.stringMatching(
        /^public URLs: storefront 200, admin 200 in \d+ ms$/,
      ),
    );
    const shop = await browse(ready.storefrontUrl);
    expect(shop.status).toBe(200);
    expect(shop.body).toContain('<div id="root">');
    const admin = await browse(ready.adminUrl);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatch(/medusa/i);
    // The shop's run-time config carries the publishable key the chart gave it, and the Store
    // API (through the same Ingress) accepts that key: the shop can sell.
    const config = JSON.parse(
      (await browse(`http://${name}.localhost/config.json`)).body,
    );
    expect(config.publishableKey).toMatch(/^pk_[A-Za-z0-9_-]{16,}$/);
    const regions = await browse(`${ready.apiUrl}/regions`, {
      'x-publishable-api-key': config.publishableKey,
    });
    expect(regions.status).toBe(200);
    expect(JSON.parse(regions.body).regions[0].currency_code).toBe('eur');

    // Server, worker, shop, PostgreSQL and Redis run on the real node as containerd
    // containers; the server's migrations init container ran and exited 0, and no container
    // restarted (the worker waits for the migrations instead of failing before them).
    const running = await pods(env, namespace);
    for (const pod of running)
      expect([pod.name, pod.restarts]).toEqual([pod.name, 0]);
    for (const component of [
      'server',
      'worker',
      'storefront',
      'postgres',
      'redis',
    ]) {
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
      // kubectl's own websocket chatter is not psql's (client-go: "Unknown stream id 1,
      // discarding message" when a stream closes); anything else on stderr is an error.
      expect(
        rows.stderr
          .split('\n')
          .filter(l => l && !/websocket\.go:\d+\] Unknown stream id/.test(l)),
      ).toEqual([]);
      return rows.stdout.trim().split('\n');
    };
    expect(await orders()).toEqual([`${orderId}|eur`]);

    // The owner reads the Medusa server's own log lines through the API (pods/log in the store
    // namespace only; no Secret is read).
    const logs = await request(sim.backend.server)
      .get(`/api/stores/stores/${ready.id}/logs?component=server&tailLines=400`)
      .set('Authorization', alice)
      .expect(200);
    expect(logs.body.components).toEqual(
      expect.arrayContaining([
        'server',
        'worker',
        'storefront',
        'postgres',
        'redis',
      ]),
    );
    expect(logs.body.component).toBe('server');
    expect(logs.body.pod).toMatch(new RegExp(`^${name}-server-`));
    expect(logs.body.lines.length).toBeGreaterThan(0);
    expect(logs.body.lines.join('\n')).toMatch(
      /medusa|Server is ready|GET \/store/i,
    );

    // Its CPU and memory, from the cluster's metrics API (metrics-server beside the node), with
    // what its pods request and may take. metrics-server scrapes every 15 s: a new pod may wait.
    let usage: any;
    for (let i = 0; i < 40; i++) {
      usage = (
        await request(sim.backend.server)
          .get(`/api/stores/stores/${ready.id}/usage`)
          .set('Authorization', alice)
          .expect(200)
      ).body;
      if (usage.components.every((c: any) => c.memory.used > 0)) break;
      await new Promise(r => setTimeout(r, 3000));
    }
    expect(usage.metrics).toMatchObject({
      available: true,
      source: 'metrics.k8s.io',
    });
    const server = usage.components.find((c: any) => c.component === 'server');
    expect(server.pods).toBe(1);
    expect(server.cpu.used).toBeGreaterThan(0);
    expect(server.memory.used).toBeGreaterThan(0);
    expect(server.memory.requests).toBeGreaterThan(0);
    expect(server.memory.limits).toBeGreaterThanOrEqual(server.memory.requests);
    expect(usage.total.memory.used).toBeGreaterThan(server.memory.used);
    // eslint-disable-next-line no-console
    console.log(
      `usage of ${name}: ${usage.components
        .map(
          (c: any) =>
            `${c.component} ${c.cpu.used}m CPU (requests ${
              c.cpu.requests
            }m), ${Math.round(c.memory.used / 2 ** 20)} MiB (limit ${
              c.memory.limits ? Math.round(c.memory.limits / 2 ** 20) : 'none'
            } MiB)`,
        )
        .join('; ')}; total ${usage.total.cpu.used}m, ${Math.round(
        usage.total.memory.used / 2 ** 20,
      )} MiB`,
    );

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

    // "Check now" proves the URLs too: with the Ingress deleted by hand the order probe still
    // passes inside the cluster, but the shop no longer opens, and the store says which URL.
    await run(
      'kubectl',
      ['delete', 'ingress', '-n', namespace, `${name}-ingress`, '--wait'],
      { env },
    );
    await request(sim.backend.server)
      .post(`/api/stores/stores/${ready.id}/check`)
      .set('Authorization', alice)
      .expect(202);
    const broken = await sim.waitForStatus(ready.id, ['degraded'], 5 * 60_000);
    expect(broken.reason).toContain(
      `check: public URLs: storefront http://${name}.localhost/: HTTP 404`,
    );

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

  it('a WooCommerce store on the real node runs only where its image could be built, and otherwise fails at once saying why', async () => {
    // The WooCommerce image bakes in downloads from wordpress.org and GitHub. Where they could
    // not be reached when the node's images were built (this machine), the image is not on the
    // node, and the store must fail in words, at once: never Ready from simulated pods.
    const node = await kubectlJson(env, ['get', 'node', REAL_NODE]);
    const image = 'localhost/storefleet/woocommerce:6.8.3-wc10.3.4';
    const built = node.status.images.some((i: any) =>
      (i.names ?? []).includes(image),
    );
    const name = `rn-woo-${process.pid % 10000}`;
    const namespace = `store-${name}`;
    const started = Date.now();
    const settled = await sim.createAndSettle(
      { name, engine: 'woocommerce' },
      15 * 60_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const storePods = await pods(env, namespace);
    const outcome = {
      status: settled.status,
      saysWhy:
        (settled.reason ?? '').includes(
          `WooCommerce cannot run on node ${REAL_NODE}: its image ${image} is not there`,
        ) && (settled.reason ?? '').includes('wordpress.org'),
      withinAMinute: seconds < 60,
      podsOffTheRealNode: storePods.filter(p => p.node !== REAL_NODE).length,
      podsStarted: storePods.length > 0,
    };
    // Built (a machine that reached wordpress.org): it runs like a Medusa store, on the real
    // node. Not built (this machine): failed at once, saying why, with nothing started.
    expect(outcome).toEqual(
      built
        ? {
            status: 'ready',
            saysWhy: false,
            withinAMinute: outcome.withinAMinute,
            podsOffTheRealNode: 0,
            podsStarted: true,
          }
        : {
            status: 'failed',
            saysWhy: true,
            withinAMinute: true,
            podsOffTheRealNode: 0,
            podsStarted: false,
          },
    );
    // eslint-disable-next-line no-console
    console.log(
      `real node: WooCommerce image ${
        built ? 'built' : 'not built here'
      }; store ${settled.status} in ${Math.round(
        (Date.now() - started) / 1000,
      )} s: ${settled.reason ?? ''}`,
    );
    const deleted = await sim.deleteAndWait(settled.id, 5 * 60_000);
    expect(deleted.status).toBe('deleted');
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
