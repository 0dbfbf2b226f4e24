/** What a proposal simulation produces, in the wire forms the endorser signs and the committer consumes. */
import type { ledger, peer } from '@hyperledger/fabric-protos';

export interface SimulationResult {
  readonly txId: string;
  /** The chaincode's response (status, message, payload). */
  readonly response: peer.Response;
  /** rwset.TxReadWriteSet: data model KV, namespaces sorted, collection hashes included. */
  readonly rwset: ledger.rwset.TxReadWriteSet;
  readonly rwsetBytes: Uint8Array;
  /** rwset.TxPvtReadWriteSet of the private writes; kept off the transaction. */
  readonly pvtRwset: ledger.rwset.TxPvtReadWriteSet | undefined;
  readonly pvtRwsetBytes: Uint8Array | undefined;
  /** The chaincode event with chaincode_id and tx_id filled in by the peer; none when status >= 400. */
  readonly event: peer.ChaincodeEvent | undefined;
  /** Serialized event, empty when there is none (ChaincodeAction.events). */
  readonly eventBytes: Uint8Array;
}
