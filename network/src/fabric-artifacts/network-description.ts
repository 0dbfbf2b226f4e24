import type { FabricDeployment } from './deployment';
import { connectionProfilePath, ordererOrgDir, RUN_DIRS } from './run-layout';
import { generatedJson } from './yaml-output';

/**
 * network.json: what a client of the running network needs, with paths relative to the run
 * directory. The e2e test support reads it under FABRIC_TARGET=fabric (test/src/support/fabric-target.ts).
 */

export interface DescribedPeer {
  readonly mspId: string;
  readonly domain: string;
  readonly name: string;
  /** host:port clients dial from this machine. */
  readonly clientEndpoint: string;
  /** host:port the peer announces (gossip external endpoint); Fabric's gateway reports it in ErrorDetail.address. */
  readonly endpoint: string;
  readonly peerPort: number;
  readonly operationsPort: number;
  readonly connectionProfile: string;
}

export interface NetworkDescriptionFile {
  readonly target: FabricDeployment['target'];
  readonly portOffset: number;
  readonly channel: string;
  readonly chaincode: { readonly name: string; readonly version: string; readonly sequence: number; readonly label: string };
  readonly batchTimeoutMs: number;
  readonly organizationsDir: string;
  readonly peers: readonly DescribedPeer[];
  readonly orderer: {
    readonly mspId: string;
    readonly name: string;
    readonly clientEndpoint: string;
    readonly adminEndpoint: string;
    readonly operationsPort: number;
    readonly tlsCaCertificate: string;
  };
  readonly chaincodeServer: { readonly address: string; readonly tls: boolean; readonly launch: FabricDeployment['chaincodeServer']['launch'] };
}

export function networkDescription(deployment: FabricDeployment): NetworkDescriptionFile {
  const { definition, orderer } = deployment;
  return {
    target: deployment.target,
    portOffset: deployment.portOffset,
    channel: definition.channelName,
    chaincode: {
      name: definition.chaincode.name,
      version: definition.chaincode.version,
      sequence: definition.chaincode.sequence,
      label: deployment.chaincodeLabel,
    },
    batchTimeoutMs: deployment.batchTimeoutMs,
    organizationsDir: RUN_DIRS.organizations,
    peers: deployment.peers.map((peer) => ({
      mspId: peer.org.mspId,
      domain: peer.org.domain,
      name: peer.name,
      clientEndpoint: `localhost:${peer.port}`,
      endpoint: peer.endpoint,
      peerPort: peer.port,
      operationsPort: peer.operationsPort,
      connectionProfile: connectionProfilePath(peer.org.domain, peer.org.name, 'json'),
    })),
    orderer: {
      mspId: orderer.mspId,
      name: orderer.name,
      clientEndpoint: `localhost:${orderer.port}`,
      adminEndpoint: `localhost:${orderer.adminPort}`,
      operationsPort: orderer.operationsPort,
      tlsCaCertificate: `${ordererOrgDir(orderer.domain)}/tlsca/tlsca.${orderer.domain}-cert.pem`,
    },
    chaincodeServer: { address: deployment.chaincodeServer.address, tls: deployment.chaincodeServer.tls, launch: deployment.chaincodeServer.launch },
  };
}

export function networkDescriptionJson(deployment: FabricDeployment): string {
  return generatedJson(networkDescription(deployment));
}
