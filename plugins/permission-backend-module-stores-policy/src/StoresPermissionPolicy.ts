import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  STORE_RESOURCE_TYPE,
  storeCreatePermission,
  storeReadPermission,
  storesPermissions,
} from '@storefleet/plugin-stores-common';
import {
  createStoreConditionalDecision,
  storeConditions,
} from '@storefleet/plugin-stores-node';

const storePermissionNames = new Set(storesPermissions.map(p => p.name));

/**
 * Permissions of other plugins that let a person act on the cluster with Backstage's own
 * identity: Backstage's Kubernetes proxy sends any request to the API server with the
 * credentials of the backend (in a pod: the provisioner's ServiceAccount).
 *
 * @public
 */
export const defaultAdminOnlyPermissions = [
  'kubernetes.proxy',
  'store.pool.read',
];

/** @public */
export interface StoresPermissionPolicyOptions {
  /** Resolves a user's ownership refs (the user and the groups they belong to). */
  userInfo: UserInfoService;
  /** Entity refs whose members may change every store. */
  adminGroups?: string[];
  /**
   * Who reads stores: `everyone` (default), or `owners` (owners and admins; lists are filtered
   * in the database).
   */
  readers?: 'everyone' | 'owners';
  /**
   * Decides every permission that is not a store permission. Default: allow, as Backstage's
   * allow-all policy does; pass your own policy to govern the other plugins too.
   */
  otherwise?: PermissionPolicy;
  /**
   * Permissions only members of `adminGroups` get, decided before `otherwise`; default
   * {@link defaultAdminOnlyPermissions}.
   */
  adminOnlyPermissions?: string[];
}

/**
 * Who may do what with stores:
 *
 * - `store.read`: everyone (the catalog shows stores to everyone who may read it), or with
 *   `readers: 'owners'` the same people as below;
 * - `store.create`: signed-in users;
 * - `store.update`, `store.delete`, `store.retry`, `store.credentials.read`: the store's owner
 *   or requester (the user, or a member of the owning group) and members of `adminGroups`.
 *   Owners get a conditional decision, so lists and reads are filtered in the database.
 * - `kubernetes.proxy` (and any other of `adminOnlyPermissions`): members of `adminGroups` only.
 *
 * @public
 */
export class StoresPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;
  readonly #adminGroups: Set<string>;
  readonly #readers: 'everyone' | 'owners';
  readonly #otherwise?: PermissionPolicy;
  readonly #adminOnly: Set<string>;

  constructor(options: StoresPermissionPolicyOptions) {
    this.#userInfo = options.userInfo;
    this.#adminGroups = new Set(options.adminGroups ?? []);
    this.#readers = options.readers ?? 'everyone';
    this.#otherwise = options.otherwise;
    this.#adminOnly = new Set(
      options.adminOnlyPermissions ?? defaultAdminOnlyPermissions,
    );
  }

  async #isAdmin(user: PolicyQueryUser): Promise<boolean> {
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs.some(ref => this.#adminGroups.has(ref));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (this.#adminOnly.has(permission.name)) {
      return {
        result:
          user && (await this.#isAdmin(user))
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    if (!storePermissionNames.has(permission.name)) {
      return this.#otherwise
        ? this.#otherwise.handle(request, user)
        : { result: AuthorizeResult.ALLOW };
    }
    if (
      permission.name === storeReadPermission.name &&
      this.#readers === 'everyone'
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    // The permission backend passes a user only for user principals; services and anonymous
    // callers arrive without one.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    if (permission.name === storeCreatePermission.name) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    if (ownershipEntityRefs.some(ref => this.#adminGroups.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!isResourcePermission(permission, STORE_RESOURCE_TYPE)) {
      return { result: AuthorizeResult.DENY };
    }
    return createStoreConditionalDecision(
      permission,
      storeConditions.isStoreOwner({ claims: ownershipEntityRefs }),
    );
  }
}
