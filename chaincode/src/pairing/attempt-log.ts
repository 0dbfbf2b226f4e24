import type { LedgerContext } from '../lib/context';
import { toDevice } from '../lib/events';
import { attemptIdFor } from './pairing-ids';
import { AUTOMAKER, compact } from './pairing-notices';
import type { AttemptRecord } from './pairing-record-types';
import { attempts, attemptsByVin, sortableTime } from './pairing-store';

export type AttemptFields = Omit<AttemptRecord, 'attemptId' | 'atMs' | 'txId'>;

/**
 * Records a pre-pairing attempt. A rejected attempt is a successful transaction that writes only
 * this record (and the consumed nonces), and tells the automaker and the device why.
 */
export async function recordAttempt(ctx: LedgerContext, fields: AttemptFields): Promise<AttemptRecord> {
  const record: AttemptRecord = { ...fields, attemptId: attemptIdFor(ctx.txId), atMs: ctx.nowMs, txId: ctx.txId };
  await attempts.create(ctx, [record.attemptId], record);
  await attemptsByVin.add(ctx, [record.vin, sortableTime(record.atMs), record.attemptId]);
  if (record.outcome === 'rejected') {
    ctx.events.emit('pairing.AttemptRejected', [AUTOMAKER, toDevice(record.device)], compact({
      attemptId: record.attemptId,
      kind: record.kind,
      vin: record.vin,
      device: record.device,
      components: record.components,
      reasons: record.reasons,
      details: record.details,
      invitationId: record.invitationId,
    }));
  }
  return record;
}
