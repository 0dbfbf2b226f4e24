import type { VerifiedIdentity } from '../endorser/ports';

export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

/** Committed state as the validator needs it: versions and key-level policies, before this block. */
export interface CommittedStateView {
  getVersion(namespace: string, key: string): Promise<Version | undefined>;
  getValidationParameter(namespace: string, key: string): Promise<Uint8Array | undefined>;
  /** Keys and versions in [startKey, endKey) in key order ('' end = unbounded). */
  rangeVersions(namespace: string, startKey: string, endKey: string): AsyncIterable<{ key: string; version: Version }>;
  getHashedVersion(namespace: string, collection: string, keyHash: Uint8Array): Promise<Version | undefined>;
  getHashedValidationParameter(namespace: string, collection: string, keyHash: Uint8Array): Promise<Uint8Array | undefined>;
  hasTransaction(txId: string): Promise<boolean>;
}

/** Identities, signatures and endorsement policies of the channel. */
export interface ValidationPolicies<I extends VerifiedIdentity = VerifiedIdentity> {
  /** Deserializes and validates an identity against the channel MSPs, or throws. */
  deserializeIdentity(serialized: Uint8Array): I;
  chaincodePolicySatisfied(endorsers: readonly I[]): boolean;
  /** A key-level policy: serialized common.SignaturePolicyEnvelope from the key's VALIDATION_PARAMETER. */
  keyPolicySatisfied(policy: Uint8Array, endorsers: readonly I[]): boolean;
}

export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';
