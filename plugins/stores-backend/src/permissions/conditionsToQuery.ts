import { NotAllowedError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  storePermissionRules,
  StoreQuery,
} from '@storefleet/plugin-stores-node';

const transform: ConditionTransformer<StoreQuery> =
  createConditionTransformer(storePermissionRules);

/**
 * Turns a conditional decision into the owners a listing may show. Supports the shapes the
 * stores rules produce (one rule, or anyOf rules); anything else is refused, never widened.
 */
export function conditionsToOwners(
  conditions: Parameters<typeof transform>[0],
): string[] {
  const criteria: PermissionCriteria<StoreQuery> = transform(conditions);
  const parts = 'anyOf' in criteria ? criteria.anyOf : [criteria];
  return parts.flatMap(part => {
    if ('ownedBy' in part) return part.ownedBy;
    throw new NotAllowedError(
      'The permission policy returned a condition stores cannot apply to a list',
    );
  });
}
