#!/usr/bin/env bash
# Builds the sim cluster's binaries from the Go module proxy, once per version, into a cache
# outside the repo: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, kwokctl;
# with --real-node also kubelet, kube-proxy, a CoreDNS with the plugins a cluster needs, Traefik,
# kube-router (NetworkPolicy enforcement) and metrics-server (the metrics API).
# Prints the bin directory on stdout; progress goes to stderr.
set -euo pipefail

KUBE_VERSION="${SIM_KUBE_VERSION:-v1.36.3}"
ETCD_VERSION="${SIM_ETCD_VERSION:-v3.6.10}"
KWOK_VERSION="${SIM_KWOK_VERSION:-v0.8.0}"
COREDNS_VERSION="${SIM_COREDNS_VERSION:-v1.12.4}"
# Traefik is k3s's ingress controller. v3.7.x does not build from the proxy (refused modules).
TRAEFIK_VERSION="${SIM_TRAEFIK_VERSION:-v3.6.12}"
# kube-router's network policy controller enforces NetworkPolicies with iptables and ipset
# (the bridge CNI ignores them). v2.1.0 is the version the Go module proxy serves.
KUBE_ROUTER_VERSION="${SIM_KUBE_ROUTER_VERSION:-v2.1.0}"
# metrics-server serves the metrics API (kubectl top, a store's CPU and memory), as on k3s.
METRICS_SERVER_VERSION="${SIM_METRICS_SERVER_VERSION:-v0.8.0}"
REAL_NODE=no
[ "${1:-}" = "--real-node" ] && REAL_NODE=yes
CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
BIN="$CACHE/bin/kube-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
WORK="$CACHE/build"

log() { echo "[sim-cluster build] $*" >&2; }

have() { for b in "$@"; do [ -x "$BIN/$b" ] || return 1; done; }
CONTROL_PLANE=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok kwokctl)
NODE=(kubelet kube-proxy coredns traefik kube-router metrics-server)
if have "${CONTROL_PLANE[@]}" && { [ "$REAL_NODE" = no ] || have "${NODE[@]}"; }; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build the sim cluster (it is preinstalled on this machine kind)"; exit 1; }
mkdir -p "$BIN" "$WORK"
export GOFLAGS="-trimpath" CGO_ENABLED=0
start=$(date +%s)

kube_ldflags() {
  local minor="${KUBE_VERSION#v1.}" ld="-s -w"
  minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$ld"
}

# k8s.io/kubernetes replaces its staging modules with ./staging; a wrapper module pins the
# published ones instead, so the commands build from the Go module proxy.
kube_module() {
  local dir="$WORK/kube-$KUBE_VERSION" staging gomod
  staging="v0.${KUBE_VERSION#v1.}"
  mkdir -p "$dir"
  if [ ! -f "$dir/tools.go" ]; then
    log "resolving k8s.io/kubernetes $KUBE_VERSION (staging modules at $staging)"
    gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo "module storefleet.local/simkube"
      echo
      echo "go 1.25"
      echo
      echo "require k8s.io/kubernetes $KUBE_VERSION"
      echo
      grep -E '^\s*k8s.io/[a-z0-9-]+ => ./staging/' "$gomod" | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
    } > "$dir/go.mod"
    printf '//go:build tools\n\npackage simkube\n' > "$dir/tools.go"
  fi
  echo "$dir"
}

# Usage: build_kube_commands NAME...: k8s.io/kubernetes/cmd/NAME into $BIN.
build_kube_commands() {
  local dir pkgs=() name
  have "$@" && return 0
  dir="$(kube_module)"
  for name in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$name"); done
  (cd "$dir" && go get "${pkgs[@]/%/@$KUBE_VERSION}" >&2)
  log "building $* (cold: minutes on 2 cores)"
  (cd "$dir" && go build -ldflags "$(kube_ldflags)" -o "$BIN/" "${pkgs[@]}" >&2)
}

build_etcd() {
  [ -x "$BIN/etcd" ] && return 0
  local dir="$WORK/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  cat > "$dir/go.mod" <<GOMOD
module storefleet.local/simetcd

go 1.25
GOMOD
  cat > "$dir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  log "building etcd $ETCD_VERSION"
  (cd "$dir" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2 && go mod tidy >&2 && go build -ldflags "-s -w" -o "$BIN/etcd" . >&2)
}

build_kwok() {
  [ -x "$BIN/kwok" ] && [ -x "$BIN/kwokctl" ] && return 0
  log "building kwok and kwokctl $KWOK_VERSION"
  GOBIN="$BIN" go install -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$KUBE_VERSION" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION" >&2
}

# CoreDNS with only the plugins a cluster's DNS needs (the full build pulls every cloud SDK).
build_coredns() {
  have coredns && return 0
  local dir="$WORK/coredns-$COREDNS_VERSION"
  mkdir -p "$dir"
  printf 'module storefleet.local/simcoredns\n\ngo 1.25\n' > "$dir/go.mod"
  cat > "$dir/main.go" <<'GO'
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/ready"
)

func init() {
	// The order of CoreDNS's own plugin.cfg: it is the order of the chain.
	dnsserver.Directives = []string{"bind", "ready", "health", "errors", "loadbalance", "cache", "kubernetes", "forward"}
}

func main() { coremain.Run() }
GO
  log "building coredns $COREDNS_VERSION (bind, kubernetes, forward, cache, health, ready)"
  (cd "$dir" && go get "github.com/coredns/coredns@$COREDNS_VERSION" >&2 && go mod tidy >&2 \
    && go build -ldflags "-s -w" -o "$BIN/coredns" . >&2)
}

# Traefik builds only inside its own module (its go.mod has replace directives that
# `go install …@version` refuses): download the module, copy it somewhere writable, build there.
build_traefik() {
  have traefik && return 0
  local src dir="$WORK/traefik-$TRAEFIK_VERSION"
  log "building traefik $TRAEFIK_VERSION (cold: ~10 min on 2 cores)"
  src=$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -d "$src" ] || { log "could not download github.com/traefik/traefik/v3@$TRAEFIK_VERSION"; return 1; }
  rm -rf "$dir" && cp -r "$src" "$dir" && chmod -R u+w "$dir"
  (cd "$dir" && go build -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION" -o "$BIN/traefik" ./cmd/traefik >&2)
  rm -rf "$dir"
}

build_kube_router() {
  have kube-router && return 0
  log "building kube-router $KUBE_ROUTER_VERSION (cold: ~2 min)"
  GOBIN="$BIN" go install -ldflags "-s -w" \
    "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION" >&2
}

build_metrics_server() {
  have metrics-server && return 0
  log "building metrics-server $METRICS_SERVER_VERSION (cold: ~3 min)"
  GOBIN="$BIN" go install -ldflags "-s -w" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" >&2
}

build_etcd
build_kwok
build_kube_commands kube-apiserver kube-controller-manager kube-scheduler
if [ "$REAL_NODE" = yes ]; then
  build_kube_commands kubelet kube-proxy
  build_coredns
  build_traefik
  build_kube_router
  build_metrics_server
fi
log "done in $(( $(date +%s) - start )) s: $(du -sh "$BIN" | cut -f1) in $BIN"
echo "$BIN"
