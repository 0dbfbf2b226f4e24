#!/usr/bin/env bash
# Deploys the chaincode definition of consortium.ts with the Fabric 2.5 lifecycle:
#   install the chaincode-as-a-service package on every peer, start the chaincode server,
#   approve the definition (name, version, sequence, endorsement policy, collections) for every
#   org, commit it with endorsements from every org, and wait until every peer reports it.
# Each step is skipped when already done, so the script also finishes an interrupted deployment
# and performs upgrades: after changing version and sequence in consortium.ts, run
# `mobility-network fabric regenerate` and this script again (network/README.md).
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_binaries peer node
load_network_env
PACKAGE="${FABRIC_RUN_DIR}/chaincode/${CC_LABEL}.tar.gz"
if [[ ! -f "${PACKAGE}" ]]; then mobility_cli fabric package --dir "${FABRIC_RUN_DIR}" >/dev/null; fi
PACKAGE_ID="$(cat "${FABRIC_RUN_DIR}/chaincode/package-id")"
COLLECTIONS="${CONFIG_DIR}/collections_config.json"
ORDERER_ARGS=(-o "${ORDERER_ENDPOINT}" --ordererTLSHostnameOverride "${ORDERER_TLS_HOST}" --tls --cafile "${ORDERER_TLS_CA}")
DEFINITION=(--channelID "${CHANNEL_NAME}" --name "${CC_NAME}" --version "${CC_VERSION}" --sequence "${CC_SEQUENCE}"
  "${CC_POLICY_FLAG}" "${CC_POLICY}" --collections-config "${COLLECTIONS}")

for msp_id in ${PEER_MSPIDS}; do
  if peer_as_admin "${msp_id}" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: ${PACKAGE_ID},"; then
    log "${msp_id}: ${PACKAGE_ID} already installed"
  else
    log "${msp_id}: installing ${CC_LABEL}"
    peer_as_admin "${msp_id}" lifecycle chaincode install "${PACKAGE}" 2>"$(log_file "install-${msp_id}")" ||
      die "install failed for ${msp_id}; see $(log_file "install-${msp_id}")"
  fi
done

"${FABRIC_SCRIPTS_DIR}/start-chaincode.sh"

committed_sequence() {
  peer_as_admin "$1" lifecycle chaincode querycommitted --channelID "${CHANNEL_NAME}" --name "${CC_NAME}" 2>/dev/null |
    sed -n 's/.*Sequence: \([0-9]*\),.*/\1/p'
}

# Every org approves, also after the commit: an org added later must approve the committed
# sequence, since its peers learn which package to run from their org's approval.
for msp_id in ${PEER_MSPIDS}; do
  if peer_as_admin "${msp_id}" lifecycle chaincode queryapproved --channelID "${CHANNEL_NAME}" --name "${CC_NAME}" \
    --sequence "${CC_SEQUENCE}" 2>/dev/null | grep -qF "${PACKAGE_ID}"; then
    log "${msp_id}: definition already approved"
    continue
  fi
  log "${msp_id}: approving ${CC_NAME} ${CC_VERSION} sequence ${CC_SEQUENCE}"
  peer_as_admin "${msp_id}" lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${DEFINITION[@]}" \
    --package-id "${PACKAGE_ID}" --waitForEvent 2>"$(log_file "approve-${msp_id}")" ||
    die "approveformyorg failed for ${msp_id}; see $(log_file "approve-${msp_id}")"
done

if [[ "$(committed_sequence "${PEER_MSPIDS%% *}")" == "${CC_SEQUENCE}" ]]; then
  log "${CC_NAME} sequence ${CC_SEQUENCE} already committed on ${CHANNEL_NAME}"
  exit 0
fi

PEER_ARGS=()
read -r -a cas <<<"${PEER_TLS_CAS}"
index=0
for endpoint in ${PEER_ENDPOINTS}; do
  PEER_ARGS+=(--peerAddresses "${endpoint}" --tlsRootCertFiles "${cas[${index}]}")
  index=$((index + 1))
done
# --peerAddresses dials localhost:<port>: every peer's TLS certificate names localhost (crypto-config.yaml SANS).
log "committing ${CC_NAME} sequence ${CC_SEQUENCE}"
peer_as_admin "${PEER_MSPIDS%% *}" lifecycle chaincode checkcommitreadiness "${DEFINITION[@]}" --output json >"$(log_file readiness)" 2>&1 || true
peer_as_admin "${PEER_MSPIDS%% *}" lifecycle chaincode commit "${ORDERER_ARGS[@]}" "${DEFINITION[@]}" "${PEER_ARGS[@]}" \
  --waitForEvent 2>"$(log_file commit)" || die "commit failed; see $(log_file commit) and $(log_file readiness)"

for msp_id in ${PEER_MSPIDS}; do
  for ((i = 0; i < 120; i++)); do
    [[ "$(committed_sequence "${msp_id}")" == "${CC_SEQUENCE}" ]] && break
    sleep 0.25
  done
  [[ "$(committed_sequence "${msp_id}")" == "${CC_SEQUENCE}" ]] || die "${msp_id} peer does not report sequence ${CC_SEQUENCE} after 30 s"
done
log "${CC_NAME} ${CC_VERSION} (sequence ${CC_SEQUENCE}) committed on ${CHANNEL_NAME}; chaincode server ${CC_SERVER_ADDRESS}"
