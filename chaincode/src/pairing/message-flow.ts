import { getAddress } from 'ethers';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import { VEHICLE_COMPONENT_TYPES } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { readConfig } from './pairing-config';
import { mismatchIdFor } from './pairing-ids';
import { belongsToVehicle, pairingsOfDevice } from './pairing-lookup';
import { AUTOMAKER, compact } from './pairing-notices';
import type { MismatchRecord } from './pairing-record-types';
import { effectiveStatus, isActive, roleAllows } from './pairing-status';
import { mismatches, mismatchesByVin, sortableTime, vehicles } from './pairing-store';
import { MessageCheckPayload, type Role } from './pairing-types';
import { endPairing, updatePairing } from './pairing-writes';

export type MessageOutcome =
  | { outcome: 'verified' | 'forbidden'; pairingId: string; role: Role }
  | { outcome: 'expired'; pairingId: string }
  | { outcome: 'mismatch'; mismatchId: string; mismatchCount: number; unpaired: boolean };

/**
 * Claim 5, paragraph 61: a vehicle component checks that a message from a device carries the
 * device's pairing identifier. A match is verified (and the command checked against the role)
 * without writing; a mismatch is recorded, notifies the automaker, and after the configured number
 * of mismatches un-pairs the device.
 */
export async function verifyMessage(ctx: LedgerContext, argJson: string): Promise<MessageOutcome> {
  const { device: reporter, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.checkMessage', payload: MessageCheckPayload, deviceTypes: VEHICLE_COMPONENT_TYPES },
    'check',
  );
  const vehicle = await vehicles.get(ctx, [payload.vin]);
  if (!belongsToVehicle(reporter, payload.vin, vehicle?.components ?? [])) {
    throw permissionDenied('check.device', `is not a component of ${payload.vin}`);
  }
  const sender = getAddress(payload.device);
  const withVehicle = (await pairingsOfDevice(ctx, sender)).filter((pairing) => pairing.vin === payload.vin);
  const active = withVehicle.find((pairing) => isActive(pairing, ctx.nowMs));
  if (active && active.pairingId === payload.pairingId) {
    return { outcome: roleAllows(active.role, payload.command) ? 'verified' : 'forbidden', pairingId: active.pairingId, role: active.role };
  }
  const claimed = withVehicle.find((pairing) => pairing.pairingId === payload.pairingId);
  if (!active && claimed && effectiveStatus(claimed, ctx.nowMs) === 'expired') {
    return { outcome: 'expired', pairingId: claimed.pairingId };
  }

  const { mismatchUnpairThreshold } = await readConfig(ctx);
  const mismatchCount = active ? active.mismatchCount + 1 : 0;
  const unpaired = !!active && mismatchUnpairThreshold > 0 && mismatchCount >= mismatchUnpairThreshold;
  const record: MismatchRecord = {
    mismatchId: mismatchIdFor(ctx.txId),
    vin: payload.vin,
    device: sender,
    reporter: reporter.address,
    claimedPairingId: payload.pairingId,
    expectedPairingId: active?.pairingId,
    command: payload.command,
    messageHash: payload.messageHash,
    mismatchCount,
    unpaired,
    atMs: ctx.nowMs,
    txId: ctx.txId,
  };
  await mismatches.create(ctx, [record.mismatchId], record);
  await mismatchesByVin.add(ctx, [record.vin, sortableTime(record.atMs), record.mismatchId]);
  ctx.events.emit('pairing.MessageMismatch', [AUTOMAKER, toDevice(reporter.address)], compact({
    mismatchId: record.mismatchId,
    vin: record.vin,
    device: record.device,
    reporter: record.reporter,
    expectedPairingId: record.expectedPairingId,
    mismatchCount,
    unpaired,
  }));
  if (active && unpaired) {
    await endPairing(ctx, { ...active, mismatchCount }, 'revoked', `${mismatchCount} messages carried a wrong pairing identifier`, vehicle?.ownerDevice);
  } else if (active) {
    await updatePairing(ctx, active, { mismatchCount });
  }
  return { outcome: 'mismatch', mismatchId: record.mismatchId, mismatchCount, unpaired };
}
