import { StoreStatus } from './types';

/** States in which the lifecycle has nothing left to do until a person acts. */
export function isTerminalStatus(status: StoreStatus): boolean {
  return (
    status === 'ready' ||
    status === 'failed' ||
    status === 'degraded' ||
    status === 'suspended' ||
    status === 'deleted'
  );
}

/** Retry provisions again after a failure, and repairs a store that drifted. */
export function canRetry(status: StoreStatus): boolean {
  return status === 'failed' || status === 'degraded';
}

/** Delete is allowed from any state except one that is already going away. */
export function canDelete(status: StoreStatus): boolean {
  return status !== 'deleting' && status !== 'deleted';
}

/** Suspend scales a Ready store to zero, keeping its data. */
export function canSuspend(status: StoreStatus): boolean {
  return status === 'ready';
}

/** Resume brings a suspended store back, through the order probe, to Ready. */
export function canResume(status: StoreStatus): boolean {
  return status === 'suspended';
}
