//

export * from '../models/Activity.model';
export * from '../models/ActivityItemsInner.model';
export * from '../models/CreateStoreRequest.model';
export * from '../models/Credentials.model';
export * from '../models/ErrorError.model';
export * from '../models/Events.model';
export * from '../models/EventsItemsInner.model';
export * from '../models/ExtendStoreRequest.model';
export * from '../models/Health.model';
export * from '../models/HealthProblemsInner.model';
export * from '../models/ModelError.model';
export * from '../models/Revisions.model';
export * from '../models/RevisionsItemsInner.model';
export * from '../models/RollbackStoreRequest.model';
export * from '../models/SetStoreDomainRequest.model';
export * from '../models/Store.model';
export * from '../models/StoreList.model';
export * from '../models/StoreStatus.model';
export * from '../models/Summary.model';
export * from '../models/SummaryProvisioningSeconds.model';
export * from '../models/UpgradeStoreRequest.model';
