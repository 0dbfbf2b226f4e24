import { MAX_CLARITY_RATING, type Consensus, type ConsensusStatus } from './crowd-types';
import { assessVin } from './vin';

export interface Reading {
  readonly vin: string | null;
  readonly clarity: number;
}

export interface ConsensusRule {
  /** Verifiers assigned to the photo. */
  readonly assigned: number;
  /** Readings needed before the consensus is fixed. */
  readonly quorum: number;
  /** True when the audit closes: missing readings will not come. */
  readonly closing: boolean;
  readonly checkDigitRequiredPrefixes: readonly string[];
}

/** Votes by reading, most first; equal counts by VIN, "cannot read" (null) last: a stable order. */
function tally(readings: readonly Reading[]): { vin: string | null; count: number }[] {
  const counts = new Map<string | null, number>();
  for (const reading of readings) counts.set(reading.vin, (counts.get(reading.vin) ?? 0) + 1);
  return [...counts.entries()]
    .map(([vin, count]) => ({ vin, count }))
    .sort((a, b) => b.count - a.count || order(a.vin, b.vin));
}

function order(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Majority consensus over crowd readings (claim 1: "what a majority ... have determined"). A strict
 * majority of the readings received, once the quorum is reached, fixes the VIN. Integer per-mille
 * certainty (share agreeing with the leading reading) and clarity (mean rating).
 */
export function decideConsensus(readings: readonly Reading[], rule: ConsensusRule): Consensus {
  const received = readings.length;
  const votes = tally(readings);
  const top = votes[0];
  const runnerUp = votes[1];
  let status: ConsensusStatus;
  if (received < rule.quorum || !top) {
    status = rule.closing ? 'no-quorum' : 'pending';
  } else if (top.count * 2 > received) {
    status = top.vin === null ? 'unreadable' : 'agreed';
  } else if (received < rule.assigned && !rule.closing) {
    status = 'pending';
  } else {
    status = runnerUp && runnerUp.count === top.count ? 'tie' : 'no-majority';
  }
  const claritySum = readings.reduce((sum, reading) => sum + reading.clarity, 0);
  const consensus: Consensus = {
    status,
    certaintyPermille: top && received > 0 ? Math.floor((top.count * 1000) / received) : 0,
    clarityPermille: received > 0 ? Math.floor((claritySum * 1000) / (MAX_CLARITY_RATING * received)) : 0,
    received,
    assigned: rule.assigned,
    quorum: rule.quorum,
    votes,
  };
  if (status === 'agreed' && top?.vin) {
    return { ...consensus, vin: top.vin, vinCheck: assessVin(top.vin, rule.checkDigitRequiredPrefixes).check ?? 'invalid' };
  }
  return consensus;
}

/** Whether the consensus is final for this attempt (no further reading changes it). */
export function isDecided(consensus: Consensus): boolean {
  return consensus.status !== 'pending';
}
