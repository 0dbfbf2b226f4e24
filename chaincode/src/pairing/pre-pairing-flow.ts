import { verifyDeviceRequest } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { parseJsonArgument } from '../lib/validate';
import { recordAttempt } from './attempt-log';
import { componentAddresses, digitalKeyReport, verifyComponentReports } from './component-reports';
import { differingOwnershipFields } from './ownership';
import { PhoneOwnershipOpening, TRANSIENT, VehicleOwnershipOpening } from './ownership-types';
import { checkOwnerSlot, establishOwnerPairing } from './owner-pairing';
import { readConfig } from './pairing-config';
import { REJECTION_REASONS, type RejectionReason } from './pairing-record-types';
import { storeOpening, vehicles } from './pairing-store';
import { PrePairArgument, PrePairRequestPayload } from './pairing-types';
import { readCommittedOpening } from './transient-data';
import { assessComponentReports } from './vehicle-reports';

export type PrePairOutcome =
  | { outcome: 'pre-paired'; attemptId: string; pairingId: string; completedRequestPairings: string[] }
  | { outcome: 'rejected'; attemptId: string; reasons: RejectionReason[]; details: string[] };

export function sortReasons(reasons: Iterable<RejectionReason>): RejectionReason[] {
  const set = new Set(reasons);
  return REJECTION_REASONS.filter((reason) => set.has(reason));
}

/**
 * Claim 1: the owner's phone and at least two components of the vehicle (one of them the
 * digital-key-ecu with the vehicle's ownership data) report; if the components agree, the vehicle
 * is on and the common ownership fields match, the phone is pre-paired with the vehicle.
 *
 * Throws (nothing recorded): malformed arguments, fewer than two or repeated components, bad,
 * forged, expired or replayed signatures, unregistered or inactive devices, reports bound to
 * another device, private data that does not match its signed commitment, and state conflicts.
 * Records a rejection (the transaction succeeds): properly signed reports that disagree.
 */
export async function prePair(ctx: LedgerContext, argJson: string): Promise<PrePairOutcome> {
  const arg = parseJsonArgument(PrePairArgument, argJson, 'prePairing');
  const { device: phone, payload } = await verifyDeviceRequest(
    ctx,
    arg.device,
    { action: 'pairing.requestPrePairing', payload: PrePairRequestPayload, deviceTypes: ['owner-phone'] },
    'prePairing.device',
  );
  const reports = await verifyComponentReports(ctx, arg.reports, 'prePairing.reports', { forDevice: phone.address });
  const digitalKey = digitalKeyReport(reports, 'prePairing.reports', true);
  const vehicleCommitment = digitalKey?.payload.ownershipCommitment ?? '';
  const phoneOpening = readCommittedOpening(ctx, TRANSIENT.deviceOwnership, PhoneOwnershipOpening, payload.ownershipCommitment, 'the phone');
  const vehicleOpening = readCommittedOpening(ctx, TRANSIENT.vehicleOwnership, VehicleOwnershipOpening, vehicleCommitment, 'the digital-key-ecu');

  const existingVehicle = await vehicles.get(ctx, [payload.vin]);
  const superseded = await checkOwnerSlot(ctx, payload.vin, phone.address, existingVehicle, 'prePairing.device');

  const assessment = assessComponentReports(reports, payload.vin);
  const reasons: RejectionReason[] = [...assessment.reasons];
  const details = [...assessment.details];
  const differing = differingOwnershipFields(phoneOpening.data, vehicleOpening.data, payload.vin);
  if (differing.length > 0) {
    reasons.push('ownership-mismatch');
    details.push(`common ownership fields differ: ${differing.join(', ')}`);
  }
  const components = componentAddresses(reports);
  const common = { kind: 'pre-pairing' as const, vin: payload.vin, device: phone.address, components, reportedVins: assessment.reportedVins };
  if (reasons.length > 0 || !assessment.agreed) {
    const attempt = await recordAttempt(ctx, { ...common, outcome: 'rejected', reasons: sortReasons(reasons), details });
    return { outcome: 'rejected', attemptId: attempt.attemptId, reasons: attempt.reasons, details };
  }

  await storeOpening(ctx, payload.ownershipCommitment, phoneOpening);
  await storeOpening(ctx, vehicleCommitment, vehicleOpening);
  const result = await establishOwnerPairing(
    ctx,
    {
      phone,
      identification: assessment.agreed,
      components,
      deviceDataCommitment: payload.ownershipCommitment,
      vehicleOwnershipCommitment: vehicleCommitment,
      origin: 'pre-pairing',
      existingVehicle,
      superseded,
    },
    await readConfig(ctx),
  );
  const attempt = await recordAttempt(ctx, { ...common, outcome: 'pre-paired', reasons: [], details: [], pairingId: result.pairing.pairingId });
  return {
    outcome: 'pre-paired',
    attemptId: attempt.attemptId,
    pairingId: result.pairing.pairingId,
    completedRequestPairings: result.completedRequestPairings,
  };
}
