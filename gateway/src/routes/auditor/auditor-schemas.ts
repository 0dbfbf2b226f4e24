import { EvidenceBundleSchema } from '@mobility-ledger/auditor/dist/evidence/bundle-format';
import { AuditRecord, LotChoice, LotRecord } from '@mobility-ledger/auditor/dist/reports/ledger-records';
import { ENTITY_KINDS } from '@mobility-ledger/auditor/dist/trail/entity';
import { Type, type Static } from '@sinclair/typebox';

/** Request and answer schemas of the auditor dashboard's API: validation and the OpenAPI document. */

const Text = Type.String();
const Int = Type.Integer();

export const EntityKindSchema = Type.Union(ENTITY_KINDS.map((kind) => Type.Literal(kind)), { description: 'What to follow through the ledger' });
export const REPORT_FORMATS = ['html', 'pdf', 'csv'] as const;
export const ReportFormatSchema = Type.Union(REPORT_FORMATS.map((format) => Type.Literal(format)), { default: 'html' });

export const DeviceSchema = Type.Object({ address: Text, deviceType: Text, org: Text });

export const SessionAnswer = Type.Object({
  device: DeviceSchema,
  expiresAtMs: Type.Optional(Int),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type SessionAnswer = Static<typeof SessionAnswer>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 128, description: 'A VIN, a device address, a pairing / ride / audit ID (64 hex) or a lot ID' }),
    kind: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('lot'), ...ENTITY_KINDS.map((kind) => Type.Literal(kind))], { default: 'auto' })),
  },
  { additionalProperties: false },
);

export const SearchMatchSchema = Type.Object({
  kind: Type.Union([EntityKindSchema, Type.Literal('lot')]),
  id: Text,
  /** State keys of the entity that have a history (audit/pairing/…) or units of a lot. */
  keys: Int,
  label: Text,
});
export const SearchAnswer = Type.Object({ query: Text, matches: Type.Array(SearchMatchSchema) });

const IdentityNameSchema = Type.Object({ mspId: Text, commonName: Text });
const TrailEntrySchema = Type.Object({
  blockNumber: Int,
  txNumber: Int,
  txId: Text,
  headerType: Text,
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  validationCode: Int,
  validation: Type.String({ description: 'Fabric TxValidationCode name (VALID, MVCC_READ_CONFLICT, …)' }),
  submitter: IdentityNameSchema,
  devices: Type.Array(Type.Object({ device: Text, action: Text, nonce: Text }), { description: 'Signed device requests in the arguments' }),
  chaincode: Type.Optional(Text),
  function: Type.Optional(Text),
  endorsers: Type.Array(IdentityNameSchema),
  writes: Type.Array(Type.Object({ namespace: Text, key: Text, display: Text, isDelete: Type.Boolean() })),
  touched: Type.Array(Type.Object({ key: Text, display: Text, role: Text, isDelete: Type.Boolean() })),
  historyMatchesBlock: Type.Boolean({ description: 'Every touched key is among the writes of the transaction in its block' }),
});

export const TrailParams = Type.Object({ kind: EntityKindSchema, id: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const TrailAnswer = Type.Object({
  trail: Type.Object({
    kind: Text,
    id: Text,
    source: Text,
    keys: Type.Array(Type.Object({ key: Text, display: Text, role: Text, versions: Int })),
    truncated: Type.Boolean(),
    transactions: Type.Array(TrailEntrySchema),
  }),
});

export const EvidenceQuery = Type.Object(
  {
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'The key to prove (stored or displayed form); the entity record by default' })),
    tx: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The write to prove; the key’s latest by default' })),
  },
  { additionalProperties: false },
);
export const EvidenceAnswer = EvidenceBundleSchema;

export const LotParams = Type.Object({ lotId: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const LotsAnswer = Type.Object({ lots: Type.Array(LotChoice) });
export const LotAuditsAnswer = Type.Object({ lot: LotRecord, audits: Type.Array(AuditRecord) });

export const AuditParams = Type.Object({ auditId: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: false });
const AnomalyView = Type.Union([
  Type.Object({
    status: Type.Literal('scored'),
    flagged: Type.Boolean(),
    scorePermille: Int,
    maxAbsZ: Type.Number(),
    topFeature: Text,
    references: Int,
    note: Text,
    chartSvg: Type.String({ description: 'FIG. 15: this audit among the past audits (SVG)' }),
  }),
  Type.Object({ status: Type.Literal('unavailable'), reason: Text }),
]);
export const AuditViewAnswer = Type.Object({
  lot: LotRecord,
  summary: Type.Unknown({ description: 'The audit summary of the reports (claims 6-7): confirmations, factors, findings, path, anomaly scores' }),
  pathSvg: Type.Optional(Type.String({ description: 'The audit path over the lot with vehicles and fraud-factor-2 rings (SVG)' })),
  anomaly: AnomalyView,
});

export const ReportQuery = Type.Object(
  {
    format: Type.Optional(ReportFormatSchema),
    audit: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 100 })])),
  },
  { additionalProperties: false },
);

export const AnomaliesQuery = Type.Object(
  {
    auditId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The audit to draw FIG. 15 for; the most anomalous by default' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export const AuditPointSchema = Type.Object({
  auditId: Text,
  lotId: Text,
  lenderMsp: Text,
  auditor: Text,
  outcome: Text,
  finalizedAtMs: Int,
  score: Type.Optional(Type.Object({ scorePermille: Int, maxAbsZ: Type.Number(), flagged: Type.Boolean(), topFeature: Text, references: Int })),
  recorded: Type.Array(Type.Object({ detector: Text, scorePermille: Int, flagged: Type.Boolean(), recordedAtMs: Int, recordedTxId: Text })),
});
export const AnomaliesAnswer = Type.Object({
  threshold: Type.Number(),
  minHistory: Int,
  audits: Type.Array(AuditPointSchema),
  chartSvg: Type.String({ description: 'Audits over time by anomaly score and outcome (SVG)' }),
  focus: Type.Optional(Type.Object({ auditId: Text, chartSvg: Type.String({ description: 'FIG. 15 for the focused audit (SVG)' }) })),
});

export const LiveQuery = Type.Object(
  { after: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'Resume after this block (as Last-Event-ID does)' })) },
  { additionalProperties: false },
);
