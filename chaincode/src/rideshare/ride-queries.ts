import type { TSchema } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { invalidArgument, notFound } from '../lib/errors';
import type { RecordVersion } from '../lib/state';
import { parseJsonArgument, validate } from '../lib/validate';
import { requireActiveDevice, verifyRequestSignature } from '../devices/device-registry';
import { signedRequestSchema } from '../devices/device-request';
import type { DeviceRecord } from '../devices/device-types';
import { linkOfDevice } from './lifecycle-flow';
import type { AccountRecord, RideRecord, VehicleLinkRecord } from './ride-record-types';
import { requireRide } from './ride-writes';
import { checksummed, partyOf, requireParty, type RideParty } from './rideshare-access';
import { accounts, readPrivateItem, rides, ridesByParty, vehicleLinks } from './rideshare-store';
import { ListRidesPayload, PRIVATE_ITEMS, ReadRidePayload, RideId, type PrivateItem } from './rideshare-types';

export async function ridesOfParty(ctx: LedgerContext, address: string): Promise<RideRecord[]> {
  const entries = await ridesByParty.list(ctx, [checksummed(address, 'address')]);
  const records: RideRecord[] = [];
  for (const [, rideId] of entries) {
    if (rideId) records.push(await rides.require(ctx, [rideId]));
  }
  return records;
}

export async function rideHistory(ctx: LedgerContext, rideId: string): Promise<RecordVersion<RideRecord>[]> {
  await requireRide(ctx, rideId);
  return rides.history(ctx, [rideId]);
}

export async function getAccount(ctx: LedgerContext, address: string): Promise<AccountRecord> {
  return accounts.require(ctx, [checksummed(address, 'address')]);
}

export async function linksOfDriver(ctx: LedgerContext, driver: string): Promise<VehicleLinkRecord[]> {
  return vehicleLinks.list(ctx, [checksummed(driver, 'driver')]);
}

/**
 * A device reading through any member's gateway proves who it is with a signed request. Reads change
 * nothing, so the nonce is not consumed; the signature's expiry bounds how long it can be reused.
 */
async function verifyReadRequest<P extends TSchema>(ctx: LedgerContext, requestJson: string, action: string, payload: P) {
  const request = parseJsonArgument(signedRequestSchema(payload), requestJson, 'request');
  const verified = verifyRequestSignature(ctx, request, { action, payload });
  const device = await requireActiveDevice(ctx, verified.device, 'request.device');
  return { device, payload: verified.payload };
}

const READERS: readonly RideParty[] = ['rider', 'driver', 'offered-driver', 'vehicle'];

async function requirePartyRead(ctx: LedgerContext, requestJson: string): Promise<{ ride: RideRecord; device: DeviceRecord }> {
  const { device, payload } = await verifyReadRequest(ctx, requestJson, 'rideshare.readRide', ReadRidePayload);
  const ride = await requireRide(ctx, payload.rideId, 'request.payload.rideId');
  requireParty(partyOf(ride, device, await linkOfDevice(ctx, ride, device)), READERS, 'request.device', 'read this ride');
  return { ride, device };
}

export async function rideAsParty(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  return (await requirePartyRead(ctx, requestJson)).ride;
}

export async function rideHistoryAsParty(ctx: LedgerContext, requestJson: string): Promise<RecordVersion<RideRecord>[]> {
  const { ride } = await requirePartyRead(ctx, requestJson);
  return rides.history(ctx, [ride.rideId]);
}

export async function myRides(ctx: LedgerContext, requestJson: string): Promise<RideRecord[]> {
  const { device } = await verifyReadRequest(ctx, requestJson, 'rideshare.listRides', ListRidesPayload);
  return ridesOfParty(ctx, device.address);
}

/**
 * The operator gateway's resolution of a delivery notice: the private item, byte for byte as stored
 * (its SHA-256 is the commitment in the notice). Evaluated on the operator's own peer only.
 */
export async function privateItem(ctx: LedgerContext, rideId: string, item: string): Promise<string> {
  const id = validate(RideId, rideId, 'rideId');
  if (!(PRIVATE_ITEMS as readonly string[]).includes(item)) {
    throw invalidArgument('item', `must be one of ${PRIVATE_ITEMS.join(', ')}`);
  }
  const bytes = await readPrivateItem(ctx, id, item as PrivateItem);
  if (!bytes) throw notFound('item', `${item} of ride ${id} is not on this peer`);
  return Buffer.from(bytes).toString('utf8');
}
