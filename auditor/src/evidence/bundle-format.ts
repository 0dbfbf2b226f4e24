/**
 * The evidence bundle: self-contained JSON with base64 protos. Blocks are carried as what can be
 * verified — header (in the header chain), data, and the orderer-signed SIGNATURES metadata — and the
 * record transaction's validation code as the one unsigned claim, which must be VALID. Unsigned
 * metadata (other transactions' validation codes, the deprecated LAST_CONFIG slot, commit hashes) is
 * left out, so that no byte of a bundle is unchecked.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { reject } from './verification-error';

export const EVIDENCE_FORMAT = 'mobility-ledger/evidence-bundle/v1';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' });
const HexHash = Type.String({ pattern: '^[0-9a-f]{64}$' });
const BlockNumber = Type.Integer({ minimum: 0 });

export const PolicyStatementSchema = Type.Union([
  Type.Object({ type: Type.Literal('reference'), path: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('signature'), policyBase64: Base64 }, { additionalProperties: false }),
]);

const CertificateRef = Type.Object({ mspId: Type.String(), certificatePem: Type.String() }, { additionalProperties: false });

export const EvidenceBundleSchema = Type.Object(
  {
    format: Type.Literal(EVIDENCE_FORMAT),
    channel: Type.String({ minLength: 1 }),
    chaincode: Type.String({ minLength: 1 }),
    /** The record claimed: the write of `key` in transaction `txId`. */
    record: Type.Object(
      {
        namespace: Type.String({ minLength: 1 }),
        key: Type.String({ minLength: 1 }),
        keyDisplay: Type.String(),
        valueBase64: Base64,
        isDelete: Type.Boolean(),
        txId: Type.String({ minLength: 1 }),
        blockNumber: BlockNumber,
        txNumber: Type.Integer({ minimum: 0 }),
        /** The committing peer's validation code (unsigned; must be VALID = 0). */
        validationCode: Type.Integer({ minimum: 0, maximum: 255 }),
      },
      { additionalProperties: false },
    ),
    /** The checkpoint the exporter anchored the chain to (the verifier brings its own). */
    checkpoint: Type.Object({ blockNumber: BlockNumber, headerHash: HexHash }, { additionalProperties: false }),
    /** Consecutive serialized common.BlockHeaders, block `first` onwards. */
    headers: Type.Object({ first: BlockNumber, headers: Type.Array(Base64, { minItems: 1 }) }, { additionalProperties: false }),
    /** Full blocks (the record's, the config block, the lifecycle definition's): data and SIGNATURES metadata. */
    blocks: Type.Array(
      Type.Object({ number: BlockNumber, data: Type.Array(Base64, { minItems: 1 }), signatures: Base64 }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    /** The config block in force for the record's block (its LAST_CONFIG). */
    config: Type.Object({ blockNumber: BlockNumber }, { additionalProperties: false }),
    endorsementPolicy: Type.Object(
      {
        statement: PolicyStatementSchema,
        source: Type.Union([
          Type.Object({ type: Type.Literal('channel-default') }, { additionalProperties: false }),
          Type.Object(
            {
              type: Type.Literal('lifecycle'),
              blockNumber: BlockNumber,
              txNumber: Type.Integer({ minimum: 0 }),
              txId: Type.String({ minLength: 1 }),
              validationCode: Type.Integer({ minimum: 0, maximum: 255 }),
            },
            { additionalProperties: false },
          ),
        ]),
      },
      { additionalProperties: false },
    ),
    /** Readable copies of what the protos hold; verify checks they match. */
    certificates: Type.Object(
      { creator: CertificateRef, endorsers: Type.Array(CertificateRef), orderers: Type.Array(CertificateRef) },
      { additionalProperties: false },
    ),
    channelConfig: Type.Object(
      {
        rootCertificates: Type.Record(Type.String(), Type.Array(Type.String())),
        blockValidationPolicy: Type.String(),
        endorsementPolicy: Type.String(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type EvidenceBundle = Static<typeof EvidenceBundleSchema>;
export type BundleBlock = EvidenceBundle['blocks'][number];

const checker = TypeCompiler.Compile(EvidenceBundleSchema);

/** Validates the JSON shape; a FORMAT rejection names the first offending field. */
export function parseBundle(value: unknown): EvidenceBundle {
  if (checker.Check(value)) return value;
  const first = checker.Errors(value).First();
  return reject('FORMAT', first ? `${first.path || '/'}: ${first.message}` : 'not an evidence bundle');
}

/** Strict base64: only the canonical encoding of some bytes is accepted, so no character is ignored. */
export function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) reject('FORMAT', `${what} is not canonical base64`);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
