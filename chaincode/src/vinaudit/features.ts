import type { CaptureRecord } from './audit-types';
import type { EvaluationInput } from './evaluation';
import { activeUnits } from './evaluation';
import type { Evaluation } from './verdict';
import type { FeatureVector } from './verdict-types';

export interface FeatureContext {
  readonly auditId: string;
  readonly lotId: string;
  readonly lenderMsp: string;
  readonly auditor: string;
  readonly captureDeviceKind: string;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly firstCheckInMs: number;
  readonly finalizedAtMs: number;
}

function meanCaptureInterval(captures: readonly CaptureRecord[]): number {
  if (captures.length < 2) return 0;
  const times = captures.map((capture) => capture.capturedAtMs).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  return Math.floor((last - first) / (times.length - 1));
}

/**
 * Claims 11-13: one audit as a vector of integers, so an off-chain detector can compare it with the
 * audits before it (FIG. 15). Only facts the verdict already rests on, plus timing.
 */
export function featureVector(input: EvaluationInput, evaluation: Evaluation, context: FeatureContext): FeatureVector {
  const nonNegative = (value: number) => Math.max(0, value);
  return {
    auditId: context.auditId,
    lotId: context.lotId,
    lenderMsp: context.lenderMsp,
    auditor: context.auditor,
    captureDeviceKind: context.captureDeviceKind,
    outcome: evaluation.outcome,
    finalizedAtMs: context.finalizedAtMs,
    expectedUnits: activeUnits(input.units).length,
    captures: input.captures.length,
    confirmedUnits: evaluation.confirmations.filter((entry) => entry.result === 'PASS').length,
    discrepancies: evaluation.normalDataSet.discrepancies,
    fraudFindings: evaluation.findings.filter((item) => item.class === 'fraud').length,
    manualEntries: evaluation.factors.manualEntries.count,
    retakes: input.captures.reduce((sum, capture) => sum + capture.previousAttempts.length, 0),
    photoReuses: input.captures.reduce((sum, capture) => sum + capture.photoReuse.length, 0),
    pathCoveragePermille: evaluation.factors.path.coveragePermille,
    motionChangePoints: evaluation.factors.motion.changePoints,
    motionScorePermille: evaluation.motionScorePermille,
    durationMs: nonNegative(context.finishedAtMs - context.startedAtMs),
    meanCaptureIntervalMs: meanCaptureInterval(input.captures),
    checkInToSubmitMs: nonNegative(input.submittedAtMs - context.firstCheckInMs),
    submitToFinalizeMs: nonNegative(context.finalizedAtMs - input.submittedAtMs),
  };
}
