/** Anomaly detection over past VIN audits (claims 11-13): robust z-scores, advisory scores on the ledger, the FIG. 15 chart. */
export { renderAnomalyChartSvg, type AnomalyChartInput } from './anomaly-chart-svg';
export { FabricAnomalySource, type AnomalySource, type FeatureQuery } from './anomaly-source';
export { assessAgainstHistory, type AnomalyAssessment, type AnomalyScoreArgs, type AssessOptions } from './assess';
export { FeatureVectorNotFoundError, InsufficientHistoryError } from './errors';
export { FeatureVector } from './feature-vector';
export { FEATURES, type FeatureDefinition } from './features';
export { MAD_TO_SD, median, medianAbsoluteDeviation } from './robust-statistics';
export {
  DEFAULT_MIN_HISTORY,
  DEFAULT_THRESHOLD,
  DETECTOR,
  explain,
  fitRobustModel,
  modelRef,
  scoreVector,
  toPermille,
  type FeatureScale,
  type FeatureScore,
  type RobustModel,
  type RobustScore,
} from './robust-z-detector';
export { HISTORY_SCOPES, assessAudit, recordAssessment, type HistoryScope, type ScoreAuditOptions } from './score-audit';
