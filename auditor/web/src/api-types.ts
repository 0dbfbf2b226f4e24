/** What the dashboard API answers (gateway/src/routes/auditor/auditor-schemas.ts), as the page reads it. */

export interface Device {
  readonly address: string;
  readonly deviceType: string;
  readonly org: string;
}

export interface SessionAnswer {
  readonly device: Device;
  readonly expiresAtMs?: number;
  readonly expiresAt?: string;
}

export interface SearchMatch {
  readonly kind: string;
  readonly id: string;
  readonly keys: number;
  readonly label: string;
}

export interface IdentityName {
  readonly mspId: string;
  readonly commonName: string;
}

export interface TrailEntry {
  readonly blockNumber: number;
  readonly txNumber: number;
  readonly txId: string;
  readonly timestamp?: string;
  readonly validationCode: number;
  readonly validation: string;
  readonly submitter: IdentityName;
  readonly devices: readonly { device: string; action: string; nonce: string }[];
  readonly function?: string;
  readonly endorsers: readonly IdentityName[];
  readonly touched: readonly { key: string; display: string; role: string; isDelete: boolean }[];
  readonly historyMatchesBlock: boolean;
}

export interface Trail {
  readonly kind: string;
  readonly id: string;
  readonly source: string;
  readonly keys: readonly { key: string; display: string; role: string; versions: number }[];
  readonly truncated: boolean;
  readonly transactions: readonly TrailEntry[];
}

export interface LotChoice {
  readonly lotId: string;
  readonly name: string;
  readonly dealerName: string;
  readonly lenderMsp: string;
}

export interface LotRecord extends LotChoice {
  readonly radiusMm: number;
  readonly location: { latE6: number; lonE6: number };
}

export interface AuditRecord {
  readonly auditId: string;
  readonly lotId: string;
  readonly status: string;
  readonly outcome?: string;
  readonly openedAtMs: number;
  readonly finalizedAtMs?: number;
  readonly auditor?: string;
}

export interface LotAudits {
  readonly lot: LotRecord;
  readonly audits: readonly AuditRecord[];
}

export interface VinRow {
  readonly vin: string;
  readonly description?: string;
  readonly result: string;
  readonly exceptionReason?: string;
  readonly capture?: { manualEntry: boolean; certaintyPermille?: number; clarityPermille?: number; consensusStatus?: string; readings?: number };
  readonly offsetFromRecordedMm?: number;
  readonly findingTypes: readonly string[];
  readonly fraudTypes: readonly string[];
}

export interface FactorResults {
  readonly vinAndLocation: { passed: boolean; discrepancies: number };
  readonly path: { passed: boolean; discrepancies: number; coveragePermille: number };
  readonly motion: { passed: boolean; changePoints: number; required: number };
  readonly manualEntries: { passed: boolean; count: number; limit: number };
}

export interface AuditSummary {
  readonly auditId: string;
  readonly lotId: string;
  readonly status: string;
  readonly outcome?: string;
  readonly openedAtMs: number;
  readonly finalizedAtMs?: number;
  readonly auditor?: string;
  readonly captureDevice?: { kind: string; model?: string };
  readonly confirmations: { pass: number; fail: number; exception: number; total: number };
  readonly manualEntries?: { count: number; limit: number };
  readonly certainty?: { min: number; mean: number; count: number };
  readonly clarity?: { min: number; mean: number; count: number };
  readonly factors?: FactorResults;
  readonly fraud: readonly { type: string; class: string; vins: readonly string[] }[];
  readonly fraudDetected: boolean;
  readonly rows: readonly VinRow[];
}

export type AnomalyView =
  | { status: 'scored'; flagged: boolean; scorePermille: number; maxAbsZ: number; topFeature: string; references: number; note: string; chartSvg: string }
  | { status: 'unavailable'; reason: string };

export interface AuditView {
  readonly lot: LotRecord;
  readonly summary: AuditSummary;
  readonly pathSvg?: string;
  readonly anomaly: AnomalyView;
}

export interface AuditPoint {
  readonly auditId: string;
  readonly lotId: string;
  readonly outcome: string;
  readonly finalizedAtMs: number;
  readonly score?: { scorePermille: number; maxAbsZ: number; flagged: boolean; topFeature: string; references: number };
  readonly recorded: readonly { detector: string; scorePermille: number; flagged: boolean; recordedAtMs: number; recordedTxId: string }[];
}

export interface AnomaliesAnswer {
  readonly threshold: number;
  readonly minHistory: number;
  readonly audits: readonly AuditPoint[];
  readonly chartSvg: string;
  readonly focus?: { auditId: string; chartSvg: string };
}

export interface LiveTransaction {
  readonly txNumber: number;
  readonly txId: string;
  readonly validation: string;
  readonly function?: string;
  readonly submitter: IdentityName;
  readonly endorsers: readonly string[];
  readonly devices: readonly string[];
  readonly keys: readonly string[];
  readonly moreKeys: number;
}

export interface LiveBlock {
  readonly blockNumber: number;
  readonly receivedAtMs: number;
  readonly transactions: readonly LiveTransaction[];
}
