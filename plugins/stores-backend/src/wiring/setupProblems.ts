import { LoggerService } from '@backstage/backend-plugin-api';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { EngineRegistry } from '../engines/EngineRegistry';
import {
  checkSetup,
  describeProblems,
  SetupProblem,
} from '../setup/checkSetup';

/** Said once, at start: what provisioning lacks. Creates are refused while it lacks it. */
export async function findSetupProblems(deps: {
  settings: LifecycleSettings;
  engines: EngineRegistry;
  clusterConfigured: boolean;
  logger: LoggerService;
}): Promise<SetupProblem[]> {
  const { settings, engines } = deps;
  const problems = await checkSetup({
    clusterConfigured: deps.clusterConfigured,
    helmBinary: settings.helmBinary,
    chartsDirectory: settings.chartsDirectory,
    engines: engines.enabledIds().map(id => engines.get(id)),
  });
  if (problems.length > 0) {
    deps.logger.error(
      `${describeProblems(
        problems,
      )}. Creates answer 503 SETUP_INCOMPLETE and /api/stores/health lists this until it is fixed and Backstage restarted.`,
    );
  }
  return problems;
}
