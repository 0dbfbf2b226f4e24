import type { AnomalySource } from '@mobility-ledger/auditor/dist/anomaly/anomaly-source';
import type { FeatureVector } from '@mobility-ledger/auditor/dist/anomaly/feature-vector';
import type { EvidenceBundle } from '@mobility-ledger/auditor/dist/evidence/bundle-format';
import type { AnomalyScoreRecord, AuditDetail, LotRecord, UnitRecord } from '@mobility-ledger/auditor/dist/reports/ledger-records';
import type { ReportSource } from '@mobility-ledger/auditor/dist/reports/report-source';
import type { Trail } from '@mobility-ledger/auditor/dist/trail/build-trail';
import type { EntityKind } from '@mobility-ledger/auditor/dist/trail/entity';
import type { KeyHistory } from '@mobility-ledger/auditor/dist/trail/key-history';
import type { DeviceInfo, DeviceLookup } from '../../auth';
import type { AuditorLedgerPort, EvidenceChoice } from './auditor-ledger';

/** Test doubles for the dashboard's ledger reads (the routes are under test, not the auditor libraries). */

export class MemoryReportSource implements ReportSource {
  constructor(
    private readonly lot: LotRecord,
    private readonly units: readonly UnitRecord[],
    private readonly audits: readonly AuditDetail[],
  ) {}

  async listLots() {
    return [{ lotId: this.lot.lotId, name: this.lot.name, dealerName: this.lot.dealerName, lenderMsp: this.lot.lenderMsp }];
  }

  async getLot(lotId: string) {
    if (lotId !== this.lot.lotId) throw new Error(`NOT_FOUND: lotId: no lot ${lotId}`);
    return this.lot;
  }

  async listUnits() {
    return [...this.units];
  }

  async listAudits() {
    return this.audits.map((detail) => detail.audit);
  }

  async getAudit(auditId: string) {
    const found = this.audits.find((detail) => detail.audit.auditId === auditId);
    if (!found) throw new Error(`NOT_FOUND: auditId: no audit ${auditId}`);
    return found;
  }

  async listAnomalyScores(): Promise<AnomalyScoreRecord[]> {
    return [];
  }
}

export class MemoryAnomalySource implements AnomalySource {
  constructor(private readonly vectors: readonly FeatureVector[]) {}

  async listFeatureVectors(query: { lotId?: string; auditor?: string; limit?: number }) {
    return this.vectors.filter((vector) => (query.lotId === undefined || vector.lotId === query.lotId) && (query.auditor === undefined || vector.auditor === query.auditor)).slice(-(query.limit ?? 1000));
  }

  async recordAnomalyScore(): Promise<AnomalyScoreRecord> {
    throw new Error('read-only in tests');
  }

  async listAnomalyScores(): Promise<AnomalyScoreRecord[]> {
    return [];
  }
}

export class FakeLedger implements AuditorLedgerPort {
  readonly evidenceCalls: { kind: EntityKind; id: string; choice: EvidenceChoice }[] = [];

  constructor(
    readonly reports: ReportSource,
    readonly anomalies: AnomalySource,
    private readonly histories: ReadonlyMap<string, KeyHistory> = new Map(),
  ) {}

  async keyHistory(kind: EntityKind, id: string): Promise<KeyHistory> {
    return this.histories.get(`${kind}:${id}`) ?? { kind, id, keys: [], truncated: false };
  }

  async trail(kind: EntityKind, id: string): Promise<Trail> {
    const history = await this.keyHistory(kind, id);
    return { kind, id, source: 'test ledger', keys: history.keys.map((key) => ({ key: key.key, display: key.display, role: key.role, versions: key.modifications.length })), truncated: false, transactions: [] };
  }

  async evidence(kind: EntityKind, id: string, choice: EvidenceChoice): Promise<EvidenceBundle> {
    this.evidenceCalls.push({ kind, id, choice });
    return { format: 'mobility-ledger/evidence-bundle/v1', record: { txId: choice.txId ?? 'f'.repeat(64) } } as unknown as EvidenceBundle;
  }

  async height(): Promise<number> {
    return 5;
  }
}

export class MemoryDeviceLookup implements DeviceLookup {
  readonly devices = new Map<string, DeviceInfo>();

  async getDevice(address: string): Promise<DeviceInfo | undefined> {
    return this.devices.get(address.toLowerCase());
  }

  set(device: DeviceInfo): void {
    this.devices.set(device.address.toLowerCase(), device);
  }
}
