import {
  Counter,
  Histogram,
  metrics,
  ObservableGauge,
} from '@opentelemetry/api';
import { STORE_STATUSES } from '@storefleet/plugin-stores-common';

/**
 * OpenTelemetry instruments of the stores plugin. Exported by whatever MeterProvider the
 * Backstage instance registers (e.g. Prometheus); no-ops when there is none.
 */
export class StoreMetrics {
  /** By engine, and whether a warm-pool slot served it or it was provisioned on request. */
  readonly created: Counter<{
    engine: string;
    path: 'warm-pool' | 'provisioned';
  }>;
  readonly ready: Counter<{ engine: string }>;
  readonly failed: Counter<{ engine: string; step: string }>;
  readonly deleted: Counter<{ engine: string }>;
  readonly provisioningDuration: Histogram<{ engine: string; outcome: string }>;
  readonly leaseTakeovers: Counter<{ engine: string; status: string }>;
  readonly driftFindings: Counter<{ finding: 'degraded' | 'recovered' }>;
  private readonly stores: ObservableGauge<{ status: string }>;

  constructor() {
    const meter = metrics.getMeter('storefleet-stores');
    this.created = meter.createCounter('storefleet.stores.created', {
      description: 'Stores requested',
    });
    this.ready = meter.createCounter('storefleet.stores.ready', {
      description:
        'Provisioning attempts that ended Ready (an order was placed)',
    });
    this.failed = meter.createCounter('storefleet.stores.failed', {
      description: 'Provisioning attempts that failed, by step',
    });
    this.deleted = meter.createCounter('storefleet.stores.deleted', {
      description: 'Stores deleted',
    });
    this.stores = meter.createObservableGauge('storefleet.stores', {
      description: 'Live stores, by status',
    });
    this.leaseTakeovers = meter.createCounter(
      'storefleet.stores.lease.takeovers',
      {
        description:
          'Stores whose work was taken over from a worker whose lease ran out (it stopped or died)',
      },
    );
    this.driftFindings = meter.createCounter('storefleet.stores.drift', {
      description:
        'Drift check findings: Ready stores changed by hand (degraded), and stores whole again (recovered)',
    });
    this.provisioningDuration = meter.createHistogram(
      'storefleet.stores.provisioning.duration',
      {
        description: 'Duration of a provisioning attempt',
        unit: 's',
      },
    );
  }

  /** Reports the live stores by status whenever the metrics are collected (a scrape). */
  observeStoreCounts(countByStatus: () => Promise<Record<string, number>>) {
    this.stores.addCallback(async result => {
      const counts = await countByStatus();
      // Every status, 0 included: a series left unobserved keeps its last value in the export.
      for (const status of STORE_STATUSES) {
        if (status !== 'deleted')
          result.observe(counts[status] ?? 0, { status });
      }
    });
  }
}
