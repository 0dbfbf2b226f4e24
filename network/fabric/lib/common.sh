# shellcheck shell=bash
# Shared by the network/fabric scripts (sourced, not run). Every script first calls
# require_binaries for the Fabric binaries it uses, so a missing one is reported before anything starts.

FABRIC_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${FABRIC_SCRIPTS_DIR}/../.." && pwd)"
# The run directory: generated config, crypto, ledgers, logs and pids of one network.
FABRIC_RUN_DIR="$(mkdir -p "${FABRIC_RUN_DIR:-${REPO_ROOT}/.fabric}" && cd "${FABRIC_RUN_DIR:-${REPO_ROOT}/.fabric}" && pwd)"
export FABRIC_RUN_DIR
# Every node and every peer CLI call runs in config/ with FABRIC_CFG_PATH=config/ (see run-layout.ts).
CONFIG_DIR="${FABRIC_RUN_DIR}/config"

log() { printf '[fabric] %s\n' "$*" >&2; }
die() { printf '[fabric] error: %s\n' "$*" >&2; exit 1; }

# require_binaries peer orderer ...: fails with one message naming every missing binary.
require_binaries() {
  local missing=()
  local binary
  for binary in "$@"; do
    command -v "${binary}" >/dev/null 2>&1 || missing+=("${binary}")
  done
  if ((${#missing[@]} > 0)); then
    die "missing on PATH: ${missing[*]}. These scripts need the Hyperledger Fabric 2.5 binaries (peer, orderer, osnadmin, configtxgen, cryptogen); download a 2.5 release from https://github.com/hyperledger/fabric/releases (hyperledger-fabric-linux-amd64-2.5.x.tar.gz) and add its bin/ directory to PATH. See network/README.md."
  fi
}

# The `mobility-network fabric` CLI: the built one when it has the fabric command, else the TypeScript source through tsx.
mobility_cli() {
  if [[ -n "${MOBILITY_FABRIC_CLI:-}" ]]; then
    # A command line, run from the repository root (e.g. "npx tsx network/src/cli/main.ts").
    # shellcheck disable=SC2086
    (cd "${REPO_ROOT}" && ${MOBILITY_FABRIC_CLI} "$@")
  elif [[ -f "${REPO_ROOT}/network/dist/cli/fabric-command.js" ]]; then
    node "${REPO_ROOT}/network/dist/cli/main.js" "$@"
  else
    (cd "${REPO_ROOT}" && npx --no-install tsx network/src/cli/main.ts "$@")
  fi
}

# Loads network.env (names, endpoints, orderer TLS files) written by `fabric generate`.
load_network_env() {
  [[ -f "${FABRIC_RUN_DIR}/network.env" ]] || die "${FABRIC_RUN_DIR}/network.env not found: run network/fabric/generate.sh first"
  set -a
  # shellcheck disable=SC1091
  . "${FABRIC_RUN_DIR}/network.env"
  set +a
}

# Fails unless the env file exists (generate.sh writes them).
require_env_file() {
  [[ -f "$1" ]] || die "$1 not found: run network/fabric/generate.sh first"
}

# For a subshell: moves to config/ and exports the env file's variables (paths in it are relative to config/).
enter_env_file() {
  cd "${CONFIG_DIR}" || exit 1
  export FABRIC_CFG_PATH="${CONFIG_DIR}"
  set -a
  # shellcheck disable=SC1090
  . "$1"
  set +a
}

# Runs a command in config/ with the env file's variables added.
with_env_file() {
  local env_file="$1"
  shift
  require_env_file "${env_file}"
  (
    enter_env_file "${env_file}"
    "$@"
  )
}

# peer CLI as the org admin of the given MSP ID (channel join, lifecycle).
peer_as_admin() {
  local msp_id="$1"
  shift
  with_env_file "$(admin_env_file "${msp_id}")" peer "$@"
}

admin_env_file() {
  local msp_id="$1" index
  local msp_ids domains
  read -r -a msp_ids <<<"${PEER_MSPIDS}"
  read -r -a domains <<<"${PEER_DOMAINS}"
  for index in "${!msp_ids[@]}"; do
    if [[ "${msp_ids[${index}]}" == "${msp_id}" ]]; then
      echo "${FABRIC_RUN_DIR}/env/Admin@${domains[${index}]}.env"
      return
    fi
  done
  die "no peer org ${msp_id} in network.env"
}

pid_file() { echo "${FABRIC_RUN_DIR}/pids/$1.pid"; }
log_file() { echo "${FABRIC_RUN_DIR}/logs/$1.log"; }

# True when the pid file names a live process.
is_running() {
  local file
  file="$(pid_file "$1")"
  [[ -f "${file}" ]] && kill -0 "$(cat "${file}")" 2>/dev/null
}

# wait_for_http URL SECONDS: polls until the URL answers 200.
wait_for_http() {
  local url="$1" seconds="$2" i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -fsS -o /dev/null "${url}" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  return 1
}

# wait_for_port HOST PORT SECONDS: polls until a TCP connection succeeds.
wait_for_port() {
  local host="$1" port="$2" seconds="$3" i
  for ((i = 0; i < seconds * 4; i++)); do
    if (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  return 1
}

# start_node NAME ENV_FILE COMMAND...: starts a node in the background, detached from this shell
# (its own session), logging to logs/NAME.log, its PID in pids/NAME.pid.
start_node() {
  local name="$1" env_file="$2"
  shift 2
  if is_running "${name}"; then
    log "${name} already running (pid $(cat "$(pid_file "${name}")"))"
    return
  fi
  mkdir -p "${FABRIC_RUN_DIR}/logs" "${FABRIC_RUN_DIR}/pids" "${FABRIC_RUN_DIR}/data/${name}"
  require_env_file "${env_file}"
  (
    enter_env_file "${env_file}"
    # exec keeps the PID: the pid file names the node itself.
    exec setsid "$@" >"$(log_file "${name}")" 2>&1 </dev/null
  ) &
  echo $! >"$(pid_file "${name}")"
  log "started ${name} (pid $!), log ${FABRIC_RUN_DIR}/logs/${name}.log"
}

# Fails when another process already listens on one of the network's ports.
check_ports_free() {
  local port busy=()
  for port in ${LISTEN_PORTS}; do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then busy+=("${port}"); fi
  done
  ((${#busy[@]} == 0)) || die "ports already in use: ${busy[*]}; stop what listens there or generate with another --port-offset"
}

# stop_node NAME EXPECTED: SIGTERM to the PID in pids/NAME.pid if that process still runs
# EXPECTED (a word of its command line), SIGKILL after 15 s, then SIGTERM to what remains of its
# process group; removes the pid file.
stop_node() {
  local name="$1" expected="$2" file pid i
  file="$(pid_file "${name}")"
  [[ -f "${file}" ]] || return 0
  pid="$(cat "${file}")"
  if kill -0 "${pid}" 2>/dev/null && tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q -- "${expected}"; then
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log "${name} (pid ${pid}) ignored SIGTERM; sending SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    # start_node made the node a process group leader (setsid): end what it left behind in its
    # group, e.g. chaincode processes a peer launched.
    kill -TERM -- "-${pid}" 2>/dev/null || true
    log "stopped ${name} (pid ${pid})"
  fi
  rm -f "${file}"
}
