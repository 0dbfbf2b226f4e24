import { FabricAnomalySource, type AnomalySource } from '@mobility-ledger/auditor/dist/anomaly/anomaly-source';
import type { EvidenceBundle } from '@mobility-ledger/auditor/dist/evidence/bundle-format';
import { EvidenceExportError, exportEvidence } from '@mobility-ledger/auditor/dist/evidence/export-bundle';
import type { ChaincodeContract } from '@mobility-ledger/auditor/dist/reports/chaincode-contract';
import { FabricReportSource, type ReportSource } from '@mobility-ledger/auditor/dist/reports/report-source';
import { trailFromHistory, type Trail } from '@mobility-ledger/auditor/dist/trail/build-trail';
import type { EntityKind } from '@mobility-ledger/auditor/dist/trail/entity';
import type { EvaluatingContract } from '@mobility-ledger/auditor/dist/trail/gateway-ports';
import { fetchKeyHistory, type KeyHistory } from '@mobility-ledger/auditor/dist/trail/key-history';
import { QSCC, QsccBlockSource } from '@mobility-ledger/auditor/dist/trail/qscc-block-source';

/** Which write an evidence bundle proves: a key of the entity (its record by default) and a transaction (the latest by default). */
export interface EvidenceChoice {
  /** The key as stored or as displayed (`vinaudit-audit/<id>`). */
  readonly key?: string;
  readonly txId?: string;
}

/** Everything the dashboard reads from the ledger; the gateway's Fabric connection provides it, tests their own. */
export interface AuditorLedgerPort {
  keyHistory(kind: EntityKind, id: string): Promise<KeyHistory>;
  trail(kind: EntityKind, id: string): Promise<Trail>;
  evidence(kind: EntityKind, id: string, choice: EvidenceChoice): Promise<EvidenceBundle>;
  /** Blocks in the chain (qscc GetChainInfo). */
  height(): Promise<number>;
  readonly reports: ReportSource;
  readonly anomalies: AnomalySource;
}

/** The part of a fabric-gateway Network the dashboard uses. */
export interface DashboardNetwork {
  getName(): string;
  getContract(chaincodeName: string): EvaluatingContract & ChaincodeContract;
}

/**
 * The auditor libraries over the gateway's own Fabric connection: trails and evidence from the
 * chaincode's trail:KeyHistory and qscc blocks, reports and anomaly history from the VIN audit
 * queries. One qscc block source is shared, so its block cache serves every auditor.
 */
export class AuditorLedger implements AuditorLedgerPort {
  private parts: { chaincode: EvaluatingContract & ChaincodeContract; blocks: QsccBlockSource; reports: ReportSource; anomalies: AnomalySource } | undefined;

  constructor(
    private readonly network: DashboardNetwork,
    private readonly chaincodeName: string,
  ) {}

  /** Contracts are made on first use: the gateway may start before its peer answers. */
  private get ledger(): NonNullable<AuditorLedger['parts']> {
    if (!this.parts) {
      const chaincode = this.network.getContract(this.chaincodeName);
      this.parts = {
        chaincode,
        blocks: new QsccBlockSource(this.network.getContract(QSCC), this.network.getName()),
        reports: new FabricReportSource(chaincode),
        anomalies: new FabricAnomalySource(chaincode),
      };
    }
    return this.parts;
  }

  get reports(): ReportSource {
    return this.ledger.reports;
  }

  get anomalies(): AnomalySource {
    return this.ledger.anomalies;
  }

  get blocks(): QsccBlockSource {
    return this.ledger.blocks;
  }

  keyHistory(kind: EntityKind, id: string): Promise<KeyHistory> {
    return fetchKeyHistory(this.ledger.chaincode, kind, id);
  }

  async trail(kind: EntityKind, id: string): Promise<Trail> {
    return trailFromHistory(await this.keyHistory(kind, id), this.blocks, kind);
  }

  async evidence(kind: EntityKind, id: string, choice: EvidenceChoice): Promise<EvidenceBundle> {
    const history = await this.keyHistory(kind, id);
    const key = choice.key === undefined ? history.keys.find((candidate) => candidate.role === 'record') : history.keys.find((candidate) => candidate.key === choice.key || candidate.display === choice.key);
    if (!key) {
      const known = history.keys.map((candidate) => candidate.display).join(', ') || 'none';
      throw new EvidenceExportError(choice.key === undefined ? `${kind} ${id} has no record of its own; choose a key (${known})` : `${kind} ${id} has no key '${choice.key}' (${known})`);
    }
    const modification = choice.txId === undefined ? key.modifications.at(-1) : key.modifications.find((candidate) => candidate.txId === choice.txId);
    if (!modification) throw new EvidenceExportError(`${key.display} was not modified by transaction ${choice.txId ?? '(none)'}`);
    return exportEvidence({ blocks: this.blocks, chaincode: this.chaincodeName, record: { key: key.key, txId: modification.txId } });
  }

  height(): Promise<number> {
    return this.blocks.height();
  }
}
