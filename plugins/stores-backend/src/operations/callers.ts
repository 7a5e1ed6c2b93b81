import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { isClusterUnreachable } from '../kubernetes/unreachable';

/** The user or service the credentials stand for, as recorded in activity and audit. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: 'none' };
  if (principal.type === 'user') return principal.userEntityRef;
  if (principal.type === 'service') return principal.subject;
  return 'anonymous';
}

/** Stores are requested by people; services and anonymous callers may not create one. */
export function signedInUser(
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  if ((credentials.principal as { type?: string }).type !== 'user') {
    throw new NotAllowedError(
      'Stores are requested on behalf of a signed-in user',
    );
  }
  return credentials as BackstageCredentials<BackstageUserPrincipal>;
}

/** A read from the cluster; while it cannot be reached, a 503 saying so, not an internal error. */
export async function fromCluster<T>(
  what: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isClusterUnreachable(error)) throw error;
    throw new ServiceUnavailableError(
      `The Kubernetes cluster cannot be reached right now, so ${what} cannot be read; the store's lifecycle waits for it`,
    );
  }
}

/**
 * Whose stores are "mine": the signed-in user and every entity they own through (their groups),
 * as Backstage's user info service resolves them at sign-in. Only a user has stores of their own.
 */
export async function myRefs(
  userInfo: UserInfoService | undefined,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const user = signedInUser(credentials);
  const refs = new Set([user.principal.userEntityRef]);
  if (userInfo) {
    const info = await userInfo.getUserInfo(user);
    for (const ref of info.ownershipEntityRefs) refs.add(ref);
  }
  return [...refs];
}
