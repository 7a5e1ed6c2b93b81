export { StoreActions } from './StoreActions';
export { DeleteStoreDialog } from './DeleteStoreDialog';
