import type { common } from '@hyperledger/fabric-protos';
import type { CollectionDefinition } from '../consortium/consortium';
import type { Endorser } from '../endorser/endorser';
import type { OrgSetPolicy } from './endorsement-plan';

/** A peer the gateway can send proposals to (in process: every org's peer in the embedded network). */
export interface GatewayPeer {
  readonly mspId: string;
  /** Host:port as clients see it; reported in ErrorDetail.address. */
  readonly address: string;
  readonly endorser: Endorser;
}

export interface BroadcastResult {
  /** common.Status value: 200 SUCCESS, 400 BAD_REQUEST, 403 FORBIDDEN, 413 REQUEST_ENTITY_TOO_LARGE, 503 SERVICE_UNAVAILABLE. */
  readonly status: number;
  readonly info: string;
}

export interface OrderingService {
  readonly address: string;
  broadcast(envelope: common.Envelope): Promise<BroadcastResult>;
}

export interface TransactionStatus {
  readonly code: number;
  readonly blockNumber: number;
}

/** Committed-transaction lookups and waits, fed by the committer. */
export interface CommitStatusSource {
  /** Resolves once the transaction is committed (valid or not), or rejects when the signal aborts. */
  waitForStatus(txId: string, signal: AbortSignal): Promise<TransactionStatus>;
}

export interface CommittedBlock {
  readonly block: common.Block;
  /** One peer.TxValidationCode per transaction, from the TRANSACTIONS_FILTER metadata. */
  readonly validationCodes: Uint8Array;
}

/** Blocks of the channel in order, waiting for blocks not yet committed. */
export interface BlockSource {
  height(): number;
  blockNumberOfTransaction(txId: string): Promise<number | undefined>;
  blocksFrom(startBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock>;
}

/** Policy checks the gateway needs, backed by the channel config and the ledger's key-level policies. */
export interface GatewayPolicies {
  /** Policies a transaction with these simulation results is validated against. */
  endorsementPoliciesFor(results: Uint8Array): Promise<OrgSetPolicy[]>;
  /** Throws with Fabric's ACL message when the signed request's identity is not a channel writer/reader. */
  checkSignedRequest(policy: 'Readers' | 'Writers', identity: Uint8Array, data: Uint8Array, signature: Uint8Array): void;
}

export interface GatewayContext {
  readonly localMspId: string;
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly peers: readonly GatewayPeer[];
  readonly orderer: OrderingService;
  readonly commits: CommitStatusSource;
  readonly blocks: BlockSource;
  readonly policies: GatewayPolicies;
  readonly endorsementTimeoutMs: number;
  /**
   * The chaincode's private data collections, for transient-data protection; the consortium's
   * collections when absent.
   */
  readonly collections?: readonly CollectionDefinition[];
}

/** Peers in the order the gateway tries them: its own org first. */
export function peersLocalFirst(context: GatewayContext, orgs?: readonly string[]): GatewayPeer[] {
  const selected = context.peers.filter((candidate) => !orgs || orgs.includes(candidate.mspId));
  return [...selected.filter((p) => p.mspId === context.localMspId), ...selected.filter((p) => p.mspId !== context.localMspId)];
}
