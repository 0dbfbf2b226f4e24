import { distanceMm, polylineLengthMm } from './geo';
import type { AnomalyScoreRecord, AuditDetail, CaptureRecord, Confirmation, Finding, FindingClass, LotRecord, UnitRecord, VerdictRecord } from './ledger-records';
import type { AuditPathView, AuditSummary, CaptureFacts, FraudEntry, PathVehicle, PermilleSpread, ResultCounts, RingState, VinRow } from './report-model';

export interface AuditSummaryInput {
  readonly lot: LotRecord;
  /** The lot's unit records (current state): descriptions and recorded locations. */
  readonly units: readonly UnitRecord[];
  readonly detail: AuditDetail;
  readonly anomalyScores?: readonly AnomalyScoreRecord[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function captureFacts(capture: CaptureRecord): CaptureFacts {
  const facts: CaptureFacts = {
    index: capture.index,
    manualEntry: capture.manualEntry,
    attempts: capture.previousAttempts.length + 1,
    vehicleGps: capture.vehicleGps,
    deviceGps: capture.deviceGps,
    capturedAtMs: capture.capturedAtMs,
    photoReused: capture.photoReuse.length > 0,
  };
  const consensus = capture.consensus;
  if (!consensus || capture.manualEntry) return facts;
  return {
    ...facts,
    consensusStatus: consensus.status,
    certaintyPermille: consensus.certaintyPermille,
    clarityPermille: consensus.clarityPermille,
    readings: consensus.received,
  };
}

/** Findings that name this confirmation's unit or capture. */
function findingsOf(findings: readonly Finding[], confirmation: Confirmation): Finding[] {
  return findings.filter(
    (item) =>
      (confirmation.unitId !== undefined && item.unitId === confirmation.unitId) ||
      (confirmation.captureIndex !== undefined && item.captureIndex === confirmation.captureIndex),
  );
}

function vinRow(lotId: string, verdict: VerdictRecord, confirmation: Confirmation, units: ReadonlyMap<string, UnitRecord>, captures: ReadonlyMap<number, CaptureRecord>): VinRow {
  const unit = confirmation.unitId ? units.get(confirmation.unitId) : undefined;
  const capture = confirmation.captureIndex !== undefined ? captures.get(confirmation.captureIndex) : undefined;
  const own = findingsOf(verdict.findings, confirmation);
  const findingTypes = sorted(confirmation.reasons);
  return {
    lotId,
    auditId: verdict.auditId,
    vin: confirmation.vin,
    ...(confirmation.unitId ? { unitId: confirmation.unitId } : {}),
    ...(unit ? { description: unit.description, recordedLocation: unit.location } : {}),
    result: confirmation.result,
    ...(confirmation.exceptionReason ? { exceptionReason: confirmation.exceptionReason } : {}),
    ...(capture ? { capture: captureFacts(capture) } : {}),
    ...(unit && capture ? { offsetFromRecordedMm: distanceMm(capture.vehicleGps, unit.location) } : {}),
    findingTypes,
    fraudTypes: sorted(own.filter((item) => item.class === 'fraud').map((item) => item.type)),
    notes: sorted(own.filter((item) => item.class === 'info').map((item) => item.type)),
  };
}

function counts(rows: readonly { result: string }[]): ResultCounts {
  const of = (result: string) => rows.filter((row) => row.result === result).length;
  return { pass: of('PASS'), fail: of('FAIL'), exception: of('EXCEPTION'), total: rows.length };
}

function spread(values: readonly number[]): PermilleSpread | undefined {
  if (values.length === 0) return undefined;
  const sum = values.reduce((total, value) => total + value, 0);
  return { min: Math.min(...values), mean: Math.floor(sum / values.length), count: values.length };
}

function fraudEntries(verdict: VerdictRecord): FraudEntry[] {
  const classOf = (type: string): FindingClass => verdict.findings.find((item) => item.type === type)?.class ?? 'discrepancy';
  return verdict.fraud.map((entry) => ({ type: entry.type, class: classOf(entry.type), vins: sorted(entry.vins) }));
}

function ringState(row: VinRow, path: readonly { position: { latE6: number; lonE6: number } }[], proximityMm: number, notReached: ReadonlySet<string>): RingState {
  if (row.unitId && notReached.has(row.unitId)) return 'not-reached';
  if (!row.capture) return 'not-captured';
  const recorded = row.recordedLocation;
  return recorded && path.some((point) => distanceMm(point.position, recorded) <= proximityMm) ? 'reached' : 'not-reached';
}

function pathView(lot: LotRecord, detail: AuditDetail, rows: readonly VinRow[]): AuditPathView | undefined {
  const submission = detail.submission;
  if (!submission) return undefined;
  const proximityMm = detail.audit.policy.pathProximityMm;
  const notReached = new Set((detail.verdict?.findings ?? []).filter((item) => item.type === 'path-not-near-vehicle' && item.unitId).map((item) => item.unitId ?? ''));
  const vehicles: PathVehicle[] = rows.map((row) => ({
    label: row.vin.slice(-6),
    vin: row.vin,
    ...(row.recordedLocation ? { recorded: row.recordedLocation, ring: ringState(row, submission.path, proximityMm, notReached) } : {}),
    ...(row.capture ? { captured: row.capture.vehicleGps, device: row.capture.deviceGps } : {}),
  }));
  return {
    lotCenter: lot.location,
    lotRadiusMm: lot.radiusMm,
    pathProximityMm: proximityMm,
    points: submission.path,
    lengthMm: polylineLengthMm(submission.path.map((point) => point.position)),
    startedAtMs: submission.startedAtMs,
    finishedAtMs: submission.finishedAtMs,
    motionSamples: submission.motion.length,
    vehicles,
    checkIns: detail.checkIns.flatMap((checkIn) => (checkIn.gps ? [checkIn.gps] : [])),
  };
}

/**
 * Claim 7 for one audit: confirmations per VIN with certainty and clarity, capture device, typed
 * VINs, the audit path, and every finding type per VIN. Audits without a verdict yet list no VINs.
 */
export function buildAuditSummary(input: AuditSummaryInput): AuditSummary {
  const { lot, detail } = input;
  const { audit, verdict, submission } = detail;
  const units = new Map(input.units.map((unit) => [unit.unitId, unit]));
  const captures = new Map(detail.captures.map((capture) => [capture.index, capture]));
  const rows = verdict ? verdict.confirmations.map((confirmation) => vinRow(lot.lotId, verdict, confirmation, units, captures)) : [];
  const photos = rows.flatMap((row) => (row.capture && !row.capture.manualEntry ? [row.capture] : []));
  const certainty = spread(photos.flatMap((capture) => (capture.certaintyPermille !== undefined ? [capture.certaintyPermille] : [])));
  const clarity = spread(photos.flatMap((capture) => (capture.clarityPermille !== undefined ? [capture.clarityPermille] : [])));
  const path = pathView(lot, detail, rows);
  const captureDevice = verdict?.captureDevice ?? submission?.captureDevice;
  const auditor = verdict?.auditor ?? audit.auditor;
  return {
    auditId: audit.auditId,
    lotId: audit.lotId,
    status: audit.status,
    ...(audit.outcome ? { outcome: audit.outcome } : {}),
    ...(audit.reauditOf ? { reauditOf: audit.reauditOf } : {}),
    reaudits: [...detail.reaudits],
    openedAtMs: audit.openedAtMs,
    deadlineMs: audit.deadlineMs,
    ...(audit.submittedAtMs !== undefined ? { submittedAtMs: audit.submittedAtMs } : {}),
    ...(audit.finalizedAtMs !== undefined ? { finalizedAtMs: audit.finalizedAtMs } : {}),
    ...(auditor ? { auditor } : {}),
    ...(captureDevice ? { captureDevice } : {}),
    confirmations: counts(rows),
    ...(verdict ? { manualEntries: { count: verdict.factors.manualEntries.count, limit: verdict.factors.manualEntries.limit } } : {}),
    ...(certainty ? { certainty } : {}),
    ...(clarity ? { clarity } : {}),
    ...(verdict
      ? {
          factors: verdict.factors,
          normalDataSet: { normal: verdict.normalDataSet.normal, discrepancies: verdict.normalDataSet.discrepancies, maxDiscrepancies: verdict.normalDataSet.maxDiscrepancies },
        }
      : {}),
    fraud: verdict ? fraudEntries(verdict) : [],
    auditFindings: (verdict?.findings ?? []).filter((item) => item.vin === undefined && item.class !== 'info'),
    fraudDetected: verdict ? verdict.outcome === 'FAIL' || verdict.findings.some((item) => item.class === 'fraud') : false,
    ...(path ? { path } : {}),
    rows,
    anomalyScores: [...(input.anomalyScores ?? [])].sort((a, b) => (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0)),
  };
}
