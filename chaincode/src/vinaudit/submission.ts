import type { DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import type { AuditRecord, CaptureRecord, SubmissionRecord, SubmitAuditPayload } from './audit-types';
import { requireAuditDevice, requireOpenWindow } from './check-in';
import { verifierCandidates } from './crew';
import { finalizeIfResolved } from './finalize';
import { indexKey } from './ids';
import { lenderOnly, noticePhotoReuse, noticeVerificationRequests } from './notices';
import { PhotoRegister } from './photo-use';
import { audits, captures, lots, submissions, units } from './store';
import { checkSubmission } from './submission-rules';
import { openTasks } from './verifier-tasks';

/**
 * Claim 1, first messages: the auditor device's signed submission of every vehicle captured, the
 * audit path and motion. Photos go to crowd verifiers (second messages); typed VINs are resolved at
 * once. Photo re-use is detected here and reported in real time.
 */
export async function submitAudit(ctx: LedgerContext, device: DeviceRecord, payload: SubmitAuditPayload): Promise<object> {
  const audit = await audits.require(ctx, [payload.auditId]);
  requireOpenWindow(ctx, audit, ['in-progress']);
  requireAuditDevice(audit, device);
  const lot = await lots.require(ctx, [audit.lotId]);
  const expectedUnitIds = (await units.list(ctx, [lot.lotId])).filter((unit) => unit.status !== 'released').map((unit) => unit.unitId);
  checkSubmission(payload, new Set(expectedUnitIds));
  const candidates = payload.vehicles.some((vehicle) => !vehicle.manualEntry) ? await verifierCandidates(ctx) : [];
  const photos = new PhotoRegister(ctx);
  const created: CaptureRecord[] = [];
  for (const [index, vehicle] of payload.vehicles.entries()) {
    const reuse = vehicle.photoHash ? await photos.use(vehicle.photoHash, { auditId: audit.auditId, lotId: lot.lotId, captureIndex: index, attempt: 1 }) : undefined;
    const capture: CaptureRecord = {
      auditId: audit.auditId,
      index,
      unitId: vehicle.unitId,
      attempt: 1,
      photoHash: vehicle.photoHash,
      vinRead: vehicle.vinRead,
      manualEntry: vehicle.manualEntry,
      vehicleGps: vehicle.vehicleGps,
      deviceGps: vehicle.deviceGps,
      capturedAtMs: vehicle.capturedAtMs,
      state: vehicle.manualEntry ? 'manual' : 'verifying',
      verifiers: vehicle.manualEntry ? [] : await openTasks(ctx, audit, { auditId: audit.auditId, index, attempt: 1 }, candidates),
      photoReuse: reuse ? [reuse] : [],
      previousAttempts: [],
      updatedAtMs: ctx.nowMs,
    };
    await captures.create(ctx, [audit.auditId, indexKey(index)], capture);
    created.push(capture);
  }
  const submission: SubmissionRecord = {
    auditId: audit.auditId,
    device: device.address,
    captureDevice: payload.captureDevice,
    startedAtMs: payload.startedAtMs,
    finishedAtMs: payload.finishedAtMs,
    path: payload.path,
    motion: payload.motion,
    expectedUnitIds,
    submittedAtMs: ctx.nowMs,
    txId: ctx.txId,
  };
  await submissions.create(ctx, [audit.auditId], submission);
  const submitted: AuditRecord = { ...audit, status: 'verifying', submittedAtMs: ctx.nowMs, captureCount: created.length, updatedAtMs: ctx.nowMs };
  await audits.put(ctx, [audit.auditId], submitted);
  ctx.events.emit('vinaudit.AuditSubmitted', lenderOnly(lot), {
    auditId: audit.auditId,
    captures: created.length,
    manualEntries: created.filter((capture) => capture.manualEntry).length,
  });
  for (const capture of created) noticePhotoReuse(ctx, lot, capture);
  noticeVerificationRequests(ctx, audit.auditId, created);
  const verdict = await finalizeIfResolved(ctx, submitted, created, submission);
  return {
    auditId: audit.auditId,
    status: verdict ? 'finalized' : 'verifying',
    outcome: verdict?.outcome,
    // Verifier identities stay off the auditor's screen: knowing them would invite collusion.
    captures: created.map((capture) => ({
      index: capture.index,
      state: capture.state,
      verifiersAssigned: capture.verifiers.length,
      photoReused: capture.photoReuse.length > 0,
    })),
  };
}
