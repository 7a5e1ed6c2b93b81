/*
 * The Storefleet backend: a Backstage backend with the stores plugin, its catalog module
 * and its scaffolder actions.
 */

// First: the metrics exporter must exist before any plugin asks for a meter.
import './instrumentation';
import { createBackend } from '@backstage/backend-defaults';
import { oneStartAtATime } from './oneStartAtATime';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@storefleet/plugin-scaffolder-backend-module-stores'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@storefleet/plugin-catalog-backend-module-stores'));

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Storefleet's policy: everyone reads stores, signed-in users create them, owners and
// stores.permissionPolicy.adminGroups change them; other plugins' permissions are allowed.
// To replace it, see plugins/permission-backend-module-stores-policy/README.md.
backend.add(
  import('@storefleet/plugin-permission-backend-module-stores-policy'),
);

// TechDocs: the Docs tab (Storefleet's own docs/ as the storefleet component's)
backend.add(import('@backstage/plugin-techdocs-backend'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Storefleet: the stores lifecycle owner
backend.add(import('@storefleet/plugin-stores-backend'));

// Replicas start one at a time on a shared PostgreSQL (see oneStartAtATime.ts). A backend that
// failed to start (its database not reachable yet, a plugin's startup error) exits, so that
// whoever runs it — Kubernetes, a process manager — starts it again, rather than staying up
// answering 503 until a probe gives up.
oneStartAtATime(() => backend.start()).catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
