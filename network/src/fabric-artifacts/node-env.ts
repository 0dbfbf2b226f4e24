import { CHANNEL_PROFILE, listeningPorts, type FabricDeployment, type OrdererNode, type PeerNode } from './deployment';
import { adminMspDir, fromConfigDir, nodeDataDir, ordererNodeDir, ordererOrgDir, peerNodeDir, peerOrgDir } from './run-layout';
import { GENERATED_NOTICE } from './yaml-output';

/**
 * Per-node environment: the CORE_* / ORDERER_* variables that turn the shared core.yaml /
 * orderer.yaml into one particular node, as Fabric's test network sets them in its compose files.
 * Paths are relative to config/ (see run-layout.ts). Written as KEY=value lines that both bash
 * (`set -a; . file`) and docker compose (`env_file:`) read.
 */

export type EnvEntries = readonly (readonly [string, string])[];

/** The external builder of Fabric's peer images (fabric-peer:2.5 ships it at this path). */
export const IMAGE_CCAAS_BUILDER = '/opt/hyperledger/ccaas_builder';

export function externalBuildersValue(builderPath: string): string {
  return `[{name: ccaas, path: ${builderPath}, propagateEnvironment: [CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG]}]`;
}

function tlsFile(nodeDir: string, file: string): string {
  return fromConfigDir(`${nodeDir}/tls/${file}`);
}

export function peerEnvironment(deployment: FabricDeployment, peer: PeerNode): EnvEntries {
  const nodeDir = peerNodeDir(peer);
  const entries: [string, string][] = [
    ['CORE_PEER_ID', peer.name],
    ['CORE_PEER_LOCALMSPID', peer.org.mspId],
    ['CORE_PEER_MSPCONFIGPATH', fromConfigDir(`${nodeDir}/msp`)],
    ['CORE_PEER_LISTENADDRESS', `${peer.bindHost}:${peer.port}`],
    ['CORE_PEER_ADDRESS', peer.endpoint],
    ['CORE_PEER_CHAINCODELISTENADDRESS', `${peer.bindHost}:${peer.chaincodePort}`],
    ['CORE_PEER_CHAINCODEADDRESS', `${peer.host}:${peer.chaincodePort}`],
    ['CORE_PEER_GOSSIP_BOOTSTRAP', peer.endpoint],
    ['CORE_PEER_GOSSIP_EXTERNALENDPOINT', peer.endpoint],
    ['CORE_PEER_TLS_ENABLED', 'true'],
    ['CORE_PEER_TLS_CERT_FILE', tlsFile(nodeDir, 'server.crt')],
    ['CORE_PEER_TLS_KEY_FILE', tlsFile(nodeDir, 'server.key')],
    ['CORE_PEER_TLS_ROOTCERT_FILE', tlsFile(nodeDir, 'ca.crt')],
    ['CORE_PEER_FILESYSTEMPATH', fromConfigDir(nodeDataDir(peer.name))],
    ['CORE_OPERATIONS_LISTENADDRESS', `${peer.bindHost}:${peer.operationsPort}`],
  ];
  // Natively the start script names the builder (repository copy or Fabric's ccaas_builder); the
  // peer image has Fabric's at a fixed path.
  if (deployment.target === 'compose') entries.push(['CORE_CHAINCODE_EXTERNALBUILDERS', externalBuildersValue(IMAGE_CCAAS_BUILDER)]);
  return entries;
}

export function ordererEnvironment(_deployment: FabricDeployment, orderer: OrdererNode): EnvEntries {
  const nodeDir = ordererNodeDir(orderer);
  const dataDir = fromConfigDir(nodeDataDir(orderer.name));
  const cert = tlsFile(nodeDir, 'server.crt');
  const key = tlsFile(nodeDir, 'server.key');
  const ca = `[${tlsFile(nodeDir, 'ca.crt')}]`;
  return [
    ['ORDERER_GENERAL_LISTENADDRESS', orderer.bindHost],
    ['ORDERER_GENERAL_LISTENPORT', String(orderer.port)],
    ['ORDERER_GENERAL_LOCALMSPID', orderer.mspId],
    ['ORDERER_GENERAL_LOCALMSPDIR', fromConfigDir(`${nodeDir}/msp`)],
    ['ORDERER_GENERAL_BOOTSTRAPMETHOD', 'none'],
    ['ORDERER_GENERAL_TLS_ENABLED', 'true'],
    ['ORDERER_GENERAL_TLS_CERTIFICATE', cert],
    ['ORDERER_GENERAL_TLS_PRIVATEKEY', key],
    ['ORDERER_GENERAL_TLS_ROOTCAS', ca],
    // The Raft cluster service shares the client listener; the node's TLS pair is its cluster identity.
    ['ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE', cert],
    ['ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY', key],
    ['ORDERER_GENERAL_CLUSTER_ROOTCAS', ca],
    ['ORDERER_CHANNELPARTICIPATION_ENABLED', 'true'],
    ['ORDERER_ADMIN_LISTENADDRESS', `${orderer.bindHost}:${orderer.adminPort}`],
    ['ORDERER_ADMIN_TLS_ENABLED', 'true'],
    ['ORDERER_ADMIN_TLS_CERTIFICATE', cert],
    ['ORDERER_ADMIN_TLS_PRIVATEKEY', key],
    ['ORDERER_ADMIN_TLS_ROOTCAS', ca],
    ['ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED', 'true'],
    ['ORDERER_ADMIN_TLS_CLIENTROOTCAS', ca],
    ['ORDERER_OPERATIONS_LISTENADDRESS', `${orderer.bindHost}:${orderer.operationsPort}`],
    ['ORDERER_FILELEDGER_LOCATION', dataDir],
    ['ORDERER_CONSENSUS_WALDIR', `${dataDir}/etcdraft/wal`],
    ['ORDERER_CONSENSUS_SNAPDIR', `${dataDir}/etcdraft/snapshot`],
  ];
}

/**
 * The peer CLI acting as an org's admin against the org's peer (channel join, chaincode lifecycle).
 * It dials localhost, which every node's TLS certificate names (crypto-config.yaml SANS), because a
 * host name override would apply to every peer the CLI dials (commit dials all three).
 */
export function adminEnvironment(_deployment: FabricDeployment, peer: PeerNode): EnvEntries {
  const orgDir = peerOrgDir(peer.org.domain);
  return [
    ['CORE_PEER_LOCALMSPID', peer.org.mspId],
    ['CORE_PEER_MSPCONFIGPATH', fromConfigDir(adminMspDir(orgDir, peer.org.domain))],
    ['CORE_PEER_ADDRESS', `localhost:${peer.port}`],
    ['CORE_PEER_TLS_ENABLED', 'true'],
    ['CORE_PEER_TLS_ROOTCERT_FILE', tlsFile(peerNodeDir(peer), 'ca.crt')],
  ];
}

/**
 * Facts the scripts need (network.env): names, endpoints seen from the host, and the files of the
 * orderer admin client, so no script repeats a port or a path.
 */
export function networkEnvironment(deployment: FabricDeployment): EnvEntries {
  const { definition, orderer } = deployment;
  const ordererDir = ordererNodeDir(orderer);
  const chaincode = definition.chaincode;
  const policyFlag = chaincode.endorsementPolicy.startsWith('/Channel/') ? '--channel-config-policy' : '--signature-policy';
  return [
    ['FABRIC_TARGET_KIND', deployment.target],
    ['CHANNEL_NAME', definition.channelName],
    ['CHANNEL_PROFILE', CHANNEL_PROFILE],
    ['CC_NAME', chaincode.name],
    ['CC_VERSION', chaincode.version],
    ['CC_SEQUENCE', String(chaincode.sequence)],
    ['CC_LABEL', deployment.chaincodeLabel],
    ['CC_POLICY_FLAG', policyFlag],
    ['CC_POLICY', chaincode.endorsementPolicy],
    ['CC_SERVER_ADDRESS', deployment.chaincodeServer.address],
    ['CC_SERVER_LISTEN_ADDRESS', deployment.chaincodeServer.listenAddress],
    ['CC_SERVER_TLS', String(deployment.chaincodeServer.tls)],
    ['CC_LAUNCH', deployment.chaincodeServer.launch],
    ['ORDERER_NODE', orderer.name],
    ['ORDERER_ENDPOINT', `localhost:${orderer.port}`],
    ['ORDERER_ADMIN_ENDPOINT', `localhost:${orderer.adminPort}`],
    ['ORDERER_OPERATIONS_ENDPOINT', `localhost:${orderer.operationsPort}`],
    ['ORDERER_TLS_HOST', orderer.name],
    ['ORDERER_TLS_CA', fromConfigDir(`${ordererOrgDir(orderer.domain)}/tlsca/tlsca.${orderer.domain}-cert.pem`)],
    ['ORDERER_ADMIN_CLIENT_CERT', tlsFile(ordererDir, 'server.crt')],
    ['ORDERER_ADMIN_CLIENT_KEY', tlsFile(ordererDir, 'server.key')],
    ['PEER_NODES', deployment.peers.map((peer) => peer.name).join(' ')],
    ['PEER_MSPIDS', deployment.peers.map((peer) => peer.org.mspId).join(' ')],
    ['PEER_DOMAINS', deployment.peers.map((peer) => peer.org.domain).join(' ')],
    ['PEER_OPERATIONS_ENDPOINTS', deployment.peers.map((peer) => `localhost:${peer.operationsPort}`).join(' ')],
    ['PEER_ENDPOINTS', deployment.peers.map((peer) => `localhost:${peer.port}`).join(' ')],
    ['LISTEN_PORTS', listeningPorts(deployment).join(' ')],
    ['PEER_TLS_CAS', deployment.peers.map((peer) => tlsFile(peerNodeDir(peer), 'ca.crt')).join(' ')],
  ];
}

const PLAIN_VALUE = /^[A-Za-z0-9_./:@,+=-]*$/;

/** A value as bash and docker compose both read it: bare when safe, else single-quoted. */
export function envValue(value: string): string {
  if (PLAIN_VALUE.test(value)) return value;
  if (value.includes("'")) throw new RangeError(`env value with a single quote cannot be written: ${value}`);
  return `'${value}'`;
}

export function envFile(description: string, entries: EnvEntries): string {
  const lines = entries.map(([key, value]) => `${key}=${envValue(value)}`);
  return `# ${GENERATED_NOTICE}\n# ${description}\n${lines.join('\n')}\n`;
}
