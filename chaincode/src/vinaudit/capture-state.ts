import type { CaptureState } from './audit-types';
import type { Consensus } from './crowd-types';

/** States after which a capture needs nothing more from the auditor or the crowd. */
export const RESOLVED_STATES: readonly CaptureState[] = ['confirmed', 'mismatch', 'manual', 'unresolved'];

export function isResolved(state: CaptureState): boolean {
  return RESOLVED_STATES.includes(state);
}

/**
 * What a fixed consensus means for the vehicle in real time: complete on an exact match with an
 * expected VIN; back to the vehicle when the photo could not be read, the crowd split, or the
 * consensus VIN fails its check digit and matches nothing (a misreading, as the patent warns);
 * otherwise a mismatch. Once the audit closes there is no going back: unreadable becomes unresolved.
 */
export function captureStateFor(consensus: Consensus, expectedVins: ReadonlySet<string>, closing: boolean): CaptureState {
  switch (consensus.status) {
    case 'pending':
      return 'verifying';
    case 'agreed':
      if (consensus.vin && expectedVins.has(consensus.vin)) return 'confirmed';
      return consensus.vinCheck === 'invalid' && !closing ? 'retake-requested' : 'mismatch';
    case 'no-quorum':
      return 'unresolved';
    default:
      return closing ? 'unresolved' : 'retake-requested';
  }
}
