import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument } from '../lib/errors';
import type { RideshareConfig } from './rideshare-types';

/**
 * The time a device says it sent a request or response (paragraphs 49, 56) is hashed, so it must be
 * plausible against the transaction time: not ahead by more than the clock skew, not stale.
 */
export function checkDeviceTime(ctx: LedgerContext, timeMs: number, rules: RideshareConfig, field: string): void {
  if (timeMs > ctx.nowMs + rules.maxClockSkewMs) {
    throw invalidArgument(field, `is more than ${rules.maxClockSkewMs} ms after the transaction time`);
  }
  if (timeMs < ctx.nowMs - rules.maxMessageAgeMs) {
    throw failedPrecondition(field, `is more than ${rules.maxMessageAgeMs} ms before the transaction time`);
  }
}
