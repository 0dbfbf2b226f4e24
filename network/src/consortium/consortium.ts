/**
 * The one source of truth for the Mobility Ledger consortium. The embedded network, the
 * real-Fabric artefacts (configtx.yaml, cryptogen config, collections) and the connection
 * profiles are all generated from this definition, so they cannot drift apart.
 */

export type OrgRole = 'automaker' | 'operator' | 'auditor';

export interface PeerOrgDefinition {
  readonly mspId: string;
  /** Short name used in file paths and host names, as Fabric's test network does (org1, org2). */
  readonly name: string;
  readonly domain: string;
  readonly role: OrgRole;
  readonly peerHost: string;
  /** Port of the peer's gRPC endpoint (gateway, deliver, endorser). */
  readonly peerPort: number;
  /** Port of the peer's operations service (/healthz, /metrics). */
  readonly operationsPort: number;
}

export interface OrdererOrgDefinition {
  readonly mspId: string;
  readonly name: string;
  readonly domain: string;
  readonly ordererHost: string;
  readonly ordererPort: number;
  readonly adminPort: number;
  readonly operationsPort: number;
}

export interface CollectionDefinition {
  readonly name: string;
  /** Signature policy over member orgs, in Fabric policy syntax. */
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  /** Blocks after which private data is purged; 0 keeps it forever. */
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export interface ChaincodeDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  /** Chaincode-level endorsement policy: Fabric signature policy syntax or an implicit meta policy reference. */
  readonly endorsementPolicy: string;
  readonly collections: readonly CollectionDefinition[];
}

export interface BatchDefinition {
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
  readonly batchTimeoutMs: number;
}

export interface ConsortiumDefinition {
  readonly channelName: string;
  readonly peerOrgs: readonly PeerOrgDefinition[];
  readonly ordererOrg: OrdererOrgDefinition;
  readonly chaincode: ChaincodeDefinition;
  readonly batch: BatchDefinition;
}

export const consortium: ConsortiumDefinition = {
  channelName: 'mobility',
  peerOrgs: [
    {
      mspId: 'OemMSP',
      name: 'oem',
      domain: 'oem.mobility.example',
      role: 'automaker',
      peerHost: 'localhost',
      peerPort: 7051,
      operationsPort: 9443,
    },
    {
      mspId: 'MobilityMSP',
      name: 'mobility',
      domain: 'mobility.mobility.example',
      role: 'operator',
      peerHost: 'localhost',
      peerPort: 9051,
      operationsPort: 9444,
    },
    {
      mspId: 'AuditMSP',
      name: 'audit',
      domain: 'audit.mobility.example',
      role: 'auditor',
      peerHost: 'localhost',
      peerPort: 11051,
      operationsPort: 9445,
    },
  ],
  ordererOrg: {
    mspId: 'OrdererMSP',
    name: 'orderer',
    domain: 'orderer.mobility.example',
    ordererHost: 'localhost',
    ordererPort: 7050,
    adminPort: 7053,
    operationsPort: 9446,
  },
  chaincode: {
    name: 'mobility',
    version: '0.1.0',
    sequence: 1,
    endorsementPolicy: '/Channel/Application/Endorsement',
    collections: [
      {
        name: 'oemPrivate',
        policy: "OR('OemMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 1,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: false,
      },
      {
        name: 'operatorPrivate',
        policy: "OR('MobilityMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 1,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: false,
      },
    ],
  },
  // Fabric's defaults in configtx.yaml (sampleconfig): 2s timeout, 500 messages, 10 MB / 2 MB.
  batch: {
    maxMessageCount: 500,
    absoluteMaxBytes: 10 * 1024 * 1024,
    preferredMaxBytes: 2 * 1024 * 1024,
    batchTimeoutMs: 2000,
  },
};

export function peerOrgByMspId(mspId: string, definition: ConsortiumDefinition = consortium): PeerOrgDefinition {
  const org = definition.peerOrgs.find((candidate) => candidate.mspId === mspId);
  if (!org) {
    throw new Error(`unknown peer org MSP ID: ${mspId}`);
  }
  return org;
}

/** The same consortium on shifted ports, so several networks (tests, a demo) can run side by side. */
export function withPortOffset(definition: ConsortiumDefinition, offset: number): ConsortiumDefinition {
  if (offset === 0) return definition;
  return {
    ...definition,
    peerOrgs: definition.peerOrgs.map((org) => ({ ...org, peerPort: org.peerPort + offset, operationsPort: org.operationsPort + offset })),
    ordererOrg: {
      ...definition.ordererOrg,
      ordererPort: definition.ordererOrg.ordererPort + offset,
      adminPort: definition.ordererOrg.adminPort + offset,
      operationsPort: definition.ordererOrg.operationsPort + offset,
    },
  };
}
