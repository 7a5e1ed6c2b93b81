export { StoreEntityContent } from './StoreEntityContent';
