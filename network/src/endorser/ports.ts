import type { common, peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from './unpacked-proposal';

/** A validated identity as the MSP layer returns it. */
export interface VerifiedIdentity {
  readonly mspId: string;
  /** Verifies an ECDSA signature over the message, refusing high-S signatures as Fabric does. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** The channel MSP manager: deserialize and validate a serialized identity, or throw. */
export interface IdentityDeserializer {
  deserializeIdentity(serialized: Uint8Array): VerifiedIdentity;
}

/** The peer's own identity, used to sign endorsements. */
export interface PeerSigner {
  readonly mspId: string;
  serialize(): Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface SimulationOutcome {
  readonly response: peer.Response;
  /** Serialized rwset.TxReadWriteSet (public rwset plus collection hashes). */
  readonly results: Uint8Array;
  /** Serialized peer.ChaincodeEvent, or empty. */
  readonly events: Uint8Array;
  /** Private writes, kept off the transaction and handed to the committer of member peers. */
  readonly privateData?: unknown;
}

/** Runs a proposal on this peer's chaincode support. */
export interface ProposalSimulator {
  simulate(proposal: UnpackedProposal): Promise<SimulationOutcome>;
}

export interface TransactionLookup {
  hasTransaction(txId: string): Promise<boolean>;
}

export interface ChannelWritersAcl {
  /** Throws when the creator may not propose on the channel (/Channel/Application/Writers). */
  checkWriters(creator: VerifiedIdentity): void;
}

export interface EndorserChannel {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly chaincodeVersion: string;
  readonly identities: IdentityDeserializer;
  readonly acl: ChannelWritersAcl;
  readonly ledger: TransactionLookup;
}

/**
 * The peer's built-in system chaincodes (qscc, cscc, _lifecycle), run in process. Fabric's endorser
 * skips the channel Writers ACL for them (each checks its own ACL) and reports their version as
 * "syscc".
 */
export interface SystemChaincodeRunner {
  isSystemChaincode(name: string): boolean;
  /** The chaincode's response; failures are responses with status 500 (shim.Error) or 404. */
  invoke(proposal: UnpackedProposal): Promise<peer.Response>;
}

export type { common };
