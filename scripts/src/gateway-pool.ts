import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { newNativeP256Signer } from './native-signer';

export const ORG_NAMES = ['oem', 'mobility', 'audit'] as const;
export type OrgName = (typeof ORG_NAMES)[number];

export const ORG_MSP_IDS: Readonly<Record<OrgName, string>> = { oem: 'OemMSP', mobility: 'MobilityMSP', audit: 'AuditMSP' };

export interface PeerEndpoint {
  readonly mspId: string;
  readonly domain: string;
  readonly peerPort: number;
}

/** One gRPC connection (its own HTTP/2 session) to an org's gateway peer, used as that org's User1. */
export interface GatewayConnection {
  readonly org: OrgName;
  readonly index: number;
  readonly contract: Contract;
  close(): void;
}

/**
 * Several gateway connections per org, each over its own HTTP/2 connection. grpc-js shares one
 * connection between clients of the same target unless each client has a local subchannel pool.
 */
export class GatewayPool {
  private readonly cursor: Record<OrgName, number> = { oem: 0, mobility: 0, audit: 0 };

  private constructor(readonly connections: Readonly<Record<OrgName, readonly GatewayConnection[]>>) {}

  static async open(dataDir: string, peers: readonly PeerEndpoint[], perOrg: number, channel = 'mobility', chaincode = 'mobility'): Promise<GatewayPool> {
    const connections = { oem: [], mobility: [], audit: [] } as Record<OrgName, GatewayConnection[]>;
    for (const org of ORG_NAMES) {
      const peer = peers.find((candidate) => candidate.mspId === ORG_MSP_IDS[org]);
      if (!peer) throw new Error(`the network reports no peer for ${ORG_MSP_IDS[org]}`);
      const credentials = await readUserCredentials(dataDir, peer);
      for (let index = 0; index < perOrg; index++) {
        connections[org].push(openConnection(org, index, peer, credentials, channel, chaincode));
      }
    }
    return new GatewayPool(connections);
  }

  /** Round-robin over the org's connections. */
  next(org: OrgName): GatewayConnection {
    const list = this.connections[org];
    const connection = list[this.cursor[org] % list.length];
    this.cursor[org] += 1;
    if (!connection) throw new Error(`no gateway connection for ${org}`);
    return connection;
  }

  first(org: OrgName): Contract {
    return this.next(org).contract;
  }

  close(): void {
    for (const org of ORG_NAMES) for (const connection of this.connections[org]) connection.close();
  }
}

interface UserCredentials {
  readonly certificate: Buffer;
  readonly keyPem: Buffer;
  readonly tlsRoot: Buffer;
}

/** User1's certificate and key and the peer's TLS root, from the test-network file layout. */
async function readUserCredentials(dataDir: string, peer: PeerEndpoint): Promise<UserCredentials> {
  const orgDir = path.join(dataDir, 'organizations', 'peerOrganizations', peer.domain);
  const userMsp = path.join(orgDir, 'users', `User1@${peer.domain}`, 'msp');
  const keyFiles = await fs.readdir(path.join(userMsp, 'keystore'));
  return {
    certificate: await fs.readFile(path.join(userMsp, 'signcerts', 'cert.pem')),
    keyPem: await fs.readFile(path.join(userMsp, 'keystore', keyFiles[0] ?? 'priv_sk')),
    tlsRoot: await fs.readFile(path.join(orgDir, 'peers', `peer0.${peer.domain}`, 'tls', 'ca.crt')),
  };
}

function openConnection(org: OrgName, index: number, peer: PeerEndpoint, credentials: UserCredentials, channel: string, chaincode: string): GatewayConnection {
  const client = new grpc.Client(`localhost:${peer.peerPort}`, grpc.credentials.createSsl(credentials.tlsRoot), {
    'grpc.ssl_target_name_override': `peer0.${peer.domain}`,
    'grpc.use_local_subchannel_pool': 1,
  });
  const gateway: Gateway = connect({
    client,
    identity: { mspId: peer.mspId, credentials: credentials.certificate },
    // Native signing (see native-signer.ts) gets the message itself, not a digest.
    signer: newNativeP256Signer(createPrivateKey(credentials.keyPem)),
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 30_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  const contract = gateway.getNetwork(channel).getContract(chaincode);
  return {
    org,
    index,
    contract,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
