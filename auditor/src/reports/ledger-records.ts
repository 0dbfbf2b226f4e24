import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The VIN audit records the reports read, as the chaincode's queries return them
 * (chaincode/src/vinaudit/*-types.ts). Only the fields the reports use are named; other fields
 * are allowed so a chaincode that adds fields does not break the reports. Integers stay integers
 * (microdegrees, millimetres, per mille, ms): they are formatted for humans only when rendered.
 */
const Int = Type.Integer();
const Ms = Type.Integer({ minimum: 0 });
const Permille = Type.Integer({ minimum: 0, maximum: 1000 });
const Text = Type.String();
const optional = <S extends TSchema>(schema: S) => Type.Optional(schema);

export const GeoPoint = Type.Object({ latE6: Int, lonE6: Int });
export type GeoPoint = Static<typeof GeoPoint>;

export const LotRecord = Type.Object({
  lotId: Text,
  name: Text,
  lenderMsp: Text,
  dealerName: Text,
  dealerMsp: optional(Text),
  location: GeoPoint,
  radiusMm: Int,
  listMode: Text,
});
export type LotRecord = Static<typeof LotRecord>;

/** `vinaudit.lots:LotsNearby` with no GPS: every lot, by name. */
export const LotChoice = Type.Object({ lotId: Text, name: Text, dealerName: Text, lenderMsp: Text });
export type LotChoice = Static<typeof LotChoice>;
export const LotsNearby = Type.Object({ all: Type.Array(LotChoice) });

export const UnitRecord = Type.Object({
  lotId: Text,
  unitId: Text,
  vin: Text,
  vinCheck: Text,
  description: Text,
  location: GeoPoint,
  status: Text,
  exception: optional(Type.Object({ reason: Text })),
});
export type UnitRecord = Static<typeof UnitRecord>;

export const AuditPolicy = Type.Object({
  vehicleLocationToleranceMm: Int,
  pathProximityMm: Int,
  captureDistanceLimitMm: Int,
  manualEntryLimit: Int,
  normalMaxDiscrepancies: Int,
  normalMaxManualEntries: Int,
});

export const AuditRecord = Type.Object({
  auditId: Text,
  lotId: Text,
  lenderMsp: Text,
  status: Text,
  policy: AuditPolicy,
  openedAtMs: Ms,
  deadlineMs: Ms,
  reauditOf: optional(Text),
  auditor: optional(Text),
  submittedAtMs: optional(Ms),
  captureCount: optional(Int),
  finalizedAtMs: optional(Ms),
  outcome: optional(Text),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const CheckInRecord = Type.Object({
  device: Text,
  gps: Type.Union([GeoPoint, Type.Null()]),
  distanceToLotMm: Type.Union([Int, Type.Null()]),
  onSite: Type.Union([Type.Boolean(), Type.Null()]),
  atMs: Ms,
});
export type CheckInRecord = Static<typeof CheckInRecord>;

export const CaptureDevice = Type.Object({ kind: Text, model: optional(Text) });
export type CaptureDevice = Static<typeof CaptureDevice>;

export const PathPoint = Type.Object({ atMs: Ms, position: GeoPoint });
export type PathPoint = Static<typeof PathPoint>;

export const SubmissionRecord = Type.Object({
  device: Text,
  captureDevice: CaptureDevice,
  startedAtMs: Ms,
  finishedAtMs: Ms,
  path: Type.Array(PathPoint),
  motion: Type.Array(Type.Object({ pathIndex: Int })),
  expectedUnitIds: Type.Array(Text),
  submittedAtMs: Ms,
});
export type SubmissionRecord = Static<typeof SubmissionRecord>;

export const Consensus = Type.Object({
  status: Text,
  vin: optional(Text),
  vinCheck: optional(Text),
  certaintyPermille: Permille,
  clarityPermille: Permille,
  received: Int,
  assigned: Int,
  quorum: Int,
});
export type Consensus = Static<typeof Consensus>;

export const CaptureRecord = Type.Object({
  index: Int,
  unitId: optional(Text),
  attempt: Int,
  photoHash: optional(Text),
  vinRead: optional(Text),
  manualEntry: Type.Boolean(),
  vehicleGps: GeoPoint,
  deviceGps: GeoPoint,
  capturedAtMs: Ms,
  state: Text,
  consensus: optional(Consensus),
  photoReuse: Type.Array(Type.Object({ firstAuditId: Text })),
  previousAttempts: Type.Array(Type.Object({ attempt: Int, manualEntry: Type.Boolean() })),
});
export type CaptureRecord = Static<typeof CaptureRecord>;

export const FindingClass = Type.Union([Type.Literal('discrepancy'), Type.Literal('fraud'), Type.Literal('info')]);
export type FindingClass = Static<typeof FindingClass>;

export const Finding = Type.Object({
  type: Text,
  factor: Int,
  class: FindingClass,
  vin: optional(Text),
  unitId: optional(Text),
  captureIndex: optional(Int),
  detail: Text,
});
export type Finding = Static<typeof Finding>;

export const Confirmation = Type.Object({
  vin: Text,
  unitId: optional(Text),
  result: Type.Union([Type.Literal('PASS'), Type.Literal('FAIL'), Type.Literal('EXCEPTION')]),
  captureIndex: optional(Int),
  manualEntry: optional(Type.Boolean()),
  certaintyPermille: optional(Permille),
  clarityPermille: optional(Permille),
  exceptionReason: optional(Text),
  reasons: Type.Array(Text),
});
export type Confirmation = Static<typeof Confirmation>;

const Passed = { passed: Type.Boolean() };
export const FactorResults = Type.Object({
  vinAndLocation: Type.Object({ ...Passed, discrepancies: Int }),
  path: Type.Object({ ...Passed, discrepancies: Int, coveragePermille: Permille }),
  motion: Type.Object({ ...Passed, changePoints: Int, required: Int }),
  manualEntries: Type.Object({ ...Passed, count: Int, limit: Int }),
});
export type FactorResults = Static<typeof FactorResults>;

export const VerdictRecord = Type.Object({
  auditId: Text,
  lotId: Text,
  auditor: Text,
  captureDevice: CaptureDevice,
  outcome: Type.Union([Type.Literal('PASS'), Type.Literal('REVIEW'), Type.Literal('FAIL')]),
  factors: FactorResults,
  normalDataSet: Type.Object({ normal: Type.Boolean(), discrepancies: Int, maxDiscrepancies: Int, manualEntries: Int, maxManualEntries: Int }),
  confirmations: Type.Array(Confirmation),
  findings: Type.Array(Finding),
  fraud: Type.Array(Type.Object({ type: Text, vins: Type.Array(Text) })),
  finalizedAtMs: Ms,
});
export type VerdictRecord = Static<typeof VerdictRecord>;

/** `vinaudit:GetAudit`: the whole audit. */
export const AuditDetail = Type.Object({
  audit: AuditRecord,
  checkIns: Type.Array(CheckInRecord),
  submission: Type.Union([SubmissionRecord, Type.Null()]),
  captures: Type.Array(CaptureRecord),
  verdict: Type.Union([VerdictRecord, Type.Null()]),
  reaudits: Type.Array(Text),
});
export type AuditDetail = Static<typeof AuditDetail>;

/** `vinaudit.history:ListAnomalyScores`: advisory scores of off-chain detectors (claims 11-13). */
export const AnomalyScoreRecord = Type.Object({
  auditId: Text,
  detector: Text,
  scorePermille: Permille,
  flagged: Type.Boolean(),
  modelRef: optional(Text),
  note: optional(Text),
  recordedBy: Text,
  recordedAtMs: Ms,
  recordedTxId: Text,
});
export type AnomalyScoreRecord = Static<typeof AnomalyScoreRecord>;
