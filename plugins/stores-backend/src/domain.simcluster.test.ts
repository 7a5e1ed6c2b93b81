/**
 * A custom domain through the plugin's HTTP API with the real Medusa chart on the sim
 * cluster: the Ingress gets the owner's hostname, the URLs follow, a hostname another store
 * uses is refused with a clear message, and removing it brings the Storefleet hostname back.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(6 * 60_000);

it("serves a store on its owner's hostname, refuses a taken one, and gives it back", async () => {
  const env = await simCluster.up();
  const { backend, createAndSettle, waitForStatus, deleteAndWait } =
    await startSimStoresBackend(env.KUBECONFIG!);
  const server = backend.server;
  const setDomain = (id: string, hostname: string | null) =>
    request(server)
      .put(`/api/stores/stores/${id}/domain`)
      .set('Authorization', alice)
      .send({ hostname });
  const ingressHost = async (name: string) =>
    (
      await run(
        'kubectl',
        [
          'get',
          'ingress',
          '-n',
          `store-${name}`,
          '-o',
          'jsonpath={.items[0].spec.rules[0].host}',
        ],
        { env },
      )
    ).stdout;
  const suffix = process.pid % 10000;
  const a = await createAndSettle({
    name: `dom-a-${suffix}`,
    engine: 'medusa',
  });
  const b = await createAndSettle({
    name: `dom-b-${suffix}`,
    engine: 'medusa',
  });
  try {
    expect([a.status, b.status]).toEqual(['ready', 'ready']);
    const host = `shop-${suffix}.example.org`;

    const set = await setDomain(a.id, host);
    expect(set.status).toBe(202);
    expect(set.body).toMatchObject({ status: 'queued', customHost: host });
    const served = await waitForStatus(a.id, ['ready', 'failed']);
    expect(served).toMatchObject({
      status: 'ready',
      customHost: host,
      storefrontUrl: `http://${host}/`,
      apiUrl: `http://${host}/store`,
      adminUrl: `http://${host}/app`,
    });
    expect(await ingressHost(a.name)).toBe(host);

    const taken = await setDomain(b.id, host);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'CONFLICT',
      message: `Hostname ${host} is already used by store ${a.name}`,
    });
    const ours = await setDomain(b.id, `${a.name}.stores.test`);
    expect(ours.status).toBe(400);
    expect(ours.body.error.message).toBe(
      "Hostnames under stores.test are Storefleet's own (<store>.stores.test); choose a domain of your own",
    );
    const bad = await setDomain(b.id, 'Not A Host');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    expect(await ingressHost(b.name)).toBe(`${b.name}.stores.test`);

    const removed = await setDomain(a.id, null);
    expect(removed.status).toBe(202);
    const back = await waitForStatus(a.id, ['ready', 'failed']);
    expect(back.customHost).toBeUndefined();
    expect(back.storefrontUrl).toBe(`http://${a.name}.stores.test/`);
    expect(await ingressHost(a.name)).toBe(`${a.name}.stores.test`);
    // The hostname is free again.
    expect((await setDomain(b.id, host)).status).toBe(202);
    expect((await waitForStatus(b.id, ['ready', 'failed'])).status).toBe(
      'ready',
    );
  } finally {
    await deleteAndWait(a.id).catch(() => {});
    await deleteAndWait(b.id).catch(() => {});
    await backend.stop();
  }
});
