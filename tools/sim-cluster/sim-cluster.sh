#!/usr/bin/env bash
# The sim cluster: a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) with a node and pod phases simulated by kwok; admission, RBAC, quotas,
# controllers and namespace deletion are real. With --real-node it also gets one real node
# (real-node/node.sh: kubelet, containerd, runc, CNI, kube-proxy, CoreDNS) where pods that
# tolerate it run as real containers.
#
#   sim-cluster.sh up [--real-node]  build (once, cached) and start; reuse a running cluster
#   sim-cluster.sh down              stop and remove the cluster (and the real node), leaving no process behind
#   sim-cluster.sh status            say whether it runs, and where its kubeconfig is
#   sim-cluster.sh kwok-nodes N      set the number of simulated nodes (110 pods each; default 1)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../env.sh"

NAME="${SIM_CLUSTER_NAME:-storefleet}"
STATE="$STOREFLEET_ROOT/.storefleet/sim-cluster"
export KWOK_WORKDIR="$STATE/kwok"
KUBECONFIG_OUT="$STOREFLEET_SIM_KUBECONFIG"
source "$HERE/wait-for.sh"
log() { echo "[sim-cluster] $*" >&2; }
# The real node's bridge and address (real-node/node.sh).
NODE_BRIDGE=storefleet0
NODE_GATEWAY=10.244.0.1

kwokctl_bin() { echo "$(bash "$HERE/build.sh")/kwokctl"; }

# Written when up has finished (nodes, manifests): an API server that answers without it is a
# cluster whose start was cut short, which up removes and starts again.
COMPLETE="$STATE/complete"
is_running() {
  [ -f "$KUBECONFIG_OUT" ] && [ -f "$COMPLETE" ] && kubectl --kubeconfig "$KUBECONFIG_OUT" --request-timeout=3s get --raw /readyz >/dev/null 2>&1
}

# kwok replaces ALL default stages when any stage is configured, so the defaults are read
# from the kwok module source (in the Go module cache after the build) and ours are added.
write_config() {
  local bin="$1" kwok_src config="$STATE/kwokctl.yaml"
  command -v go >/dev/null || { log "Go is required: the kwok stages are read from its module cache"; exit 1; }
  kwok_src="$(cd "$HERE" && go env GOMODCACHE)/sigs.k8s.io/kwok@${SIM_KWOK_VERSION:-v0.8.0}/kustomize/stage"
  [ -d "$kwok_src" ] || { log "kwok's stages are not in the Go module cache ($kwok_src): run tools/sim-cluster/build.sh"; exit 1; }
  {
    cat <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  kubeVersion: ${SIM_KUBE_VERSION:-v1.36.3}
  # In-cluster clients (a pod's ServiceAccount) reach the API server as https://10.0.0.1 (the
  # kubernetes Service) or at the node's bridge address it advertises.
  kubeApiserverCertSANs: [10.0.0.1, $NODE_GATEWAY]
  kubeApiserverBinary: $bin/kube-apiserver
  kubeControllerManagerBinary: $bin/kube-controller-manager
  kubeSchedulerBinary: $bin/kube-scheduler
  kwokControllerBinary: $bin/kwok
  etcdBinary: $bin/etcd
  kubectlBinary: $(command -v kubectl)
componentsPatches:
  - name: kube-apiserver
    extraArgs:
      # Listening beyond loopback so that pods on the real node reach it through the bridge;
      # guard_apiserver lets only loopback and the bridge in. The kubernetes Service's
      # endpoint is the bridge address (a loopback one would get no endpoint at all).
      - key: bind-address
        value: 0.0.0.0
        override: true
      - key: advertise-address
        value: $NODE_GATEWAY
      # kubectl logs/exec on the real node: reach its kubelet by address, as the admin.
      - key: kubelet-preferred-address-types
        value: InternalIP
      - key: kubelet-client-certificate
        value: $KWOK_WORKDIR/clusters/$NAME/pki/admin.crt
      - key: kubelet-client-key
        value: $KWOK_WORKDIR/clusters/$NAME/pki/admin.key
      # The aggregation layer (metrics-server on the real node): the API server proxies with
      # its admin certificate, which alone may name the user in X-Remote-* headers.
      - key: requestheader-client-ca-file
        value: $KWOK_WORKDIR/clusters/$NAME/pki/ca.crt
      - key: requestheader-allowed-names
        value: kwok-admin
      - key: requestheader-username-headers
        value: X-Remote-User
      - key: requestheader-group-headers
        value: X-Remote-Group
      - key: requestheader-extra-headers-prefix
        value: X-Remote-Extra-
      - key: enable-aggregator-routing
        value: "true"
  # kwok manages only the nodes it made (kwokctl scale), never the real node.
  - name: kwok-controller
    extraArgs:
      - key: manage-all-nodes
        value: "false"
        override: true
      - key: manage-nodes-with-label-selector
        value: kwok.x-k8s.io/kwokctl-scale
  - name: kube-controller-manager
    extraArgs:
      - key: enable-hostpath-provisioner
        value: "true"
YAML
    for stage in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      echo "---"
      cat "$kwok_src/$stage"
    done
    for stage in "$HERE"/stages/*.yaml; do
      echo "---"
      cat "$stage"
    done
  } > "$config"
  echo "$config"
}

# The API server listens on every address (pods need the bridge one); only loopback and the
# real node's bridge may connect, in a chain of our own that down removes.
APISERVER_CHAIN=STOREFLEET-APISERVER
guard_apiserver() {
  local port
  if [ "$(id -u)" != 0 ]; then
    log "not root: no firewall rule; the API server answers on every address, behind its certificates"
    return 0
  fi
  if ! command -v iptables >/dev/null; then
    log "installing iptables from Debian"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >/dev/null
  fi
  port="$(kubectl --kubeconfig "$KUBECONFIG_OUT" config view -o jsonpath='{.clusters[0].cluster.server}' | sed 's/.*://')"
  unguard_apiserver
  iptables -N "$APISERVER_CHAIN"
  iptables -A "$APISERVER_CHAIN" -i lo -j RETURN
  iptables -A "$APISERVER_CHAIN" -i "$NODE_BRIDGE" -j RETURN
  iptables -A "$APISERVER_CHAIN" -j DROP
  iptables -I INPUT -p tcp --dport "$port" -j "$APISERVER_CHAIN"
}
unguard_apiserver() {
  command -v iptables >/dev/null || return 0
  { iptables -S INPUT 2>/dev/null | grep -- "-j $APISERVER_CHAIN" || true; } | while read -r rule; do
    eval "iptables ${rule/-A /-D }"
  done
  iptables -F "$APISERVER_CHAIN" 2>/dev/null || true
  iptables -X "$APISERVER_CHAIN" 2>/dev/null || true
}

real_node() {
  bash "$HERE/real-node/node.sh" "$@"
}

up() {
  if is_running; then
    log "already running; kubeconfig: $KUBECONFIG_OUT"
    [ "${1:-}" = --real-node ] && real_node up "$KUBECONFIG_OUT" "$KWOK_WORKDIR/clusters/$NAME/pki/ca.crt"
    return 0
  fi
  local start bin config
  start=$(date +%s)
  bin="$(bash "$HERE/build.sh")"
  mkdir -p "$STATE"
  config="$(write_config "$bin")"
  # A stale half-started cluster (e.g. after a reboot, or a start cut short) is removed first,
  # with any real node that had joined it.
  real_node down >/dev/null 2>&1 || true
  "$bin/kwokctl" delete cluster --name "$NAME" >/dev/null 2>&1 || true
  log "starting cluster '$NAME' (binaries: $bin)"
  "$bin/kwokctl" create cluster --name "$NAME" --config "$config" --kubeconfig "" >&2
  cp "$KWOK_WORKDIR/clusters/$NAME/kubeconfig.yaml" "$KUBECONFIG_OUT"
  guard_apiserver
  export KUBECONFIG="$KUBECONFIG_OUT"
  wait_for "the API server" 120 kubectl get --raw /readyz
  "$bin/kwokctl" scale node --name "$NAME" --replicas 1 >&2
  wait_for "a Ready node" 120 kubectl wait --for=condition=Ready node --all --timeout=1s
  wait_for "the default service account" 60 kubectl -n default get serviceaccount default
  kubectl apply -f "$HERE/manifests/" >&2
  touch "$COMPLETE"
  [ "${1:-}" = --real-node ] && real_node up "$KUBECONFIG_OUT" "$KWOK_WORKDIR/clusters/$NAME/pki/ca.crt"
  log "up in $(( $(date +%s) - start )) s; kubeconfig: $KUBECONFIG_OUT"
}

down() {
  local bin
  real_node down
  bin="$(bash "$HERE/build.sh")"
  "$bin/kwokctl" delete cluster --name "$NAME" >&2 || true
  unguard_apiserver
  rm -f "$KUBECONFIG_OUT" "$COMPLETE"
  log "down"
}

status() {
  if is_running; then
    echo "running; kubeconfig: $KUBECONFIG_OUT"
    kubectl --kubeconfig "$KUBECONFIG_OUT" get nodes -L storefleet.io/node
  else
    echo "not running"
    return 3
  fi
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) down ;;
  status) status ;;
  kwok-nodes)
    [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || { echo "kwok-nodes takes a count from 1 to 99" >&2; exit 2; }
    "$(kwokctl_bin)" scale node --name "$NAME" --replicas "$2" >&2 ;;
  *) echo "usage: $0 up [--real-node]|down|status|kwok-nodes N" >&2; exit 2 ;;
esac
