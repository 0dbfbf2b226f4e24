import { devices, verifyDeviceRequestArgument } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { SecondaryDeviceOpening, TRANSIENT } from './ownership-types';
import { PHONE_TYPES } from './pairing-access';
import { readConfig, REQUEST_TTL_MS } from './pairing-config';
import { requestIdFor } from './pairing-ids';
import { activeOwnerOf, activePairingFor } from './pairing-lookup';
import { AUTOMAKER } from './pairing-notices';
import type { RequestStatus, SecondaryRequestRecord } from './pairing-record-types';
import { secondaryValidityProblem } from './pairing-status';
import { createEndorsed, requests, requestsByApprover, requestsByVin, storeOpening, vehicles } from './pairing-store';
import { SecondaryDecisionPayload, SecondaryRequestPayload } from './pairing-types';
import { createSecondaryPairing, noticeRequestDecided, noticeRequestToOwner, updateRequest } from './secondary-pairing';
import { readCommittedOpening, refuseUncommittedTransient } from './transient-data';

const OPEN_STATUSES: readonly RequestStatus[] = ['pending', 'awaiting-owner-pre-pairing'];

/**
 * Claim 6, paragraph 62: another device asks to pair with a vehicle; the owner's phone is notified.
 * The vehicle need not have an owner yet: the request then waits (paragraph 64).
 */
export async function requestSecondaryPairing(ctx: LedgerContext, argJson: string): Promise<{ requestId: string; status: RequestStatus; ownerDevice?: string }> {
  const { device, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.requestSecondary', payload: SecondaryRequestPayload, deviceTypes: PHONE_TYPES },
    'request',
  );
  const config = await readConfig(ctx);
  const validity = secondaryValidityProblem(payload.role, payload.validUntilMs, ctx.nowMs, config.maxGuestValidityMs);
  if (validity) throw invalidArgument('request.payload.validUntilMs', validity);
  const opening = payload.deviceDataCommitment
    ? readCommittedOpening(ctx, TRANSIENT.deviceData, SecondaryDeviceOpening, payload.deviceDataCommitment, 'the requesting device')
    : (refuseUncommittedTransient(ctx, TRANSIENT.deviceData), undefined);
  if (await activePairingFor(ctx, payload.vin, device.address)) throw alreadyExists('request.device', `is already paired with ${payload.vin}`);
  for (const [, requestId] of await requestsByVin.list(ctx, [payload.vin])) {
    const other = await requests.require(ctx, [requestId ?? '']);
    if (other.device === device.address && OPEN_STATUSES.includes(other.status) && other.expiresAtMs > ctx.nowMs) {
      throw alreadyExists('request.device', `already has open request ${other.requestId} for ${payload.vin}`);
    }
  }
  const owner = await activeOwnerOf(ctx, await vehicles.get(ctx, [payload.vin]));
  const request: SecondaryRequestRecord = {
    requestId: requestIdFor(ctx.txId, payload.vin, device.address),
    vin: payload.vin,
    device: device.address,
    deviceType: device.type,
    role: payload.role,
    requestedValidUntilMs: payload.validUntilMs,
    deviceDataCommitment: payload.deviceDataCommitment,
    status: 'pending',
    expiresAtMs: ctx.nowMs + REQUEST_TTL_MS,
    createdAtMs: ctx.nowMs,
    createdTxId: ctx.txId,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  await createEndorsed(ctx, requests, [request.requestId], request);
  await requestsByVin.add(ctx, [request.vin, request.requestId]);
  if (payload.deviceDataCommitment && opening) await storeOpening(ctx, payload.deviceDataCommitment, opening);
  const ownerDevice = owner?.device.address;
  noticeRequestToOwner(ctx, request, ownerDevice);
  return ownerDevice ? { requestId: request.requestId, status: request.status, ownerDevice } : { requestId: request.requestId, status: request.status };
}

/**
 * Claim 6, paragraphs 62-64: the owner's phone approves (after a local biometric check, of which only
 * the fact is recorded) or rejects. Only the vehicle's owner phone may decide. If the vehicle has no
 * pre-paired owner yet, an approval waits and completes when the approving phone pre-pairs as owner.
 */
export async function decideSecondaryPairing(
  ctx: LedgerContext,
  argJson: string,
): Promise<{ requestId: string; status: RequestStatus; pairingId?: string }> {
  const { device: approver, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.decideSecondary', payload: SecondaryDecisionPayload, deviceTypes: ['owner-phone'] },
    'decision',
  );
  const request = await requests.require(ctx, [payload.requestId]);
  if (request.status !== 'pending') throw failedPrecondition('request.status', `is ${request.status}; only a pending request can be decided`);
  if (request.expiresAtMs <= ctx.nowMs) throw failedPrecondition('request.expiresAtMs', 'the request has expired');
  const vehicle = await vehicles.get(ctx, [request.vin]);
  const owner = await activeOwnerOf(ctx, vehicle);
  if (owner && owner.device.address !== approver.address) {
    throw permissionDenied('decision.device', `only the owner phone of ${request.vin} may decide`);
  }
  if (payload.decision === 'reject') {
    if (!owner) throw failedPrecondition('vehicle.owner', `${request.vin} has no pre-paired owner yet; only an approval can wait for one`);
    await updateRequest(ctx, request, { status: 'rejected', approver: approver.address, biometricCheck: payload.biometricCheck, statusReason: 'rejected by the owner' });
    noticeRequestDecided(ctx, request, approver.address, 'rejected', undefined, 'rejected by the owner');
    return { requestId: request.requestId, status: 'rejected' };
  }
  if (!payload.biometricCheck) {
    throw invalidArgument('decision.payload.biometricCheck', 'is required to approve: the owner confirms with a local biometric check');
  }
  const role = payload.role ?? request.role;
  const validUntilMs = payload.validUntilMs ?? request.requestedValidUntilMs;
  const config = await readConfig(ctx);
  const validity = secondaryValidityProblem(role, validUntilMs, ctx.nowMs, config.maxGuestValidityMs);
  if (validity) throw invalidArgument('decision.payload.validUntilMs', validity);
  const requester = await devices.get(ctx, [request.device]);
  if (requester?.status !== 'active') throw failedPrecondition('request.device', `the requesting device is ${requester?.status ?? 'unknown'}`);
  if (!owner || !vehicle) {
    await updateRequest(ctx, request, {
      status: 'awaiting-owner-pre-pairing',
      approver: approver.address,
      biometricCheck: payload.biometricCheck,
      grantedRole: role,
      grantedValidUntilMs: validUntilMs,
      statusReason: 'approved; completes when the approving phone pre-pairs as the owner',
    });
    await requestsByApprover.add(ctx, [approver.address, request.requestId]);
    // Paragraph 64: ask the owner's phone to start its own pre-pairing.
    ctx.events.emit('pairing.OwnerPrePairingRequired', [toDevice(approver.address), AUTOMAKER], { requestId: request.requestId, vin: request.vin });
    return { requestId: request.requestId, status: 'awaiting-owner-pre-pairing' };
  }
  if (await activePairingFor(ctx, request.vin, request.device)) throw alreadyExists('request.device', `is already paired with ${request.vin}`);
  const pairing = await createSecondaryPairing(ctx, request, vehicle, owner.pairing, {
    role,
    validUntilMs,
    approver: approver.address,
    biometricCheck: payload.biometricCheck,
  });
  return { requestId: request.requestId, status: 'approved', pairingId: pairing.pairingId };
}
