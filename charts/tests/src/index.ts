export { charts, helmTemplate, renderChart } from './render';
export type { Manifest } from './render';
