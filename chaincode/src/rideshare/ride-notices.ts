import { ORG_MSP } from '../lib/access';
import type { JsonValue } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { toDevice, toOrg, type Recipient } from '../lib/events';
import type { RideRecord } from './ride-record-types';
import { OPERATOR_PRIVATE_COLLECTION, privateItemKey } from './rideshare-store';
import type { PrivateItem } from './rideshare-types';

/**
 * Notices of the ride-share contract. Events are readable by every channel member, so they carry
 * identifiers, times, outcomes and commitments. Secrets and personal data are "delivered" as a
 * reference to the operatorPrivate item: the operator's gateway, a member of the collection, reads
 * the item and forwards it to the devices the notice names, and to no one else.
 */
export type NoticeData = { [key: string]: JsonValue };

export const OPERATOR: Recipient = toOrg(ORG_MSP.operator);
export const AUDITORS: Recipient = toOrg(ORG_MSP.auditor);

export function compact(data: { [key: string]: JsonValue | undefined }): NoticeData {
  const out: NoticeData = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out;
}

/** Where the gateway finds a private item, and the commitment the device checks it against. */
export function privateRef(ctx: LedgerContext, rideId: string, item: PrivateItem, commitment: string): NoticeData {
  return { collection: OPERATOR_PRIVATE_COLLECTION, item, privateKey: privateItemKey(ctx, rideId, item), commitment };
}

/** Everyone currently taking part in the ride, plus the operator. */
export function rideRecipients(ride: RideRecord, ...extra: Recipient[]): Recipient[] {
  const to: Recipient[] = [toDevice(ride.rider), OPERATOR, ...extra];
  if (ride.response) to.push(toDevice(ride.response.driver), toDevice(ride.response.vehicleDevice));
  else if (ride.offeredTo) to.push(toDevice(ride.offeredTo));
  return to;
}

/**
 * Hands one part of a two-part key to the party the patent names (steps 406, 410, 506, 508, 510),
 * addressed to that party's device only.
 */
export function noticeKeyPart(
  ctx: LedgerContext,
  ride: RideRecord,
  to: string,
  key: 'request' | 'response',
  part: 'first' | 'second',
): void {
  const record = key === 'request' ? ride.request : ride.response;
  if (!record) return;
  const commitment = part === 'first' ? record.firstPartCommitment : record.secondPartCommitment;
  ctx.events.emit('rideshare.KeyPartDelivered', [toDevice(to)], {
    rideId: ride.rideId,
    key,
    part,
    keyHash: record.keyHash,
    ...privateRef(ctx, ride.rideId, `${key}-key-${part}`, commitment),
  });
}

/** The ride's status changed for a reason both parties must learn (cancel, dispute, completion, resolution). */
export function noticeStatus(ctx: LedgerContext, type: string, ride: RideRecord, extra: NoticeData = {}): void {
  // Auditors follow disputes from opening to resolution.
  const audited = ride.status === 'disputed' || ride.lastChange?.action.startsWith('resolve-') === true;
  const to = audited ? rideRecipients(ride, AUDITORS) : rideRecipients(ride);
  ctx.events.emit(type, to, compact({
    rideId: ride.rideId,
    status: ride.status,
    by: ride.lastChange?.by,
    reason: ride.lastChange?.reason,
    ...extra,
  }));
}
