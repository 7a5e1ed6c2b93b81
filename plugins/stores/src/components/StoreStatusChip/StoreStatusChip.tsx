import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { StoreStatus } from '@storefleet/plugin-stores-common';

const LABELS: Record<StoreStatus, string> = {
  queued: 'Queued',
  provisioning: 'Provisioning',
  ready: 'Ready',
  failed: 'Failed',
  degraded: 'Degraded',
  suspending: 'Suspending',
  suspended: 'Suspended',
  deleting: 'Deleting',
  deleted: 'Deleted',
};

/** Status of a store as a Backstage status indicator; a failure shows its reason on hover. */
export function StoreStatusChip(props: {
  status: StoreStatus;
  reason?: string;
}) {
  const { status, reason } = props;
  const label = LABELS[status];
  switch (status) {
    case 'ready':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return (
        <Tooltip title={reason ?? 'No reason recorded'}>
          <span>
            <StatusError>{label}</StatusError>
          </span>
        </Tooltip>
      );
    case 'degraded':
      return (
        <Tooltip title={reason ?? 'No reason recorded'}>
          <span>
            <StatusWarning>{label}</StatusWarning>
          </span>
        </Tooltip>
      );
    case 'provisioning':
    case 'suspending':
    case 'deleting':
      return <StatusRunning>{label}</StatusRunning>;
    case 'suspended':
    case 'deleted':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
