import { Type, type Static } from '@sinclair/typebox';
import { DeviceTypeSchema } from '../devices/device-types';
import { Address, BiometricCheck, Command, Hex64, Role, SecondaryRole, VehicleIdentification, Vin } from './pairing-types';

/** Public records of the pairing contract. None of them holds personal data in clear. */
const Millis = Type.Integer({ minimum: 0 });
const TxId = Type.String({ minLength: 1, maxLength: 128 });
const Note = Type.String({ minLength: 1, maxLength: 256 });
const Components = Type.Array(Address, { minItems: 1, maxItems: 8 });
/** When and by which transaction a mutable record was created and last changed. */
const Lifecycle = { createdAtMs: Millis, createdTxId: TxId, updatedAtMs: Millis, updatedTxId: TxId };

export const PAIRING_STATUSES = ['pre-paired', 'paired', 'revoked', 'expired'] as const;
export const PairingStatus = Type.Union(PAIRING_STATUSES.map((status) => Type.Literal(status)));
export type PairingStatus = Static<typeof PairingStatus>;

export const PairingOrigin = Type.Union([
  Type.Literal('pre-pairing'),
  Type.Literal('secondary-approval'),
  Type.Literal('invitation'),
]);
export type PairingOrigin = Static<typeof PairingOrigin>;

/** One vehicle + device combination, identified by its unique pairing identifier (paragraphs 59-60). */
export const PairingRecord = Type.Object(
  {
    pairingId: Hex64,
    vin: Vin,
    device: Address,
    deviceType: DeviceTypeSchema,
    role: Role,
    origin: PairingOrigin,
    status: PairingStatus,
    /** The components that reported for the vehicle and received the device data (paragraph 52). */
    components: Components,
    vehicleDataHash: Hex64,
    /** Commitment to the device's private data (owner phone: ownership data; secondary: holder data). */
    deviceDataCommitment: Type.Optional(Hex64),
    /** Commitment to the vehicle's ownership data, reported by the digital-key-ecu. */
    vehicleOwnershipCommitment: Type.Optional(Hex64),
    /** The owner pairing this one derives from (secondary approvals, invited vehicles). */
    ownerPairingId: Type.Optional(Hex64),
    approvedBy: Type.Optional(Address),
    biometricCheck: Type.Optional(BiometricCheck),
    requestId: Type.Optional(Hex64),
    invitationId: Type.Optional(Hex64),
    validUntilMs: Type.Optional(Millis),
    /** Last proximity decision: the "pairing enabled/disabled" state of paragraph 54. */
    pairingEnabled: Type.Boolean(),
    lastDistanceMm: Type.Optional(Millis),
    lastProximityAtMs: Type.Optional(Millis),
    pairedAtMs: Type.Optional(Millis),
    mismatchCount: Type.Integer({ minimum: 0 }),
    ownershipEpoch: Type.Integer({ minimum: 0 }),
    statusReason: Type.Optional(Note),
    ...Lifecycle,
  },
  { additionalProperties: false },
);
export type PairingRecord = Static<typeof PairingRecord>;

/** What the ledger knows about a vehicle: its identification, components and current owner pairing. */
export const VehicleRecord = Type.Object(
  {
    vin: Vin,
    identification: VehicleIdentification,
    vehicleDataHash: Hex64,
    components: Components,
    ownerDevice: Type.Optional(Address),
    ownerPairingId: Type.Optional(Hex64),
    /** Incremented by every ownership transfer. */
    ownershipEpoch: Type.Integer({ minimum: 0 }),
    updatedAtMs: Millis,
    updatedTxId: TxId,
  },
  { additionalProperties: false },
);
export type VehicleRecord = Static<typeof VehicleRecord>;

export const REJECTION_REASONS = [
  'component-vin-binding',
  'component-mismatch',
  'vin-mismatch',
  'vehicle-off',
  'ownership-mismatch',
  'ownership-unverified',
] as const;
export const RejectionReason = Type.Union(REJECTION_REASONS.map((reason) => Type.Literal(reason)));
export type RejectionReason = Static<typeof RejectionReason>;

/** Every pre-pairing attempt, successful or rejected, for the automaker and auditors. */
export const AttemptRecord = Type.Object(
  {
    attemptId: Hex64,
    kind: Type.Union([Type.Literal('pre-pairing'), Type.Literal('invitation')]),
    vin: Vin,
    device: Address,
    components: Components,
    reportedVins: Type.Array(Vin, { minItems: 1, maxItems: 8 }),
    outcome: Type.Union([Type.Literal('pre-paired'), Type.Literal('rejected')]),
    reasons: Type.Array(RejectionReason, { maxItems: REJECTION_REASONS.length }),
    /** Which checks failed and where, never the personal values themselves. */
    details: Type.Array(Note, { maxItems: 32 }),
    pairingId: Type.Optional(Hex64),
    invitationId: Type.Optional(Hex64),
    atMs: Millis,
    txId: TxId,
  },
  { additionalProperties: false },
);
export type AttemptRecord = Static<typeof AttemptRecord>;

/** A message whose pairing identifier did not match (paragraph 61). */
export const MismatchRecord = Type.Object(
  {
    mismatchId: Hex64,
    vin: Vin,
    device: Address,
    reporter: Address,
    claimedPairingId: Hex64,
    expectedPairingId: Type.Optional(Hex64),
    command: Command,
    messageHash: Hex64,
    mismatchCount: Type.Integer({ minimum: 0 }),
    unpaired: Type.Boolean(),
    atMs: Millis,
    txId: TxId,
  },
  { additionalProperties: false },
);
export type MismatchRecord = Static<typeof MismatchRecord>;

export const REQUEST_STATUSES = ['pending', 'awaiting-owner-pre-pairing', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export const RequestStatus = Type.Union(REQUEST_STATUSES.map((status) => Type.Literal(status)));
export type RequestStatus = Static<typeof RequestStatus>;

/** A request by another device to pair with a vehicle, decided by the owner (claim 6). */
export const SecondaryRequestRecord = Type.Object(
  {
    requestId: Hex64,
    vin: Vin,
    device: Address,
    deviceType: DeviceTypeSchema,
    role: SecondaryRole,
    requestedValidUntilMs: Type.Optional(Millis),
    deviceDataCommitment: Type.Optional(Hex64),
    status: RequestStatus,
    /** The phone that approved; while awaiting, it must become the owner for the approval to count. */
    approver: Type.Optional(Address),
    biometricCheck: Type.Optional(BiometricCheck),
    /** Role and validity the owner granted. */
    grantedRole: Type.Optional(SecondaryRole),
    grantedValidUntilMs: Type.Optional(Millis),
    pairingId: Type.Optional(Hex64),
    statusReason: Type.Optional(Note),
    expiresAtMs: Millis,
    ...Lifecycle,
  },
  { additionalProperties: false },
);
export type SecondaryRequestRecord = Static<typeof SecondaryRequestRecord>;

/** An invitation from the owner's phone to another vehicle of the same owner (claim 7). */
export const InvitationRecord = Type.Object(
  {
    invitationId: Hex64,
    vin: Vin,
    ownerDevice: Address,
    ownerPairingId: Hex64,
    ownerCommitment: Hex64,
    status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('cancelled')]),
    pairingId: Type.Optional(Hex64),
    statusReason: Type.Optional(Note),
    expiresAtMs: Millis,
    ...Lifecycle,
  },
  { additionalProperties: false },
);
export type InvitationRecord = Static<typeof InvitationRecord>;

export const TransferRecord = Type.Object(
  {
    transferId: Hex64,
    vin: Vin,
    initiatedBy: Type.Union([Type.Literal('automaker'), Type.Literal('owner')]),
    /** MSP ID of the automaker client, or the owner phone's address. */
    initiator: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Note,
    status: Type.Union([Type.Literal('pending-confirmation'), Type.Literal('completed')]),
    confirmedBy: Type.Array(Address, { maxItems: 8 }),
    revokedPairingIds: Type.Array(Hex64, { maxItems: 1000 }),
    fromEpoch: Type.Integer({ minimum: 0 }),
    expiresAtMs: Type.Optional(Millis),
    ...Lifecycle,
  },
  { additionalProperties: false },
);
export type TransferRecord = Static<typeof TransferRecord>;
