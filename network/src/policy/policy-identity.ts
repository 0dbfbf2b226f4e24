import type { MspRoleName } from '../msp/identity';

export type { MspRoleName };

/**
 * What policy evaluation needs of an identity that the MSP layer has already deserialized,
 * validated and whose signature it has verified (msp Identity satisfies this).
 */
export interface PolicyIdentity {
  readonly mspId: string;
  /** Unique per certificate within the MSP (Fabric's IdentityIdentifier.Id). */
  readonly id: string;
  /** Whether the identity has the role within its own MSP; 'member' holds for every valid identity. */
  hasRole(role: MspRoleName): boolean;
}

/** Decides whether a set of verified identities satisfies a policy. */
export interface PolicyEvaluator {
  /** Human-readable policy, for error messages. */
  readonly description: string;
  evaluate(identities: readonly PolicyIdentity[]): boolean;
}

/**
 * Fabric de-duplicates signers before evaluating (policies.SignatureSetToValidIdentities, key
 * MSP ID + identity ID), so one identity signing twice counts once.
 */
export function deduplicateIdentities<I extends PolicyIdentity>(identities: readonly I[]): I[] {
  const seen = new Set<string>();
  const unique: I[] = [];
  for (const identity of identities) {
    const key = `${identity.mspId}\u0000${identity.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(identity);
    }
  }
  return unique;
}
