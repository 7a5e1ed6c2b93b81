#!/usr/bin/env bash
# The real node's images, built here without a registry and imported into its containerd:
#
#   images.sh build            build what changed (each image is keyed by a hash of its context)
#   images.sh import SOCKET    import into containerd's k8s.io namespace what it lacks
#   images.sh list             the image references, one a line
#
# A Debian bookworm base from debootstrap; on it stand-ins for the official PostgreSQL, Redis,
# MariaDB and Node images (images/ beside this file); the pause image; and the product's own
# images (images/medusa, images/medusa-storefront) built from their production Dockerfiles with the base as a build
# argument. Podman keeps the built images (/var/lib/containers), so a second run builds nothing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../env.sh"
CACHE="$STOREFLEET_CACHE/real-node"
LABEL=io.storefleet.source-hash
DEBIAN_MIRROR="${STOREFLEET_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NPM_VERSION=10.9.4
log() { echo "[real-node images] $*" >&2; }

# Podman on this machine kind: runc with cgroupfs (crun refuses hybrid cgroups), explicit rlimits
# (raising the defaults needs CAP_SYS_RESOURCE).
podman() {
  command podman --runtime runc --cgroup-manager=cgroupfs "$@"
}

REGISTRY=localhost/storefleet
BASE="$REGISTRY/debian:bookworm"
NODE="$REGISTRY/node:$STOREFLEET_NODE_VERSION-bookworm"
# name|reference|context|build args (space separated)
IMAGES=(
  "pause|$REGISTRY/pause:3.10|$HERE/images/pause|"
  "node|$NODE|$HERE/images/node|BASE_IMAGE=$BASE"
  "postgres|$REGISTRY/postgres:15-bookworm|$HERE/images/postgres|BASE_IMAGE=$BASE"
  "redis|$REGISTRY/redis:7-bookworm|$HERE/images/redis|BASE_IMAGE=$BASE"
  "mariadb|$REGISTRY/mariadb:10.11-bookworm|$HERE/images/mariadb|BASE_IMAGE=$BASE"
  "wordpress|$REGISTRY/wordpress:6-php8.2-apache|$HERE/images/wordpress|BASE_IMAGE=$BASE"
  "medusa|$REGISTRY/medusa:2.21.2|$STOREFLEET_ROOT/images/medusa|NODE_IMAGE=$NODE"
  "medusa-storefront|$REGISTRY/medusa-storefront:1.0.0|$STOREFLEET_ROOT/images/medusa-storefront|NODE_IMAGE=$NODE"
)

# WooCommerce (images/woocommerce) bakes in downloads from wordpress.org and GitHub and starts
# from the official WordPress image: built only where those can be reached. Where they cannot,
# this says so once per run and WooCommerce stores on the real node fail with that reason.
WOOCOMMERCE="$REGISTRY/woocommerce:6.8.3-wc10.3.4"

image_hash() { podman image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }

build_base() {
  [ -n "$(image_hash "$BASE")" ] && return 0
  log "debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
  local root="$CACHE/rootfs-bookworm"
  rm -rf "$root"
  mkdir -p "$CACHE"
  debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; return 1; }
  tar -C "$root" -c . | podman import --change "LABEL $LABEL=debootstrap-bookworm" - "$BASE" >/dev/null
  rm -rf "$root"
}

# Files a context needs that are not in git: the pause binary; Node, npm and the host's CA bundle.
stage_extras() {
  local name="$1" stage="$2"
  case "$name" in
    pause)
      (cd "$stage" && CGO_ENABLED=0 GOFLAGS=-trimpath go build -ldflags "-s -w" -o pause main.go) ;;
    node)
      # The binary itself: `node` on PATH may be a package manager's shim script (yarn run).
      cp "$(node -p process.execPath)" "$stage/node"
      cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$stage/ca-certificates.crt"
      local npm_tgz="$CACHE/npm-$NPM_VERSION.tgz"
      [ -f "$npm_tgz" ] || (cd "$CACHE" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
      mkdir -p "$stage/npm" && tar -xzf "$npm_tgz" -C "$stage/npm" --strip-components=1 ;;
  esac
}

build_one() {
  local name="$1" ref="$2" context="$3" args="$4" stage hash flags=()
  stage="$(mktemp -d)"
  tar -C "$context" --exclude=node_modules --exclude=.medusa --exclude=dist -c . | tar -C "$stage" -x
  stage_extras "$name" "$stage"
  hash="$( { echo "$args"; for a in $args; do image_hash "${a#*=}"; done
    (cd "$stage" && find . -type f -print0 | sort -z | xargs -0 sha256sum); } | sha256sum | cut -c1-16)"
  if [ "$(image_hash "$ref")" = "$hash" ]; then
    rm -rf "$stage"
    return 0
  fi
  local file=Containerfile
  [ -f "$stage/$file" ] || file=Dockerfile
  for a in $args; do flags+=(--build-arg "$a"); done
  log "building $ref"
  local start=$SECONDS
  if ! podman build --network=host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
    --pull=never "${flags[@]}" --label "$LABEL=$hash" -f "$stage/$file" -t "$ref" "$stage" \
    >"$CACHE/build-$name.log" 2>&1; then
    tail -30 "$CACHE/build-$name.log" >&2
    log "building $ref failed; log: $CACHE/build-$name.log"
    rm -rf "$stage"
    return 1
  fi
  log "built $ref in $((SECONDS - start)) s"
  rm -rf "$stage"
}

build_woocommerce() {
  [ -n "$(image_hash "$WOOCOMMERCE")" ] && return 0
  local source
  for source in https://downloads.wordpress.org/ https://github.com/ https://registry-1.docker.io/v2/; do
    if ! curl -s -o /dev/null --max-time 5 "$source"; then
      log "WooCommerce image not built: $source cannot be reached from this machine (the image needs the WooCommerce plugin, WP-CLI and the official WordPress image); WooCommerce stores on the real node will fail with this reason"
      return 0
    fi
  done
  log "building $WOOCOMMERCE (downloads WooCommerce and WP-CLI)"
  podman build --network=host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 --pull=missing \
    --label "$LABEL=woocommerce" -t "$WOOCOMMERCE" "$STOREFLEET_ROOT/images/woocommerce" \
    >"$CACHE/build-woocommerce.log" 2>&1 \
    || { tail -30 "$CACHE/build-woocommerce.log" >&2; log "building $WOOCOMMERCE failed; log: $CACHE/build-woocommerce.log"; }
}

build() {
  mkdir -p "$CACHE"
  build_base
  local entry name ref context args
  for entry in "${IMAGES[@]}"; do
    IFS='|' read -r name ref context args <<<"$entry"
    build_one "$name" "$ref" "$context" "$args"
  done
  build_woocommerce
}

# Imports an image only when containerd lacks the build podman has (a stamp per image beside
# containerd's root records which build was imported).
import() {
  local socket="$1" stamps="$CACHE/containerd/imported" entry name ref context args hash
  mkdir -p "$stamps"
  for entry in "${IMAGES[@]}"; do
    IFS='|' read -r name ref context args <<<"$entry"
    hash="$(image_hash "$ref")"
    if [ "$(cat "$stamps/$name" 2>/dev/null)" = "$hash" ] \
      && ctr --address "$socket" -n k8s.io images ls -q "name==$ref" | grep -q .; then
      continue
    fi
    log "importing $ref into containerd"
    podman save --format docker-archive "$ref" | ctr --address "$socket" -n k8s.io images import - >/dev/null
    echo "$hash" >"$stamps/$name"
  done
  if [ -n "$(image_hash "$WOOCOMMERCE")" ] && ! ctr --address "$socket" -n k8s.io images ls -q "name==$WOOCOMMERCE" | grep -q .; then
    log "importing $WOOCOMMERCE into containerd"
    podman save --format docker-archive "$WOOCOMMERCE" | ctr --address "$socket" -n k8s.io images import - >/dev/null
  fi
}

case "${1:-}" in
  build) build ;;
  import) import "${2:?usage: images.sh import SOCKET}" ;;
  list) for entry in "${IMAGES[@]}"; do IFS='|' read -r _ ref _ _ <<<"$entry"; echo "$ref"; done ;;
  *) echo "usage: $0 build|import SOCKET|list" >&2; exit 2 ;;
esac
