import { StoreWork } from '../database/StoresStore';
import { ReconcilerDeps, errorMessage } from './ReconcilerDeps';

/**
 * Runs the chart's `helm test` and says what the probe reported: the order it placed, or why
 * it could not (the probe writes its outcome to its termination message).
 */
export async function runOrderProbe(
  deps: Pick<ReconcilerDeps, 'helm' | 'cluster'>,
  work: StoreWork,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<string> {
  const probeResults = async () =>
    (await deps.cluster.listTestPodResults(work.namespace).catch(() => []))
      .map(r => r.result)
      .filter((r): r is Record<string, unknown> => !!r);
  try {
    await deps.helm.test(
      {
        release: work.release,
        namespace: work.namespace,
        timeoutSeconds: Math.max(1, timeoutSeconds),
      },
      { signal },
    );
  } catch (error) {
    const failure = (await probeResults()).find(r => r.error);
    if (!failure) throw error;
    throw new Error(
      `${errorMessage(error)} (order probe: ${String(failure.error)})`,
    );
  }
  const orders = (await probeResults())
    .filter(r => typeof r.orderId === 'string' || typeof r.orderId === 'number')
    .map(r => `order ${r.orderId} placed and confirmed`);
  return orders.length ? `passed: ${orders.join('; ')}` : 'passed';
}
