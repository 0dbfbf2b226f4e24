import type { LedgerContext } from '../lib/context';
import type { AuditRecord, CaptureRecord, SubmissionRecord } from './audit-types';
import { isResolved } from './capture-state';
import type { EvaluationInput } from './evaluation';
import { featureVector } from './features';
import { timeKey } from './ids';
import { financingOf } from './inventory';
import type { FinancingEntry, UnitRecord } from './lot-types';
import { noticeVerdict } from './notices';
import {
  audits,
  captures,
  checkIns,
  createAuditorEndorsed,
  featureVectors,
  featuresByAuditor,
  featuresByLot,
  featuresByTime,
  lots,
  submissions,
  units,
  verdicts,
} from './store';
import { evaluateAudit } from './verdict';
import type { VerdictRecord } from './verdict-types';

/**
 * Committed captures of an audit with this transaction's own changes laid over them (a transaction
 * does not read its own writes), in index order.
 */
export async function loadCaptures(ctx: LedgerContext, auditId: string, changed: readonly CaptureRecord[] = []): Promise<CaptureRecord[]> {
  const byIndex = new Map((await captures.list(ctx, [auditId])).map((capture) => [capture.index, capture]));
  for (const capture of changed) byIndex.set(capture.index, capture);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

export async function expectedUnits(ctx: LedgerContext, lotId: string, submission: SubmissionRecord): Promise<UnitRecord[]> {
  const records: UnitRecord[] = [];
  for (const unitId of submission.expectedUnitIds) records.push(await units.require(ctx, [lotId, unitId]));
  return records;
}

/**
 * Computes and stores the verdict and the feature vector of an audit whose captures are all
 * resolved. Both are immutable and under the auditor org's key-level endorsement, as is the audit
 * record this transaction also writes, so no verdict exists without an auditor-org endorsement.
 */
export async function issueVerdict(
  ctx: LedgerContext,
  audit: AuditRecord,
  allCaptures: readonly CaptureRecord[],
  pendingSubmission?: SubmissionRecord,
): Promise<VerdictRecord> {
  const lot = await lots.require(ctx, [audit.lotId]);
  const submission = pendingSubmission ?? (await submissions.require(ctx, [audit.auditId]));
  const unitRecords = await expectedUnits(ctx, lot.lotId, submission);
  const financing = new Map<string, FinancingEntry[]>();
  for (const unit of unitRecords) if (unit.status !== 'released') financing.set(unit.vin, await financingOf(ctx, unit.vin));
  const deviceCheckIns = (await checkIns.list(ctx, [audit.auditId])).filter((checkIn) => checkIn.device === submission.device);
  const input: EvaluationInput = {
    policy: audit.policy,
    submittedAtMs: submission.submittedAtMs,
    units: unitRecords,
    captures: allCaptures,
    path: submission.path,
    motion: submission.motion,
    checkIns: deviceCheckIns,
    financing,
  };
  const evaluation = evaluateAudit(input);
  const verdict: VerdictRecord = {
    auditId: audit.auditId,
    lotId: lot.lotId,
    lenderMsp: audit.lenderMsp,
    reauditOf: audit.reauditOf,
    auditor: submission.device,
    captureDevice: submission.captureDevice,
    outcome: evaluation.outcome,
    factors: evaluation.factors,
    normalDataSet: evaluation.normalDataSet,
    confirmations: evaluation.confirmations,
    findings: evaluation.findings,
    fraud: evaluation.fraud,
    finalizedAtMs: ctx.nowMs,
    finalizedTxId: ctx.txId,
  };
  await createAuditorEndorsed(ctx, verdicts, [audit.auditId], verdict);
  const firstCheckInMs = Math.min(submission.submittedAtMs, ...deviceCheckIns.map((checkIn) => checkIn.atMs));
  const features = featureVector(input, evaluation, {
    auditId: audit.auditId,
    lotId: lot.lotId,
    lenderMsp: audit.lenderMsp,
    auditor: submission.device,
    captureDeviceKind: submission.captureDevice.kind,
    startedAtMs: submission.startedAtMs,
    finishedAtMs: submission.finishedAtMs,
    firstCheckInMs,
    finalizedAtMs: ctx.nowMs,
  });
  await createAuditorEndorsed(ctx, featureVectors, [audit.auditId], features);
  await featuresByTime.add(ctx, [timeKey(ctx.nowMs), audit.auditId]);
  await featuresByLot.add(ctx, [lot.lotId, timeKey(ctx.nowMs), audit.auditId]);
  await featuresByAuditor.add(ctx, [submission.device, timeKey(ctx.nowMs), audit.auditId]);
  const finalized: AuditRecord = { ...audit, status: 'finalized', finalizedAtMs: ctx.nowMs, outcome: evaluation.outcome, updatedAtMs: ctx.nowMs };
  await audits.put(ctx, [audit.auditId], finalized);
  noticeVerdict(ctx, lot, finalized, evaluation);
  return verdict;
}

/** Real time: the verdict follows the moment the last capture is resolved. */
export async function finalizeIfResolved(
  ctx: LedgerContext,
  audit: AuditRecord,
  changed: readonly CaptureRecord[],
  pendingSubmission?: SubmissionRecord,
): Promise<VerdictRecord | undefined> {
  const all = await loadCaptures(ctx, audit.auditId, changed);
  if (!all.every((capture) => isResolved(capture.state))) return undefined;
  return issueVerdict(ctx, audit, all, pendingSubmission);
}
