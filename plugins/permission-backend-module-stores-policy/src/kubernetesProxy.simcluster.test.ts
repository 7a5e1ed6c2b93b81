/**
 * The Kubernetes proxy back door, closed: Backstage's real Kubernetes backend and permission
 * backend with this policy, against the sim cluster. A signed-in user who is not an admin gets
 * 403 from /api/kubernetes/proxy; an admin is allowed through.
 */
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { kubernetesTabConfig, simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import permissionModuleStoresPolicy from '.';

jest.setTimeout(5 * 60_000);

let server: any;

beforeAll(async () => {
  const env = await simCluster.up();
  // The tab's read-only identity, as `npm start` configures it.
  const kubernetes = await kubernetesTabConfig(env);
  ({ server } = await startTestBackend({
    features: [
      permissionPlugin,
      permissionModuleStoresPolicy,
      kubernetesPlugin,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          kubernetes,
          stores: {
            permissionPolicy: { adminGroups: ['user:default/carol'] },
          },
        },
      }),
    ],
  }));
});

const proxy = (user: string) =>
  request(server)
    .get('/api/kubernetes/proxy/api/v1/namespaces/kube-system/pods')
    .set('Backstage-Kubernetes-Cluster', 'storefleet')
    .set('Authorization', mockCredentials.user.header(user));

it('refuses the proxy to a signed-in user who is not an admin', async () => {
  const res = await proxy('user:default/alice');
  expect(res.status).toBe(403);
});

/** The permission backend's own answer for `kubernetes.proxy`, as the proxy route asks it. */
const decide = async (user: string) =>
  (
    await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        items: [
          {
            id: '1',
            permission: {
              type: 'basic',
              name: 'kubernetes.proxy',
              attributes: {},
            },
          },
        ],
      })
  ).body.items[0].result;

it('allows the proxy to an admin, and only to an admin', async () => {
  expect(await decide('user:default/carol')).toBe('ALLOW');
  expect(await decide('user:default/alice')).toBe('DENY');
  // Past the permission check, the proxy itself runs: its answer is not a 403. (Under Jest the
  // proxy's dynamic import of its HTTP proxy library cannot load, so it answers 500 here; the
  // real backend process answers 200: packages/backend/src/kubernetesProxy.simcluster.test.ts.)
  const res = await proxy('user:default/carol');
  expect(res.status).not.toBe(403);
});
