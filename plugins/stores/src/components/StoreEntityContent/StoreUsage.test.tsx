import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  StoresApi,
  StoreUsage as Usage,
} from '@storefleet/plugin-stores-common';
import { screen } from '@testing-library/react';
import { storesApiRef } from '../../api/storesApiRef';
import { formatCpu, formatMemory, StoreUsage } from './StoreUsage';

const render = (usage: Usage) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [storesApiRef, { getUsage: async () => usage } as unknown as StoresApi],
      ]}
    >
      <StoreUsage storeId="s1" />
    </TestApiProvider>,
  );

describe('StoreUsage', () => {
  it('shows use beside requests and limits, by component and in total', async () => {
    await render({
      metrics: {
        available: true,
        source: 'metrics.k8s.io',
        at: '2026-12-03T12:00:00Z',
        window: '15s',
      },
      components: [
        {
          component: 'server',
          pods: 1,
          cpu: { used: 42, requests: 250, limits: 1000 },
          memory: { used: 300 * 2 ** 20, requests: 512 * 2 ** 20 },
        },
      ],
      total: {
        cpu: { used: 42, requests: 250, limits: 1000 },
        memory: { used: 300 * 2 ** 20, requests: 512 * 2 ** 20 },
      },
    });
    expect(
      await screen.findByText(
        'In total: CPU 42m · requests 250m · limit 1 cores; memory 300 MiB · requests 512 MiB · no limit',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('server')).toBeInTheDocument();
    expect(
      screen.getByText(/over 15s \(metrics\.k8s\.io\)$/),
    ).toBeInTheDocument();
  });

  it('says why there is no use to show, and still shows requests', async () => {
    await render({
      metrics: {
        available: false,
        reason: 'This cluster serves no metrics API',
      },
      components: [
        {
          component: 'redis',
          pods: 1,
          cpu: { requests: 100 },
          memory: { requests: 128 * 2 ** 20, limits: 128 * 2 ** 20 },
        },
      ],
      total: {
        cpu: { requests: 100 },
        memory: { requests: 128 * 2 ** 20, limits: 128 * 2 ** 20 },
      },
    });
    expect(
      await screen.findByText('This cluster serves no metrics API'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('— · requests 128 MiB · limit 128 MiB'),
    ).toBeInTheDocument();
  });

  it('formats CPU and memory as people read them', () => {
    expect(formatCpu(250)).toBe('250m');
    expect(formatCpu(1500)).toBe('1.5 cores');
    expect(formatMemory(1536 * 2 ** 20)).toBe('1.5 GiB');
  });
});
