export { StoreEntityCard } from './StoreEntityCard';
