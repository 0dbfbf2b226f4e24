import { devices } from '../devices/device-registry';
import type { DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition } from '../lib/errors';
import { pairingIdFor } from './pairing-ids';
import { noticeDeviceData, noticePrePaired } from './pairing-notices';
import type { PairingRecord, VehicleRecord } from './pairing-record-types';
import { activePairingFor } from './pairing-lookup';
import { isActive } from './pairing-status';
import { pairings, requireAutomakerEndorsement, vehicles } from './pairing-store';
import type { PairingConfig, VehicleIdentification } from './pairing-types';
import { createPairing, endPairing } from './pairing-writes';
import { completeWaitingRequests } from './secondary-pairing';
import { vehicleDataHash } from './vehicle-reports';

export interface OwnerPairingInput {
  readonly phone: DeviceRecord;
  /** Normalized identification all reporting components agreed on. */
  readonly identification: VehicleIdentification;
  readonly components: string[];
  readonly deviceDataCommitment: string;
  readonly vehicleOwnershipCommitment: string | undefined;
  readonly origin: 'pre-pairing' | 'invitation';
  readonly invitationId?: string;
  readonly ownerPairingId?: string;
  readonly existingVehicle: VehicleRecord | undefined;
  /** A previous owner pairing whose phone is no longer active: replaced by this one. */
  readonly superseded: PairingRecord | undefined;
}

export interface OwnerPairingResult {
  readonly pairing: PairingRecord;
  readonly completedRequestPairings: string[];
}

/**
 * Pre-pairs the owner's phone with a vehicle (claim 1, or claim 7 for another vehicle): the pairing
 * record with its unique identifier, the vehicle record naming the owner, the notices that deliver
 * vehicle data to the phone and device data to the components, then the secondary approvals that
 * were waiting for this owner (paragraph 64).
 */
export async function establishOwnerPairing(ctx: LedgerContext, input: OwnerPairingInput, config: PairingConfig): Promise<OwnerPairingResult> {
  const vin = input.identification.vin;
  const ownershipEpoch = input.existingVehicle?.ownershipEpoch ?? 0;
  const pairing = await createPairing(ctx, {
    pairingId: pairingIdFor(ctx.txId, vin, input.phone.address),
    vin,
    device: input.phone.address,
    deviceType: input.phone.type,
    role: 'owner',
    origin: input.origin,
    components: input.components,
    vehicleDataHash: vehicleDataHash(input.identification),
    deviceDataCommitment: input.deviceDataCommitment,
    vehicleOwnershipCommitment: input.vehicleOwnershipCommitment,
    ownerPairingId: input.ownerPairingId,
    invitationId: input.invitationId,
    ownershipEpoch,
  });
  const vehicle: VehicleRecord = {
    vin,
    identification: input.identification,
    vehicleDataHash: pairing.vehicleDataHash,
    components: input.components,
    ownerDevice: pairing.device,
    ownerPairingId: pairing.pairingId,
    ownershipEpoch,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  await vehicles.put(ctx, [vin], vehicle);
  if (!input.existingVehicle) await requireAutomakerEndorsement(ctx, vehicles.key(ctx, [vin]));
  noticePrePaired(ctx, pairing, input.identification);
  noticeDeviceData(ctx, pairing);
  if (input.superseded) {
    await endPairing(ctx, input.superseded, 'revoked', 'superseded: the owner pre-paired a new phone');
  }
  const completedRequestPairings = await completeWaitingRequests(ctx, vehicle, pairing, config);
  return { pairing, completedRequestPairings };
}

/**
 * State preconditions of an owner pre-pairing, checked before any recorded rule: the phone is not
 * already paired with the vehicle, and no other active phone owns it. Returns the old owner pairing
 * to supersede when its phone was revoked in the device registry (lost or replaced phone).
 */
export async function checkOwnerSlot(
  ctx: LedgerContext,
  vin: string,
  phone: string,
  vehicle: VehicleRecord | undefined,
  field: string,
): Promise<PairingRecord | undefined> {
  if (await activePairingFor(ctx, vin, phone)) throw alreadyExists(field, `is already paired with ${vin}`);
  if (!vehicle?.ownerPairingId) return undefined;
  const ownerPairing = await pairings.get(ctx, [vehicle.ownerPairingId]);
  if (!ownerPairing || !isActive(ownerPairing, ctx.nowMs)) return undefined;
  const ownerDevice = await devices.get(ctx, [ownerPairing.device]);
  // A suspended phone still owns the vehicle; only a revoked (lost, replaced) one can be superseded.
  if (ownerDevice && ownerDevice.status !== 'revoked') {
    throw failedPrecondition('vehicle.owner', `${vin} already has an owner phone: ask it to approve a secondary pairing, or transfer ownership`);
  }
  return ownerPairing;
}
