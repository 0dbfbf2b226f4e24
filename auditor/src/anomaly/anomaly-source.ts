import { Type } from '@sinclair/typebox';
import { query, submitJson, type ChaincodeContract } from '../reports/chaincode-contract';
import { AnomalyScoreRecord } from '../reports/ledger-records';
import type { AnomalyScoreArgs } from './assess';
import { FeatureVector } from './feature-vector';

export interface FeatureQuery {
  readonly lotId?: string;
  readonly auditor?: string;
  /** Most recent N (1-1000), returned oldest first. */
  readonly limit?: number;
}

/** The audit history the detector reads, and where its advisory scores go. */
export interface AnomalySource {
  listFeatureVectors(query: FeatureQuery): Promise<FeatureVector[]>;
  recordAnomalyScore(args: AnomalyScoreArgs): Promise<AnomalyScoreRecord>;
  listAnomalyScores(auditId: string): Promise<AnomalyScoreRecord[]>;
}

/** `vinaudit.history` through fabric-gateway: queries are evaluated, the score is submitted (by the lot's lender org). */
export class FabricAnomalySource implements AnomalySource {
  constructor(private readonly contract: ChaincodeContract) {}

  listFeatureVectors(featureQuery: FeatureQuery): Promise<FeatureVector[]> {
    return query(this.contract, 'vinaudit.history:ListFeatureVectors', Type.Array(FeatureVector), JSON.stringify(featureQuery));
  }

  recordAnomalyScore(args: AnomalyScoreArgs): Promise<AnomalyScoreRecord> {
    return submitJson(this.contract, 'vinaudit.history:RecordAnomalyScore', AnomalyScoreRecord, args);
  }

  listAnomalyScores(auditId: string): Promise<AnomalyScoreRecord[]> {
    return query(this.contract, 'vinaudit.history:ListAnomalyScores', Type.Array(AnomalyScoreRecord), auditId);
  }
}
