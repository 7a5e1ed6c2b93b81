#!/usr/bin/env bash
# Starts Backstage (frontend :3100, backend :7107, in-memory SQLite) for the browser test,
# against STOREFLEET_KUBECONFIG or else the sim cluster with its real node (started when it is
# not running): store containers run for real and Traefik serves http://<store>.localhost/.
# playwright.config.ts runs this as its web server and stops it when the tests end; its log
# goes to artefacts/e2e/backstage.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
cd "$STOREFLEET_ROOT"
if [ -z "${STOREFLEET_KUBECONFIG:-}" ]; then
  bash tools/sim-cluster/sim-cluster.sh up --real-node
  export STOREFLEET_KUBECONFIG="$STOREFLEET_SIM_KUBECONFIG"
fi
# The sim cluster's real node runs the stores (as `npm start` does when it runs).
if [ "$STOREFLEET_KUBECONFIG" = "$STOREFLEET_SIM_KUBECONFIG" ] && bash tools/sim-cluster/real-node/node.sh status >/dev/null 2>&1; then
  export STOREFLEET_VALUES_PROFILE=realnode
fi
mkdir -p artefacts/e2e
overlay="$STOREFLEET_ROOT/.storefleet/e2e/app-config.kubernetes.yaml"
source tools/kubernetes-tab/configure.sh "$STOREFLEET_KUBECONFIG" "${STOREFLEET_KUBE_CONTEXT:-}" "$overlay"
echo "[e2e] Backstage log: artefacts/e2e/backstage.log"
exec >artefacts/e2e/backstage.log 2>&1
exec node .yarn/releases/yarn-4.13.0.cjs backstage-cli repo start \
  --config "$STOREFLEET_ROOT/app-config.yaml" \
  --config "$STOREFLEET_ROOT/tools/e2e/app-config.e2e.yaml" \
  --config "$overlay"
