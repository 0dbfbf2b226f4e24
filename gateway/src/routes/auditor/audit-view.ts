import { renderAnomalyChartSvg } from '@mobility-ledger/auditor/dist/anomaly/anomaly-chart-svg';
import type { AnomalySource } from '@mobility-ledger/auditor/dist/anomaly/anomaly-source';
import { FeatureVectorNotFoundError, InsufficientHistoryError } from '@mobility-ledger/auditor/dist/anomaly/errors';
import { assessAudit } from '@mobility-ledger/auditor/dist/anomaly/score-audit';
import { renderAuditPathSvg } from '@mobility-ledger/auditor/dist/reports/audit-path-svg';
import { buildAuditSummary } from '@mobility-ledger/auditor/dist/reports/build-audit-summary';
import type { LotRecord } from '@mobility-ledger/auditor/dist/reports/ledger-records';
import type { AuditSummary } from '@mobility-ledger/auditor/dist/reports/report-model';
import type { ReportSource } from '@mobility-ledger/auditor/dist/reports/report-source';

export type AnomalyView =
  | {
      readonly status: 'scored';
      readonly flagged: boolean;
      readonly scorePermille: number;
      readonly maxAbsZ: number;
      readonly topFeature: string;
      readonly references: number;
      readonly note: string;
      readonly chartSvg: string;
    }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface AuditView {
  readonly lot: LotRecord;
  readonly summary: AuditSummary;
  readonly pathSvg?: string;
  readonly anomaly: AnomalyView;
}

/** FIG. 15 for one audit against its lender's earlier audits, or why there is none (not finalized, too little history). */
export async function anomalyViewOf(source: AnomalySource, auditId: string): Promise<AnomalyView> {
  try {
    const assessment = await assessAudit(source, auditId);
    const { score, record } = assessment;
    return {
      status: 'scored',
      flagged: score.flagged,
      scorePermille: score.scorePermille,
      maxAbsZ: score.maxAbsZ,
      topFeature: score.topFeature,
      references: assessment.reference.length,
      note: record.note,
      chartSvg: renderAnomalyChartSvg(assessment),
    };
  } catch (error) {
    if (error instanceof InsufficientHistoryError || error instanceof FeatureVectorNotFoundError) return { status: 'unavailable', reason: error.message };
    throw error;
  }
}

/**
 * One audit as the dashboard shows it: the reports' summary (claims 6-7), the audit path drawn by
 * the reports' SVG renderer (vehicles, recorded positions, fraud-factor-2 rings) and FIG. 15.
 */
export async function loadAuditView(reports: ReportSource, anomalies: AnomalySource, auditId: string): Promise<AuditView> {
  const detail = await reports.getAudit(auditId);
  const lotId = detail.audit.lotId;
  const [lot, units, anomalyScores] = await Promise.all([reports.getLot(lotId), reports.listUnits(lotId), reports.listAnomalyScores(auditId)]);
  const summary = buildAuditSummary({ lot, units, detail, anomalyScores });
  return {
    lot,
    summary,
    ...(summary.path ? { pathSvg: renderAuditPathSvg(summary.path, { idSuffix: `dash-${auditId.slice(0, 12)}` }) } : {}),
    anomaly: await anomalyViewOf(anomalies, auditId),
  };
}
