import { StatusCode } from '@hyperledger/fabric-gateway';
import { randomInt } from 'node:crypto';

/** Validation codes a resubmission can cure: another transaction changed what this one read. */
export const RETRYABLE_VALIDATION_CODES: ReadonlySet<number> = new Set([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

export interface RetryPolicy {
  /** Resubmissions after a read conflict (0 = none). */
  readonly mvccRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter before resubmission `attempt` (1-based): a random delay up
 * to base × 2^(attempt-1), capped, so conflicting writers spread out instead of colliding again.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: (maxExclusive: number) => number = randomInt): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  if (ceiling <= 0) return 0;
  return random(Math.floor(ceiling) + 1);
}
