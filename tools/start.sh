#!/usr/bin/env bash
# Starts Backstage with Storefleet: frontend on :3000, backend on :7007, guest sign-in,
# SQLite stored in .storefleet/db so stores survive a restart.
#
# Cluster: STOREFLEET_KUBECONFIG (and optionally STOREFLEET_KUBE_CONTEXT) select your cluster;
# when unset, the local sim cluster is started and used.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STOREFLEET_ROOT"
bash tools/bootstrap.sh
source tools/env.sh

if [ -n "${STOREFLEET_KUBECONFIG:-}" ]; then
  echo "[storefleet] using your cluster: kubeconfig $STOREFLEET_KUBECONFIG, context ${STOREFLEET_KUBE_CONTEXT:-<current>}"
else
  echo "[storefleet] no cluster configured (STOREFLEET_KUBECONFIG unset): starting the local sim cluster"
  echo "[storefleet] (a real Kubernetes control plane with simulated nodes; store containers do not run)"
  bash tools/sim-cluster/sim-cluster.sh up
  export STOREFLEET_KUBECONFIG="$STOREFLEET_SIM_KUBECONFIG"
fi
mkdir -p .storefleet/db

echo "[storefleet] starting Backstage; open http://localhost:3000 and sign in as guest (ENTER)"
exec node .yarn/releases/yarn-4.13.0.cjs backstage-cli repo start
