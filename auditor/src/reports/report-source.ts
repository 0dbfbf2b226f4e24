import { Type } from '@sinclair/typebox';
import { query, type ChaincodeContract } from './chaincode-contract';
import { AnomalyScoreRecord, AuditDetail, AuditRecord, LotRecord, LotsNearby, UnitRecord, type LotChoice } from './ledger-records';

/** Where the reports read the VIN audit records from. */
export interface ReportSource {
  /** Every lot on the channel, by name. */
  listLots(): Promise<LotChoice[]>;
  getLot(lotId: string): Promise<LotRecord>;
  listUnits(lotId: string): Promise<UnitRecord[]>;
  /** The lot's audits, oldest first. */
  listAudits(lotId: string): Promise<AuditRecord[]>;
  getAudit(auditId: string): Promise<AuditDetail>;
  listAnomalyScores(auditId: string): Promise<AnomalyScoreRecord[]>;
}

/** The ledger through the chaincode's queries (evaluated on a peer through fabric-gateway). */
export class FabricReportSource implements ReportSource {
  constructor(private readonly contract: ChaincodeContract) {}

  async listLots(): Promise<LotChoice[]> {
    const answer = await query(this.contract, 'vinaudit.lots:LotsNearby', LotsNearby, JSON.stringify({ gps: null }));
    return answer.all;
  }

  getLot(lotId: string): Promise<LotRecord> {
    return query(this.contract, 'vinaudit.lots:GetLot', LotRecord, lotId);
  }

  listUnits(lotId: string): Promise<UnitRecord[]> {
    return query(this.contract, 'vinaudit.lots:ListUnits', Type.Array(UnitRecord), lotId);
  }

  listAudits(lotId: string): Promise<AuditRecord[]> {
    return query(this.contract, 'vinaudit:ListAudits', Type.Array(AuditRecord), lotId);
  }

  getAudit(auditId: string): Promise<AuditDetail> {
    return query(this.contract, 'vinaudit:GetAudit', AuditDetail, auditId);
  }

  listAnomalyScores(auditId: string): Promise<AnomalyScoreRecord[]> {
    return query(this.contract, 'vinaudit.history:ListAnomalyScores', Type.Array(AnomalyScoreRecord), auditId);
  }
}
