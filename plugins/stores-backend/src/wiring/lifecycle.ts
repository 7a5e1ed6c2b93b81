import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { readDomainRules } from '../lifecycle/customDomains';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';
import { StoreMetrics } from '../metrics/StoreMetrics';
import { describeProblems, SetupProblem } from '../setup/checkSetup';
import { Provisioning } from './provisioning';

/** The lifecycle rules, wired to the reconciler (when there is a cluster) and the warm pool. */
export function createStoreLifecycle(deps: {
  config: RootConfigService;
  settings: LifecycleSettings;
  store: StoresStore;
  engines: EngineRegistry;
  metrics: StoreMetrics;
  logger: LoggerService;
  scheduler: SchedulerService;
  provisioning?: Provisioning;
  setupProblems: SetupProblem[];
  publishChange: (storeId: string) => void;
}): StoreLifecycle {
  const { settings, logger, provisioning, setupProblems } = deps;
  const reconciler = provisioning?.reconciler;
  const cluster = provisioning?.cluster;
  return new StoreLifecycle({
    store: deps.store,
    engines: deps.engines,
    limits: settings.limits,
    maxTtlHours: settings.expiry.maxTtlHours,
    domains: readDomainRules(deps.config, settings.baseDomain),
    ingressesServing: cluster
      ? host => cluster.ingressesServing(host)
      : undefined,
    nudge: () => {
      reconciler?.pump().catch(e => logger.error('Reconcile failed', e));
    },
    cancel: id => reconciler?.cancel(id),
    check: reconciler
      ? (id, actor) => {
          reconciler
            .checkNow(id, actor)
            .catch(e => logger.error(`Check of store ${id} failed`, e));
        }
      : undefined,
    metrics: deps.metrics,
    onChange: deps.publishChange,
    setupProblem: () =>
      setupProblems.length > 0 ? describeProblems(setupProblems) : undefined,
    poolSize: engine => settings.pool.sizes[engine] ?? 0,
    refillPool: () => {
      deps.scheduler
        .triggerTask('stores-warm-pool')
        .catch(e => logger.warn('Could not refill the warm pool now', e));
    },
  });
}
