import type { FeatureVector } from './feature-vector';

/** Feature vectors shaped like the chaincode's (chaincode/src/vinaudit/features.ts), for detector tests. */
export function vector(index: number, extra: Partial<FeatureVector> = {}): FeatureVector {
  return {
    auditId: index.toString(16).padStart(64, '0'),
    lotId: `lot-${index % 3}`,
    lenderMsp: 'AuditMSP',
    auditor: '0x00000000000000000000000000000000000A0d17',
    captureDeviceKind: 'smartphone',
    outcome: 'PASS',
    finalizedAtMs: 1_700_000_000_000 + index * 86_400_000,
    expectedUnits: 20,
    captures: 20,
    confirmedUnits: 20,
    discrepancies: 0,
    fraudFindings: 0,
    manualEntries: 0,
    retakes: 0,
    photoReuses: 0,
    pathCoveragePermille: 1000,
    motionChangePoints: 20,
    motionScorePermille: 900,
    durationMs: 600_000,
    meanCaptureIntervalMs: 30_000,
    checkInToSubmitMs: 700_000,
    submitToFinalizeMs: 60_000,
    ...extra,
  };
}

/**
 * Twelve ordinary audits with the small, regular variation of real ones: a typed VIN or a retake
 * now and then, a slower walk, a missed vehicle, a little more or less motion.
 */
export function ordinaryHistory(count = 12): FeatureVector[] {
  return Array.from({ length: count }, (_, index) =>
    vector(index, {
      confirmedUnits: index % 5 === 4 ? 19 : 20,
      discrepancies: index % 5 === 4 ? 1 : 0,
      outcome: index % 5 === 4 ? 'REVIEW' : 'PASS',
      manualEntries: index % 3 === 0 ? 1 : 0,
      retakes: index % 4 === 0 ? 1 : 0,
      pathCoveragePermille: index % 5 === 4 ? 950 : 1000,
      motionChangePoints: 18 + (index % 3),
      motionScorePermille: 880 + 10 * (index % 5),
      meanCaptureIntervalMs: 27_000 + 1_500 * (index % 4),
      checkInToSubmitMs: 640_000 + 20_000 * (index % 6),
    }),
  );
}

/** A walk that never happened: many typed VINs, a still device, captures seconds apart. */
export function fabricatedAudit(index: number): FeatureVector {
  return vector(index, { outcome: 'FAIL', manualEntries: 8, fraudFindings: 2, motionChangePoints: 0, motionScorePermille: 0, meanCaptureIntervalMs: 2_000, checkInToSubmitMs: 60_000 });
}
