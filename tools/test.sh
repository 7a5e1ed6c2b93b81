#!/usr/bin/env bash
# Runs every test of the repo: lint, type check, and one Jest run over all workspaces (unit
# tests, real-backend tests, storage tests on SQLite and PostgreSQL, and integration tests
# against the sim cluster), the adoption test (tools/adoption), then the browser test
# (Playwright + Chromium), one after the other: on two CPUs, side by side they slowed each
# other's real-node stores threefold (measured). Ends with the
# line "N passed, N failed" (lint, the type check and the format check count as one test each) and exits
# non-zero on any failure. Jest's JSON report lands in artefacts/jest-results.json.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STOREFLEET_ROOT"
bash tools/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }
source tools/env.sh
mkdir -p artefacts

passed=0
failed=0
check() {
  local name="$1"; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "=== $name FAILED"; fi
}

# Integration tests need the sim cluster with its real node; start them here (cold: ~7 min of
# binaries and ~5 min of images, cached after) and stop afterwards what this run started.
started_cluster=no
started_real_node=no
if ! bash tools/sim-cluster/sim-cluster.sh status >/dev/null 2>&1; then
  started_cluster=yes
fi
bash tools/sim-cluster/real-node/node.sh status >/dev/null 2>&1 || started_real_node=yes
bash tools/sim-cluster/sim-cluster.sh up --real-node || echo "=== the sim cluster or its real node did not start; the tests that need them will fail"

# Storage tests run on SQLite and on this private PostgreSQL (installed from Debian when missing).
# Without it the storage tests fail rather than quietly running on SQLite alone.
export STOREFLEET_REQUIRE_POSTGRES=1
started_postgres=no
if pg_url=$(bash tools/postgres.sh up); then
  started_postgres=yes
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
else
  echo "=== PostgreSQL did not start (see the [postgres] lines above); the PostgreSQL storage tests will fail"
fi

check "lint" yarn backstage-cli repo lint
check "type check" yarn tsc
check "format" yarn prettier --check --loglevel warn .
check "generated API code" bash tools/check-generated.sh

# Adds a Jest JSON report's counts to the totals; a run that failed without failing tests counts one.
count_jest() {
  local report="$STOREFLEET_ROOT/$1" rc="$2" counts jp="" jf=""
  counts="$(node -e '
    const r = require(process.argv[1]);
    // A suite that fails to run has no failing test of its own; count it as one failure.
    const broken = r.testResults.filter(s => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + broken);
  ' "$report" 2>&1)" && read -r jp jf <<<"$counts"
  # No report, or one that cannot be read: a failure, never a silent zero.
  if ! [[ "$jp" =~ ^[0-9]+$ && "$jf" =~ ^[0-9]+$ ]]; then
    echo "=== no readable Jest report at $report: ${counts%%$'\n'*}"
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + jp)); failed=$((failed + jf))
  if [ "$rc" -ne 0 ] && [ "$jf" -eq 0 ]; then failed=$((failed + 1)); fi
}

echo "=== jest"
rm -f artefacts/jest-results.json
CI=true yarn backstage-cli repo test --json --outputFile="$STOREFLEET_ROOT/artefacts/jest-results.json"
count_jest artefacts/jest-results.json $?

# Adoption (tools/adoption): packs every plugin (yarn pack, npm pack: their prepack rewrites
# package.json, so this runs alone, after the other suites), then a new create-app app installs
# them by the READMEs and takes a store to Ready. Steps and times: artefacts/adoption/steps.md.
echo "=== adoption"
rm -f artefacts/adoption-results.json
(cd tools/adoption && CI=true yarn backstage-cli package test --runInBand --json \
  --outputFile="$STOREFLEET_ROOT/artefacts/adoption-results.json")
count_jest artefacts/adoption-results.json $?

# The browser test: Playwright drives Debian's Chromium through Backstage (started by
# tools/e2e/serve.sh) against the same sim cluster. Screenshots land in artefacts/e2e/.
echo "=== browser test"
rm -rf artefacts/e2e
CI=true STOREFLEET_KUBECONFIG="${STOREFLEET_KUBECONFIG:-$STOREFLEET_SIM_KUBECONFIG}" \
  yarn playwright test
e2e_rc=$?
if [ -f artefacts/e2e/results.json ]; then
  read -r ep ef <<<"$(node -e '
    const s = require(process.argv[1]).stats;
    console.log(s.expected + s.flaky, s.unexpected);
  ' "$STOREFLEET_ROOT/artefacts/e2e/results.json")"
  passed=$((passed + ep)); failed=$((failed + ef))
  if [ "$e2e_rc" -ne 0 ] && [ "$ef" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi

if [ "$started_cluster" = yes ]; then
  bash tools/sim-cluster/sim-cluster.sh down
elif [ "$started_real_node" = yes ]; then
  bash tools/sim-cluster/real-node/node.sh down
fi
# What this run started is gone: no node process, no kube-router chain or ipset.
if [ "$started_real_node" = yes ] || [ "$started_cluster" = yes ]; then
  check "real node leaves nothing behind" bash tools/sim-cluster/real-node/node.sh leftovers
fi
[ "$started_postgres" = yes ] && bash tools/postgres.sh down

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
