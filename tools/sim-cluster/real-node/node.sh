#!/usr/bin/env bash
# One real node for the sim cluster: containerd + runc + CNI (bridge, host-local, portmap) run
# real containers, kube-proxy programs Services, CoreDNS resolves them, a kubelet registers
# the node `storefleet-real` with the control plane that sim-cluster.sh started, and Traefik
# (k3s's ingress controller) serves the cluster's Ingresses on port 80 of this machine, so
# http://<store>.localhost/ opens in a browser here. kube-router (firewall only) enforces
# NetworkPolicies with iptables and ipset: the bridge CNI alone ignores them. metrics-server
# serves the metrics API (CPU and memory of pods), as on k3s.
#
#   node.sh up KUBECONFIG CA_FILE   start (or keep) the node; waits until it is Ready
#   node.sh down                    stop it and remove every container, mount, bridge and rule
#   node.sh status                  say whether it runs
#   node.sh import-image REF        copy a podman image (e.g. a backend image just built) into
#                                   the node's containerd, for pods with imagePullPolicy Never
#   node.sh leftovers               list any process, iptables chain or ipset of the node left
#                                   after `down` (exit 1 if there is one)
#
# The node is tainted storefleet.io/real-node=true:NoSchedule and labelled storefleet.io/node=real:
# only pods that ask for it (the charts' values-realnode.yaml) land here, and kwok never
# manages it (kwok only takes the nodes `kwokctl scale` made). Root is needed (containers).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../env.sh"

NODE_NAME=storefleet-real
STATE="$STOREFLEET_ROOT/.storefleet/real-node"
CACHE="$STOREFLEET_CACHE/real-node"
CONTAINERD_ROOT="$CACHE/containerd"     # images and snapshots survive `down`: a warm `up` imports nothing
CONTAINERD_STATE="$STATE/containerd"
SOCKET="$STATE/containerd.sock"
KUBELET_ROOT="$STATE/kubelet"
BRIDGE=storefleet0
POD_CIDR=10.244.0.0/24
GATEWAY=10.244.0.1                       # the node's address: kubelet, CoreDNS, pods' default route
CLUSTER_CIDR=10.244.0.0/16
KUBELET_PORT=10350
INGRESS_HTTP_PORT=80                     # where store URLs (http://<store>.localhost/) are served
TRAEFIK_PING=127.0.0.1:10362
source "$HERE/../wait-for.sh"
WAIT_FOR_HINT="logs: $STATE/logs"
log() { echo "[real-node] $*" >&2; }

pidfile() { echo "$STATE/run/$1.pid"; }
running() { local p; p="$(cat "$(pidfile "$1")" 2>/dev/null)" && kill -0 "$p" 2>/dev/null; }

# Starts a component in the background with its log under $STATE/logs; a running one is kept.
start() {
  local name="$1"; shift
  running "$name" && return 0
  mkdir -p "$STATE/run" "$STATE/logs"
  setsid "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
}

stop() {
  local name="$1" p
  p="$(cat "$(pidfile "$name")" 2>/dev/null)" || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$p" 2>/dev/null || true
  rm -f "$(pidfile "$name")"
}

ensure_packages() {
  local missing=()
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  [ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
  command -v podman >/dev/null || missing+=(podman)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v ipset >/dev/null || missing+=(ipset)
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

write_configs() {
  local ca="$1"
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/networks" "$CONTAINERD_ROOT" "$CONTAINERD_STATE" "$KUBELET_ROOT"
  cat >"$STATE/containerd.toml" <<TOML
version = 2
root = "$CONTAINERD_ROOT"
state = "$CONTAINERD_STATE"
[grpc]
  address = "$SOCKET"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/storefleet/pause:3.10"
  # kubelet asks for oom_score_adj -998; lowering it needs CAP_SYS_RESOURCE, which this machine
  # lacks: without this every sandbox fails with "can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
TOML
  cat >"$STATE/cni/net.d/10-storefleet.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "storefleet",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$STATE/cni/networks",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
  cat >"$STATE/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$SOCKET
address: $GATEWAY
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $((KUBELET_PORT + 8))
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $ca }
authorization: { mode: Webhook }
clusterDNS: [$GATEWAY]
clusterDomain: cluster.local
registerWithTaints:
  - { key: storefleet.io/real-node, value: "true", effect: NoSchedule }
maxPods: 40
serializeImagePulls: false
# The images are imported, never pulled: keep them, and do not evict on a full-ish test disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: 200Mi, nodefs.available: 2%, imagefs.available: 2% }
YAML
  cat >"$STATE/Corefile" <<COREFILE
.:53 {
    bind $GATEWAY
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $STATE/kubeconfig.yaml
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
    loadbalance
}
COREFILE
}

# The bridge exists before CoreDNS binds to its address; the CNI bridge plugin adopts it.
ensure_network() {
  sysctl -qw net.ipv4.ip_forward=1
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.bridge.bridge-nf-call-iptables=1
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$GATEWAY/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

node_ready() {
  [ "$(kubectl --kubeconfig "$STATE/kubeconfig.yaml" get node "$NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

up() {
  local kubeconfig="$1" ca="$2" bin start_s=$SECONDS
  # Every step is idempotent: on a running node this only starts what is missing.
  ensure_packages
  bin="$(bash "$HERE/../build.sh" --real-node)"
  bash "$HERE/images.sh" build
  mkdir -p "$STATE"
  cp "$kubeconfig" "$STATE/kubeconfig.yaml"
  write_configs "$ca"
  ensure_network

  start containerd containerd --config "$STATE/containerd.toml"
  wait_for "containerd" 30 ctr --address "$SOCKET" version
  bash "$HERE/images.sh" import "$SOCKET"

  start coredns "$bin/coredns" -conf "$STATE/Corefile"
  start volume-permissions bash "$HERE/volume-permissions.sh"
  start kube-proxy "$bin/kube-proxy" --kubeconfig="$STATE/kubeconfig.yaml" --hostname-override="$NODE_NAME" \
    --proxy-mode=iptables --cluster-cidr="$CLUSTER_CIDR" --conntrack-max-per-core=0 \
    --metrics-bind-address=127.0.0.1:10349 --healthz-bind-address=127.0.0.1:10356
  start kubelet "$bin/kubelet" --config="$STATE/kubelet.yaml" --kubeconfig="$STATE/kubeconfig.yaml" \
    --hostname-override="$NODE_NAME" --node-ip="$GATEWAY" --root-dir="$KUBELET_ROOT" \
    --cert-dir="$STATE/kubelet-pki" --node-labels=storefleet.io/node=real
  wait_for "node $NODE_NAME to be Ready" 120 node_ready
  start_network_policies "$bin"
  start_ingress "$bin"
  start_metrics "$bin"
  log "up in $((SECONDS - start_s)) s: node $NODE_NAME (pods $POD_CIDR, DNS $GATEWAY, Ingresses on :$INGRESS_HTTP_PORT)"
}

# kube-router's network policy controller only (no routing, no service proxy, no CNI): it turns
# the NetworkPolicies of pods on this node into iptables chains and ipsets.
start_network_policies() {
  local bin="$1"
  start kube-router "$bin/kube-router" --run-firewall=true --run-router=false \
    --run-service-proxy=false --enable-cni=false --kubeconfig="$STATE/kubeconfig.yaml" \
    --hostname-override="$NODE_NAME" --metrics-port=0 --health-port=0
  wait_for "kube-router's NetworkPolicy chains" 60 iptables -n -L KUBE-ROUTER-FORWARD
}

# What kube-router made, by name (its --cleanup-config panics in v2.1.0): the jumps from the
# built-in chains, its chains (flushed first: they jump to each other), then its ipsets.
NETPOL_CHAINS='^(KUBE-ROUTER-|KUBE-NWPLCY-|KUBE-POD-FW-)'
remove_network_policy_rules() {
  local ipt table rule chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for table in filter nat mangle; do
      "$ipt" -t "$table" -S 2>/dev/null | grep -E -- "^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) .*-j (KUBE-ROUTER-|KUBE-NWPLCY-|KUBE-POD-FW-)" \
        | while read -r rule; do eval "$ipt -t $table ${rule/-A /-D }" 2>/dev/null; done
      for chain in $("$ipt" -t "$table" -S 2>/dev/null | sed -n 's/^-N //p' | grep -E "$NETPOL_CHAINS"); do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null
      done
      for chain in $("$ipt" -t "$table" -S 2>/dev/null | sed -n 's/^-N //p' | grep -E "$NETPOL_CHAINS"); do
        "$ipt" -t "$table" -X "$chain" 2>/dev/null
      done
    done
  done
  command -v ipset >/dev/null && ipset list -n 2>/dev/null | grep -E '^(KUBE-SRC-|KUBE-DST-|kube-router-)' | xargs -r -n1 ipset destroy 2>/dev/null
  return 0
}

# Anything of the node still here after `down`: its processes, kube-router's chains and ipsets.
leftovers() {
  local found=0 procs chains sets
  procs="$(pgrep -fa -- "/(kubelet|kube-proxy|kube-router|coredns|traefik|metrics-server) |containerd --config $STATE/" || true)"
  [ -n "$procs" ] && { echo "processes: $procs"; found=1; }
  chains="$(iptables -S 2>/dev/null | sed -n 's/^-N //p' | grep -E "$NETPOL_CHAINS" || true)"
  [ -n "$chains" ] && { echo "iptables chains:" $chains; found=1; }
  sets="$(ipset list -n 2>/dev/null | grep -E '^(KUBE-SRC-|KUBE-DST-|kube-router-)' || true)"
  [ -n "$sets" ] && { echo "ipsets:" $sets; found=1; }
  [ "$found" -eq 0 ] && echo "nothing left: no node process, no kube-router chain or ipset"
  return "$found"
}

# Traefik as a host process beside the node, watching Ingresses of class `traefik` (the
# IngressClass is in ../manifests); it reaches pods over the bridge, as kube-proxy does.
start_ingress() {
  local bin="$1" holder
  if ! running traefik; then
    holder="$(ss -Hltnp "sport = :$INGRESS_HTTP_PORT" 2>/dev/null | head -1)"
    if [ -n "$holder" ]; then
      log "port $INGRESS_HTTP_PORT is taken, so store URLs cannot be served here: $holder"
      log "stop what listens there and run this again"
      return 1
    fi
  fi
  kubectl --kubeconfig "$STATE/kubeconfig.yaml" apply -f "$HERE/../manifests/ingressclass.yaml" >&2
  start traefik env KUBECONFIG="$STATE/kubeconfig.yaml" "$bin/traefik" \
    --entryPoints.web.address=":$INGRESS_HTTP_PORT" \
    --entryPoints.ping.address="$TRAEFIK_PING" --ping.entryPoint=ping \
    --providers.kubernetesingress=true --providers.kubernetesingress.ingressclass=traefik \
    --global.checkNewVersion=false --global.sendAnonymousUsage=false --log.level=INFO
  wait_for "Traefik on :$INGRESS_HTTP_PORT" 60 curl -sf "http://$TRAEFIK_PING/ping"
}

# metrics-server as a host process on the node's address, scraping this node's kubelet only (the
# kwok nodes have none); the APIService in metrics-server.yaml beside this file sends metrics.k8s.io requests to it.
METRICS_PORT=10352
start_metrics() {
  local bin="$1" kubeconfig="$STATE/kubeconfig.yaml"
  start metrics-server "$bin/metrics-server" --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address="$GATEWAY" --secure-port="$METRICS_PORT" --cert-dir="$STATE/metrics-server" \
    --kubelet-insecure-tls --kubelet-use-node-status-port --kubelet-preferred-address-types=InternalIP \
    --node-selector=storefleet.io/node=real --metric-resolution=15s
  kubectl --kubeconfig "$kubeconfig" apply -f "$HERE/metrics-server.yaml" >&2
  wait_for "the metrics API (metrics-server)" 90 node_metrics
}

node_metrics() {
  kubectl --kubeconfig "$STATE/kubeconfig.yaml" get --raw "/apis/metrics.k8s.io/v1beta1/nodes/$NODE_NAME" >/dev/null 2>&1
}

# The bridge plugin's masquerade rules of pods that were killed rather than torn down by CNI:
# the POSTROUTING jumps commented with this network's name, and the chains they jump to.
remove_cni_rules() {
  local rule chain
  { iptables -t nat -S POSTROUTING 2>/dev/null | grep -F 'name: \"storefleet\"' || true; } | while read -r rule; do
    chain="$(sed -n 's/.* -j \(CNI-[0-9a-f]*\).*/\1/p' <<<"$rule")"
    eval "iptables -t nat ${rule/-A /-D }" 2>/dev/null || true
    [ -n "$chain" ] && iptables -t nat -F "$chain" 2>/dev/null && iptables -t nat -X "$chain" 2>/dev/null
  done
  return 0
}

# The kubelet's own chains (kube-proxy --cleanup leaves them): its localnet firewall and canaries.
remove_kubelet_rules() {
  local ipt table chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    "$ipt" -D INPUT -j KUBE-FIREWALL 2>/dev/null || true
    "$ipt" -D OUTPUT -j KUBE-FIREWALL 2>/dev/null || true
    for table in filter nat mangle; do
      for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null && "$ipt" -t "$table" -X "$chain" 2>/dev/null
      done
    done
  done
  return 0
}

# Every process in the kubelet's pod cgroups (containers and their children).
pod_processes() {
  local tree
  for tree in /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/memory/kubepods; do
    [ -d "$tree" ] && find "$tree" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

down() {
  # Never started (or already down): nothing to stop, and no binaries to build for the clean-up.
  [ -d "$STATE" ] || return 0
  # Best effort through every step: one that finds nothing to remove must not stop the rest.
  set +e +o pipefail
  # First the APIService: once nobody serves it, namespace deletion stalls cluster-wide.
  kubectl --kubeconfig "$STATE/kubeconfig.yaml" --request-timeout=5s delete --ignore-not-found \
    -f "$HERE/metrics-server.yaml" >/dev/null 2>&1
  stop metrics-server
  stop traefik
  stop kube-router
  stop kubelet
  # Containers: kill what runs in the pod cgroups, then the shims of this containerd.
  local pids
  for _ in 1 2 3; do
    pids="$(pod_processes)"
    [ -z "$pids" ] && break
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.5
  done
  pkill -9 -f "containerd-shim-runc-v2 .*-address $SOCKET" 2>/dev/null || true
  stop kube-proxy
  stop coredns
  stop volume-permissions
  stop containerd
  # Mounts under the node's directories (overlay rootfs, volumes, netns), deepest first.
  local mounts
  mounts="$(awk -v a="$STATE" -v b="$CONTAINERD_ROOT" '$2 ~ "^"a || $2 ~ "^"b {print $2}' /proc/mounts | sort -r)"
  [ -n "$mounts" ] && echo "$mounts" | xargs -r umount -l 2>/dev/null || true
  for ns in /var/run/netns/cni-*; do [ -e "$ns" ] && ip netns delete "$(basename "$ns")" 2>/dev/null; done
  ip link delete "$BRIDGE" 2>/dev/null || true
  local bin
  bin="$(bash "$HERE/../build.sh" --real-node 2>/dev/null)" && "$bin/kube-proxy" --cleanup >/dev/null 2>&1 || true
  remove_cni_rules
  remove_kubelet_rules
  remove_network_policy_rules
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
  rm -rf "$STATE"
  log "down"
}

status() {
  if running kubelet && node_ready; then
    echo "running: node $NODE_NAME; Ingresses on :$INGRESS_HTTP_PORT ($(running traefik && echo Traefik || echo "no ingress controller")); NetworkPolicies $(running kube-router && echo "enforced by kube-router" || echo "NOT enforced")"
  else
    echo "not running"; return 3
  fi
}

case "${1:-}" in
  up) up "${2:?usage: node.sh up KUBECONFIG CA_FILE}" "${3:?usage: node.sh up KUBECONFIG CA_FILE}" ;;
  down) down ;;
  status) status ;;
  leftovers) leftovers ;;
  import-image)
    running containerd || { log "the node is not running"; exit 1; }
    podman save --format docker-archive "${2:?usage: node.sh import-image REF}" \
      | ctr --address "$SOCKET" -n k8s.io images import - >/dev/null
    log "imported $2" ;;
  *) echo "usage: $0 up KUBECONFIG CA_FILE|down|status|import-image REF|leftovers" >&2; exit 2 ;;
esac
