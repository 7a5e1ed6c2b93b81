import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_STORE_ID } from '@storefleet/plugin-stores-common';

/** True for catalog entities that stand for a Storefleet store. */
export const isStoreEntity = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[ANNOTATION_STORE_ID]);
