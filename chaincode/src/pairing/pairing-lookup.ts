import { devices } from '../devices/device-registry';
import type { DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import type { PairingRecord, VehicleRecord } from './pairing-record-types';
import { isActive } from './pairing-status';
import { pairings, pairingsByDevice, pairingsByVin } from './pairing-store';

/** Reads over committed state: like a Fabric peer, a transaction never sees its own writes. */
export async function pairingsOfVehicle(ctx: LedgerContext, vin: string): Promise<PairingRecord[]> {
  const entries = await pairingsByVin.list(ctx, [vin]);
  return chronological(await Promise.all(entries.map(([, pairingId]) => pairings.require(ctx, [pairingId ?? '']))));
}

export async function pairingsOfDevice(ctx: LedgerContext, device: string): Promise<PairingRecord[]> {
  const entries = await pairingsByDevice.list(ctx, [device]);
  return chronological(await Promise.all(entries.map(([, pairingId]) => pairings.require(ctx, [pairingId ?? '']))));
}

/** Oldest first; identifiers break ties, so every peer returns the same order. */
function chronological(records: PairingRecord[]): PairingRecord[] {
  return records.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.pairingId < b.pairingId ? -1 : a.pairingId > b.pairingId ? 1 : 0));
}

/** The device's live pairing with the vehicle, if any (there is at most one). */
export async function activePairingFor(ctx: LedgerContext, vin: string, device: string): Promise<PairingRecord | undefined> {
  const ofDevice = await pairingsOfDevice(ctx, device);
  return ofDevice.find((pairing) => pairing.vin === vin && isActive(pairing, ctx.nowMs));
}

export interface ActiveOwner {
  readonly pairing: PairingRecord;
  readonly device: DeviceRecord;
}

/** The vehicle's owner: its owner pairing is live and the owner's phone is still an active device. */
export async function activeOwnerOf(ctx: LedgerContext, vehicle: VehicleRecord | undefined): Promise<ActiveOwner | undefined> {
  if (!vehicle?.ownerPairingId) return undefined;
  const pairing = await pairings.get(ctx, [vehicle.ownerPairingId]);
  if (!pairing || !isActive(pairing, ctx.nowMs)) return undefined;
  const device = await devices.get(ctx, [pairing.device]);
  if (!device || device.status !== 'active') return undefined;
  return { pairing, device };
}

/**
 * A component belongs to a vehicle when the automaker bound it to that VIN at registration, or,
 * if unbound, when it is one of the components that reported for the vehicle's owner pairing.
 */
export function belongsToVehicle(component: DeviceRecord, vin: string, knownComponents: readonly string[]): boolean {
  if (component.vin !== undefined) return component.vin === vin;
  return knownComponents.includes(component.address);
}
