import { Counter, Histogram, metrics } from '@opentelemetry/api';

/**
 * OpenTelemetry instruments of the stores plugin. Exported by whatever MeterProvider the
 * Backstage instance registers (e.g. Prometheus); no-ops when there is none.
 */
export class StoreMetrics {
  readonly created: Counter<{ engine: string }>;
  readonly ready: Counter<{ engine: string }>;
  readonly failed: Counter<{ engine: string; step: string }>;
  readonly deleted: Counter<{ engine: string }>;
  readonly provisioningDuration: Histogram<{ engine: string; outcome: string }>;

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
    this.provisioningDuration = meter.createHistogram(
      'storefleet.stores.provisioning.duration',
      {
        description: 'Duration of a provisioning attempt',
        unit: 's',
      },
    );
  }
}
