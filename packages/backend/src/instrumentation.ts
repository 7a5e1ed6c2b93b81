import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * Prometheus metrics through OpenTelemetry, as Backstage's observability guide sets them up:
 * a MeterProvider whose reader is OpenTelemetry's Prometheus exporter, registered before any
 * plugin asks for a meter (index.ts imports this first). It serves
 * http://<host>:$STOREFLEET_METRICS_PORT/metrics — Storefleet's instruments (stores by status,
 * creates, failures, the provisioning duration histogram) and Backstage's own. Off unless the
 * port is set (charts/storefleet sets 9464); several local backends would otherwise contend for
 * one port.
 */
const port = Number(process.env.STOREFLEET_METRICS_PORT ?? 0);
if (Number.isInteger(port) && port > 0) {
  metrics.setGlobalMeterProvider(
    new MeterProvider({ readers: [new PrometheusExporter({ port })] }),
  );
}
