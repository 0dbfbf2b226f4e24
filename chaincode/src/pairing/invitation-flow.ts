import type { Static } from '@sinclair/typebox';
import { requireActiveDevice, verifyDeviceRequestArgument } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { parseJsonArgument } from '../lib/validate';
import { recordAttempt } from './attempt-log';
import { componentAddresses, digitalKeyReport, verifyComponentReports } from './component-reports';
import { differingOwnerIdentityFields } from './ownership';
import { PhoneOwnershipOpening, TRANSIENT, VehicleOwnershipOpening } from './ownership-types';
import { checkOwnerSlot, establishOwnerPairing } from './owner-pairing';
import { INVITATION_TTL_MS, readConfig } from './pairing-config';
import { invitationIdFor } from './pairing-ids';
import { activePairingFor } from './pairing-lookup';
import { AUTOMAKER, toComponents } from './pairing-notices';
import type { InvitationRecord, RejectionReason } from './pairing-record-types';
import { effectiveStatus, isActive } from './pairing-status';
import { createEndorsed, invitations, invitationsByVin, pairings, storeOpening, vehicles } from './pairing-store';
import { AnswerInvitationArgument, InviteVehiclesPayload } from './pairing-types';
import { sortReasons, type PrePairOutcome } from './pre-pairing-flow';
import { readCommittedOpening, readStoredOpening, refuseUncommittedTransient } from './transient-data';
import { assessComponentReports } from './vehicle-reports';

/**
 * Claim 7, paragraph 66: the owner's pre-paired phone lists other vehicles; each gets an
 * invitation, sent to the automaker (which reaches the vehicle) and to its known components.
 */
export async function inviteVehicles(ctx: LedgerContext, argJson: string): Promise<{ invitations: { invitationId: string; vin: string; expiresAtMs: number }[] }> {
  const { device: phone, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.inviteVehicles', payload: InviteVehiclesPayload, deviceTypes: ['owner-phone'] },
    'invitation',
  );
  const pairing = await pairings.require(ctx, [payload.pairingId]);
  if (pairing.device !== phone.address || pairing.role !== 'owner') {
    throw permissionDenied('invitation.device', 'only the owner phone of this pairing may invite other vehicles');
  }
  if (!isActive(pairing, ctx.nowMs)) throw failedPrecondition('pairing.status', `is ${effectiveStatus(pairing, ctx.nowMs)}`);
  if (!pairing.deviceDataCommitment) throw failedPrecondition('pairing.deviceDataCommitment', 'the owner pairing has no ownership data');
  const created: InvitationRecord[] = [];
  for (const [index, vin] of payload.vins.entries()) {
    const field = `invitation.payload.vins[${index}]`;
    if (vin === pairing.vin) throw invalidArgument(field, 'is the vehicle this pairing is already for');
    if (await activePairingFor(ctx, vin, phone.address)) throw alreadyExists(field, 'the phone is already paired with this vehicle');
    for (const [, invitationId] of await invitationsByVin.list(ctx, [vin])) {
      const open = await invitations.require(ctx, [invitationId ?? '']);
      if (open.status === 'open' && open.ownerDevice === phone.address && open.expiresAtMs > ctx.nowMs) {
        throw alreadyExists(field, `already has open invitation ${open.invitationId}`);
      }
    }
    const invitation: InvitationRecord = {
      invitationId: invitationIdFor(ctx.txId, vin),
      vin,
      ownerDevice: phone.address,
      ownerPairingId: pairing.pairingId,
      ownerCommitment: pairing.deviceDataCommitment,
      status: 'open',
      expiresAtMs: ctx.nowMs + INVITATION_TTL_MS,
      createdAtMs: ctx.nowMs,
      createdTxId: ctx.txId,
      updatedAtMs: ctx.nowMs,
      updatedTxId: ctx.txId,
    };
    await createEndorsed(ctx, invitations, [invitation.invitationId], invitation);
    await invitationsByVin.add(ctx, [vin, invitation.invitationId]);
    created.push(invitation);
  }
  const summary = created.map(({ invitationId, vin, expiresAtMs }) => ({ invitationId, vin, expiresAtMs }));
  ctx.events.emit('pairing.VehiclesInvited', [toDevice(phone.address), AUTOMAKER], { pairingId: pairing.pairingId, invitations: summary });
  for (const invitation of created) {
    const known = await vehicles.get(ctx, [invitation.vin]);
    ctx.events.emit('pairing.VehicleInvited', [AUTOMAKER, ...toComponents(known?.components ?? [])], {
      invitationId: invitation.invitationId,
      vin: invitation.vin,
      ownerDevice: invitation.ownerDevice,
      expiresAtMs: invitation.expiresAtMs,
    });
  }
  return { invitations: summary };
}

/**
 * Claim 7, paragraphs 66-68: an invited vehicle answers with reports of at least two components.
 * Common ownership holds when the vehicle's ownership data (digital-key-ecu, if it sends any)
 * names the same owner, or, without such data, when the VIN is in the owner's committed VIN list.
 * The owner's ownership data, stored at its pre-pairing, comes again in transient `ownerOwnership`.
 */
export async function answerInvitation(ctx: LedgerContext, argJson: string): Promise<PrePairOutcome> {
  const arg = parseJsonArgument(AnswerInvitationArgument, argJson, 'answer');
  const invitation = await invitations.require(ctx, [arg.invitationId]);
  if (invitation.status !== 'open') throw failedPrecondition('invitation.status', `is ${invitation.status}`);
  if (invitation.expiresAtMs <= ctx.nowMs) throw failedPrecondition('invitation.expiresAtMs', 'the invitation has expired');
  const ownerPairing = await pairings.require(ctx, [invitation.ownerPairingId]);
  if (!isActive(ownerPairing, ctx.nowMs)) throw failedPrecondition('invitation.ownerPairingId', 'the inviting owner pairing is no longer active');
  const phone = await requireActiveDevice(ctx, invitation.ownerDevice, 'invitation.ownerDevice');

  const reports = await verifyComponentReports(ctx, arg.reports, 'answer.reports', {
    forDevice: phone.address,
    invitationId: invitation.invitationId,
  });
  const digitalKey = digitalKeyReport(reports, 'answer.reports', false);
  const vehicleCommitment = digitalKey?.payload.ownershipCommitment;
  let vehicleOpening: Static<typeof VehicleOwnershipOpening> | undefined;
  if (vehicleCommitment) {
    vehicleOpening = readCommittedOpening(ctx, TRANSIENT.vehicleOwnership, VehicleOwnershipOpening, vehicleCommitment, 'the digital-key-ecu');
  } else {
    refuseUncommittedTransient(ctx, TRANSIENT.vehicleOwnership);
  }
  // The owner's stored data comes from the client, checked by hash: see readStoredOpening.
  const owner = await readStoredOpening(ctx, TRANSIENT.ownerOwnership, PhoneOwnershipOpening, invitation.ownerCommitment, 'invitation.ownerCommitment');

  const existingVehicle = await vehicles.get(ctx, [invitation.vin]);
  const superseded = await checkOwnerSlot(ctx, invitation.vin, phone.address, existingVehicle, 'invitation.ownerDevice');

  const assessment = assessComponentReports(reports, invitation.vin);
  const reasons: RejectionReason[] = [...assessment.reasons];
  const details = [...assessment.details];
  if (vehicleOpening) {
    const differing = differingOwnerIdentityFields(owner.data, vehicleOpening.data);
    if (vehicleOpening.data.vin !== invitation.vin) differing.unshift('vin');
    if (differing.length > 0) {
      reasons.push('ownership-mismatch');
      details.push(`common ownership fields differ: ${differing.join(', ')}`);
    }
  } else if (!owner.data.vins.includes(invitation.vin)) {
    reasons.push('ownership-unverified');
    details.push('the VIN is not in the owner’s committed VIN list and the vehicle sent no ownership data');
  }
  const components = componentAddresses(reports);
  const common = {
    kind: 'invitation' as const,
    vin: invitation.vin,
    device: phone.address,
    components,
    reportedVins: assessment.reportedVins,
    invitationId: invitation.invitationId,
  };
  if (reasons.length > 0 || !assessment.agreed) {
    const attempt = await recordAttempt(ctx, { ...common, outcome: 'rejected', reasons: sortReasons(reasons), details });
    return { outcome: 'rejected', attemptId: attempt.attemptId, reasons: attempt.reasons, details };
  }

  if (vehicleCommitment && vehicleOpening) await storeOpening(ctx, vehicleCommitment, vehicleOpening);
  const result = await establishOwnerPairing(
    ctx,
    {
      phone,
      identification: assessment.agreed,
      components,
      deviceDataCommitment: invitation.ownerCommitment,
      vehicleOwnershipCommitment: vehicleCommitment,
      origin: 'invitation',
      invitationId: invitation.invitationId,
      ownerPairingId: ownerPairing.pairingId,
      existingVehicle,
      superseded,
    },
    await readConfig(ctx),
  );
  await invitations.put(ctx, [invitation.invitationId], {
    ...invitation,
    status: 'accepted',
    pairingId: result.pairing.pairingId,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  });
  const attempt = await recordAttempt(ctx, { ...common, outcome: 'pre-paired', reasons: [], details: [], pairingId: result.pairing.pairingId });
  return {
    outcome: 'pre-paired',
    attemptId: attempt.attemptId,
    pairingId: result.pairing.pairingId,
    completedRequestPairings: result.completedRequestPairings,
  };
}
