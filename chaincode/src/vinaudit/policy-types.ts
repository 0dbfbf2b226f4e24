import { Type, type Static } from '@sinclair/typebox';

const Int = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });

/**
 * A lender's audit thresholds. Integers only (millimetres, mm/s, mm/s², millidegrees, counts) so
 * every endorser computes the same verdict. Each audit keeps a copy taken when it was opened.
 */
export const AuditPolicy = Type.Object(
  {
    /** Factor 1: the vehicle's current GPS may be this far from its recorded GPS. */
    vehicleLocationToleranceMm: Int(0, 1_000_000),
    /** Factor 2 (claim 14): the audit path must come this close to each confirmed vehicle (patent: five feet). */
    pathProximityMm: Int(0, 100_000),
    /** Factor 2: the device's GPS at capture may be this far from the vehicle's GPS. */
    captureDistanceLimitMm: Int(0, 100_000),
    /** Factor 3 (claim 15): motion must change at at least this many points of the path. */
    minMotionChangePoints: Int(0, 10_000),
    velocityChangeMmS: Int(1, 100_000),
    accelerationChangeMmS2: Int(1, 1_000_000),
    orientationChangeMdeg: Int(1, 180_000),
    /** Factor 4 (claim 16): hand-typed VINs above this number are a fraud finding. */
    manualEntryLimit: Int(0, 10_000),
    /** The "normal data set" (patent example: at most three discrepancies, at most five typed VINs). */
    normalMaxDiscrepancies: Int(0, 10_000),
    normalMaxManualEntries: Int(0, 10_000),
    /** Crowd verification: verifiers assigned per photo, and readings needed before consensus is fixed. */
    verifiersPerPhoto: Int(1, 15),
    verifierQuorum: Int(1, 15),
    /** VIN prefixes (WMI start) whose check digit is compulsory; others are "not applicable" when it fails. */
    checkDigitRequiredPrefixes: Type.Array(Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{1,3}$' }), { maxItems: 64, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type AuditPolicy = Static<typeof AuditPolicy>;

export const PolicyRecord = Type.Object(
  {
    lenderMsp: Type.String({ minLength: 1 }),
    policy: AuditPolicy,
    updatedAtMs: Type.Integer({ minimum: 0 }),
    updatedTxId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type PolicyRecord = Static<typeof PolicyRecord>;
