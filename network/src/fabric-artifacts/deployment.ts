import { consortium, withPortOffset, type ConsortiumDefinition, type PeerOrgDefinition } from '../consortium/consortium';
import { FabricArtifactsError } from './errors';

/**
 * How the consortium is laid out as real Fabric 2.5 processes. consortium.ts holds the facts shared
 * with the embedded network (orgs, peer/orderer/admin/operations ports, channel, chaincode); the
 * facts only a real deployment needs live here, derived from it:
 *   - each peer's chaincode listener is its peer port + 1 (as in Fabric's test network: 7051/7052);
 *   - the Raft cluster service shares the orderer's client listener (no separate cluster port);
 *   - the chaincode-as-a-service server listens on 9999 (+ offset), like fabric-samples' CCaaS examples.
 *
 * 'native' runs every node as a process on this machine, listening on loopback only and reached as
 * localhost:<port>. 'compose' runs them as containers on a Docker network, reached by node name
 * (peer0.oem.mobility.example:7051) and published to the host on 127.0.0.1 with the same port.
 */

export type FabricTarget = 'native' | 'compose';
/**
 * 'service': the peers dial the chaincode server (`fabric-chaincode-node server`, a ccaas package).
 * 'peer': each peer launches the chaincode itself (`fabric-chaincode-node start`, a node package run
 * by the repository's node external builder), native target only.
 */
export type ChaincodeLaunch = 'service' | 'peer';

export const CHAINCODE_SERVER_PORT = 9999;
/** Host names cryptogen gives the nodes (Specs Hostname, Template Count 1): orderer.<domain>, peer0.<domain>. */
export const ORDERER_HOSTNAME = 'orderer';
export const PEER_HOSTNAME = 'peer0';
export const CHAINCODE_LISTEN_PORT_STEP = 1;
/** configtx.yaml profile that creates the application channel. */
export const CHANNEL_PROFILE = 'MobilityChannel';
/** Compose service (and host name) of the chaincode-as-a-service container. */
export const COMPOSE_CHAINCODE_HOST = 'chaincode.mobility.example';

export interface FabricDeploymentOptions {
  readonly target?: FabricTarget;
  readonly portOffset?: number;
  /** Orderer BatchTimeout written to the channel's genesis block; the consortium's when omitted. */
  readonly batchTimeoutMs?: number;
  /** Whether peers reach the chaincode server over TLS (connection.json tls_required). */
  readonly chaincodeTls?: boolean;
  readonly chaincodeLaunch?: ChaincodeLaunch;
  readonly definition?: ConsortiumDefinition;
}

export interface PeerNode {
  readonly kind: 'peer';
  readonly org: PeerOrgDefinition;
  /** peer0.<domain>: the node's name, TLS host name, crypto directory and compose service. */
  readonly name: string;
  /** host:port that other nodes and clients dial (gossip external endpoint, anchor peer). */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** Interface the node binds: 127.0.0.1 natively, 0.0.0.0 inside a container. */
  readonly bindHost: string;
  readonly chaincodePort: number;
  readonly operationsPort: number;
}

export interface OrdererNode {
  readonly kind: 'orderer';
  readonly mspId: string;
  readonly domain: string;
  /** orderer.<domain>. */
  readonly name: string;
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly bindHost: string;
  readonly adminPort: number;
  readonly operationsPort: number;
}

export interface ChaincodeServer {
  /** Where peers dial the chaincode (connection.json address). */
  readonly address: string;
  /** Where the chaincode server listens (CHAINCODE_SERVER_ADDRESS). */
  readonly listenAddress: string;
  readonly port: number;
  readonly tls: boolean;
  readonly launch: ChaincodeLaunch;
}

export interface FabricDeployment {
  readonly target: FabricTarget;
  readonly portOffset: number;
  /** The consortium with the port offset applied. */
  readonly definition: ConsortiumDefinition;
  readonly batchTimeoutMs: number;
  readonly peers: readonly PeerNode[];
  readonly orderer: OrdererNode;
  readonly chaincodeServer: ChaincodeServer;
  /** Package label: <name>_<version>, as `peer lifecycle chaincode package --label` takes it. */
  readonly chaincodeLabel: string;
}

export function fabricDeployment(options: FabricDeploymentOptions = {}): FabricDeployment {
  const target = options.target ?? 'native';
  const portOffset = options.portOffset ?? 0;
  if (!Number.isSafeInteger(portOffset) || portOffset < 0) {
    throw new FabricArtifactsError(`port offset must be a non-negative integer: ${portOffset}`);
  }
  const base = options.definition ?? consortium;
  const definition = withPortOffset(base, portOffset);
  const batchTimeoutMs = options.batchTimeoutMs ?? definition.batch.batchTimeoutMs;
  if (!Number.isSafeInteger(batchTimeoutMs) || batchTimeoutMs <= 0) {
    throw new FabricArtifactsError(`batch timeout must be a positive number of milliseconds: ${batchTimeoutMs}`);
  }
  const native = target === 'native';
  const launch = options.chaincodeLaunch ?? 'service';
  if (launch === 'peer' && !native) throw new FabricArtifactsError('peer-launched chaincode needs the native target (its builder runs node on the peer host)');
  if (launch === 'peer' && options.chaincodeTls) throw new FabricArtifactsError('--chaincode-tls applies to the chaincode server; a peer-launched chaincode dials its peer over the peer TLS');
  const bindHost = native ? '127.0.0.1' : '0.0.0.0';
  const peers = definition.peerOrgs.map((org): PeerNode => {
    const name = `${PEER_HOSTNAME}.${org.domain}`;
    const host = native ? org.peerHost : name;
    return {
      kind: 'peer',
      org,
      name,
      host,
      port: org.peerPort,
      endpoint: `${host}:${org.peerPort}`,
      bindHost,
      chaincodePort: org.peerPort + CHAINCODE_LISTEN_PORT_STEP,
      operationsPort: org.operationsPort,
    };
  });
  const ordererOrg = definition.ordererOrg;
  const ordererName = `${ORDERER_HOSTNAME}.${ordererOrg.domain}`;
  const ordererHost = native ? ordererOrg.ordererHost : ordererName;
  const ccPort = CHAINCODE_SERVER_PORT + portOffset;
  const ccHost = native ? 'localhost' : COMPOSE_CHAINCODE_HOST;
  const deployment: FabricDeployment = {
    target,
    portOffset,
    definition,
    batchTimeoutMs,
    peers,
    orderer: {
      kind: 'orderer',
      mspId: ordererOrg.mspId,
      domain: ordererOrg.domain,
      name: ordererName,
      host: ordererHost,
      port: ordererOrg.ordererPort,
      endpoint: `${ordererHost}:${ordererOrg.ordererPort}`,
      bindHost,
      adminPort: ordererOrg.adminPort,
      operationsPort: ordererOrg.operationsPort,
    },
    chaincodeServer: {
      address: `${ccHost}:${ccPort}`,
      listenAddress: `${bindHost}:${ccPort}`,
      port: ccPort,
      tls: options.chaincodeTls ?? false,
      launch,
    },
    chaincodeLabel: `${definition.chaincode.name}_${definition.chaincode.version}`,
  };
  const highest = Math.max(...listeningPorts(deployment));
  if (highest > 65535) throw new FabricArtifactsError(`port offset ${portOffset} puts port ${highest} above 65535`);
  return deployment;
}

/** Every TCP port the deployment listens on, to check for clashes before starting. */
export function listeningPorts(deployment: FabricDeployment): number[] {
  return [
    ...deployment.peers.flatMap((peer) => [peer.port, peer.chaincodePort, peer.operationsPort]),
    deployment.orderer.port,
    deployment.orderer.adminPort,
    deployment.orderer.operationsPort,
    deployment.chaincodeServer.port,
  ];
}
