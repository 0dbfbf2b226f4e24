import { getAddress } from 'ethers';
import { ORG_MSP, requireMsp } from '../lib/access';
import type { LedgerContext } from '../lib/context';
import { invalidArgument, permissionDenied } from '../lib/errors';
import type { DeviceRecord } from '../devices/device-types';
import type { RideRecord, VehicleLinkRecord } from './ride-record-types';

/**
 * Ride transactions are submitted by the operator's ride gateway (MobilityMSP), which relays the
 * devices' signed requests and supplies the ledger-side key parts it generates off-chain.
 */
export function requireOperatorClient(ctx: LedgerContext, action: string): void {
  requireMsp(ctx, [ORG_MSP.operator], action);
}

/** Orgs that read any ride by MSP: the operator and the auditors. */
export const RIDE_READER_MSPS: readonly string[] = [ORG_MSP.operator, ORG_MSP.auditor];

export function requireRideReaderOrg(ctx: LedgerContext, action: string): void {
  requireMsp(ctx, RIDE_READER_MSPS, action);
}

export function checksummed(address: string, field: string): string {
  try {
    return getAddress(address);
  } catch {
    throw invalidArgument(field, 'must be a 0x-prefixed 20-byte hex address');
  }
}

export type RideParty = 'rider' | 'driver' | 'offered-driver' | 'vehicle';

/**
 * How a device takes part in a ride, if at all: the rider, the responding driver, the driver the
 * ride is offered to, or a vehicle component linked to the responding driver in the ride's vehicle.
 */
export function partyOf(ride: RideRecord, device: DeviceRecord, link: VehicleLinkRecord | undefined): RideParty | undefined {
  if (device.type === 'rider-phone' && device.address === ride.rider) return 'rider';
  if (device.type === 'driver-phone' && device.address === ride.response?.driver) return 'driver';
  if (device.type === 'driver-phone' && device.address === ride.offeredTo) return 'offered-driver';
  if (link && isActiveVehicleOfRide(ride, link)) return 'vehicle';
  return undefined;
}

export function isActiveVehicleOfRide(ride: RideRecord, link: VehicleLinkRecord): boolean {
  return link.status === 'linked' && !!ride.response && link.driver === ride.response.driver && link.vin === ride.response.vin;
}

export function requireParty(party: RideParty | undefined, allowed: readonly RideParty[], field: string, action: string): RideParty {
  if (!party || !allowed.includes(party)) {
    throw permissionDenied(field, `is not ${allowed.join(' or ')} of this ride, so it may not ${action}`);
  }
  return party;
}
