import type { LedgerContext } from '../lib/context';
import { failedPrecondition, notFound } from '../lib/errors';
import { validate } from '../lib/validate';
import type { RideRecord } from './ride-record-types';
import { allowedActions, nextStatus, type RideAction } from './ride-status';
import { rides } from './rideshare-store';
import { RideId } from './rideshare-types';

export async function requireRide(ctx: LedgerContext, rideId: string, field = 'rideId'): Promise<RideRecord> {
  const id = validate(RideId, rideId, field);
  const ride = await rides.get(ctx, [id]);
  if (!ride) throw notFound(field, `ride ${id} does not exist`);
  return ride;
}

/** Refuses an action the transition table does not allow from the ride's status. */
export function requireAllowed(ride: RideRecord, action: RideAction): void {
  if (nextStatus(ride.status, action) === undefined) {
    const allowed = allowedActions(ride.status);
    throw failedPrecondition('ride.status', `is ${ride.status}; ${action} is not allowed (allowed: ${allowed.join(', ') || 'none'})`);
  }
}

/**
 * The only way a ride changes after its request: applies `action` through the transition table,
 * records who did it, and writes the new version (its key history is the ride's history).
 */
export async function changeRide(
  ctx: LedgerContext,
  ride: RideRecord,
  action: RideAction,
  by: string,
  changes: Partial<Omit<RideRecord, 'rideId' | 'status' | 'lastChange'>> = {},
  reason?: string,
): Promise<RideRecord> {
  requireAllowed(ride, action);
  const status = nextStatus(ride.status, action) ?? ride.status;
  const updated: RideRecord = {
    ...ride,
    ...changes,
    status,
    lastChange: { action, by, reason, atMs: ctx.nowMs, txId: ctx.txId },
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  await rides.put(ctx, [ride.rideId], updated);
  return updated;
}
