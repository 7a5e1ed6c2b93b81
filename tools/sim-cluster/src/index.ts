export { simCluster, run, runOrThrow } from './simCluster';
export type { RunResult } from './simCluster';
export { storesConfigWithoutCluster } from './storesConfigWithoutCluster';
export { kubernetesTabConfig } from './kubernetesTabConfig';
export { throughIngress, medusaSignIn } from './throughIngress';
export type { IngressResponse } from './throughIngress';
