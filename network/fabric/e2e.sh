#!/usr/bin/env bash
# Runs the end-to-end suites against a real Fabric 2.5 network. Each suite file gets a fresh
# network, as each gets a fresh embedded network by default: generate, up, deploy, the suite with
# FABRIC_TARGET=fabric, down --purge. Arguments: suite files (default: every test/src/e2e/*.e2e.test.ts).
# Environment: FABRIC_PORT_OFFSET (default 0), FABRIC_BATCH_TIMEOUT in ms (default 20, as the
# embedded suites use), FABRIC_RUN_DIR (default <repo>/.fabric-e2e; deleted after each suite),
# FABRIC_GENERATE_ARGS (more generate.sh options, e.g. "--chaincode-launch peer" or "--chaincode-tls").
set -euo pipefail
export FABRIC_RUN_DIR="${FABRIC_RUN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.fabric-e2e}"
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_binaries peer orderer osnadmin configtxgen cryptogen node npm
SUITES=("$@")
if ((${#SUITES[@]} == 0)); then
  mapfile -t SUITES < <(cd "${REPO_ROOT}" && ls test/src/e2e/*.e2e.test.ts)
fi

cleanup() { "${FABRIC_SCRIPTS_DIR}/down.sh" --purge >/dev/null 2>&1 || true; }
trap cleanup EXIT

failed=()
for suite in "${SUITES[@]}"; do
  log "=== ${suite}: fresh network"
  "${FABRIC_SCRIPTS_DIR}/down.sh" --purge >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  "${FABRIC_SCRIPTS_DIR}/generate.sh" --port-offset "${FABRIC_PORT_OFFSET:-0}" --batch-timeout "${FABRIC_BATCH_TIMEOUT:-20}" ${FABRIC_GENERATE_ARGS:-}
  "${FABRIC_SCRIPTS_DIR}/up.sh"
  "${FABRIC_SCRIPTS_DIR}/deploy.sh"
  if ! (cd "${REPO_ROOT}" && FABRIC_TARGET=fabric FABRIC_NETWORK_DIR="${FABRIC_RUN_DIR}" npm run --silent test:quick -- "${suite}"); then
    failed+=("${suite}")
    if [[ -n "${FABRIC_E2E_KEEP_FAILED:-}" ]]; then
      log "keeping the network of the failed suite in ${FABRIC_RUN_DIR} (FABRIC_E2E_KEEP_FAILED)"
      trap - EXIT
      break
    fi
  fi
  "${FABRIC_SCRIPTS_DIR}/down.sh" --purge
done

if ((${#failed[@]} > 0)); then die "failed against real Fabric: ${failed[*]}"; fi
log "every suite passed against real Fabric"
