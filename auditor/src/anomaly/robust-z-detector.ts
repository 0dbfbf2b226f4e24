import { createHash } from 'node:crypto';
import type { FeatureVector } from './feature-vector';
import { FEATURES, type FeatureDefinition } from './features';
import { MAD_TO_SD, median, medianAbsoluteDeviation } from './robust-statistics';

/** The detector's name on the ledger (`RecordAnomalyScore.detector`). */
export const DETECTOR = 'robust-z-mad.v1';
/** Iglewicz & Hoaglin (1993): a modified z-score beyond 3.5 marks a potential outlier. */
export const DEFAULT_THRESHOLD = 3.5;
/** Below this many past audits the median and MAD are too unstable to judge by. */
export const DEFAULT_MIN_HISTORY = 5;

export interface FeatureScale {
  readonly name: string;
  readonly label: string;
  readonly median: number;
  /** Unscaled median absolute deviation. */
  readonly mad: number;
  /** max(1.4826 × MAD, floor): the robust standard deviation the z-score divides by. */
  readonly scale: number;
  readonly floored: boolean;
}

export interface RobustModel {
  readonly features: readonly FeatureScale[];
  readonly referenceIds: readonly string[];
  readonly threshold: number;
}

export interface FeatureScore {
  readonly name: string;
  readonly value: number;
  readonly z: number;
}

export interface RobustScore {
  readonly auditId: string;
  readonly features: readonly FeatureScore[];
  /** The combined score: the largest |z| over the features (L∞ norm). */
  readonly maxAbsZ: number;
  /** The feature with that largest |z|. */
  readonly topFeature: string;
  readonly flagged: boolean;
  /** maxAbsZ in thousandths, rounded: the integer form of the score. */
  readonly scoreMilli: number;
  /** 1000 · D / (D + threshold): 0 typical, 500 at the threshold, towards 1000 far out. */
  readonly scorePermille: number;
}

/** Robust location and scale of every feature over the past audits. */
export function fitRobustModel(reference: readonly FeatureVector[], options: { threshold?: number; features?: readonly FeatureDefinition[] } = {}): RobustModel {
  if (reference.length === 0) throw new RangeError('no reference audits');
  const features = (options.features ?? FEATURES).map((feature): FeatureScale => {
    const values = reference.map(feature.extract);
    const centre = median(values);
    const mad = medianAbsoluteDeviation(values, centre);
    const robustSd = MAD_TO_SD * mad;
    return { name: feature.name, label: feature.label, median: centre, mad, scale: Math.max(robustSd, feature.floor), floored: robustSd < feature.floor };
  });
  return { features, referenceIds: reference.map((vector) => vector.auditId), threshold: options.threshold ?? DEFAULT_THRESHOLD };
}

/** Maps the unbounded combined score onto the ledger's 0-1000 scale, monotone, 500 at the threshold. */
export function toPermille(maxAbsZ: number, threshold: number): number {
  return Math.min(1000, Math.max(0, Math.round((1000 * maxAbsZ) / (maxAbsZ + threshold))));
}

export function scoreVector(model: RobustModel, vector: FeatureVector, definitions: readonly FeatureDefinition[] = FEATURES): RobustScore {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  const features = model.features.map((scale): FeatureScore => {
    const definition = byName.get(scale.name);
    if (!definition) throw new RangeError(`feature ${scale.name} is not defined`);
    const value = definition.extract(vector);
    return { name: scale.name, value, z: (value - scale.median) / scale.scale };
  });
  // Ties go to the first feature in catalogue order: deterministic.
  let top = features[0];
  for (const feature of features) if (top === undefined || Math.abs(feature.z) > Math.abs(top.z)) top = feature;
  const maxAbsZ = Math.abs(top?.z ?? 0);
  return {
    auditId: vector.auditId,
    features,
    maxAbsZ,
    topFeature: top?.name ?? '',
    flagged: maxAbsZ > model.threshold,
    scoreMilli: Math.round(maxAbsZ * 1000),
    scorePermille: toPermille(maxAbsZ, model.threshold),
  };
}

/**
 * A stable reference to the model: which audits it was fitted on, with which features, floors and
 * threshold. Recorded with the score so anyone can refit the same model from the ledger.
 */
export function modelRef(model: RobustModel, definitions: readonly FeatureDefinition[] = FEATURES): string {
  const hash = createHash('sha256');
  hash.update(`${DETECTOR}\n${model.threshold}\n`);
  for (const definition of definitions) hash.update(`${definition.name}:${definition.floor}\n`);
  for (const id of model.referenceIds) hash.update(`${id}\n`);
  return `${DETECTOR};n=${model.referenceIds.length};sha256=${hash.digest('hex').slice(0, 32)}`;
}

/** A short human explanation of a score, for the ledger's `note` (at most 256 characters). */
export function explain(model: RobustModel, score: RobustScore): string {
  const scale = model.features.find((feature) => feature.name === score.topFeature);
  const top = score.features.find((feature) => feature.name === score.topFeature);
  const beyond = score.features.filter((feature) => Math.abs(feature.z) > model.threshold).length;
  const text = `max |z| ${(score.maxAbsZ).toFixed(2)} on ${score.topFeature} (${top?.value ?? '?'} vs median ${scale?.median ?? '?'}, scale ${scale ? Number(scale.scale.toFixed(2)) : '?'}); threshold ${model.threshold}; ${beyond} feature(s) beyond`;
  return text.slice(0, 256);
}
