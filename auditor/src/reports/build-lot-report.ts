import { buildAuditSummary } from './build-audit-summary';
import type { AnomalyScoreRecord, AuditDetail, LotRecord, UnitRecord } from './ledger-records';
import type { AuditSummary, FraudNotification, LotReport, LotsReport, ResultCounts } from './report-model';

export interface LotReportInput {
  readonly lot: LotRecord;
  readonly units: readonly UnitRecord[];
  /** The lot's audits (any order: the report lists them by opening time). */
  readonly audits: readonly AuditDetail[];
  /** Recorded anomaly scores by audit ID. */
  readonly anomalyScores?: ReadonlyMap<string, readonly AnomalyScoreRecord[]>;
  /** When the report is made: given, so the same ledger state gives the same report. */
  readonly generatedAtMs: number;
}

function byOpening(a: AuditSummary, b: AuditSummary): number {
  return a.openedAtMs - b.openedAtMs || (a.auditId < b.auditId ? -1 : a.auditId > b.auditId ? 1 : 0);
}

/** Claims 6-7 for one lot: every audit of it, oldest first. */
export function buildLotReport(input: LotReportInput): LotReport {
  const audits = input.audits
    .map((detail) => buildAuditSummary({ lot: input.lot, units: input.units, detail, anomalyScores: input.anomalyScores?.get(detail.audit.auditId) ?? [] }))
    .sort(byOpening);
  return {
    lot: input.lot,
    unitsFinanced: input.units.filter((unit) => unit.status !== 'released').length,
    audits,
    fraudDetected: audits.some((audit) => audit.fraudDetected),
    generatedAtMs: input.generatedAtMs,
  };
}

/** One notification per audit of the lot that found fraud, with the fraud types and the VINs they name. */
export function lotNotifications(report: LotReport): FraudNotification[] {
  return report.audits
    .filter((audit) => audit.fraudDetected)
    .map((audit) => ({
      lotId: report.lot.lotId,
      auditId: audit.auditId,
      ...(audit.outcome ? { outcome: audit.outcome } : {}),
      types: audit.fraud.filter((entry) => entry.class === 'fraud').map((entry) => entry.type),
      vins: [...new Set(audit.rows.filter((row) => row.fraudTypes.length > 0).map((row) => row.vin))].sort(),
    }));
}

function addCounts(a: ResultCounts, b: ResultCounts): ResultCounts {
  return { pass: a.pass + b.pass, fail: a.fail + b.fail, exception: a.exception + b.exception, total: a.total + b.total };
}

/** Claim 6 across lots: the lot reports, by lot ID, and one fraud notification per audit that found fraud. */
export function buildLotsReport(reports: readonly LotReport[], generatedAtMs: number): LotsReport {
  const lots = [...reports].sort((a, b) => (a.lot.lotId < b.lot.lotId ? -1 : a.lot.lotId > b.lot.lotId ? 1 : 0));
  const audits = lots.flatMap((report) => report.audits);
  return {
    generatedAtMs,
    lots,
    notifications: lots.flatMap(lotNotifications),
    totals: {
      lots: lots.length,
      audits: audits.length,
      confirmations: audits.reduce((total, audit) => addCounts(total, audit.confirmations), { pass: 0, fail: 0, exception: 0, total: 0 }),
      manualEntries: audits.reduce((total, audit) => total + (audit.manualEntries?.count ?? 0), 0),
    },
  };
}
