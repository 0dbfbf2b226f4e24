import { Type, type Static } from '@sinclair/typebox';
import { ADDRESS_PATTERN } from '../devices/device-request';
import { VIN_PATTERN } from '../devices/device-types';

/** The entities an auditor can follow through the ledger. */
export const ENTITY_KINDS = ['vin', 'pairing', 'device', 'ride', 'audit'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const HEX64 = '^[0-9a-f]{64}$';

/** The identifier pattern of each kind: VINs, device addresses, and the 64-hex IDs derived from txIDs. */
export const ENTITY_ID_PATTERNS: Readonly<Record<EntityKind, string>> = {
  vin: VIN_PATTERN,
  pairing: HEX64,
  device: ADDRESS_PATTERN,
  ride: HEX64,
  audit: HEX64,
};

export const EntityKindSchema = Type.Union(ENTITY_KINDS.map((kind) => Type.Literal(kind)));

/** How a key relates to the entity: its own record, another record about it, or an index entry naming it. */
export const KeyRoleSchema = Type.Union([Type.Literal('record'), Type.Literal('related'), Type.Literal('index')]);
export type KeyRole = Static<typeof KeyRoleSchema>;

export const TrailModificationSchema = Type.Object(
  {
    txId: Type.String(),
    timestampMs: Type.Integer(),
    isDelete: Type.Boolean(),
    /** The value written, base64 (empty for a delete): exact bytes, so auditors can compare them with the block. */
    valueBase64: Type.String(),
  },
  { additionalProperties: false },
);

export const TrailKeySchema = Type.Object(
  {
    /** The state key exactly as stored (composite keys contain U+0000). */
    key: Type.String(),
    /** `objectType/part/part`, for people. */
    display: Type.String(),
    role: KeyRoleSchema,
    /** Every committed modification, oldest first (ledger order). */
    modifications: Type.Array(TrailModificationSchema),
  },
  { additionalProperties: false },
);

export const KeyHistoryResultSchema = Type.Object(
  {
    kind: EntityKindSchema,
    id: Type.String(),
    keys: Type.Array(TrailKeySchema),
    /** True when the entity touches more keys than one query returns (MAX_TRAIL_KEYS). */
    truncated: Type.Boolean(),
  },
  { additionalProperties: false },
);

export type TrailModification = Static<typeof TrailModificationSchema>;
export type TrailKey = Static<typeof TrailKeySchema>;
export type KeyHistoryResult = Static<typeof KeyHistoryResultSchema>;
