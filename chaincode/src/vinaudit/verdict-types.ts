import { Type, type Static } from '@sinclair/typebox';
import { Address, CaptureDevice } from './audit-types';
import { DerivedId, LotId, MspId, Vin } from './lot-types';

const Count = Type.Integer({ minimum: 0 });
const Permille = Type.Integer({ minimum: 0, maximum: 1000 });

/**
 * Finding types. Discrepancies count towards the "normal data set"; fraud findings fail the audit on
 * their own; info findings are reported only.
 */
export const DISCREPANCY_TYPES = [
  'vin-mismatch',
  'unrecorded-vin',
  'missing-vehicle',
  'vehicle-location',
  'unverified-capture',
  'duplicate-capture',
  'path-not-near-vehicle',
  'capture-distance',
  'check-in-off-site',
] as const;
export const FRAUD_TYPES = ['photo-reuse', 'motion-absent', 'manual-entry-limit', 'abnormal-data-set', 'double-flooring'] as const;
export const INFO_TYPES = ['consensus-check-digit', 'recorded-check-digit', 'late-exception'] as const;

export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];
export type FraudType = (typeof FRAUD_TYPES)[number];
export type InfoType = (typeof INFO_TYPES)[number];
export type FindingType = DiscrepancyType | FraudType | InfoType;
export type FindingClass = 'discrepancy' | 'fraud' | 'info';

export function classOf(type: FindingType): FindingClass {
  if ((DISCREPANCY_TYPES as readonly string[]).includes(type)) return 'discrepancy';
  if ((FRAUD_TYPES as readonly string[]).includes(type)) return 'fraud';
  return 'info';
}

const FindingTypeSchema = Type.Union([...DISCREPANCY_TYPES, ...FRAUD_TYPES, ...INFO_TYPES].map((type) => Type.Literal(type)));

export const Finding = Type.Object(
  {
    type: FindingTypeSchema,
    /** 1-4: the patent's fraud factors; 0: audit-level rules (normal data set, double flooring). */
    factor: Type.Integer({ minimum: 0, maximum: 4 }),
    class: Type.Union([Type.Literal('discrepancy'), Type.Literal('fraud'), Type.Literal('info')]),
    vin: Type.Optional(Vin),
    unitId: Type.Optional(DerivedId),
    captureIndex: Type.Optional(Type.Integer({ minimum: 0 })),
    detail: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type Finding = Static<typeof Finding>;

/** Claim 1, fourth messages: the VIN confirmation of one vehicle. */
export const Confirmation = Type.Object(
  {
    vin: Vin,
    unitId: Type.Optional(DerivedId),
    result: Type.Union([Type.Literal('PASS'), Type.Literal('FAIL'), Type.Literal('EXCEPTION')]),
    captureIndex: Type.Optional(Type.Integer({ minimum: 0 })),
    manualEntry: Type.Optional(Type.Boolean()),
    certaintyPermille: Type.Optional(Permille),
    clarityPermille: Type.Optional(Permille),
    exceptionReason: Type.Optional(Type.String()),
    reasons: Type.Array(FindingTypeSchema),
  },
  { additionalProperties: false },
);
export type Confirmation = Static<typeof Confirmation>;

export const Outcome = Type.Union([Type.Literal('PASS'), Type.Literal('REVIEW'), Type.Literal('FAIL')]);
export type Outcome = Static<typeof Outcome>;

export const FactorResults = Type.Object(
  {
    vinAndLocation: Type.Object({ passed: Type.Boolean(), discrepancies: Count }, { additionalProperties: false }),
    path: Type.Object({ passed: Type.Boolean(), discrepancies: Count, coveragePermille: Permille }, { additionalProperties: false }),
    motion: Type.Object({ passed: Type.Boolean(), changePoints: Count, required: Count }, { additionalProperties: false }),
    manualEntries: Type.Object({ passed: Type.Boolean(), count: Count, limit: Count }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type FactorResults = Static<typeof FactorResults>;

export const NormalDataSet = Type.Object(
  { normal: Type.Boolean(), discrepancies: Count, maxDiscrepancies: Count, manualEntries: Count, maxManualEntries: Count },
  { additionalProperties: false },
);

export const FraudSummary = Type.Object({ type: FindingTypeSchema, vins: Type.Array(Vin) }, { additionalProperties: false });

/** The immutable result of an audit, endorsed by the auditor org. */
export const VerdictRecord = Type.Object(
  {
    auditId: DerivedId,
    lotId: LotId,
    lenderMsp: MspId,
    reauditOf: Type.Optional(DerivedId),
    auditor: Address,
    captureDevice: CaptureDevice,
    outcome: Outcome,
    factors: FactorResults,
    normalDataSet: NormalDataSet,
    confirmations: Type.Array(Confirmation),
    findings: Type.Array(Finding),
    /** Every fraud type found and for which VINs (claim 7 item 7). */
    fraud: Type.Array(FraudSummary),
    finalizedAtMs: Type.Integer({ minimum: 0 }),
    finalizedTxId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type VerdictRecord = Static<typeof VerdictRecord>;

/** Claims 11-13: what an off-chain anomaly detector compares across audits. */
export const FeatureVector = Type.Object(
  {
    auditId: DerivedId,
    lotId: LotId,
    lenderMsp: MspId,
    auditor: Address,
    captureDeviceKind: Type.String(),
    outcome: Outcome,
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
    /** Device clock: from the first to the last moment of the walk. */
    durationMs: Count,
    meanCaptureIntervalMs: Count,
    /** Transaction time: from the first check-in to the submission, and from the submission to the verdict. */
    checkInToSubmitMs: Count,
    submitToFinalizeMs: Count,
  },
  { additionalProperties: false },
);
export type FeatureVector = Static<typeof FeatureVector>;

export const AnomalyScoreArgs = Type.Object(
  {
    auditId: DerivedId,
    detector: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
    scorePermille: Permille,
    flagged: Type.Boolean(),
    modelRef: Type.Optional(Type.String({ maxLength: 128 })),
    note: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const AnomalyScoreRecord = Type.Object(
  {
    auditId: DerivedId,
    detector: Type.String({ minLength: 1 }),
    scorePermille: Permille,
    flagged: Type.Boolean(),
    modelRef: Type.Optional(Type.String({ maxLength: 128 })),
    note: Type.Optional(Type.String({ maxLength: 256 })),
    recordedBy: MspId,
    recordedAtMs: Count,
    recordedTxId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type AnomalyScoreRecord = Static<typeof AnomalyScoreRecord>;

export const FeatureQueryArgs = Type.Object(
  {
    lotId: Type.Optional(LotId),
    auditor: Type.Optional(Address),
    /** Most recent N, returned oldest first. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
