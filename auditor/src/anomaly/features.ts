import type { FeatureVector } from './feature-vector';

/**
 * What the detector compares, derived from the ledger's feature vector. Counts that grow with the
 * size of the lot are taken per expected unit or per capture, so a 5-car lot and a 200-car lot are
 * comparable. Each feature has a resolution floor: the smallest spread that still means something
 * (one typed VIN, 5 % coverage, five seconds). The robust scale never drops below it, so a history
 * in which every audit had zero typed VINs (MAD = 0) does not turn one typed VIN into an infinite
 * score.
 */
export interface FeatureDefinition {
  readonly name: string;
  readonly label: string;
  /** The smallest scale the robust z-score divides by, in the feature's unit. */
  readonly floor: number;
  readonly extract: (vector: FeatureVector) => number;
}

const perUnit = (count: number, units: number) => Math.floor((count * 1000) / Math.max(1, units));

export const FEATURES: readonly FeatureDefinition[] = [
  { name: 'confirmedPermille', label: 'units confirmed, ‰ of expected', floor: 50, extract: (v) => perUnit(v.confirmedUnits, v.expectedUnits) },
  { name: 'capturedPermille', label: 'captures, ‰ of expected units', floor: 50, extract: (v) => perUnit(v.captures, v.expectedUnits) },
  { name: 'discrepancies', label: 'discrepancies', floor: 1, extract: (v) => v.discrepancies },
  { name: 'fraudFindings', label: 'fraud findings', floor: 1, extract: (v) => v.fraudFindings },
  { name: 'manualEntries', label: 'VINs typed by hand', floor: 1, extract: (v) => v.manualEntries },
  { name: 'retakes', label: 'retakes', floor: 1, extract: (v) => v.retakes },
  { name: 'photoReuses', label: 're-used photos', floor: 1, extract: (v) => v.photoReuses },
  { name: 'pathCoveragePermille', label: 'path coverage ‰', floor: 50, extract: (v) => v.pathCoveragePermille },
  { name: 'motionScorePermille', label: 'motion changes ‰ of samples', floor: 50, extract: (v) => v.motionScorePermille },
  { name: 'motionPointsPerCapture', label: 'motion change points per capture ‰', floor: 100, extract: (v) => perUnit(v.motionChangePoints, v.captures) },
  { name: 'meanCaptureIntervalMs', label: 'mean time between captures (ms)', floor: 5_000, extract: (v) => v.meanCaptureIntervalMs },
  { name: 'checkInToSubmitPerCaptureMs', label: 'check-in to submission per capture (ms)', floor: 5_000, extract: (v) => Math.floor(v.checkInToSubmitMs / Math.max(1, v.captures)) },
];
