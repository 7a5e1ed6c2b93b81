#!/usr/bin/env bash
# Builds the Storefleet backend image from packages/backend/Dockerfile on this machine, with no
# registry: the base images are local stand-ins passed as build arguments, as an adopter would
# pass their registry's.
#   NODE_IMAGE  the sim cluster's Node 22 stand-in (tools/sim-cluster/real-node/images/node)
#               plus the Node headers, as the official image has them, for native modules
#   HELM_IMAGE  the helm v3.18.0 binary bootstrap fetched (.tools/bin/helm) at /usr/bin/helm
# Usage: build.sh [TAG]   (default: the root package.json version). Prints the image reference.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../env.sh"
cd "$STOREFLEET_ROOT"
log() { echo "[backend-image] $*" >&2; }

TAG="${1:-$(node -p 'require("./package.json").version')}"
IMAGE="localhost/storefleet/backstage:$TAG"
NODE_BASE="localhost/storefleet/node:22.23.3-bookworm"
NODE_IMAGE="localhost/storefleet/node-headers:22.23.3-bookworm"
HELM_IMAGE="localhost/storefleet/helm:3.18.0"
command -v podman >/dev/null || { log "podman is required (apt-get install podman)"; exit 1; }
podman image exists "$NODE_BASE" || bash tools/sim-cluster/real-node/images.sh build >&2

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# Node's headers beside the stand-in's node binary (the same Node as the host's): the Node
# bootstrap fetched, or the machine's own when it was new enough for bootstrap to keep it.
node_dir="$STOREFLEET_NODE_DIR"
# (The binary's own path: under `yarn run`, `command -v node` finds Yarn's temporary shim.)
[ -d "$node_dir/include/node" ] || node_dir="$(dirname "$(dirname "$(node -p process.execPath)")")"
[ -d "$node_dir/include/node" ] || { log "no Node headers in $node_dir/include/node (run tools/bootstrap.sh)"; exit 1; }
cp -r "$node_dir/include" "$stage/include"
printf 'FROM %s\nCOPY include /usr/local/include\n' "$NODE_BASE" > "$stage/Containerfile"
podman build --pull=never -q -t "$NODE_IMAGE" "$stage" >/dev/null
mkdir -p "$stage/helm"
cp .tools/bin/helm "$stage/helm/helm"
printf 'FROM scratch\nCOPY helm /usr/bin/helm\n' > "$stage/helm/Containerfile"
podman build --pull=never -q -t "$HELM_IMAGE" "$stage/helm" >/dev/null

start=$SECONDS
log "yarn tsc and yarn build:backend (the Dockerfile's host steps)"
yarn tsc >&2
# A release build whoever calls this (a test runner's NODE_ENV=test breaks the app's browserslist).
NODE_ENV=production yarn build:backend >&2
log "podman build -f packages/backend/Dockerfile ($IMAGE)"
podman build --network=host --pull=never --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
  --build-arg NODE_IMAGE="$NODE_IMAGE" --build-arg HELM_IMAGE="$HELM_IMAGE" \
  -f packages/backend/Dockerfile -t "$IMAGE" . >&2
log "built $IMAGE in $((SECONDS - start)) s ($(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "$IMAGE"
