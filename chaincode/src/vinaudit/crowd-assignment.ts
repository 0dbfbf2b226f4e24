import { sha256Hex } from '../lib/hash';

export interface Candidate {
  readonly device: string;
  readonly personRef: string;
}

/**
 * Picks verifiers for one photo: never a device of the auditor's own person, each at most once, in
 * an order drawn from the transaction ID, so every endorser picks the same ones and nobody can
 * choose their verifiers.
 */
export function assignVerifiers(
  candidates: readonly Candidate[],
  options: { txId: string; captureIndex: number; attempt: number; auditorPersonRef: string; count: number },
): string[] {
  const seen = new Set<string>();
  const eligible = candidates.filter((candidate) => {
    if (candidate.personRef === options.auditorPersonRef || seen.has(candidate.device)) return false;
    seen.add(candidate.device);
    return true;
  });
  const ranked = eligible
    .map((candidate) => ({
      device: candidate.device,
      rank: sha256Hex(`vinaudit-assign:${options.txId}:${options.captureIndex}:${options.attempt}:${candidate.device}`),
    }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return ranked.slice(0, options.count).map((entry) => entry.device);
}
