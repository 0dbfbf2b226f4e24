import { verifyDeviceRequest } from '../devices/device-registry';
import { VEHICLE_COMPONENT_TYPES } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { validate } from '../lib/validate';
import { TRANSIENT } from './ownership-types';
import { readConfig } from './pairing-config';
import { belongsToVehicle } from './pairing-lookup';
import { toComponents } from './pairing-notices';
import type { PairingStatus } from './pairing-record-types';
import { effectiveStatus, isActive } from './pairing-status';
import { pairings } from './pairing-store';
import { FixPayload, FixesTransient, Hex64 } from './pairing-types';
import { updatePairing } from './pairing-writes';
import { fixTimingProblem, proximityDecision } from './proximity';
import { readTransientJson } from './transient-data';

export interface ProximityOutcome {
  pairingId: string;
  pairingEnabled: boolean;
  distanceMm: number;
  limitMm: number;
  status: PairingStatus;
}

/**
 * Claim 2, paragraph 54: the vehicle and the device each sign a GPS fix; pairing is enabled when
 * they are within the configured distance, and the first such report turns pre-paired into paired.
 * The fixes travel in the transient map and only the distance is written: locations are personal data.
 */
export async function reportProximity(ctx: LedgerContext, pairingId: string): Promise<ProximityOutcome> {
  validate(Hex64, pairingId, 'pairingId');
  const pairing = await pairings.require(ctx, [pairingId]);
  if (!isActive(pairing, ctx.nowMs)) throw failedPrecondition('pairing.status', `is ${effectiveStatus(pairing, ctx.nowMs)}`);
  const fixes = readTransientJson(ctx, TRANSIENT.fixes, FixesTransient, 'the signed GPS fixes of the vehicle and the device');
  const vehicleFix = await verifyDeviceRequest(
    ctx,
    fixes.vehicle,
    { action: 'pairing.reportFix', payload: FixPayload, deviceTypes: VEHICLE_COMPONENT_TYPES },
    'fixes.vehicle',
  );
  if (!belongsToVehicle(vehicleFix.device, pairing.vin, pairing.components)) {
    throw permissionDenied('fixes.vehicle.device', `is not a component of ${pairing.vin}`);
  }
  const deviceFix = await verifyDeviceRequest(ctx, fixes.device, { action: 'pairing.reportFix', payload: FixPayload }, 'fixes.device');
  if (deviceFix.device.address !== pairing.device) throw permissionDenied('fixes.device.device', 'is not the paired device');
  for (const [name, fix] of [['vehicle', vehicleFix], ['device', deviceFix]] as const) {
    if (fix.payload.pairingId !== pairingId) throw invalidArgument(`fixes.${name}.payload.pairingId`, `must be ${pairingId}`);
  }
  const timing = fixTimingProblem({ vehicleFixMs: vehicleFix.payload.fixTimeMs, deviceFixMs: deviceFix.payload.fixTimeMs }, ctx.nowMs);
  if (timing) throw failedPrecondition(timing.field, timing.rule);

  const { proximityLimitMm } = await readConfig(ctx);
  const decision = proximityDecision(vehicleFix.payload.position, deviceFix.payload.position, proximityLimitMm);
  const updated = await updatePairing(ctx, pairing, {
    pairingEnabled: decision.enabled,
    lastDistanceMm: decision.distanceMm,
    lastProximityAtMs: ctx.nowMs,
    ...(decision.enabled ? { status: 'paired' as const, pairedAtMs: pairing.pairedAtMs ?? ctx.nowMs } : {}),
  });
  ctx.events.emit(decision.enabled ? 'pairing.PairingEnabled' : 'pairing.PairingDisabled', [toDevice(pairing.device), ...toComponents(pairing.components)], {
    pairingId,
    vin: pairing.vin,
    device: pairing.device,
    distanceMm: decision.distanceMm,
    limitMm: proximityLimitMm,
  });
  return { pairingId, pairingEnabled: decision.enabled, distanceMm: decision.distanceMm, limitMm: proximityLimitMm, status: updated.status };
}
