import { Type, type Static } from '@sinclair/typebox';
import { ADDRESS_PATTERN } from '../devices/device-request';
import { VIN_PATTERN } from '../devices/device-types';
import { GeoPoint } from '../lib/geo';

/**
 * Argument and device-payload schemas of the pairing contract. Record schemas are in
 * pairing-record-types.ts; personal data (openings) in ownership-types.ts.
 */
export const HEX64_PATTERN = '^[0-9a-f]{64}$';

export const Vin = Type.String({ pattern: VIN_PATTERN });
export const Address = Type.String({ pattern: ADDRESS_PATTERN });
/** Identifiers derived by the chaincode (sha256 hex) and commitments made by devices. */
export const Hex64 = Type.String({ pattern: HEX64_PATTERN });
const IsoDate = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
const Label = Type.String({ minLength: 1, maxLength: 64 });
const Reason = Type.String({ minLength: 1, maxLength: 256 });

/** Vehicle identification data a component reports (paragraph 49). Not personal data. */
export const VehicleIdentification = Type.Object(
  {
    vin: Vin,
    manufacturer: Label,
    buildDate: IsoDate,
    plant: Label,
    options: Type.Array(Label, { maxItems: 64 }),
  },
  { additionalProperties: false },
);
export type VehicleIdentification = Static<typeof VehicleIdentification>;

export const PowerState = Type.Union([Type.Literal('on'), Type.Literal('off')]);
export type PowerState = Static<typeof PowerState>;

/**
 * `pairing.reportVehicle`, signed by a vehicle component. `forDevice` binds the report to the device
 * being paired and `invitationId` to an invitation, so an intercepted report cannot pair anyone else.
 * Only the digital-key-ecu carries `ownershipCommitment`, its commitment to the vehicle's ownership data.
 */
export const ComponentReportPayload = Type.Object(
  {
    vehicle: VehicleIdentification,
    powerState: PowerState,
    forDevice: Address,
    invitationId: Type.Optional(Hex64),
    ownershipCommitment: Type.Optional(Hex64),
  },
  { additionalProperties: false },
);
export type ComponentReportPayload = Static<typeof ComponentReportPayload>;

/** `pairing.requestPrePairing`, signed by the owner's phone; its ownership data travels as transient data. */
export const PrePairRequestPayload = Type.Object(
  { vin: Vin, ownershipCommitment: Hex64 },
  { additionalProperties: false },
);

/** Nested signed requests are validated (and their errors named) when each one is verified. */
export const PrePairArgument = Type.Object(
  {
    device: Type.Unknown(),
    reports: Type.Array(Type.Unknown(), { minItems: 2, maxItems: 8 }),
  },
  { additionalProperties: false },
);

export const AnswerInvitationArgument = Type.Object(
  {
    invitationId: Hex64,
    reports: Type.Array(Type.Unknown(), { minItems: 2, maxItems: 8 }),
  },
  { additionalProperties: false },
);

/** `pairing.reportFix`: one GPS fix, signed by the vehicle component or by the paired device. */
export const FixPayload = Type.Object(
  { pairingId: Hex64, position: GeoPoint, fixTimeMs: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type FixPayload = Static<typeof FixPayload>;

/** Transient `fixes`: locations are personal data, so they never appear in the transaction arguments. */
export const FixesTransient = Type.Object(
  { vehicle: Type.Unknown(), device: Type.Unknown() },
  { additionalProperties: false },
);

export const COMMANDS = ['lock', 'unlock', 'start', 'climate', 'media', 'settings'] as const;
export const Command = Type.Union(COMMANDS.map((command) => Type.Literal(command)));
export type Command = Static<typeof Command>;

/** `pairing.checkMessage`, signed by the vehicle component that received a message from a device (paragraph 61). */
export const MessageCheckPayload = Type.Object(
  { vin: Vin, device: Address, pairingId: Hex64, command: Command, messageHash: Hex64 },
  { additionalProperties: false },
);

export const SecondaryRole = Type.Union([Type.Literal('driver'), Type.Literal('guest')]);
export type SecondaryRole = Static<typeof SecondaryRole>;
export const Role = Type.Union([Type.Literal('owner'), Type.Literal('driver'), Type.Literal('guest')]);
export type Role = Static<typeof Role>;

/** `pairing.requestSecondary`, signed by another device that asks to pair (claim 6). */
export const SecondaryRequestPayload = Type.Object(
  {
    vin: Vin,
    role: SecondaryRole,
    validUntilMs: Type.Optional(Type.Integer({ minimum: 0 })),
    deviceDataCommitment: Type.Optional(Hex64),
  },
  { additionalProperties: false },
);

/** Only the fact of a local biometric check: no template, image or score ever reaches the ledger. */
export const BiometricCheck = Type.Object(
  {
    method: Type.Union([Type.Literal('fingerprint'), Type.Literal('face'), Type.Literal('iris')]),
    passed: Type.Literal(true),
  },
  { additionalProperties: false },
);
export type BiometricCheck = Static<typeof BiometricCheck>;

/** `pairing.decideSecondary`, signed by the owner's phone after a local biometric check. */
export const SecondaryDecisionPayload = Type.Object(
  {
    requestId: Hex64,
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    biometricCheck: Type.Optional(BiometricCheck),
    role: Type.Optional(SecondaryRole),
    validUntilMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** `pairing.inviteVehicles`, signed by the owner's pre-paired phone (claim 7). */
export const InviteVehiclesPayload = Type.Object(
  { pairingId: Hex64, vins: Type.Array(Vin, { minItems: 1, maxItems: 10, uniqueItems: true }) },
  { additionalProperties: false },
);

/** `pairing.revoke`, signed by the vehicle's owner phone or by the paired device itself. */
export const RevokePayload = Type.Object({ pairingId: Hex64, reason: Reason }, { additionalProperties: false });

/** Automaker-initiated ownership transfer (Fabric identity of OemMSP, no device signature). */
export const TransferArgument = Type.Object({ vin: Vin, reason: Reason }, { additionalProperties: false });

/** `pairing.requestTransfer`, signed by the current owner's phone. */
export const RequestTransferPayload = Type.Object({ vin: Vin, reason: Reason }, { additionalProperties: false });

/** `pairing.confirmTransfer`, signed by each confirming vehicle component. */
export const ConfirmTransferPayload = Type.Object({ transferId: Hex64, vin: Vin }, { additionalProperties: false });

export const ConfirmTransferArgument = Type.Object(
  { transferId: Hex64, confirmations: Type.Array(Type.Unknown(), { minItems: 2, maxItems: 8 }) },
  { additionalProperties: false },
);

export const PairingConfig = Type.Object(
  {
    /** Pairing completes only within this distance (paragraph 54: e.g. 10 m). */
    proximityLimitMm: Type.Integer({ minimum: 100, maximum: 100_000 }),
    /** Mismatched pairing identifiers after which a pairing is un-paired; 0 never un-pairs. */
    mismatchUnpairThreshold: Type.Integer({ minimum: 0, maximum: 100 }),
    /** Longest validity of a guest pairing. */
    maxGuestValidityMs: Type.Integer({ minimum: 60_000, maximum: 366 * 24 * 3600 * 1000 }),
  },
  { additionalProperties: false },
);
export type PairingConfig = Static<typeof PairingConfig>;
