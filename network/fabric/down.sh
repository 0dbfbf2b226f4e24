#!/usr/bin/env bash
# Stops the chaincode server, the peers and the orderer of the run directory (only the processes
# whose PIDs its pids/ files hold, and only if they still run the expected program; for a compose
# run directory, docker compose down).
# --purge also deletes the run directory: crypto material, ledgers, logs.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PURGE=false
case "${1:-}" in
  --purge) PURGE=true ;;
  "") ;;
  *) die "usage: down.sh [--purge]" ;;
esac

if [[ -f "${FABRIC_RUN_DIR}/network.env" ]]; then
  load_network_env
fi
if [[ "${FABRIC_TARGET_KIND:-}" == "compose" ]]; then
  require_binaries docker
  (cd "${FABRIC_RUN_DIR}" && docker compose down) || die "docker compose down failed"
elif [[ -n "${FABRIC_TARGET_KIND:-}" ]]; then
  stop_node chaincode-server fabric-shim
  rm -f "${FABRIC_RUN_DIR}/pids/chaincode-server.package-id"
  for node in ${PEER_NODES}; do stop_node "${node}" peer; done
  stop_node "${ORDERER_NODE}" orderer
fi

if [[ "${PURGE}" == true ]]; then
  # Only a directory that looks like a run directory (or an empty one) is deleted.
  if [[ -f "${FABRIC_RUN_DIR}/network.env" || -z "$(ls -A "${FABRIC_RUN_DIR}")" ]]; then
    rm -rf "${FABRIC_RUN_DIR}"
    log "removed ${FABRIC_RUN_DIR}"
  else
    die "${FABRIC_RUN_DIR} does not look like a run directory (no network.env); not deleting it"
  fi
fi
