import type { DeviceRecord } from '../devices/device-types';
import type { JsonValue } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition, permissionDenied } from '../lib/errors';
import type { AuditRecord, CaptureRecord } from './audit-types';
import { captureStateFor } from './capture-state';
import { decideConsensus } from './consensus';
import { requireCrew } from './crew';
import type { ReadingRecord, VerificationPayload } from './crowd-types';
import { expectedUnits, finalizeIfResolved } from './finalize';
import { indexKey } from './ids';
import { noticeCaptureOutcome } from './notices';
import { audits, captures, lots, readings, submissions, units } from './store';
import { closeTasks } from './verifier-tasks';

export function readingKey(capture: { auditId: string; index: number; attempt: number }, verifier?: string): string[] {
  const key = [capture.auditId, indexKey(capture.index), String(capture.attempt)];
  return verifier ? [...key, verifier] : key;
}

/** VINs the auditor's device could exactly match: the units expected when the audit was submitted. */
export async function expectedVins(ctx: LedgerContext, audit: AuditRecord): Promise<Set<string>> {
  const submission = await submissions.require(ctx, [audit.auditId]);
  const records = await expectedUnits(ctx, audit.lotId, submission);
  return new Set(records.filter((unit) => unit.status !== 'released').map((unit) => unit.vin));
}

/** Where the auditor goes back to: the unit's recorded location, else where the photo was taken. */
export async function returnPoint(ctx: LedgerContext, audit: AuditRecord, capture: CaptureRecord): Promise<JsonValue> {
  const unit = capture.unitId ? await units.get(ctx, [audit.lotId, capture.unitId]) : undefined;
  return unit?.location ?? capture.vehicleGps;
}

/**
 * Claim 1, third messages: one assigned verifier's reading. Once the quorum is reached the majority
 * consensus VIN is fixed and the vehicle is confirmed, not confirmed, or the auditor is sent back.
 */
export async function submitVerification(ctx: LedgerContext, device: DeviceRecord, payload: VerificationPayload): Promise<object> {
  const audit = await audits.require(ctx, [payload.auditId]);
  if (audit.status !== 'verifying') throw failedPrecondition('audit.status', `is ${audit.status}; must be verifying`);
  const capture = await captures.require(ctx, [audit.auditId, indexKey(payload.captureIndex)]);
  if (payload.attempt !== capture.attempt) throw failedPrecondition('request.payload.attempt', `the photo's current attempt is ${capture.attempt}`);
  if (capture.state !== 'verifying') throw failedPrecondition('capture.state', `is ${capture.state}; the consensus is already fixed`);
  if (!capture.verifiers.includes(device.address)) throw permissionDenied('request.device', 'is not assigned to this photo');
  const member = await requireCrew(ctx, device.address, 'verifier', 'request.device');
  if (member.personRef === audit.auditorPersonRef) throw permissionDenied('request.device', 'belongs to the auditor of this audit');
  if (await readings.exists(ctx, readingKey(capture, device.address))) throw alreadyExists('request.device', 'has already read this photo');
  const reading: ReadingRecord = {
    auditId: audit.auditId,
    captureIndex: capture.index,
    attempt: capture.attempt,
    verifier: device.address,
    vin: payload.vin,
    clarity: payload.clarity,
    atMs: ctx.nowMs,
    txId: ctx.txId,
  };
  await readings.create(ctx, readingKey(capture, device.address), reading);
  await closeTasks(ctx, capture, [device.address]);
  const all = [...(await readings.list(ctx, readingKey(capture))), reading];
  const consensus = decideConsensus(all, {
    assigned: capture.verifiers.length,
    quorum: audit.policy.verifierQuorum,
    closing: false,
    checkDigitRequiredPrefixes: audit.policy.checkDigitRequiredPrefixes,
  });
  const state = captureStateFor(consensus, consensus.status === 'agreed' ? await expectedVins(ctx, audit) : new Set(), false);
  const updated: CaptureRecord = { ...capture, consensus, state, updatedAtMs: ctx.nowMs };
  await captures.put(ctx, [audit.auditId, indexKey(capture.index)], updated);
  if (state === 'verifying') return { auditId: audit.auditId, captureIndex: capture.index, consensus: consensus.status, received: consensus.received };
  const answered = new Set(all.map((entry) => entry.verifier));
  await closeTasks(ctx, capture, capture.verifiers.filter((verifier) => !answered.has(verifier)));
  const lot = await lots.require(ctx, [audit.lotId]);
  noticeCaptureOutcome(ctx, lot, audit, updated, state === 'retake-requested' ? await returnPoint(ctx, audit, updated) : null);
  const verdict = await finalizeIfResolved(ctx, audit, [updated]);
  return { auditId: audit.auditId, captureIndex: capture.index, consensus: consensus.status, state, outcome: verdict?.outcome };
}
