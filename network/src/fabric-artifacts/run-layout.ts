import { posix } from 'node:path';
import type { OrdererNode, PeerNode } from './deployment';

/**
 * The directory layout of one real-Fabric network (the "run directory"), relative to its root:
 *
 *   config/             core.yaml, orderer.yaml, configtx.yaml, crypto-config.yaml, collections_config.json
 *   env/<node>.env      per-node environment (CORE_* / ORDERER_*), sourced by the start scripts
 *   organizations/      crypto material from cryptogen (test-network layout) and connection profiles
 *   channel-artifacts/  the channel's genesis block from configtxgen
 *   chaincode/          connection.json + metadata.json, the CCaaS package and its package ID
 *   data/<node>/        ledgers; logs/ and pids/ of the native processes
 *   network.json        what clients and tests need to reach the running network
 *
 * Every node runs with FABRIC_CFG_PATH = config/ and working directory config/, so paths in
 * config files and env files are written relative to config/ (Fabric resolves them against the
 * config file's directory) and the same files work wherever the run directory lives, on the
 * host or mounted into a container.
 */

export const RUN_DIRS = {
  config: 'config',
  env: 'env',
  organizations: 'organizations',
  channelArtifacts: 'channel-artifacts',
  chaincode: 'chaincode',
  data: 'data',
  logs: 'logs',
  pids: 'pids',
} as const;

export const RUN_FILES = {
  coreYaml: 'config/core.yaml',
  ordererYaml: 'config/orderer.yaml',
  configtx: 'config/configtx.yaml',
  cryptoConfig: 'config/crypto-config.yaml',
  collections: 'config/collections_config.json',
  description: 'network.json',
  compose: 'docker-compose.yaml',
  chaincodeConnection: 'chaincode/connection.json',
  chaincodeMetadata: 'chaincode/metadata.json',
} as const;

/** A run-directory path as seen from config/ (where every node runs). */
export function fromConfigDir(runRelativePath: string): string {
  return posix.join('..', runRelativePath);
}

export function peerOrgDir(domain: string): string {
  return posix.join(RUN_DIRS.organizations, 'peerOrganizations', domain);
}

export function ordererOrgDir(domain: string): string {
  return posix.join(RUN_DIRS.organizations, 'ordererOrganizations', domain);
}

export function peerNodeDir(peer: PeerNode): string {
  return posix.join(peerOrgDir(peer.org.domain), 'peers', peer.name);
}

export function ordererNodeDir(orderer: OrdererNode): string {
  return posix.join(ordererOrgDir(orderer.domain), 'orderers', orderer.name);
}

/** users/Admin@<domain>/msp, the identity the scripts use for channel joins and lifecycle commands. */
export function adminMspDir(orgDir: string, domain: string): string {
  return posix.join(orgDir, 'users', `Admin@${domain}`, 'msp');
}

export function genesisBlockPath(channelName: string): string {
  return posix.join(RUN_DIRS.channelArtifacts, `${channelName}.block`);
}

export function nodeDataDir(nodeName: string): string {
  return posix.join(RUN_DIRS.data, nodeName);
}

export function envFilePath(nodeName: string): string {
  return posix.join(RUN_DIRS.env, `${nodeName}.env`);
}

export function connectionProfilePath(domain: string, orgName: string, extension: 'json' | 'yaml'): string {
  return posix.join(peerOrgDir(domain), `connection-${orgName}.${extension}`);
}
