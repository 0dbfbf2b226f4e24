#!/usr/bin/env bash
# Starts the mobility chaincode as a chaincode-as-a-service server (`fabric-chaincode-node server`)
# on the address in network.env, registered under the package ID of chaincode/package-id, with
# TLS when the run directory was generated with --chaincode-tls. A server already running for
# another package ID (after an upgrade) is stopped first. Needs the chaincode built (chaincode/dist).
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

load_network_env
if [[ "${CC_LAUNCH}" == "peer" ]]; then
  log "the peers launch the chaincode themselves (fabric-chaincode-node start through builders/node); no server to start"
  exit 0
fi
PACKAGE_ID="$(cat "${FABRIC_RUN_DIR}/chaincode/package-id" 2>/dev/null)" || die "no chaincode/package-id: run network/fabric/generate.sh"

if [[ "${FABRIC_TARGET_KIND}" == "compose" ]]; then
  # The chaincode container (image from chaincode/Dockerfile) reads its package ID from .env.
  require_binaries docker
  IMAGE="${CHAINCODE_IMAGE:-mobility-ledger/chaincode:latest}"
  docker image inspect "${IMAGE}" >/dev/null 2>&1 ||
    die "image ${IMAGE} not found: build it with \`npx tsc -p chaincode && docker build -t ${IMAGE} chaincode\`"
  printf 'CHAINCODE_ID=%s\nCHAINCODE_IMAGE=%s\n' "${PACKAGE_ID}" "${IMAGE}" >"${FABRIC_RUN_DIR}/.env"
  (cd "${FABRIC_RUN_DIR}" && docker compose up -d chaincode.mobility.example) || die "docker compose up of the chaincode failed"
  log "chaincode container started as ${PACKAGE_ID}"
  exit 0
fi

require_binaries node setsid
CHAINCODE_DIR="${REPO_ROOT}/chaincode"
[[ -f "${CHAINCODE_DIR}/dist/index.js" ]] || die "chaincode/dist not built: run \`npx tsc -p chaincode\` (or npm run build)"
SERVER=chaincode-server
RUNNING_ID_FILE="${FABRIC_RUN_DIR}/pids/${SERVER}.package-id"

if is_running "${SERVER}"; then
  if [[ "$(cat "${RUNNING_ID_FILE}" 2>/dev/null)" == "${PACKAGE_ID}" ]]; then
    log "chaincode server already running for ${PACKAGE_ID}"
    exit 0
  fi
  log "chaincode server runs another package; restarting it for ${PACKAGE_ID}"
  stop_node "${SERVER}" fabric-shim
fi

SHIM_CLI="$(cd "${CHAINCODE_DIR}" && node -p "require.resolve('fabric-shim/cli.js')")" ||
  die "fabric-shim is not installed for chaincode/: run npm install"
ARGS=(server --chaincode-address "${CC_SERVER_LISTEN_ADDRESS}" --chaincode-id "${PACKAGE_ID}" --module-path "${CHAINCODE_DIR}")
if [[ "${CC_SERVER_TLS}" == "true" ]]; then
  TLS_DIR="${FABRIC_RUN_DIR}/chaincode/tls"
  ARGS+=(--chaincode-tls-cert-file "${TLS_DIR}/server.crt" --chaincode-tls-key-file "${TLS_DIR}/server.key")
fi

# The chaincode needs no Fabric config; a tiny env file keeps start_node's interface.
ENV_FILE="${FABRIC_RUN_DIR}/env/${SERVER}.env"
printf 'CORE_CHAINCODE_LOGGING_LEVEL=%s\nCORE_CHAINCODE_LOGGING_SHIM=%s\n' "${CORE_CHAINCODE_LOGGING_LEVEL:-info}" "${CORE_CHAINCODE_LOGGING_SHIM:-warning}" >"${ENV_FILE}"
start_node "${SERVER}" "${ENV_FILE}" node "${SHIM_CLI}" "${ARGS[@]}"
echo "${PACKAGE_ID}" >"${RUNNING_ID_FILE}"
port="${CC_SERVER_LISTEN_ADDRESS##*:}"
wait_for_port 127.0.0.1 "${port}" 30 || die "chaincode server not listening on ${port} after 30 s; see $(log_file "${SERVER}")"
log "chaincode server listening on ${CC_SERVER_LISTEN_ADDRESS} as ${PACKAGE_ID}"
