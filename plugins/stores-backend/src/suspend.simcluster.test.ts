/**
 * Suspend and resume through the plugin's HTTP API with the real WooCommerce chart on the sim
 * cluster: suspend scales every workload to zero and keeps the volumes; resume brings the same
 * release back and passes the order probe again before the store is Ready.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(6 * 60_000);

type Env = Record<string, string | undefined>;

async function kubectlJson(env: Env, args: string[]) {
  const result = await run('kubectl', [...args, '-o', 'json'], { env });
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

/** `Kind/name → spec.replicas` of every Deployment and StatefulSet in the namespace. */
async function replicas(env: Env, namespace: string) {
  const list = await kubectlJson(env, [
    'get',
    'deployments,statefulsets',
    '-n',
    namespace,
  ]);
  return Object.fromEntries(
    list.items.map((w: any) => [
      `${w.kind}/${w.metadata.name}`,
      w.spec.replicas,
    ]),
  );
}

/** `name → uid` of the namespace's PVCs: the same uids after resume mean the same volumes. */
async function claims(env: Env, namespace: string) {
  const list = await kubectlJson(env, ['get', 'pvc', '-n', namespace]);
  return Object.fromEntries(
    list.items.map((c: any) => [c.metadata.name, c.metadata.uid]),
  );
}

async function runningPods(env: Env, namespace: string) {
  const list = await kubectlJson(env, ['get', 'pods', '-n', namespace]);
  return list.items
    .filter(
      (p: any) =>
        !p.metadata.ownerReferences?.some((o: any) => o.kind === 'Job'),
    )
    .filter((p: any) => !p.metadata.annotations?.['helm.sh/hook'])
    .map((p: any) => p.metadata.name);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean) {
  let value = await fn();
  for (let i = 0; i < 120 && !ok(value); i++) {
    await new Promise(r => setTimeout(r, 500));
    value = await fn();
  }
  return value;
}

it('suspends a ready store to zero replicas keeping its volumes, and resumes it to Ready', async () => {
  const env = await simCluster.up();
  const { backend, createAndSettle, waitForStatus, deleteAndWait } =
    await startSimStoresBackend(env.KUBECONFIG!);
  const server = backend.server;
  const post = (id: string, what: string) =>
    request(server)
      .post(`/api/stores/stores/${id}/${what}`)
      .set('Authorization', alice);
  try {
    const name = `pause-${process.pid % 10000}`;
    const namespace = `store-${name}`;
    const ready = await createAndSettle({ name, engine: 'woocommerce' });
    expect(ready.status).toBe('ready');
    const before = await replicas(env, namespace);
    expect(Object.values(before).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(before).every(n => Number(n) >= 1)).toBe(true);
    const volumes = await claims(env, namespace);
    expect(Object.keys(volumes).length).toBeGreaterThanOrEqual(2); // uploads + database

    // Resume is for suspended stores only; the refusal says so.
    const early = await post(ready.id, 'resume');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      `Store ${name} is ready; only a suspended store can be resumed`,
    );

    const suspending = await post(ready.id, 'suspend');
    expect(suspending.status).toBe(202);
    expect(suspending.body.status).toBe('suspending');
    const suspended = await waitForStatus(ready.id, ['suspended', 'failed']);
    expect(suspended).toMatchObject({ status: 'suspended' });
    expect(suspended.reason).toBeUndefined();
    expect(suspended.storefrontUrl).toBe(ready.storefrontUrl);

    const after = await replicas(env, namespace);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after).every(n => n === 0)).toBe(true);
    expect(
      await eventually(
        () => runningPods(env, namespace),
        p => !p.length,
      ),
    ).toEqual([]);
    expect(await claims(env, namespace)).toEqual(volumes);
    const summary = await request(server)
      .get('/api/stores/metrics/summary')
      .set('Authorization', alice);
    expect(summary.body.byStatus).toMatchObject({ suspended: 1 });

    const again = await post(ready.id, 'suspend');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Store ${name} is suspended; only a ready store can be suspended`,
    );

    const resuming = await post(ready.id, 'resume');
    expect(resuming.status).toBe(202);
    expect(resuming.body.status).toBe('queued');
    const resumed = await waitForStatus(ready.id, ['ready', 'failed']);
    expect(resumed).toMatchObject({ status: 'ready', attempts: 2 });
    expect(await replicas(env, namespace)).toEqual(before);
    expect(await claims(env, namespace)).toEqual(volumes);

    const activity = await request(server)
      .get(`/api/stores/stores/${ready.id}/activity`)
      .set('Authorization', alice);
    const lines = activity.body.items.map(
      (a: any) => `${a.kind}: ${a.message}`,
    );
    const from = lines.indexOf('suspend-requested: Suspend requested');
    expect(from).toBeGreaterThan(0);
    expect(lines.slice(from)).toEqual([
      'suspend-requested: Suspend requested',
      expect.stringMatching(
        /^step: helm upgrade \(suspend\): release .* deployed$/,
      ),
      'suspended: Suspended: every workload scaled to zero, volumes and data kept',
      'resume-requested: Resume requested',
      'provisioning: Attempt 2 started',
      `step: namespace: ${namespace}`,
      `step: credentials: Secret ${name}-credentials existing`,
      expect.stringMatching(
        /^step: helm upgrade --install: release .* deployed$/,
      ),
      expect.stringMatching(/^step: helm test \(order probe\): passed/),
      // kwok's pods serve nothing: the simulated suites opt out, and the activity says so.
      'step: public URLs: not checked: stores.publicUrlCheck.enabled is false in this install',
      `ready: Ready at ${ready.storefrontUrl}`,
    ]);
    expect(activity.body.items[from].actor).toBe('user:default/alice');

    expect((await deleteAndWait(ready.id)).status).toBe('deleted');
  } finally {
    await backend.stop();
  }
});
