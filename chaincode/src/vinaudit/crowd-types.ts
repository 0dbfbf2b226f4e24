import { Type, type Static } from '@sinclair/typebox';
import { ADDRESS_PATTERN } from '../devices/device-request';
import { DerivedId, MspId, Vin, VinCheckSchema } from './lot-types';

const Address = Type.String({ pattern: ADDRESS_PATTERN });

/**
 * `pending`: fewer readings than the quorum, or no majority yet while assigned verifiers are still out.
 * `agreed`: a strict majority of the readings name one VIN. `unreadable`: a strict majority cannot read it.
 * `tie` / `no-majority`: everyone assigned answered and no reading has a strict majority.
 * `no-quorum`: the audit closed before the quorum of readings arrived.
 */
export const ConsensusStatus = Type.Union(
  ['pending', 'agreed', 'unreadable', 'tie', 'no-majority', 'no-quorum'].map((status) => Type.Literal(status)),
);
export type ConsensusStatus = 'pending' | 'agreed' | 'unreadable' | 'tie' | 'no-majority' | 'no-quorum';

export const Vote = Type.Object(
  { vin: Type.Union([Vin, Type.Null()]), count: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const Consensus = Type.Object(
  {
    status: ConsensusStatus,
    /** The majority consensus VIN, when agreed. */
    vin: Type.Optional(Vin),
    /** Check digit of the consensus VIN: `invalid` is flagged. */
    vinCheck: Type.Optional(VinCheckSchema),
    /** Share of readings that agree with the leading reading, per mille (claim 7 item 2). */
    certaintyPermille: Type.Integer({ minimum: 0, maximum: 1000 }),
    /** Mean legibility rating of the photo, per mille of the best rating (claim 7 item 3). */
    clarityPermille: Type.Integer({ minimum: 0, maximum: 1000 }),
    received: Type.Integer({ minimum: 0 }),
    assigned: Type.Integer({ minimum: 0 }),
    quorum: Type.Integer({ minimum: 1 }),
    votes: Type.Array(Vote),
  },
  { additionalProperties: false },
);
export type Consensus = Static<typeof Consensus>;

/** A person behind auditor and verifier devices, by a salted reference: the same person may not verify their own audit. */
export const CrewRole = Type.Union([Type.Literal('auditor'), Type.Literal('verifier')]);
export type CrewRole = Static<typeof CrewRole>;

export const CrewRecord = Type.Object(
  {
    device: Address,
    role: CrewRole,
    /** Salted hash of the person's identity, computed off chain by the auditor org. */
    personRef: DerivedId,
    enrolledBy: MspId,
    active: Type.Boolean(),
    enrolledAtMs: Type.Integer({ minimum: 0 }),
    updatedAtMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type CrewRecord = Static<typeof CrewRecord>;

export const EnrollArgs = Type.Object({ device: Address, personRef: DerivedId }, { additionalProperties: false });
export const DeviceArgs = Type.Object({ device: Address }, { additionalProperties: false });

export const MAX_CLARITY_RATING = 5;

/** Claim 1, third messages: one verifier's reading of one photo. */
export const VerificationPayload = Type.Object(
  {
    auditId: DerivedId,
    captureIndex: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    /** null: the verifier cannot read a VIN in the photo. */
    vin: Type.Union([Vin, Type.Null()]),
    /** 0 (illegible) to 5 (perfectly clear). */
    clarity: Type.Integer({ minimum: 0, maximum: MAX_CLARITY_RATING }),
  },
  { additionalProperties: false },
);
export type VerificationPayload = Static<typeof VerificationPayload>;

export const ReadingRecord = Type.Object(
  {
    auditId: DerivedId,
    captureIndex: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    verifier: Address,
    vin: Type.Union([Vin, Type.Null()]),
    clarity: Type.Integer({ minimum: 0, maximum: MAX_CLARITY_RATING }),
    atMs: Type.Integer({ minimum: 0 }),
    txId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type ReadingRecord = Static<typeof ReadingRecord>;
