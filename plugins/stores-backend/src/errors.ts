import { CustomErrorBase } from '@backstage/errors';

/** A quota (global or per user) would be passed; answered with 403 QUOTA_EXCEEDED. */
export class QuotaExceededError extends CustomErrorBase {
  name = 'QuotaExceededError' as const;
}

/** Too many creates by one user in the rate window; answered with 429 RATE_LIMITED. */
export class RateLimitedError extends CustomErrorBase {
  name = 'RateLimitedError' as const;
}

/** The backend lacks what provisioning needs (cluster, helm, charts); answered with 503 SETUP_INCOMPLETE. */
export class SetupIncompleteError extends CustomErrorBase {
  name = 'SetupIncompleteError' as const;
}
