import { Type, type Static } from '@sinclair/typebox';
import { ADDRESS_PATTERN } from '../devices/device-request';
import { GeoPoint } from '../lib/geo';
import { Consensus } from './crowd-types';
import { DerivedId, LotId, MspId, Vin } from './lot-types';
import { AuditPolicy } from './policy-types';

export const Address = Type.String({ pattern: ADDRESS_PATTERN });
/** SHA-256 of the photo bytes, lower-case hex; the photo itself stays off chain. */
export const PhotoHash = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Ms = Type.Integer({ minimum: 0 });

export const AuditStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('in-progress'),
  Type.Literal('verifying'),
  Type.Literal('finalized'),
  Type.Literal('expired'),
]);
export type AuditStatus = Static<typeof AuditStatus>;

/** Claim 7 item 4: what kind of device captured the photos (claim 5 lists the kinds). */
export const CaptureDeviceKind = Type.Union(
  ['smartphone', 'tablet', 'laptop', 'wearable', 'uav', 'camera', 'other'].map((kind) => Type.Literal(kind)),
);
export const CaptureDevice = Type.Object(
  { kind: CaptureDeviceKind, model: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
export type CaptureDevice = Static<typeof CaptureDevice>;

export const AuditRecord = Type.Object(
  {
    auditId: DerivedId,
    lotId: LotId,
    lenderMsp: MspId,
    status: AuditStatus,
    /** The lender's thresholds when the audit was opened: changing them later does not move this audit. */
    policy: AuditPolicy,
    openedAtMs: Ms,
    openedTxId: Type.String({ minLength: 1 }),
    /** Audit window: check-in, submission and retakes must happen by this transaction time. */
    deadlineMs: Ms,
    /** When set, only this auditor device may check in and submit. */
    assignedAuditor: Type.Optional(Address),
    /** A re-audit links to the audit it repeats; the old audit is never changed. */
    reauditOf: Type.Optional(DerivedId),
    /** The device that checked in first and alone may submit. */
    auditor: Type.Optional(Address),
    auditorPersonRef: Type.Optional(DerivedId),
    checkIns: Type.Integer({ minimum: 0 }),
    submittedAtMs: Type.Optional(Ms),
    captureCount: Type.Optional(Type.Integer({ minimum: 0 })),
    finalizedAtMs: Type.Optional(Ms),
    outcome: Type.Optional(Type.Union([Type.Literal('PASS'), Type.Literal('REVIEW'), Type.Literal('FAIL')])),
    updatedAtMs: Ms,
  },
  { additionalProperties: false },
);
export type AuditRecord = Static<typeof AuditRecord>;

export const OpenAuditArgs = Type.Object(
  { lotId: LotId, deadlineMs: Ms, auditor: Type.Optional(Address), reauditOf: Type.Optional(DerivedId) },
  { additionalProperties: false },
);

export const CheckInPayload = Type.Object(
  { auditId: DerivedId, gps: Type.Union([GeoPoint, Type.Null()]) },
  { additionalProperties: false },
);

export const CheckInRecord = Type.Object(
  {
    auditId: DerivedId,
    checkInId: DerivedId,
    device: Address,
    gps: Type.Union([GeoPoint, Type.Null()]),
    distanceToLotMm: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    onSite: Type.Union([Type.Boolean(), Type.Null()]),
    atMs: Ms,
    txId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type CheckInRecord = Static<typeof CheckInRecord>;

/** One vehicle as captured: photo hash, VIN read or typed, vehicle GPS and device GPS at capture. */
export const CaptureInput = Type.Object(
  {
    /** The expected unit the auditor took this for (optional: the consensus VIN finds it otherwise). */
    unitId: Type.Optional(DerivedId),
    photoHash: Type.Optional(PhotoHash),
    /** The VIN the device read (OCR) or the auditor typed. */
    vinRead: Type.Optional(Vin),
    manualEntry: Type.Boolean(),
    vehicleGps: GeoPoint,
    deviceGps: GeoPoint,
    capturedAtMs: Ms,
  },
  { additionalProperties: false },
);
export type CaptureInput = Static<typeof CaptureInput>;

export const PathPoint = Type.Object({ atMs: Ms, position: GeoPoint }, { additionalProperties: false });
export type PathPoint = Static<typeof PathPoint>;

/** Motion at a point of the path: mm/s, mm/s² and millidegrees. */
export const MotionSample = Type.Object(
  {
    pathIndex: Type.Integer({ minimum: 0 }),
    velocityMmS: Type.Integer({ minimum: 0, maximum: 100_000 }),
    accelerationMmS2: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
    pitchMdeg: Type.Integer({ minimum: -90_000, maximum: 90_000 }),
    rollMdeg: Type.Integer({ minimum: -180_000, maximum: 180_000 }),
    yawMdeg: Type.Integer({ minimum: 0, maximum: 359_999 }),
  },
  { additionalProperties: false },
);
export type MotionSample = Static<typeof MotionSample>;

/** Claim 1, first messages. */
export const SubmitAuditPayload = Type.Object(
  {
    auditId: DerivedId,
    captureDevice: CaptureDevice,
    startedAtMs: Ms,
    finishedAtMs: Ms,
    vehicles: Type.Array(CaptureInput, { minItems: 1, maxItems: 500 }),
    path: Type.Array(PathPoint, { minItems: 1, maxItems: 10_000 }),
    motion: Type.Array(MotionSample, { maxItems: 10_000 }),
  },
  { additionalProperties: false },
);
export type SubmitAuditPayload = Static<typeof SubmitAuditPayload>;

/** The immutable evidence of a submission: path, motion, and the units expected when it was made. */
export const SubmissionRecord = Type.Object(
  {
    auditId: DerivedId,
    device: Address,
    captureDevice: CaptureDevice,
    startedAtMs: Ms,
    finishedAtMs: Ms,
    path: Type.Array(PathPoint),
    motion: Type.Array(MotionSample),
    expectedUnitIds: Type.Array(DerivedId),
    submittedAtMs: Ms,
    txId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type SubmissionRecord = Static<typeof SubmissionRecord>;

export const CaptureState = Type.Union([
  Type.Literal('verifying'),
  Type.Literal('confirmed'),
  Type.Literal('mismatch'),
  Type.Literal('retake-requested'),
  Type.Literal('manual'),
  Type.Literal('unresolved'),
]);
export type CaptureState = Static<typeof CaptureState>;

export const PhotoReuse = Type.Object(
  { photoHash: PhotoHash, attempt: Type.Integer({ minimum: 1 }), firstAuditId: DerivedId, firstCaptureIndex: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type PhotoReuse = Static<typeof PhotoReuse>;

export const PreviousAttempt = Type.Object(
  {
    attempt: Type.Integer({ minimum: 1 }),
    photoHash: Type.Optional(PhotoHash),
    manualEntry: Type.Boolean(),
    consensus: Type.Optional(Consensus),
  },
  { additionalProperties: false },
);

export const CaptureRecord = Type.Object(
  {
    auditId: DerivedId,
    index: Type.Integer({ minimum: 0 }),
    unitId: Type.Optional(DerivedId),
    attempt: Type.Integer({ minimum: 1 }),
    photoHash: Type.Optional(PhotoHash),
    vinRead: Type.Optional(Vin),
    manualEntry: Type.Boolean(),
    vehicleGps: GeoPoint,
    deviceGps: GeoPoint,
    capturedAtMs: Ms,
    state: CaptureState,
    /** Crowd verifiers assigned to the current attempt's photo. */
    verifiers: Type.Array(Address),
    consensus: Type.Optional(Consensus),
    photoReuse: Type.Array(PhotoReuse),
    previousAttempts: Type.Array(PreviousAttempt),
    updatedAtMs: Ms,
  },
  { additionalProperties: false },
);
export type CaptureRecord = Static<typeof CaptureRecord>;

/** A retake of an unreadable photo, or the VIN typed by hand at the vehicle. */
export const RetakePayload = Type.Object(
  {
    auditId: DerivedId,
    captureIndex: Type.Integer({ minimum: 0 }),
    photoHash: Type.Optional(PhotoHash),
    vinRead: Type.Optional(Vin),
    manualEntry: Type.Boolean(),
    vehicleGps: GeoPoint,
    deviceGps: GeoPoint,
    capturedAtMs: Ms,
  },
  { additionalProperties: false },
);
export type RetakePayload = Static<typeof RetakePayload>;

export const AuditRefArgs = Type.Object({ auditId: DerivedId }, { additionalProperties: false });

/** The first use of a photo hash: any later use, in any audit, is photo re-use. */
export const PhotoUseRecord = Type.Object(
  {
    photoHash: PhotoHash,
    auditId: DerivedId,
    lotId: LotId,
    captureIndex: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    usedAtMs: Ms,
  },
  { additionalProperties: false },
);
export type PhotoUseRecord = Static<typeof PhotoUseRecord>;
