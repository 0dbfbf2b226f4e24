import { Type, type Static } from '@sinclair/typebox';
import { GeoPoint } from '../lib/geo';
import { VIN_PATTERN } from './vin';

export const LOT_ID_PATTERN = '^[A-Za-z0-9._-]{1,64}$';
export const ID_PATTERN = '^[0-9a-f]{64}$';
export const MSP_PATTERN = '^[A-Za-z0-9.-]{1,64}$';

export const Vin = Type.String({ pattern: VIN_PATTERN });
export const LotId = Type.String({ pattern: LOT_ID_PATTERN });
export const DerivedId = Type.String({ pattern: ID_PATTERN });
export const MspId = Type.String({ pattern: MSP_PATTERN });
export const VinCheckSchema = Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('not-applicable')]);

/** FIG. 10: the expected list shows descriptions only (the auditor cannot copy VINs off it) or VINs too. */
export const ListMode = Type.Union([Type.Literal('descriptions'), Type.Literal('descriptions-and-vins')]);
export type ListMode = Static<typeof ListMode>;

export const LotRecord = Type.Object(
  {
    lotId: LotId,
    name: Type.String({ minLength: 1, maxLength: 128 }),
    /** The lender whose floor plan the lot is: the only org that administers it. */
    lenderMsp: MspId,
    dealerName: Type.String({ minLength: 1, maxLength: 128 }),
    /** A dealer org on the channel, if any: may record vehicles and exceptions, receives notices. */
    dealerMsp: Type.Optional(MspId),
    location: GeoPoint,
    /** A check-in within this distance of `location` is on site. */
    radiusMm: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    listMode: ListMode,
    /** Other orgs (insurers, repossession companies, …) that receive this lot's confirmations and fraud notices. */
    subscribers: Type.Array(MspId, { maxItems: 16, uniqueItems: true }),
    createdAtMs: Type.Integer({ minimum: 0 }),
    createdTxId: Type.String({ minLength: 1 }),
    updatedAtMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type LotRecord = Static<typeof LotRecord>;

export const RegisterLotArgs = Type.Object(
  {
    lotId: LotId,
    name: Type.String({ minLength: 1, maxLength: 128 }),
    dealerName: Type.String({ minLength: 1, maxLength: 128 }),
    dealerMsp: Type.Optional(MspId),
    location: GeoPoint,
    radiusMm: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    listMode: ListMode,
    subscribers: Type.Optional(Type.Array(MspId, { maxItems: 16, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const UpdateLotArgs = Type.Object(
  {
    lotId: LotId,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    dealerName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** null removes the dealer org. */
    dealerMsp: Type.Optional(Type.Union([MspId, Type.Null()])),
    location: Type.Optional(GeoPoint),
    radiusMm: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    listMode: Type.Optional(ListMode),
    subscribers: Type.Optional(Type.Array(MspId, { maxItems: 16, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const UnitStatus = Type.Union([Type.Literal('financed'), Type.Literal('exception'), Type.Literal('released')]);
export type UnitStatus = Static<typeof UnitStatus>;
/** Recorded reasons a financed unit is not on the lot: exceptions, not fraud. */
export const ExceptionReason = Type.Union([Type.Literal('sold'), Type.Literal('demo'), Type.Literal('repair'), Type.Literal('in-transit')]);
export const ReleaseReason = Type.Union([Type.Literal('paid-off'), Type.Literal('transferred'), Type.Literal('recorded-in-error')]);

export const UnitException = Type.Object(
  {
    reason: ExceptionReason,
    note: Type.Optional(Type.String({ maxLength: 256 })),
    untilMs: Type.Optional(Type.Integer({ minimum: 0 })),
    recordedBy: MspId,
    recordedAtMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** One financed vehicle on a lot: the recorded VIN and recorded GPS every audit is compared with. */
export const UnitRecord = Type.Object(
  {
    lotId: LotId,
    /** Opaque, derived from the recording transaction: reveals nothing about the VIN. */
    unitId: DerivedId,
    vin: Vin,
    vinCheck: VinCheckSchema,
    description: Type.String({ minLength: 1, maxLength: 128 }),
    location: GeoPoint,
    status: UnitStatus,
    exception: Type.Optional(UnitException),
    releaseReason: Type.Optional(ReleaseReason),
    recordedBy: MspId,
    recordedAtMs: Type.Integer({ minimum: 0 }),
    recordedTxId: Type.String({ minLength: 1 }),
    updatedAtMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type UnitRecord = Static<typeof UnitRecord>;

export const RecordVehiclesArgs = Type.Object(
  {
    lotId: LotId,
    vehicles: Type.Array(
      Type.Object(
        { vin: Vin, description: Type.String({ minLength: 1, maxLength: 128 }), location: GeoPoint },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const RecordExceptionArgs = Type.Object(
  {
    lotId: LotId,
    unitId: DerivedId,
    reason: ExceptionReason,
    note: Type.Optional(Type.String({ maxLength: 256 })),
    untilMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const UnitRefArgs = Type.Object({ lotId: LotId, unitId: DerivedId }, { additionalProperties: false });
export const ReleaseArgs = Type.Object({ lotId: LotId, unitId: DerivedId, reason: ReleaseReason }, { additionalProperties: false });

export const FinancingEntry = Type.Object(
  { lotId: LotId, unitId: DerivedId, lenderMsp: MspId, dealerMsp: Type.Optional(MspId), dealerName: Type.String() },
  { additionalProperties: false },
);
export type FinancingEntry = Static<typeof FinancingEntry>;

/** The same VIN financed on two lots or by two lenders at once. */
export const DoubleFlooringRecord = Type.Object(
  {
    findingId: DerivedId,
    vin: Vin,
    entries: Type.Array(FinancingEntry, { minItems: 2 }),
    detectedAtMs: Type.Integer({ minimum: 0 }),
    detectedTxId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type DoubleFlooringRecord = Static<typeof DoubleFlooringRecord>;

export const NearbyArgs = Type.Object(
  {
    /** null when the device's GPS is off: all lots are listed by name. */
    gps: Type.Union([GeoPoint, Type.Null()]),
    lenderMsp: Type.Optional(MspId),
  },
  { additionalProperties: false },
);
