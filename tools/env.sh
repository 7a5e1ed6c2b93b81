# Sourced by every Storefleet entry script: puts the bootstrapped toolchain first on PATH.
# Safe to source before bootstrap ran; it only sets variables.
STOREFLEET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STOREFLEET_TOOLS="$STOREFLEET_ROOT/.tools"
STOREFLEET_CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
STOREFLEET_NODE_VERSION="22.23.3"
STOREFLEET_NODE_DIR="$STOREFLEET_TOOLS/node-$STOREFLEET_NODE_VERSION"
export STOREFLEET_ROOT STOREFLEET_TOOLS STOREFLEET_CACHE STOREFLEET_NODE_VERSION STOREFLEET_NODE_DIR

if [ -x "$STOREFLEET_NODE_DIR/bin/node" ]; then
  export PATH="$STOREFLEET_NODE_DIR/bin:$PATH"
  # better-sqlite3 and other native addons build against these headers, offline.
  export npm_config_nodedir="$STOREFLEET_NODE_DIR"
fi
export PATH="$STOREFLEET_TOOLS/bin:$PATH"

# The sim cluster's kubeconfig, used when nothing else is configured for Storefleet.
export STOREFLEET_SIM_KUBECONFIG="$STOREFLEET_ROOT/.storefleet/sim-cluster/kubeconfig.yaml"

yarn() { node "$STOREFLEET_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
