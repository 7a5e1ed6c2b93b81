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
    echo "[storefleet] (a real control plane with a real node: store containers run; the first start builds the cluster binaries and store images: ~30 min on 2 CPUs)"
    bash tools/sim-cluster/sim-cluster.sh up --real-node
    export STOREFLEET_VALUES_PROFILE=realnode
  else
    echo "[storefleet] (a real control plane with a simulated node: store containers do not run; the real node needs root)"
    bash tools/sim-cluster/sim-cluster.sh up
  fi
  export STOREFLEET_KUBECONFIG="$STOREFLEET_SIM_KUBECONFIG"
fi
mkdir -p .storefleet/db

configs=(--config "$STOREFLEET_ROOT/app-config.yaml")
[ -f app-config.local.yaml ] && configs+=(--config "$STOREFLEET_ROOT/app-config.local.yaml")
# The Kubernetes tab of store entities reads the same cluster, as a read-only ServiceAccount.
overlay="$STOREFLEET_ROOT/.storefleet/app-config.kubernetes.yaml"
if source tools/kubernetes-tab/configure.sh "$STOREFLEET_KUBECONFIG" "${STOREFLEET_KUBE_CONTEXT:-}" "$overlay"; then
  configs+=(--config "$overlay")
  echo "[storefleet] Kubernetes tab: reads the cluster as storefleet-system/backstage-kubernetes-reader (read-only)"
else
  echo "[storefleet] warning: could not create the Kubernetes tab's read-only ServiceAccount (tools/kubernetes-tab/reader.yaml) in your cluster; the tab will find no cluster"
fi

echo "[storefleet] starting Backstage; open http://localhost:3000 and sign in as guest (ENTER)"
exec node .yarn/releases/yarn-4.13.0.cjs backstage-cli repo start "${configs[@]}"
