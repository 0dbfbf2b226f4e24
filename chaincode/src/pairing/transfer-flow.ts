import { verifyDeviceRequest, verifyDeviceRequestArgument } from '../devices/device-registry';
import { VEHICLE_COMPONENT_TYPES } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { parseJsonArgument } from '../lib/validate';
import { TRANSFER_CONFIRMATION_TTL_MS } from './pairing-config';
import { transferIdFor } from './pairing-ids';
import { activeOwnerOf, belongsToVehicle, pairingsOfVehicle } from './pairing-lookup';
import { AUTOMAKER, toComponents } from './pairing-notices';
import type { TransferRecord, VehicleRecord } from './pairing-record-types';
import { isActive } from './pairing-status';
import {
  createEndorsed,
  invitations,
  invitationsByVin,
  requests,
  requestsByApprover,
  requestsByVin,
  transfers,
  transfersByVin,
  vehicles,
} from './pairing-store';
import { ConfirmTransferArgument, ConfirmTransferPayload, RequestTransferPayload, TransferArgument } from './pairing-types';
import { endPairing } from './pairing-writes';
import { updateRequest } from './secondary-pairing';

/**
 * Ownership transfer. The automaker (registry authority: sale, title change, repossession) transfers
 * at once; the old owner's phone may start a transfer that takes effect when at least two
 * components of the vehicle confirm it. Either way every pairing of the vehicle is revoked, open
 * requests and invitations for it are cancelled, and the ownership epoch advances, so the new
 * owner pre-pairs from scratch.
 */
export async function transferByAutomaker(ctx: LedgerContext, argJson: string): Promise<TransferRecord> {
  const arg = parseJsonArgument(TransferArgument, argJson, 'transfer');
  const vehicle = await vehicles.require(ctx, [arg.vin]);
  // A pending owner-initiated transfer can no longer be confirmed: the epoch moves on.
  return completeTransfer(ctx, vehicle, newTransfer(ctx, vehicle, 'automaker', ctx.callerMspId, arg.reason), []);
}

export async function requestTransferByOwner(ctx: LedgerContext, argJson: string): Promise<TransferRecord> {
  const { device: phone, payload } = await verifyDeviceRequestArgument(
    ctx,
    argJson,
    { action: 'pairing.requestTransfer', payload: RequestTransferPayload, deviceTypes: ['owner-phone'] },
    'transfer',
  );
  const vehicle = await vehicles.require(ctx, [payload.vin]);
  const owner = await activeOwnerOf(ctx, vehicle);
  if (owner?.device.address !== phone.address) throw permissionDenied('transfer.device', `only the owner phone of ${payload.vin} may start a transfer`);
  await refuseOpenTransfer(ctx, vehicle.vin);
  const transfer: TransferRecord = {
    ...newTransfer(ctx, vehicle, 'owner', phone.address, payload.reason),
    expiresAtMs: ctx.nowMs + TRANSFER_CONFIRMATION_TTL_MS,
  };
  await createEndorsed(ctx, transfers, [transfer.transferId], transfer);
  await transfersByVin.add(ctx, [transfer.vin, transfer.transferId]);
  ctx.events.emit('pairing.OwnershipTransferRequested', [AUTOMAKER, toDevice(phone.address), ...toComponents(vehicle.components)], {
    transferId: transfer.transferId,
    vin: transfer.vin,
    expiresAtMs: transfer.expiresAtMs ?? 0,
  });
  return transfer;
}

export async function confirmTransfer(ctx: LedgerContext, argJson: string): Promise<TransferRecord> {
  const arg = parseJsonArgument(ConfirmTransferArgument, argJson, 'confirmation');
  const transfer = await transfers.require(ctx, [arg.transferId]);
  if (transfer.status !== 'pending-confirmation') throw failedPrecondition('transfer.status', `is ${transfer.status}`);
  if ((transfer.expiresAtMs ?? 0) <= ctx.nowMs) throw failedPrecondition('transfer.expiresAtMs', 'the transfer request has expired');
  const vehicle = await vehicles.require(ctx, [transfer.vin]);
  if (vehicle.ownershipEpoch !== transfer.fromEpoch) throw failedPrecondition('transfer.fromEpoch', 'ownership changed since the request');
  const confirmedBy: string[] = [];
  for (const [index, candidate] of arg.confirmations.entries()) {
    const name = `confirmation.confirmations[${index}]`;
    const { device, payload } = await verifyDeviceRequest(
      ctx,
      candidate,
      { action: 'pairing.confirmTransfer', payload: ConfirmTransferPayload, deviceTypes: VEHICLE_COMPONENT_TYPES },
      name,
    );
    if (confirmedBy.includes(device.address)) throw invalidArgument(`${name}.device`, 'repeats a component: confirmations must come from distinct components');
    if (payload.transferId !== transfer.transferId || payload.vin !== transfer.vin) {
      throw invalidArgument(`${name}.payload`, `must confirm transfer ${transfer.transferId} of ${transfer.vin}`);
    }
    if (!belongsToVehicle(device, transfer.vin, vehicle.components)) throw permissionDenied(`${name}.device`, `is not a component of ${transfer.vin}`);
    confirmedBy.push(device.address);
  }
  return completeTransfer(ctx, vehicle, transfer, confirmedBy.sort());
}

function newTransfer(ctx: LedgerContext, vehicle: VehicleRecord, initiatedBy: 'automaker' | 'owner', initiator: string, reason: string): TransferRecord {
  return {
    transferId: transferIdFor(ctx.txId, vehicle.vin),
    vin: vehicle.vin,
    initiatedBy,
    initiator,
    reason,
    status: 'pending-confirmation',
    confirmedBy: [],
    revokedPairingIds: [],
    fromEpoch: vehicle.ownershipEpoch,
    createdAtMs: ctx.nowMs,
    createdTxId: ctx.txId,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
}

async function refuseOpenTransfer(ctx: LedgerContext, vin: string): Promise<void> {
  for (const [, transferId] of await transfersByVin.list(ctx, [vin])) {
    const open = await transfers.require(ctx, [transferId ?? '']);
    if (open.status === 'pending-confirmation' && (open.expiresAtMs ?? 0) > ctx.nowMs) {
      throw alreadyExists('transfer.vin', `transfer ${open.transferId} of ${vin} awaits confirmation`);
    }
  }
}

async function completeTransfer(ctx: LedgerContext, vehicle: VehicleRecord, transfer: TransferRecord, confirmedBy: string[]): Promise<TransferRecord> {
  const live = (await pairingsOfVehicle(ctx, vehicle.vin)).filter((pairing) => isActive(pairing, ctx.nowMs));
  const completed: TransferRecord = {
    ...transfer,
    status: 'completed',
    confirmedBy,
    revokedPairingIds: live.map((pairing) => pairing.pairingId),
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  const isNew = !(await transfers.exists(ctx, [transfer.transferId]));
  if (isNew) {
    await createEndorsed(ctx, transfers, [completed.transferId], completed);
    await transfersByVin.add(ctx, [completed.vin, completed.transferId]);
  } else {
    await transfers.put(ctx, [completed.transferId], completed);
  }
  ctx.events.emit('pairing.OwnershipTransferred', [AUTOMAKER, ...toComponents(vehicle.components), ...(vehicle.ownerDevice ? [toDevice(vehicle.ownerDevice)] : [])], {
    transferId: completed.transferId,
    vin: completed.vin,
    initiatedBy: completed.initiatedBy,
    revokedPairingIds: completed.revokedPairingIds,
    ownershipEpoch: vehicle.ownershipEpoch + 1,
  });
  for (const pairing of live) await endPairing(ctx, pairing, 'revoked', 'ownership of the vehicle was transferred');
  await cancelOpenBusiness(ctx, vehicle.vin);
  await vehicles.put(ctx, [vehicle.vin], {
    ...vehicle,
    ownerDevice: undefined,
    ownerPairingId: undefined,
    ownershipEpoch: vehicle.ownershipEpoch + 1,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  });
  return completed;
}

/** Requests and invitations for the vehicle were addressed to the old owner: they end with the transfer. */
async function cancelOpenBusiness(ctx: LedgerContext, vin: string): Promise<void> {
  for (const [, requestId] of await requestsByVin.list(ctx, [vin])) {
    const request = await requests.require(ctx, [requestId ?? '']);
    if (request.status !== 'pending' && request.status !== 'awaiting-owner-pre-pairing') continue;
    if (request.approver) await requestsByApprover.remove(ctx, [request.approver, request.requestId]);
    await updateRequest(ctx, request, { status: 'cancelled', statusReason: 'ownership of the vehicle was transferred' });
  }
  for (const [, invitationId] of await invitationsByVin.list(ctx, [vin])) {
    const invitation = await invitations.require(ctx, [invitationId ?? '']);
    if (invitation.status !== 'open') continue;
    await invitations.put(ctx, [invitation.invitationId], {
      ...invitation,
      status: 'cancelled',
      statusReason: 'ownership of the vehicle was transferred',
      updatedAtMs: ctx.nowMs,
      updatedTxId: ctx.txId,
    });
  }
}
