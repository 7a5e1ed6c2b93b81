#!/usr/bin/env bash
# Builds the sim cluster's binaries from the Go module proxy, once per version, into a cache
# outside the repo: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, kwokctl.
# Prints the bin directory on stdout; progress goes to stderr.
set -euo pipefail

KUBE_VERSION="${SIM_KUBE_VERSION:-v1.36.3}"
ETCD_VERSION="${SIM_ETCD_VERSION:-v3.6.10}"
KWOK_VERSION="${SIM_KWOK_VERSION:-v0.8.0}"
CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
BIN="$CACHE/bin/kube-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
WORK="$CACHE/build"

log() { echo "[sim-cluster build] $*" >&2; }

if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/kube-scheduler" ] \
  && [ -x "$BIN/etcd" ] && [ -x "$BIN/kwok" ] && [ -x "$BIN/kwokctl" ]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build the sim cluster (it is preinstalled on this machine kind)"; exit 1; }
mkdir -p "$BIN" "$WORK"
export GOFLAGS="-trimpath" CGO_ENABLED=0
start=$(date +%s)

build_kube() {
  [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/kube-scheduler" ] && return 0
  local dir="$WORK/kube-$KUBE_VERSION" minor staging
  mkdir -p "$dir"
  minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  staging="v0.${KUBE_VERSION#v1.}"
  log "resolving k8s.io/kubernetes $KUBE_VERSION (staging modules at $staging)"
  local gomod
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
  cat > "$dir/tools.go" <<'GO'
//go:build tools

package simkube
GO
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$dir" && go get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_VERSION" \
      "k8s.io/kubernetes/cmd/kube-controller-manager@$KUBE_VERSION" "k8s.io/kubernetes/cmd/kube-scheduler@$KUBE_VERSION" >&2)
  log "building kube-apiserver, kube-controller-manager, kube-scheduler (cold: 10-20 min on 2 cores)"
  (cd "$dir" && go build -ldflags "$ld" -o "$BIN/" k8s.io/kubernetes/cmd/kube-apiserver \
      k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler >&2)
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

build_etcd
build_kwok
build_kube
log "done in $(( $(date +%s) - start )) s: $(du -sh "$BIN" | cut -f1) in $BIN"
echo "$BIN"
