#!/usr/bin/env bash
# Starts Backstage with Storefleet: frontend on :3000, backend on :7007, guest sign-in,
# SQLite stored in .storefleet/db so stores survive a restart.
#
# Cluster: STOREFLEET_KUBECONFIG (and optionally STOREFLEET_KUBE_CONTEXT) select your cluster;
# when unset, the local sim cluster is started and used, with its real node when running as
# root (store containers run for real; STOREFLEET_REAL_NODE=no keeps only the simulated node).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STOREFLEET_ROOT"
bash tools/bootstrap.sh
source tools/env.sh

if [ -n "${STOREFLEET_KUBECONFIG:-}" ]; then
  echo "[storefleet] using your cluster: kubeconfig $STOREFLEET_KUBECONFIG, context ${STOREFLEET_KUBE_CONTEXT:-<current>}"
else
  echo "[storefleet] no cluster configured (STOREFLEET_KUBECONFIG unset): starting the local sim cluster"
  if [ "$(id -u)" = 0 ] && [ "${STOREFLEET_REAL_NODE:-yes}" != no ]; then
    echo "[storefleet] (a real control plane with a real node: store containers run; first start builds images, ~6 min)"
    bash tools/sim-cluster/sim-cluster.sh up --real-node
    export STOREFLEET_VALUES_PROFILE=realnode
  else
    echo "[storefleet] (a real control plane with a simulated node: store containers do not run; the real node needs root)"
    bash tools/sim-cluster/sim-cluster.sh up
  fi
  export STOREFLEET_KUBECONFIG="$STOREFLEET_SIM_KUBECONFIG"
fi
mkdir -p .storefleet/db

echo "[storefleet] starting Backstage; open http://localhost:3000 and sign in as guest (ENTER)"
exec node .yarn/releases/yarn-4.13.0.cjs backstage-cli repo start
