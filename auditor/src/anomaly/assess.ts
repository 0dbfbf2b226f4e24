import { InsufficientHistoryError } from './errors';
import type { FeatureVector } from './feature-vector';
import { DEFAULT_MIN_HISTORY, DETECTOR, explain, fitRobustModel, modelRef, scoreVector, type RobustModel, type RobustScore } from './robust-z-detector';

export interface AssessOptions {
  readonly threshold?: number;
  readonly minHistory?: number;
}

/** `vinaudit.history:RecordAnomalyScore`'s argument. */
export interface AnomalyScoreArgs {
  readonly auditId: string;
  readonly detector: string;
  readonly scorePermille: number;
  readonly flagged: boolean;
  readonly modelRef: string;
  readonly note: string;
}

export interface AnomalyAssessment {
  readonly target: FeatureVector;
  readonly reference: readonly FeatureVector[];
  readonly model: RobustModel;
  readonly score: RobustScore;
  /** Each past audit against the same model: the cloud the chart draws the new audit against. */
  readonly referenceScores: readonly RobustScore[];
  readonly record: AnomalyScoreArgs;
}

/**
 * Claims 11-13: the new audit's features against the audits before it, by robust z-scores
 * (median and MAD per feature) combined by their maximum. Pure and deterministic.
 */
export function assessAgainstHistory(target: FeatureVector, reference: readonly FeatureVector[], options: AssessOptions = {}): AnomalyAssessment {
  const required = options.minHistory ?? DEFAULT_MIN_HISTORY;
  if (reference.length < required) throw new InsufficientHistoryError(target.auditId, reference.length, required);
  const model = fitRobustModel(reference, options.threshold === undefined ? {} : { threshold: options.threshold });
  const score = scoreVector(model, target);
  return {
    target,
    reference,
    model,
    score,
    referenceScores: reference.map((vector) => scoreVector(model, vector)),
    record: { auditId: target.auditId, detector: DETECTOR, scorePermille: score.scorePermille, flagged: score.flagged, modelRef: modelRef(model), note: explain(model, score) },
  };
}
