import { verifyDeviceRequestArgument } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition, permissionDenied } from '../lib/errors';
import { validate } from '../lib/validate';
import { PHONE_TYPES } from './pairing-access';
import { activeOwnerOf, pairingsOfVehicle } from './pairing-lookup';
import type { PairingRecord } from './pairing-record-types';
import { effectiveStatus, isActive } from './pairing-status';
import { pairings, vehicles } from './pairing-store';
import { Hex64, RevokePayload } from './pairing-types';
import { endPairing } from './pairing-writes';

/**
 * Revocation by the owner (any pairing of the owner's vehicle) or by the paired device itself (its
 * own pairing). When the owner pairing ends, the vehicle has no owner and the pairings the owner
 * approved end with it.
 */
export async function revokePairing(ctx: LedgerContext, argJson: string): Promise<{ pairingId: string; status: 'revoked'; cascaded: string[] }> {
  const { device: signer, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.revoke', payload: RevokePayload, deviceTypes: PHONE_TYPES },
    'revocation',
  );
  const pairing = await pairings.require(ctx, [payload.pairingId]);
  if (!isActive(pairing, ctx.nowMs)) throw failedPrecondition('pairing.status', `is ${effectiveStatus(pairing, ctx.nowMs)}`);
  const vehicle = await vehicles.get(ctx, [pairing.vin]);
  const owner = await activeOwnerOf(ctx, vehicle);
  const byOwner = owner?.device.address === signer.address;
  if (!byOwner && pairing.device !== signer.address) {
    throw permissionDenied('revocation.device', `only the owner phone of ${pairing.vin} or the paired device may revoke this pairing`);
  }
  await endPairing(ctx, pairing, 'revoked', `revoked by ${byOwner ? 'the owner' : 'the device'}: ${payload.reason}`.slice(0, 256), owner?.device.address);
  const cascaded: string[] = [];
  if (vehicle && vehicle.ownerPairingId === pairing.pairingId) {
    for (const dependent of await dependentsOf(ctx, pairing)) {
      await endPairing(ctx, dependent, 'revoked', 'the owner pairing that approved it was revoked');
      cascaded.push(dependent.pairingId);
    }
    await vehicles.put(ctx, [vehicle.vin], { ...vehicle, ownerDevice: undefined, ownerPairingId: undefined, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId });
  }
  return { pairingId: pairing.pairingId, status: 'revoked', cascaded };
}

async function dependentsOf(ctx: LedgerContext, ownerPairing: PairingRecord): Promise<PairingRecord[]> {
  return (await pairingsOfVehicle(ctx, ownerPairing.vin)).filter(
    (pairing) => pairing.origin === 'secondary-approval' && pairing.ownerPairingId === ownerPairing.pairingId && isActive(pairing, ctx.nowMs),
  );
}

/**
 * Writes down an expiry that is already in force (time-limited pairings expire at `validUntilMs`
 * whether or not this runs), so the lifecycle history shows it and the devices are told.
 */
export async function expirePairing(ctx: LedgerContext, pairingId: string): Promise<{ pairingId: string; status: 'expired' }> {
  validate(Hex64, pairingId, 'pairingId');
  const pairing = await pairings.require(ctx, [pairingId]);
  if (pairing.status === 'expired' || effectiveStatus(pairing, ctx.nowMs) !== 'expired') {
    throw failedPrecondition('pairing.status', `is ${pairing.status}${pairing.validUntilMs === undefined ? ' without an end' : ` until ${pairing.validUntilMs}`}`);
  }
  const vehicle = await vehicles.get(ctx, [pairing.vin]);
  await endPairing(ctx, pairing, 'expired', `validity ended at ${pairing.validUntilMs ?? 0}`, vehicle?.ownerDevice);
  return { pairingId, status: 'expired' };
}
