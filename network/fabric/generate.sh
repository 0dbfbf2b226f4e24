#!/usr/bin/env bash
# Creates a run directory (FABRIC_RUN_DIR, default <repo>/.fabric) for a real Fabric 2.5 network:
#   1. config/, env/, chaincode/ and network.json from consortium.ts (`mobility-network fabric generate`);
#   2. crypto material with cryptogen from config/crypto-config.yaml;
#   3. gateway connection profiles from that crypto material;
#   4. the channel's genesis block with configtxgen from config/configtx.yaml;
#   5. the chaincode-as-a-service package and its package ID.
# Arguments go to `fabric generate`: --port-offset N, --batch-timeout MS, --target native|compose, --chaincode-tls.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_binaries cryptogen configtxgen node
if [[ -d "${FABRIC_RUN_DIR}/organizations" ]]; then
  die "${FABRIC_RUN_DIR} already holds a network; run network/fabric/down.sh --purge first, or set FABRIC_RUN_DIR"
fi

log "generating artefacts from consortium.ts into ${FABRIC_RUN_DIR}"
mobility_cli fabric generate --dir "${FABRIC_RUN_DIR}" "$@" >/dev/null
load_network_env

log "cryptogen: crypto material for every org"
cryptogen generate --config="${CONFIG_DIR}/crypto-config.yaml" --output="${FABRIC_RUN_DIR}/organizations" >/dev/null

log "connection profiles"
mobility_cli fabric profiles --dir "${FABRIC_RUN_DIR}" >/dev/null

log "configtxgen: genesis block of channel ${CHANNEL_NAME}"
configtxgen -configPath "${CONFIG_DIR}" -profile "${CHANNEL_PROFILE}" -channelID "${CHANNEL_NAME}" \
  -outputBlock "${FABRIC_RUN_DIR}/channel-artifacts/${CHANNEL_NAME}.block" 2>"${FABRIC_RUN_DIR}/logs/configtxgen.log" ||
  die "configtxgen failed; see ${FABRIC_RUN_DIR}/logs/configtxgen.log"

log "chaincode-as-a-service package"
mobility_cli fabric package --dir "${FABRIC_RUN_DIR}" >/dev/null
PACKAGE_ID="$(cat "${FABRIC_RUN_DIR}/chaincode/package-id")"
log "package ID ${PACKAGE_ID}"
# docker compose reads the chaincode container's package ID from .env.
if [[ "${FABRIC_TARGET_KIND}" == "compose" ]]; then printf 'CHAINCODE_ID=%s\n' "${PACKAGE_ID}" >"${FABRIC_RUN_DIR}/.env"; fi
