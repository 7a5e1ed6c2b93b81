#!/usr/bin/env bash
# Points Backstage's Kubernetes tab at the cluster Storefleet provisions into.
#
#   source tools/kubernetes-tab/configure.sh KUBECONFIG [CONTEXT] OVERLAY
#
# Applies reader.yaml (a read-only ServiceAccount), mints a 24 h token for it into the
# environment variable STOREFLEET_KUBERNETES_TOKEN (never into a file or argv), and writes
# OVERLAY: an app-config file with the cluster's URL and CA that reads the token from that
# variable. Sourced, so the token reaches the Backstage process started next. Returns non-zero
# (and writes nothing) when the cluster refuses, e.g. a kubeconfig without RBAC rights.
storefleet_configure_kubernetes_tab() {
  local kubeconfig="$1" context="$2" overlay="$3"
  local here kc=(kubectl --kubeconfig "$kubeconfig") url ca token
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [ -n "$context" ] && kc+=(--context "$context")
  "${kc[@]}" apply -f "$here/reader.yaml" >/dev/null || return 1
  url=$("${kc[@]}" config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}') || return 1
  ca=$("${kc[@]}" config view --minify --raw --flatten \
    -o jsonpath='{.clusters[0].cluster.certificate-authority-data}') || return 1
  token=$("${kc[@]}" create token backstage-kubernetes-reader -n storefleet-system \
    --duration 24h) || return 1
  export STOREFLEET_KUBERNETES_TOKEN="$token"
  mkdir -p "$(dirname "$overlay")"
  cat >"$overlay" <<YAML
# Written by tools/kubernetes-tab/configure.sh for this start; do not edit.
# The Kubernetes tab of store entities reads this cluster as ServiceAccount
# storefleet-system/backstage-kubernetes-reader (read-only, tools/kubernetes-tab/reader.yaml).
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: storefleet
          title: Storefleet stores
          url: $url
          caData: $ca
          authProvider: serviceAccount
          serviceAccountToken: \${STOREFLEET_KUBERNETES_TOKEN}
          skipMetricsLookup: true
YAML
}

storefleet_configure_kubernetes_tab "$@"
