export { StoreStatusChip } from './StoreStatusChip';
