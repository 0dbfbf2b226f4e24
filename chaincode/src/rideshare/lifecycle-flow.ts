import type { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { parseJsonArgument } from '../lib/validate';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import type { DeviceRecord } from '../devices/device-types';
import { noticeStatus } from './ride-notices';
import type { RideRecord, VehicleLinkRecord } from './ride-record-types';
import type { RideAction } from './ride-status';
import { changeRide, requireAllowed, requireRide } from './ride-writes';
import { partyOf, requireParty, type RideParty } from './rideshare-access';
import { vehicleLinks } from './rideshare-store';
import { OperatorCancelArg, ResolveDisputeArg, RideActionPayload } from './rideshare-types';
import { VEHICLE_VERDICT_TYPES } from './vehicle-link-flow';

const OPERATOR_BY = 'org:MobilityMSP';

export async function linkOfDevice(ctx: LedgerContext, ride: RideRecord, device: DeviceRecord): Promise<VehicleLinkRecord | undefined> {
  if (!ride.response || !(VEHICLE_VERDICT_TYPES as readonly string[]).includes(device.type)) return undefined;
  return vehicleLinks.get(ctx, [ride.response.driver, device.address]);
}

interface PartyActionSpec {
  readonly signedAction: string;
  readonly rideAction: RideAction;
  readonly parties: readonly RideParty[];
  readonly needsReason: boolean;
  readonly notice: string;
  readonly verb: string;
}

async function partyAction(ctx: LedgerContext, requestJson: string, spec: PartyActionSpec): Promise<RideRecord> {
  const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
    action: spec.signedAction,
    payload: RideActionPayload,
    deviceTypes: ['rider-phone', 'driver-phone', ...VEHICLE_VERDICT_TYPES],
  });
  const ride = await requireRide(ctx, payload.rideId, 'request.payload.rideId');
  requireParty(partyOf(ride, device, await linkOfDevice(ctx, ride, device)), spec.parties, 'request.device', spec.verb);
  requireAllowed(ride, spec.rideAction);
  if (spec.needsReason && !payload.reason) throw invalidArgument('request.payload.reason', `is required to ${spec.verb}`);
  const updated = await changeRide(ctx, ride, spec.rideAction, device.address, {}, payload.reason);
  noticeStatus(ctx, spec.notice, updated);
  return updated;
}

/** Step 220: the driver or the ride's vehicle ends a picked-up ride. */
export function completeRide(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  return partyAction(ctx, requestJson, {
    signedAction: 'rideshare.completeRide',
    rideAction: 'complete',
    parties: ['driver', 'vehicle'],
    needsReason: false,
    notice: 'rideshare.RideCompleted',
    verb: 'complete the ride',
  });
}

/** The rider or the responding driver cancels before pickup. */
export function cancelRide(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  return partyAction(ctx, requestJson, {
    signedAction: 'rideshare.cancelRide',
    rideAction: 'cancel',
    parties: ['rider', 'driver'],
    needsReason: true,
    notice: 'rideshare.RideCancelled',
    verb: 'cancel the ride',
  });
}

/** The rider or the driver disputes an accepted, picked-up or completed ride. */
export function disputeRide(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  return partyAction(ctx, requestJson, {
    signedAction: 'rideshare.disputeRide',
    rideAction: 'dispute',
    parties: ['rider', 'driver'],
    needsReason: true,
    notice: 'rideshare.RideDisputed',
    verb: 'dispute the ride',
  });
}

/** The operator cancels an open ride (no driver found, fraud suspected). */
export async function operatorCancelRide(ctx: LedgerContext, argJson: string): Promise<RideRecord> {
  const arg = parseJsonArgument(OperatorCancelArg, argJson, 'cancel');
  const ride = await requireRide(ctx, arg.rideId, 'cancel.rideId');
  const updated = await changeRide(ctx, ride, 'cancel', OPERATOR_BY, {}, arg.reason);
  noticeStatus(ctx, 'rideshare.RideCancelled', updated);
  return updated;
}

/** The operator settles a dispute as completed or cancelled. */
export async function resolveDispute(ctx: LedgerContext, argJson: string): Promise<RideRecord> {
  const arg = parseJsonArgument(ResolveDisputeArg, argJson, 'resolution');
  const ride = await requireRide(ctx, arg.rideId, 'resolution.rideId');
  const action: RideAction = arg.outcome === 'completed' ? 'resolve-complete' : 'resolve-cancel';
  const updated = await changeRide(ctx, ride, action, OPERATOR_BY, {}, arg.reason);
  noticeStatus(ctx, 'rideshare.DisputeResolved', updated, { outcome: arg.outcome });
  return updated;
}
