/**
 * The Kubernetes proxy back door, closed, in the real Storefleet backend (OS processes, as
 * `npm start` runs it) against the sim cluster: Backstage's proxy sends a request to the API
 * server with the backend's cluster credentials, so only `stores.permissionPolicy.adminGroups`
 * may use it. The same guest user (`user:development/guest` when the backend runs as `npm start`
 * runs it), not an admin in one backend and an admin in the other.
 * (Under Jest's module loader the proxy cannot load its HTTP proxy library; a real process can.)
 */
import { kubernetesTabConfig, simCluster } from '@storefleet/sim-cluster';
import { backendProcesses, guestToken } from './__testUtils__/backendProcess';

jest.setTimeout(6 * 60_000);

let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;
let kubernetes: unknown;

beforeAll(async () => {
  env = await simCluster.up();
  backends = backendProcesses('kubernetes-proxy', env);
  // The tab's read-only identity, as `npm start` configures it.
  kubernetes = await kubernetesTabConfig(env);
});

afterAll(async () => {
  await backends?.stopAll();
});

/** GET through the proxy as the backend's guest user. */
async function proxyAsGuest(baseUrl: string) {
  const token = await guestToken(baseUrl);
  const res = await fetch(
    `${baseUrl}/api/kubernetes/proxy/api/v1/namespaces/kube-system/pods`,
    {
      headers: {
        Authorization: `Bearer ${token}`,
        'Backstage-Kubernetes-Cluster': 'storefleet',
      },
    },
  );
  return { status: res.status, body: await res.text() };
}

it.each([
  {
    who: 'a signed-in user who is not an admin',
    port: 7237,
    adminGroups: [] as string[],
    expected: 403,
  },
  {
    who: 'an admin (adminGroups)',
    port: 7238,
    adminGroups: ['user:development/guest'],
    expected: 200,
  },
])(
  'the proxy answers $who with HTTP $expected',
  async ({ port, adminGroups, expected }) => {
    const backend = await backends.start(`proxy-${port}`, port, {
      backend: {
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      kubernetes,
      stores: { permissionPolicy: { adminGroups } },
    });
    const res = await proxyAsGuest(backend.baseUrl);
    // eslint-disable-next-line no-console
    console.log(
      `GET /api/kubernetes/proxy/api/v1/namespaces/kube-system/pods as guest, adminGroups ${JSON.stringify(
        adminGroups,
      )}: HTTP ${res.status}`,
    );
    expect(res.status).toBe(expected);
    const body = JSON.parse(res.body);
    // A PodList from the API server, or Backstage's refusal: never the cluster's data for a user.
    expect(body.kind ?? body.error?.name).toBe(
      expected === 200 ? 'PodList' : 'NotAllowedError',
    );
    backend.kill('SIGTERM');
    await backend.exited();
  },
);
