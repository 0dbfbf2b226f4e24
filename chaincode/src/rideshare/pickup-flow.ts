import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { distanceMm } from '../lib/geo';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import { readPinSalt, readRequestDetails } from './ledger-openings';
import { decidePickup, type PickupDecision, type PinCheck } from './pickup-rule';
import { pinCommitment } from './ride-hashes';
import { noticeStatus, rideRecipients } from './ride-notices';
import type { PickupCheck, RideRecord } from './ride-record-types';
import { changeRide, requireAllowed, requireRide } from './ride-writes';
import { isActiveVehicleOfRide } from './rideshare-access';
import { vehicleLinks } from './rideshare-store';
import { readCommittedJson, refuseTransient } from './rideshare-transient';
import { PickupVerdictPayload, VehicleObservation } from './rideshare-types';
import { VEHICLE_VERDICT_TYPES } from './vehicle-link-flow';

function checkPin(ctx: LedgerContext, ride: RideRecord, observation: VehicleObservation): PinCheck {
  if (observation.pin === undefined) {
    refuseTransient(ctx, 'pinSalt', 'was sent but the vehicle observed no PIN');
    return 'absent';
  }
  const field = 'transient.vehicleObservation.pin';
  if (!ride.rules.pinFallback) throw invalidArgument(field, 'the PIN fallback is disabled for this ride');
  if (!ride.request.pinCommitment) throw invalidArgument(field, 'the rider fixed no PIN for this ride');
  return pinCommitment(readPinSalt(ctx, ride), observation.pin) === ride.request.pinCommitment ? 'match' : 'mismatch';
}

/**
 * Pickup verification (claims 15, 19, 20; FIG. 7). A vehicle component linked to the ride's driver
 * and vehicle submits signed verdicts. Transient: `vehicleObservation` (current position and any
 * PIN the rider typed, committed in the payload), `rideRequest` (the request details, from the
 * operator's gateway) and `pinSalt` when a PIN was typed. Every outcome is recorded; failures notify
 * both parties, and the last allowed failed identity check disputes the ride.
 */
export async function verifyPickup(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
    action: 'rideshare.verifyPickup',
    payload: PickupVerdictPayload,
    deviceTypes: [...VEHICLE_VERDICT_TYPES],
  });
  const ride = await requireRide(ctx, payload.rideId, 'request.payload.rideId');
  requireAllowed(ride, 'pickup-verified');
  if (!ride.response) throw failedPrecondition('ride.response', 'the ride has no response');
  const link = await vehicleLinks.get(ctx, [ride.response.driver, device.address]);
  if (!link || !isActiveVehicleOfRide(ride, link)) {
    throw permissionDenied('request.device', 'is not a vehicle component linked to this ride’s driver and vehicle');
  }
  const observation = readCommittedJson(ctx, 'vehicleObservation', VehicleObservation, payload.observationCommitment, 'the vehicle');
  const details = readRequestDetails(ctx, ride);
  const pin = checkPin(ctx, ride, observation);
  const decision = decidePickup(ride.rules, distanceMm(details.pickup, observation.position), payload.face, payload.voice, pin);
  const check: PickupCheck = {
    outcome: decision.outcome,
    method: decision.outcome === 'verified' ? decision.method : undefined,
    reason: decision.outcome === 'identity-failed' ? decision.reason : undefined,
    vehicleDevice: device.address,
    face: payload.face,
    voice: payload.voice,
    pinTyped: pin !== 'absent',
    atMs: ctx.nowMs,
    txId: ctx.txId,
  };
  return record(ctx, ride, device.address, decision, check);
}

async function record(ctx: LedgerContext, ride: RideRecord, by: string, decision: PickupDecision, check: PickupCheck): Promise<RideRecord> {
  if (decision.outcome === 'verified') {
    const updated = await changeRide(ctx, ride, 'pickup-verified', by, { pickup: { ...ride.pickup, last: check } });
    ctx.events.emit('rideshare.RiderVerified', rideRecipients(updated), { rideId: ride.rideId, method: decision.method });
    return updated;
  }
  const failedAttempts = ride.pickup.failedAttempts + (decision.outcome === 'identity-failed' ? 1 : 0);
  const pickup = { failedAttempts, last: check };
  if (decision.outcome === 'identity-failed' && failedAttempts >= ride.rules.maxPickupAttempts) {
    const detail = `rider not confirmed after ${failedAttempts} identity checks (last: ${decision.reason})`;
    const failure = { code: 'pickup-failed' as const, detail, atMs: ctx.nowMs, txId: ctx.txId };
    const updated = await changeRide(ctx, ride, 'pickup-fail', by, { pickup, failure });
    noticeStatus(ctx, 'rideshare.PickupFailed', updated, { outcome: decision.outcome, failedAttempts, detail });
    return updated;
  }
  const updated = await changeRide(ctx, ride, 'pickup-retry', by, { pickup });
  ctx.events.emit('rideshare.PickupCheckFailed', rideRecipients(updated), {
    rideId: ride.rideId,
    outcome: decision.outcome,
    reason: decision.outcome === 'identity-failed' ? decision.reason : 'vehicle not within the pickup radius',
    failedAttempts,
    attemptsLeft: ride.rules.maxPickupAttempts - failedAttempts,
  });
  return updated;
}
