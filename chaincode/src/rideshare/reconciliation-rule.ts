import { distanceMm, type GeoPoint } from '../lib/geo';

/**
 * FIG. 6 (paragraphs 66-69) without the patent's "difference of two hash values": hashes carry no
 * distance, so the ledger compares the hash exactly and the raw locations by distance instead.
 *
 * - `match`: the party hashed exactly what the ledger hashed.
 * - `match-within-tolerance`: the party's raw location is within the tolerance of the ledger's and
 *   the hash equals the ledger's hash recomputed with the party's location (a cell boundary, or GPS
 *   noise across cells); every other hashed field agrees.
 * - `location-mismatch`: the party's raw location is farther than the tolerance.
 * - `hash-mismatch`: the location is acceptable but some other hashed field or a key part differs
 *   (paragraph 71: another person or device on the account).
 */
export type HashOutcome = 'match' | 'match-within-tolerance' | 'location-mismatch' | 'hash-mismatch';

export interface HashAssessmentInput {
  readonly ledgerHash: string;
  readonly submittedHash: string;
  readonly ledgerLocation: GeoPoint;
  readonly partyLocation: GeoPoint;
  readonly toleranceMm: number;
  /** The ledger's hash with only the location replaced by the party's. */
  readonly recomputeWith: (location: GeoPoint) => string;
}

export function assessHash(input: HashAssessmentInput): HashOutcome {
  if (input.submittedHash === input.ledgerHash) return 'match';
  if (distanceMm(input.ledgerLocation, input.partyLocation) > input.toleranceMm) return 'location-mismatch';
  return input.recomputeWith(input.partyLocation) === input.submittedHash ? 'match-within-tolerance' : 'hash-mismatch';
}

export function isMatch(outcome: HashOutcome): boolean {
  return outcome === 'match' || outcome === 'match-within-tolerance';
}

export type PartyReconciliationState = 'pending' | 'matched' | 'update-requested' | 'failed';

/**
 * What a submission does to a party's reconciliation: both hashes matching settles it; the first
 * mismatch asks for an updated location once; a mismatch after that fails (paragraph 66).
 */
export function nextPartyState(current: PartyReconciliationState, bothMatch: boolean): PartyReconciliationState {
  if (bothMatch) return 'matched';
  return current === 'update-requested' ? 'failed' : 'update-requested';
}
