import { devices } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { toDevice } from '../lib/events';
import { pairingIdFor } from './pairing-ids';
import { activePairingFor } from './pairing-lookup';
import { AUTOMAKER, compact, noticeDeviceData, noticePrePaired } from './pairing-notices';
import type { PairingRecord, SecondaryRequestRecord, VehicleRecord } from './pairing-record-types';
import { secondaryValidityProblem } from './pairing-status';
import { requests, requestsByApprover, requestsByVin } from './pairing-store';
import type { BiometricCheck, PairingConfig, SecondaryRole } from './pairing-types';
import { createPairing } from './pairing-writes';

export interface Grant {
  readonly role: SecondaryRole;
  readonly validUntilMs: number | undefined;
  readonly approver: string;
  readonly biometricCheck: BiometricCheck | undefined;
}

export async function updateRequest(
  ctx: LedgerContext,
  request: SecondaryRequestRecord,
  changes: Partial<SecondaryRequestRecord>,
): Promise<SecondaryRequestRecord> {
  const updated: SecondaryRequestRecord = { ...request, ...changes, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId };
  await requests.put(ctx, [request.requestId], updated);
  return updated;
}

/** Pre-pairs the requesting device with the vehicle on the owner's approval (claim 6). */
export async function createSecondaryPairing(
  ctx: LedgerContext,
  request: SecondaryRequestRecord,
  vehicle: VehicleRecord,
  ownerPairing: PairingRecord,
  grant: Grant,
): Promise<PairingRecord> {
  const pairing = await createPairing(ctx, {
    pairingId: pairingIdFor(ctx.txId, request.vin, request.device),
    vin: request.vin,
    device: request.device,
    deviceType: request.deviceType,
    role: grant.role,
    origin: 'secondary-approval',
    components: vehicle.components,
    vehicleDataHash: vehicle.vehicleDataHash,
    deviceDataCommitment: request.deviceDataCommitment,
    ownerPairingId: ownerPairing.pairingId,
    approvedBy: grant.approver,
    biometricCheck: grant.biometricCheck,
    requestId: request.requestId,
    validUntilMs: grant.validUntilMs,
    ownershipEpoch: vehicle.ownershipEpoch,
  });
  await updateRequest(ctx, request, {
    status: 'approved',
    approver: grant.approver,
    biometricCheck: grant.biometricCheck,
    grantedRole: grant.role,
    grantedValidUntilMs: grant.validUntilMs,
    pairingId: pairing.pairingId,
  });
  noticePrePaired(ctx, pairing, vehicle.identification);
  noticeDeviceData(ctx, pairing);
  noticeRequestDecided(ctx, request, ownerPairing.device, 'approved', pairing.pairingId);
  return pairing;
}

export function noticeRequestDecided(
  ctx: LedgerContext,
  request: SecondaryRequestRecord,
  ownerDevice: string,
  status: string,
  pairingId?: string,
  reason?: string,
): void {
  ctx.events.emit('pairing.SecondaryDecided', [toDevice(request.device), toDevice(ownerDevice), AUTOMAKER], compact({
    requestId: request.requestId,
    vin: request.vin,
    device: request.device,
    status,
    pairingId,
    reason,
  }));
}

/** Tells the owner's phone that a device asks to pair with the vehicle (paragraph 62). */
export function noticeRequestToOwner(ctx: LedgerContext, request: SecondaryRequestRecord, ownerDevice: string | undefined): void {
  const to = [toDevice(request.device), AUTOMAKER];
  if (ownerDevice) to.push(toDevice(ownerDevice));
  ctx.events.emit('pairing.SecondaryRequested', to, compact({
    requestId: request.requestId,
    vin: request.vin,
    device: request.device,
    deviceType: request.deviceType,
    role: request.role,
    validUntilMs: request.requestedValidUntilMs,
    expiresAtMs: request.expiresAtMs,
    ownerDevice,
  }));
}

/**
 * Paragraph 64: approvals made before the owner's phone was pre-paired complete in the owner's
 * pre-pairing transaction. An approval by a phone that did not become the owner goes back to the
 * (new) owner for a decision; a lapsed or no longer valid one ends.
 */
export async function completeWaitingRequests(
  ctx: LedgerContext,
  vehicle: VehicleRecord,
  ownerPairing: PairingRecord,
  config: PairingConfig,
): Promise<string[]> {
  const completed: string[] = [];
  for (const [, requestId] of await requestsByVin.list(ctx, [vehicle.vin])) {
    const request = await requests.require(ctx, [requestId ?? '']);
    if (request.status !== 'awaiting-owner-pre-pairing' || !request.approver) continue;
    await requestsByApprover.remove(ctx, [request.approver, request.requestId]);
    if (request.approver !== ownerPairing.device) {
      const reopened = await updateRequest(ctx, request, {
        status: 'pending',
        approver: undefined,
        biometricCheck: undefined,
        grantedRole: undefined,
        grantedValidUntilMs: undefined,
        statusReason: 'approved by a phone that is not the owner; the owner decides',
      });
      noticeRequestToOwner(ctx, reopened, ownerPairing.device);
      continue;
    }
    const role = request.grantedRole ?? request.role;
    const validUntilMs = request.grantedValidUntilMs;
    const end = await endingOf(ctx, request, role, validUntilMs, config);
    if (end) {
      await updateRequest(ctx, request, { status: end.status, statusReason: end.reason });
      noticeRequestDecided(ctx, request, ownerPairing.device, end.status, undefined, end.reason);
      continue;
    }
    const pairing = await createSecondaryPairing(ctx, request, vehicle, ownerPairing, {
      role,
      validUntilMs,
      approver: request.approver,
      biometricCheck: request.biometricCheck,
    });
    completed.push(pairing.pairingId);
  }
  return completed;
}

async function endingOf(
  ctx: LedgerContext,
  request: SecondaryRequestRecord,
  role: SecondaryRole,
  validUntilMs: number | undefined,
  config: PairingConfig,
): Promise<{ status: 'expired' | 'rejected'; reason: string } | undefined> {
  if (request.expiresAtMs <= ctx.nowMs) return { status: 'expired', reason: 'the request lapsed before the owner pre-paired' };
  const validity = secondaryValidityProblem(role, validUntilMs, ctx.nowMs, config.maxGuestValidityMs);
  if (validity) return { status: 'expired', reason: `granted validity ${validity}` };
  const device = await devices.get(ctx, [request.device]);
  if (!device || device.status !== 'active') return { status: 'rejected', reason: 'the requesting device is no longer active' };
  if (await activePairingFor(ctx, request.vin, request.device)) return { status: 'rejected', reason: 'the device is already paired with the vehicle' };
  return undefined;
}
