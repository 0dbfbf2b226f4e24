#!/usr/bin/env bash
# Starts the network of the run directory as native processes listening on loopback (or, for a
# run directory generated with --target compose, as containers with docker compose): the Raft
# orderer, then one peer per org; joins the orderer to the channel through the channel
# participation API (osnadmin) and each peer with `peer channel join`, then waits until every
# peer holds the genesis block and knows the other orgs' peers through gossip.
# Run network/fabric/generate.sh first; network/fabric/deploy.sh deploys the chaincode afterwards.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

load_network_env
GENESIS_BLOCK="${FABRIC_RUN_DIR}/channel-artifacts/${CHANNEL_NAME}.block"
[[ -f "${GENESIS_BLOCK}" ]] || die "${GENESIS_BLOCK} not found: run network/fabric/generate.sh first"
read -r -a NODES <<<"${PEER_NODES}"

if [[ "${FABRIC_TARGET_KIND}" == "compose" ]]; then
  # The same topology in containers (docker-compose.yaml of the run directory); joins and
  # lifecycle still use the peer and osnadmin binaries on the host, against the published ports.
  require_binaries docker peer osnadmin curl
  (cd "${FABRIC_RUN_DIR}" && docker compose up -d "${ORDERER_NODE}" "${NODES[@]}") || die "docker compose up failed"
else
  require_binaries orderer peer osnadmin curl setsid
  ANY_RUNNING=false
  for node in "${ORDERER_NODE}" "${NODES[@]}"; do is_running "${node}" && ANY_RUNNING=true; done
  [[ "${ANY_RUNNING}" == true ]] || check_ports_free
  start_node "${ORDERER_NODE}" "${FABRIC_RUN_DIR}/env/${ORDERER_NODE}.env" orderer
fi
wait_for_http "http://${ORDERER_OPERATIONS_ENDPOINT}/healthz" 60 || die "orderer not healthy after 60 s; see $(log_file "${ORDERER_NODE}") (or docker compose logs)"

if [[ "${FABRIC_TARGET_KIND}" == "native" ]]; then
  # External builders, tried in order: chaincode as a service (Fabric's ccaas_builder when
  # FABRIC_CCAAS_BUILDER names it, else the repository's), then peer-launched Node.js chaincode.
  CCAAS_BUILDER="${FABRIC_CCAAS_BUILDER:-${FABRIC_SCRIPTS_DIR}/builders/ccaas}"
  NODE_BUILDER="${FABRIC_SCRIPTS_DIR}/builders/node"
  for builder in "${CCAAS_BUILDER}" "${NODE_BUILDER}"; do
    [[ -x "${builder}/bin/detect" && -x "${builder}/bin/build" && -x "${builder}/bin/release" ]] ||
      die "${builder}/bin must hold executable detect, build and release (a Fabric external builder)"
  done
  EXTERNAL_BUILDERS="[{name: ccaas, path: ${CCAAS_BUILDER}, propagateEnvironment: [CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG]},"
  EXTERNAL_BUILDERS+=" {name: mobility-node, path: ${NODE_BUILDER}, propagateEnvironment: [MOBILITY_CHAINCODE_NODE_MODULES, HOME]}]"
  for node in "${NODES[@]}"; do
    start_node "${node}" "${FABRIC_RUN_DIR}/env/${node}.env" env "CORE_CHAINCODE_EXTERNALBUILDERS=${EXTERNAL_BUILDERS}" \
      "MOBILITY_CHAINCODE_NODE_MODULES=${MOBILITY_CHAINCODE_NODE_MODULES:-${REPO_ROOT}/node_modules}" peer node start
  done
fi
for endpoint in ${PEER_OPERATIONS_ENDPOINTS}; do
  wait_for_http "http://${endpoint}/healthz" 60 || die "peer with operations endpoint ${endpoint} not healthy after 60 s; see ${FABRIC_RUN_DIR}/logs/"
done

osnadmin_call() {
  (cd "${CONFIG_DIR}" && osnadmin channel "$@" -o "${ORDERER_ADMIN_ENDPOINT}" --ca-file "${ORDERER_TLS_CA}" \
    --client-cert "${ORDERER_ADMIN_CLIENT_CERT}" --client-key "${ORDERER_ADMIN_CLIENT_KEY}")
}
# osnadmin exits 0 whatever the HTTP status; its first line says "Status: <code>".
if osnadmin_call list --channelID "${CHANNEL_NAME}" 2>&1 | grep -q '^Status: 200'; then
  log "orderer already serves channel ${CHANNEL_NAME}"
else
  log "joining the orderer to channel ${CHANNEL_NAME}"
  joined="$(osnadmin_call join --channelID "${CHANNEL_NAME}" --config-block "${GENESIS_BLOCK}" 2>&1)" || true
  grep -q '^Status: 201' <<<"${joined}" || die "osnadmin channel join failed: ${joined}"
fi

for msp_id in ${PEER_MSPIDS}; do
  if peer_as_admin "${msp_id}" channel list 2>/dev/null | grep -qx "${CHANNEL_NAME}"; then
    log "${msp_id} peer already joined ${CHANNEL_NAME}"
  else
    log "joining the ${msp_id} peer to ${CHANNEL_NAME}"
    peer_as_admin "${msp_id}" channel join -b "${GENESIS_BLOCK}" 2>"$(log_file "join-${msp_id}")" ||
      die "peer channel join failed for ${msp_id}; see $(log_file "join-${msp_id}")"
  fi
done

# Gateways endorse on other orgs' peers only once gossip (anchor peers) made them known.
OTHERS=$((${#NODES[@]} - 1))
for endpoint in ${PEER_OPERATIONS_ENDPOINTS}; do
  known=0
  for ((i = 0; i < 240; i++)); do
    known="$(curl -fsS "http://${endpoint}/metrics" 2>/dev/null |
      sed -n "s/^gossip_membership_total_peers_known{channel=\"${CHANNEL_NAME}\"} \([0-9]*\).*/\1/p")"
    [[ -n "${known}" && "${known}" -ge "${OTHERS}" ]] && break
    sleep 0.25
  done
  [[ -n "${known}" && "${known}" -ge "${OTHERS}" ]] || die "peer with operations endpoint ${endpoint} knows ${known:-no} other peers after 60 s (expected ${OTHERS}); see ${FABRIC_RUN_DIR}/logs/"
done
log "network up: orderer ${ORDERER_ENDPOINT}, peers ${PEER_ENDPOINTS}, channel ${CHANNEL_NAME}"
