import * as k8s from '@kubernetes/client-node';

/** The RoleBinding the provisioner makes in each store namespace, to itself. */
export const STORE_ROLE_BINDING = 'storefleet-provisioner';

const isStatus = (error: unknown, code: number) =>
  (error as { code?: number })?.code === code;

/** `system:serviceaccount:<ns>:<name>` → a ServiceAccount subject; any other name → a User. */
export function subjectOf(username: string): k8s.RbacV1Subject {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return sa
    ? { kind: 'ServiceAccount', namespace: sa[1], name: sa[2] }
    : { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: username };
}

/**
 * A provisioner confined to stores holds, cluster-wide, only what namespaces need, plus `bind`
 * on one ClusterRole of the store verbs. In each store namespace it creates, it binds that role
 * to itself; the platform chart's ValidatingAdmissionPolicy refuses the binding (and every other
 * write of the provisioner) in a namespace that is not a store's.
 */
export class StoreAccess {
  private readonly rbac: k8s.RbacAuthorizationV1Api;
  private readonly authn: k8s.AuthenticationV1Api;
  private readonly authz: k8s.AuthorizationV1Api;
  private subject?: Promise<k8s.RbacV1Subject>;

  constructor(
    kubeConfig: k8s.KubeConfig,
    private readonly role: string,
    private readonly waitMs = 10_000,
  ) {
    this.rbac = kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api);
    this.authn = kubeConfig.makeApiClient(k8s.AuthenticationV1Api);
    this.authz = kubeConfig.makeApiClient(k8s.AuthorizationV1Api);
  }

  /** Who the API server says we are (every authenticated identity may ask). */
  private whoAmI(): Promise<k8s.RbacV1Subject> {
    this.subject ??= this.authn
      .createSelfSubjectReview({ body: {} })
      .then(review => {
        const username = review.status?.userInfo?.username;
        if (!username) throw new Error('the API server did not say who we are');
        return subjectOf(username);
      })
      .catch(error => {
        this.subject = undefined;
        throw error;
      });
    return this.subject;
  }

  /** Binds the store role to the provisioner in `namespace` and waits until it applies. */
  async ensure(namespace: string): Promise<string> {
    const subject = await this.whoAmI();
    try {
      await this.rbac.createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: {
            name: STORE_ROLE_BINDING,
            labels: { 'app.kubernetes.io/managed-by': 'storefleet' },
          },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: this.role,
          },
          subjects: [subject],
        },
      });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      return `RoleBinding ${STORE_ROLE_BINDING} → ClusterRole ${this.role} (existing)`;
    }
    // RBAC applies a new binding within moments; the first write must not race it.
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const review = await this.authz.createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              namespace,
              verb: 'create',
              resource: 'secrets',
            },
          },
        },
      });
      if (review.status?.allowed) break;
      if (Date.now() > deadline) {
        throw new Error(
          `RoleBinding ${STORE_ROLE_BINDING} to ClusterRole ${
            this.role
          } in ${namespace} gives the provisioner no rights there after ${
            this.waitMs / 1000
          } s; does the ClusterRole exist?`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
    return `RoleBinding ${STORE_ROLE_BINDING} → ClusterRole ${this.role}`;
  }
}
