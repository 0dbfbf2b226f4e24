import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { VIN_PATTERN } from '../devices/device-types';
import { RIDE_ACTIONS, RIDE_STATUSES } from './ride-status';
import { Address, Hex64, Reason, RideId, RideshareConfig, Verdict } from './rideshare-types';

/** Public records of the ride-share contract: identifiers, times, decisions, scores and hashes only. */
const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };
/** A union of string literals that keeps the literal types (a plain map() widens them to string). */
function literals<const T extends readonly string[]>(values: T): TUnion<Literals<T>> {
  return Type.Union(values.map((value) => Type.Literal(value))) as unknown as TUnion<Literals<T>>;
}
const TimeMs = Type.Integer({ minimum: 0 });
const TxId = Type.String({ minLength: 1 });

export const TermsRecord = object({ version: Type.Integer({ minimum: 1 }), documentHash: Hex64, publishedAtMs: TimeMs, publishedTxId: TxId });
export type TermsRecord = Static<typeof TermsRecord>;

export const AccountRole = literals(['rider', 'driver'] as const);
export type AccountRole = Static<typeof AccountRole>;

/** A rider or driver account is its registered phone; acceptance of the terms is its smart-contract acceptance. */
export const AccountRecord = object({
  address: Address,
  role: AccountRole,
  termsVersion: Type.Integer({ minimum: 1 }),
  termsHash: Hex64,
  acceptedAtMs: TimeMs,
  acceptedTxId: TxId,
});
export type AccountRecord = Static<typeof AccountRecord>;

export const VehicleLinkRecord = object({
  driver: Address,
  vehicleDevice: Address,
  deviceType: literals(['head-unit', 'telematics-unit'] as const),
  vin: Type.String({ pattern: VIN_PATTERN }),
  status: literals(['linked', 'unlinked'] as const),
  linkedAtMs: TimeMs,
  linkedTxId: TxId,
  updatedAtMs: TimeMs,
  updatedTxId: TxId,
});
export type VehicleLinkRecord = Static<typeof VehicleLinkRecord>;

export const StoredConfig = object({ config: RideshareConfig, updatedAtMs: TimeMs, updatedTxId: TxId });

export const RideRequestRecord = object({
  requestedAtMs: TimeMs,
  detailsCommitment: Hex64,
  /** First part (rider's) and second part (ledger side's) of the ride request key: commitments only. */
  firstPartCommitment: Hex64,
  secondPartCommitment: Hex64,
  /** keyHash('request', first, second): holders of both parts validate the key against it. */
  keyHash: Hex64,
  firstHash: Hex64,
  pinCommitment: Type.Optional(Hex64),
  pinSaltCommitment: Type.Optional(Hex64),
  txId: TxId,
});
export type RideRequestRecord = Static<typeof RideRequestRecord>;

export const RideResponseRecord = object({
  driver: Address,
  vehicleDevice: Address,
  vin: Type.String({ pattern: VIN_PATTERN }),
  driverTermsVersion: Type.Integer({ minimum: 1 }),
  respondedAtMs: TimeMs,
  detailsCommitment: Hex64,
  firstPartCommitment: Hex64,
  secondPartCommitment: Hex64,
  keyHash: Hex64,
  secondHash: Hex64,
  txId: TxId,
});
export type RideResponseRecord = Static<typeof RideResponseRecord>;

export const HashOutcomeSchema = literals(['match', 'match-within-tolerance', 'location-mismatch', 'hash-mismatch'] as const);

export const PartyReconciliation = object({
  state: literals(['pending', 'matched', 'update-requested', 'failed'] as const),
  submissions: Type.Integer({ minimum: 0 }),
  last: Type.Optional(
    object({
      requestHash: Hex64,
      responseHash: Hex64,
      requestOutcome: HashOutcomeSchema,
      responseOutcome: HashOutcomeSchema,
      atMs: TimeMs,
      txId: TxId,
    }),
  ),
});
export type PartyReconciliation = Static<typeof PartyReconciliation>;

export const PickupCheck = object({
  outcome: literals(['too-far', 'identity-failed', 'verified'] as const),
  method: Type.Optional(literals(['biometrics', 'pin-fallback'] as const)),
  reason: Type.Optional(Type.String({ maxLength: 128 })),
  vehicleDevice: Address,
  face: Verdict,
  voice: Verdict,
  pinTyped: Type.Boolean(),
  atMs: TimeMs,
  txId: TxId,
});
export type PickupCheck = Static<typeof PickupCheck>;

export const PickupRecord = object({
  /** Failed identity checks so far (too-far checks do not count). */
  failedAttempts: Type.Integer({ minimum: 0 }),
  last: Type.Optional(PickupCheck),
});
export type PickupRecord = Static<typeof PickupRecord>;

/** A recorded error: the transaction succeeded and wrote why the ride failed. */
export const RideFailure = object({
  code: literals(['reconciliation-failed', 'pickup-failed'] as const),
  party: Type.Optional(AccountRole),
  detail: Type.String({ maxLength: 256 }),
  atMs: TimeMs,
  txId: TxId,
});
export type RideFailure = Static<typeof RideFailure>;

/** Who did what last: every version of the ride in its history says which action made it. */
export const RideChange = object({
  action: literals(RIDE_ACTIONS),
  /** A device address, or `org:<MSP ID>` for operator actions. */
  by: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Type.Optional(Reason),
  atMs: TimeMs,
  txId: TxId,
});
export type RideChange = Static<typeof RideChange>;

export const RideRecord = object({
  rideId: RideId,
  status: literals(RIDE_STATUSES),
  rider: Address,
  riderTermsVersion: Type.Integer({ minimum: 1 }),
  /** The operator's configuration when the ride was requested: the rules both parties ride under. */
  rules: RideshareConfig,
  request: RideRequestRecord,
  offeredTo: Type.Optional(Address),
  declinedBy: Type.Array(Address),
  response: Type.Optional(RideResponseRecord),
  reconciliation: object({ rider: PartyReconciliation, driver: PartyReconciliation }),
  pickup: PickupRecord,
  failure: Type.Optional(RideFailure),
  /** Absent only on the request itself. */
  lastChange: Type.Optional(RideChange),
  createdAtMs: TimeMs,
  updatedAtMs: TimeMs,
  updatedTxId: TxId,
});
export type RideRecord = Static<typeof RideRecord>;
