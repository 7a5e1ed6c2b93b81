import { SchedulerService } from '@backstage/backend-plugin-api';

/** A cluster-wide periodic job, run by one replica at a time (global scope). */
export function sweep(
  scheduler: SchedulerService,
  id: string,
  seconds: number,
  initialDelaySeconds: number,
  run: () => Promise<unknown>,
) {
  return scheduler.scheduleTask({
    id,
    scope: 'global',
    frequency: { seconds },
    timeout: { minutes: 2 },
    initialDelay: { seconds: initialDelaySeconds },
    fn: async () => {
      await run();
    },
  });
}
