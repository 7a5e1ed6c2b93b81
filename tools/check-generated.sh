#!/usr/bin/env bash
# The API code generated from plugins/stores-backend/src/schema/openapi.yaml (the server's
# router types and the client and models in plugins/stores-common) matches the spec: regenerates
# it (backstage-repo-tools, which runs the OpenAPI generator with Java) and fails on any
# difference from what is committed. After changing the spec: `yarn generate` in
# plugins/stores-backend, and commit the result.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STOREFLEET_ROOT"
paths=(plugins/stores-backend/src/schema/openapi plugins/stores-common/src/schema/openapi)
(cd plugins/stores-backend && yarn generate >/dev/null)
if ! git diff --exit-code --stat -- "${paths[@]}" || [ -n "$(git status --porcelain -- "${paths[@]}")" ]; then
  git status --short -- "${paths[@]}"
  echo "The generated API code differs from openapi.yaml: run yarn generate in plugins/stores-backend and commit it."
  exit 1
fi
echo "generated API code matches openapi.yaml"
