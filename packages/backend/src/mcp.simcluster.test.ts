/**
 * An AI agent's session, scripted: the MCP TypeScript SDK's client talks streamable HTTP on
 * loopback to a real Backstage backend (the MCP actions plugin, the real actions registry and
 * the stores plugin on the sim cluster), lists the tools, creates a store, waits for it to be
 * Ready, reads its URLs, is refused by the quota in words, and deletes the store.
 */
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { simCluster } from '@storefleet/sim-cluster';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

jest.setTimeout(8 * 60_000);

const user = 'user:default/alice';

it('an MCP client lists the tools, creates a store, waits for Ready, reads its URLs and deletes it', async () => {
  const env = await simCluster.up();
  const backend = await startTestBackend({
    features: [
      storesPlugin,
      mcpActionsPlugin,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { actions: { pluginSources: ['stores'] } },
          mcpActions: { name: 'Storefleet' },
          stores: {
            kubernetes: { kubeconfigPath: env.KUBECONFIG! },
            helm: { binary: resolve(simCluster.root, '.tools', 'bin', 'helm') },
            chartsDirectory: simCluster.storeChartsDir,
            baseDomain: 'stores.test',
            // kwok's pods serve nothing: this simulated suite opts out of the public-URL step.
            publicUrlCheck: { enabled: false },
            reconcile: { intervalSeconds: 1 },
            quotas: { maxStores: 1 },
          },
        },
      }),
    ],
  });
  const port = (backend.server.address() as AddressInfo).port;
  const client = new Client({
    name: 'storefleet-test-agent',
    version: '1.0.0',
  });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      },
    ),
  );
  const name = `mcp-${process.pid % 10000}`;
  try {
    const { tools } = await client.listTools();
    const tool = (suffix: string) => {
      const found = tools.find(
        t => t.name === suffix || t.name.endsWith(`.${suffix}`),
      );
      if (!found)
        throw new Error(`no tool ${suffix} in ${tools.map(t => t.name)}`);
      return found;
    };
    expect(tool('delete-store').annotations).toMatchObject({
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(tool('create-store').inputSchema.required).toEqual([
      'name',
      'engine',
    ]);
    const call = async (suffix: string, args: Record<string, unknown>) => {
      const result = await client.callTool({
        name: tool(suffix).name,
        arguments: args,
      });
      return result as {
        isError?: boolean;
        structuredContent?: any;
        content: Array<{ type: string; text: string }>;
      };
    };

    const created = await call('create-store', {
      name,
      engine: 'woocommerce',
      displayName: 'Agent Shop',
      options: { country: 'DE', currency: 'EUR' },
    });
    expect(created.isError).toBeFalsy();
    const { id } = created.structuredContent.store;
    expect(created.structuredContent.store).toMatchObject({
      status: 'queued',
      requestedBy: user,
    });

    let waited;
    for (let i = 0; i < 10; i++) {
      waited = await call('wait-for-store', { id, timeoutSeconds: 30 });
      if (waited.structuredContent.settled) break;
    }
    expect(waited!.structuredContent.store).toMatchObject({
      status: 'ready',
      storefrontUrl: `http://${name}.stores.test/`,
      adminUrl: `http://${name}.stores.test/wp-admin/`,
    });

    const described = await call('describe-store', { id });
    expect(
      described.structuredContent.recentActivity.map((a: any) => a.message),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^helm test \(order probe\): passed/),
      ]),
    );

    // The quota (1 store) refuses a second one: an error result in words, not a crash.
    const refused = await call('create-store', {
      name: `${name}-2`,
      engine: 'woocommerce',
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(
      /^NotAllowedError: Refused \(QUOTA_EXCEEDED\): /,
    );

    const deleted = await call('delete-store', { id });
    expect(deleted.structuredContent.store.status).toBe('deleting');
    let gone;
    for (let i = 0; i < 10; i++) {
      gone = await call('wait-for-store', { id, timeoutSeconds: 30 });
      if (gone.structuredContent.settled) break;
    }
    expect(gone!.structuredContent.store.status).toBe('deleted');
    // eslint-disable-next-line no-console
    console.log(
      `MCP session: ${tools.length} tools; ${name} ready and deleted; quota refusal: ${refused.content[0].text}`,
    );
  } finally {
    await client.close();
    await backend.stop();
  }
});
