import type { DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition } from '../lib/errors';
import type { CaptureRecord, RetakePayload } from './audit-types';
import { requireAuditDevice, requireOpenWindow } from './check-in';
import { verifierCandidates } from './crew';
import { finalizeIfResolved } from './finalize';
import { indexKey } from './ids';
import { lenderOnly, noticePhotoReuse, noticeVerificationRequests } from './notices';
import { PhotoRegister } from './photo-use';
import { audits, captures, lots } from './store';
import { checkCaptureInput } from './submission-rules';
import { openTasks } from './verifier-tasks';

/**
 * Sent back to a vehicle whose photo could not be verified, the auditor retakes the photo (a new
 * attempt for the crowd) or types the VIN, which then counts as a manual entry (factor 4).
 */
export async function retake(ctx: LedgerContext, device: DeviceRecord, payload: RetakePayload): Promise<object> {
  const audit = await audits.require(ctx, [payload.auditId]);
  requireOpenWindow(ctx, audit, ['verifying']);
  requireAuditDevice(audit, device);
  const capture = await captures.require(ctx, [audit.auditId, indexKey(payload.captureIndex)]);
  if (capture.state !== 'retake-requested') throw failedPrecondition('capture.state', `is ${capture.state}; a retake was not requested`);
  checkCaptureInput(payload, 'request.payload');
  const lot = await lots.require(ctx, [audit.lotId]);
  const attempt = capture.attempt + 1;
  const reuse = payload.photoHash
    ? await new PhotoRegister(ctx).use(payload.photoHash, { auditId: audit.auditId, lotId: lot.lotId, captureIndex: capture.index, attempt })
    : undefined;
  const { consensus, ...rest } = capture;
  const updated: CaptureRecord = {
    ...rest,
    attempt,
    photoHash: payload.photoHash,
    vinRead: payload.vinRead,
    manualEntry: payload.manualEntry,
    vehicleGps: payload.vehicleGps,
    deviceGps: payload.deviceGps,
    capturedAtMs: payload.capturedAtMs,
    state: payload.manualEntry ? 'manual' : 'verifying',
    verifiers: payload.manualEntry ? [] : await openTasks(ctx, audit, { auditId: audit.auditId, index: capture.index, attempt }, await verifierCandidates(ctx)),
    photoReuse: reuse ? [...capture.photoReuse, reuse] : capture.photoReuse,
    previousAttempts: [...capture.previousAttempts, { attempt: capture.attempt, photoHash: capture.photoHash, manualEntry: capture.manualEntry, consensus }],
    updatedAtMs: ctx.nowMs,
  };
  await captures.put(ctx, [audit.auditId, indexKey(capture.index)], updated);
  ctx.events.emit('vinaudit.RetakeSubmitted', lenderOnly(lot), { auditId: audit.auditId, captureIndex: capture.index, attempt, manualEntry: payload.manualEntry });
  noticePhotoReuse(ctx, lot, updated);
  noticeVerificationRequests(ctx, audit.auditId, [updated]);
  const verdict = await finalizeIfResolved(ctx, audit, [updated]);
  return { auditId: audit.auditId, captureIndex: capture.index, attempt, state: updated.state, verifiersAssigned: updated.verifiers.length, outcome: verdict?.outcome };
}
