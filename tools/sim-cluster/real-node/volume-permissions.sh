#!/usr/bin/env bash
# The sim cluster provisions PersistentVolumes with kube-controller-manager's in-tree hostPath
# provisioner, which creates each volume's directory 0750 and owned by root; the kubelet applies
# no fsGroup to hostPath volumes, so a non-root store database could not write to it. k3s's
# local-path provisioner (what production uses) creates them 0777; this keeps the sim cluster's
# volumes the same, once a second, until it is stopped.
set -uo pipefail
base="${HOSTPATH_PV_DIR:-/tmp/hostpath_pv}"
while true; do
  [ -d "$base" ] && find "$base" -mindepth 1 -maxdepth 1 -type d ! -perm 0777 -exec chmod 0777 {} + 2>/dev/null
  sleep 1
done
