import { Type, type Static } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });
const Permille = Type.Integer({ minimum: 0, maximum: 1000 });

/**
 * `vinaudit.history:ListFeatureVectors`: one finalized audit as integers (claims 11-13), written by
 * the chaincode with the verdict (chaincode/src/vinaudit/features.ts). Extra fields are allowed.
 */
export const FeatureVector = Type.Object({
  auditId: Type.String(),
  lotId: Type.String(),
  lenderMsp: Type.String(),
  auditor: Type.String(),
  captureDeviceKind: Type.String(),
  outcome: Type.String(),
  finalizedAtMs: Count,
  expectedUnits: Count,
  captures: Count,
  confirmedUnits: Count,
  discrepancies: Count,
  fraudFindings: Count,
  manualEntries: Count,
  retakes: Count,
  photoReuses: Count,
  pathCoveragePermille: Permille,
  motionChangePoints: Count,
  motionScorePermille: Permille,
  durationMs: Count,
  meanCaptureIntervalMs: Count,
  checkInToSubmitMs: Count,
  submitToFinalizeMs: Count,
});
export type FeatureVector = Static<typeof FeatureVector>;
