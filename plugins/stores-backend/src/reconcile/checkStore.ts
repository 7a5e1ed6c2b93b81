import { publicUrlStep } from '../publicUrls/publicUrlStep';
import { ReconcilerDeps, errorMessage } from './ReconcilerDeps';
import { storeContext } from './storeContext';
import { runOrderProbe } from './orderProbe';

/**
 * "Check now": runs the order probe of a Ready (or degraded) store on demand, then fetches its
 * public URLs through the ingress, and records the outcome; a failure makes a Ready store
 * degraded, a pass heals a degraded store. Resolves with the activity line it wrote.
 */
export async function checkStore(
  deps: ReconcilerDeps,
  storeId: string,
  actor?: string,
): Promise<string> {
  const { store, settings, engines } = deps;
  const work = await store.getWork(storeId);
  if (!work || !['ready', 'degraded'].includes(work.status)) {
    return 'skipped: the store is no longer ready or degraded';
  }
  const controller = new AbortController();
  let message: string;
  let what = 'Order probe';
  try {
    const probe = await runOrderProbe(
      deps,
      work,
      Math.min(300, settings.provisioningTimeoutSeconds),
      controller.signal,
    );
    what = 'Public URLs';
    const urls = engines
      .get(work.engine)
      .urls(storeContext(work, deps.settings));
    const reached = await publicUrlStep(
      settings.publicUrlCheck,
      urls,
      controller.signal,
    );
    message = `Order probe on demand: ${probe}; public URLs: ${reached}`;
    await store.addActivity(storeId, { kind: 'check', message, actor });
    await store.transition(storeId, 'degraded', {
      status: 'ready',
      reason: null,
    });
  } catch (error) {
    message = `${what} on demand failed: ${errorMessage(error)}`;
    await store.addActivity(storeId, { kind: 'check', message, actor });
    await store.transition(storeId, 'ready', {
      status: 'degraded',
      reason: `check: ${
        what === 'Public URLs' ? 'public URLs: ' : ''
      }${errorMessage(error)}`,
    });
  }
  deps.onChange?.(storeId);
  return message;
}
