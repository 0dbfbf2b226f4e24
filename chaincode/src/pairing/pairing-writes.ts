import type { LedgerContext } from '../lib/context';
import { noticeUnpaired } from './pairing-notices';
import type { PairingRecord } from './pairing-record-types';
import { createEndorsed, pairings, pairingsByDevice, pairingsByVin } from './pairing-store';

export type NewPairing = Omit<PairingRecord, 'status' | 'pairingEnabled' | 'mismatchCount' | 'createdAtMs' | 'createdTxId' | 'updatedAtMs' | 'updatedTxId'>;

/** Writes a new pre-pairing record under the automaker's key-level endorsement, with its indexes. */
export async function createPairing(ctx: LedgerContext, fields: NewPairing): Promise<PairingRecord> {
  const record: PairingRecord = {
    ...fields,
    status: 'pre-paired',
    pairingEnabled: false,
    mismatchCount: 0,
    createdAtMs: ctx.nowMs,
    createdTxId: ctx.txId,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  await createEndorsed(ctx, pairings, [record.pairingId], record);
  await pairingsByVin.add(ctx, [record.vin, record.pairingId]);
  await pairingsByDevice.add(ctx, [record.device, record.pairingId]);
  return record;
}

export async function updatePairing(ctx: LedgerContext, pairing: PairingRecord, changes: Partial<PairingRecord>): Promise<PairingRecord> {
  const updated: PairingRecord = { ...pairing, ...changes, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId };
  await pairings.put(ctx, [pairing.pairingId], updated);
  return updated;
}

/** Ends a pairing (revoked or expired) and tells everyone who held it. The record stays for history. */
export async function endPairing(
  ctx: LedgerContext,
  pairing: PairingRecord,
  status: 'revoked' | 'expired',
  reason: string,
  ownerDevice?: string,
): Promise<PairingRecord> {
  const ended = await updatePairing(ctx, pairing, { status, statusReason: reason, pairingEnabled: false });
  noticeUnpaired(ctx, ended, reason, ownerDevice === pairing.device ? undefined : ownerDevice);
  return ended;
}
