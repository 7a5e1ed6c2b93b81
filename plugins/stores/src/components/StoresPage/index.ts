export { StoresPage, StoresTable } from './StoresPage';
