import { renderAnomalyChartSvg } from '@mobility-ledger/auditor/dist/anomaly/anomaly-chart-svg';
import type { AnomalySource } from '@mobility-ledger/auditor/dist/anomaly/anomaly-source';
import { assessAgainstHistory, type AnomalyAssessment } from '@mobility-ledger/auditor/dist/anomaly/assess';
import type { FeatureVector } from '@mobility-ledger/auditor/dist/anomaly/feature-vector';
import { DEFAULT_MIN_HISTORY, DEFAULT_THRESHOLD } from '@mobility-ledger/auditor/dist/anomaly/robust-z-detector';
import { renderAuditsChartSvg, type AuditPoint } from './audits-chart-svg';

export interface AnomalyOverview {
  readonly threshold: number;
  readonly minHistory: number;
  readonly audits: readonly AuditPoint[];
  readonly chartSvg: string;
  readonly focus?: { readonly auditId: string; readonly chartSvg: string };
}

export interface OverviewOptions {
  /** The most recent N finalized audits (1-1000). */
  readonly limit?: number;
  /** The audit to draw FIG. 15 for; default: the most anomalous audit that has enough history. */
  readonly focusAuditId?: string;
  /** Recorded advisory scores are read for at most this many of the newest audits (one query each). */
  readonly recordedLimit?: number;
}

/**
 * Claims 11-13 across audits: every finalized audit scored against the same lender's audits before
 * it (robust z, as the anomaly detector does), the advisory scores recorded on the ledger, a chart
 * of all of them, and FIG. 15 for one audit.
 */
export async function loadAnomalyOverview(source: AnomalySource, options: OverviewOptions = {}): Promise<AnomalyOverview> {
  const vectors = await source.listFeatureVectors({ limit: options.limit ?? 200 });
  const assessments = new Map<string, AnomalyAssessment>();
  vectors.forEach((vector, index) => {
    const past = vectors.slice(0, index).filter((candidate: FeatureVector) => candidate.lenderMsp === vector.lenderMsp);
    if (past.length >= DEFAULT_MIN_HISTORY) assessments.set(vector.auditId, assessAgainstHistory(vector, past));
  });
  const recordedLimit = options.recordedLimit ?? 50;
  const audits: AuditPoint[] = [];
  for (const [index, vector] of vectors.entries()) {
    const assessment = assessments.get(vector.auditId);
    // One query per audit: only the newest ones (a peer serves every auditor).
    const recorded = index >= vectors.length - recordedLimit ? await source.listAnomalyScores(vector.auditId) : [];
    audits.push({
      auditId: vector.auditId,
      lotId: vector.lotId,
      lenderMsp: vector.lenderMsp,
      auditor: vector.auditor,
      outcome: vector.outcome,
      finalizedAtMs: vector.finalizedAtMs,
      ...(assessment
        ? { score: { scorePermille: assessment.score.scorePermille, maxAbsZ: assessment.score.maxAbsZ, flagged: assessment.score.flagged, topFeature: assessment.score.topFeature, references: assessment.reference.length } }
        : {}),
      recorded: recorded.map((score) => ({ detector: score.detector, scorePermille: score.scorePermille, flagged: score.flagged, recordedAtMs: score.recordedAtMs, recordedTxId: score.recordedTxId })),
    });
  }
  const focusId =
    options.focusAuditId ?? [...assessments.values()].sort((a, b) => b.score.maxAbsZ - a.score.maxAbsZ || (a.target.finalizedAtMs < b.target.finalizedAtMs ? 1 : -1))[0]?.target.auditId;
  const focus = focusId === undefined ? undefined : assessments.get(focusId);
  return {
    threshold: DEFAULT_THRESHOLD,
    minHistory: DEFAULT_MIN_HISTORY,
    audits,
    chartSvg: renderAuditsChartSvg(audits, { minHistory: DEFAULT_MIN_HISTORY }),
    ...(focus ? { focus: { auditId: focus.target.auditId, chartSvg: renderAnomalyChartSvg(focus) } } : {}),
  };
}
