#!/usr/bin/env bash
# Runs every test of the repo: lint, type check, and one Jest run over all workspaces (unit
# tests, real-backend tests, storage tests on SQLite and PostgreSQL, and integration tests
# against the sim cluster), the adoption test (tools/adoption) and the browser test (Playwright +
# Chromium), the last three side by side. Ends with the
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

# Adoption, part 1 (tools/adoption): builds and packs every plugin (yarn pack, npm pack) and checks
# what a registry would serve. Packing rewrites each plugin's package.json for a moment, so this
# runs alone, before the rest.
echo "=== adoption: pack"
rm -f artefacts/adoption-pack-results.json artefacts/adoption-results.json
(cd tools/adoption && CI=true STOREFLEET_ADOPTION_PHASE=pack yarn backstage-cli package test \
  --runInBand --json --outputFile="$STOREFLEET_ROOT/artefacts/adoption-pack-results.json")
count_jest artefacts/adoption-pack-results.json $?

# Then three at once, each mostly waiting on the cluster: Jest over every workspace, adoption part 2
# (a new create-app app installs the tarballs by the READMEs and takes a store to Ready; steps and
# times: artefacts/adoption/steps.md), and the browser test (Playwright drives Debian's Chromium
# through Backstage, started by tools/e2e/serve.sh, against the same sim cluster; screenshots in
# artefacts/e2e/). The two in the background print their output when they end.
rm -rf artefacts/e2e
mkdir -p artefacts/e2e
(cd tools/adoption && CI=true STOREFLEET_ADOPTION_PHASE=app yarn backstage-cli package test \
  --runInBand --json --outputFile="$STOREFLEET_ROOT/artefacts/adoption-results.json") \
  > artefacts/adoption.log 2>&1 &
adoption_pid=$!
CI=true STOREFLEET_KUBECONFIG="${STOREFLEET_KUBECONFIG:-$STOREFLEET_SIM_KUBECONFIG}" \
  yarn playwright test > artefacts/e2e.log 2>&1 &
e2e_pid=$!

echo "=== jest"
rm -f artefacts/jest-results.json
# Three workers on two CPUs: the cluster suites spend most of their time waiting on pods.
CI=true yarn backstage-cli repo test --maxWorkers=3 --json \
  --outputFile="$STOREFLEET_ROOT/artefacts/jest-results.json"
count_jest artefacts/jest-results.json $?

echo "=== adoption: a new app"
wait "$adoption_pid"
adoption_rc=$?
cat artefacts/adoption.log
count_jest artefacts/adoption-results.json $adoption_rc

echo "=== browser test"
wait "$e2e_pid"
e2e_rc=$?
cat artefacts/e2e.log
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
