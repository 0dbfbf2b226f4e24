import type { AnomalyScoreRecord } from '../reports/ledger-records';
import { assessAgainstHistory, type AnomalyAssessment, type AssessOptions } from './assess';
import type { AnomalySource } from './anomaly-source';
import { FeatureVectorNotFoundError } from './errors';
import type { FeatureVector } from './feature-vector';

/** Which past audits a new audit is compared with: always the same lender's; optionally only the same lot or the same auditor device. */
export type HistoryScope = 'lender' | 'lot' | 'auditor';
export const HISTORY_SCOPES: readonly HistoryScope[] = ['lender', 'lot', 'auditor'];

export interface ScoreAuditOptions extends AssessOptions {
  readonly scope?: HistoryScope;
  /** How many recent audits to read (the chaincode allows 1-1000). */
  readonly limit?: number;
}

const MAX_LIMIT = 1000;

/** The audits finalized before the target, in ledger order (oldest first), of the same lender. */
function pastAudits(list: readonly FeatureVector[], target: FeatureVector): FeatureVector[] {
  const position = list.findIndex((vector) => vector.auditId === target.auditId);
  const before = position >= 0 ? list.slice(0, position) : list.filter((vector) => vector.finalizedAtMs <= target.finalizedAtMs);
  return before.filter((vector) => vector.auditId !== target.auditId && vector.lenderMsp === target.lenderMsp);
}

/** Reads the history from the ledger and assesses one finalized audit against it. */
export async function assessAudit(source: AnomalySource, auditId: string, options: ScoreAuditOptions = {}): Promise<AnomalyAssessment> {
  const limit = Math.min(options.limit ?? MAX_LIMIT, MAX_LIMIT);
  const recent = await source.listFeatureVectors({ limit });
  const target = recent.find((vector) => vector.auditId === auditId);
  if (!target) throw new FeatureVectorNotFoundError(auditId);
  const scope = options.scope ?? 'lender';
  const history =
    scope === 'lot'
      ? await source.listFeatureVectors({ lotId: target.lotId, limit })
      : scope === 'auditor'
        ? await source.listFeatureVectors({ auditor: target.auditor, limit })
        : recent;
  return assessAgainstHistory(target, pastAudits(history, target), options);
}

/** Records the advisory score on the ledger (`vinaudit.history:RecordAnomalyScore`; the lot's lender org submits). */
export function recordAssessment(source: AnomalySource, assessment: AnomalyAssessment): Promise<AnomalyScoreRecord> {
  return source.recordAnomalyScore(assessment.record);
}
