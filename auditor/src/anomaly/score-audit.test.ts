import { expect } from 'chai';
import { TableContract } from '../reports/testing-contract';
import { FabricAnomalySource } from './anomaly-source';
import { FeatureVectorNotFoundError, InsufficientHistoryError } from './errors';
import type { FeatureVector } from './feature-vector';
import { assessAudit, recordAssessment } from './score-audit';
import { fabricatedAudit, ordinaryHistory, vector } from './testing-history';

/** The history contract as a table: ListFeatureVectors filters like the chaincode, oldest first. */
function historyContract(vectors: readonly FeatureVector[]): TableContract {
  return new TableContract({
    'vinaudit.history:ListFeatureVectors': (json) => {
      const args = JSON.parse(json) as { lotId?: string; auditor?: string; limit?: number };
      const matching = vectors.filter((entry) => (!args.lotId || entry.lotId === args.lotId) && (!args.auditor || entry.auditor === args.auditor));
      return matching.slice(-(args.limit ?? 100));
    },
    'vinaudit.history:RecordAnomalyScore': (json) => ({ ...(JSON.parse(json) as object), recordedBy: 'AuditMSP', recordedAtMs: 7, recordedTxId: 'tx-7' }),
    'vinaudit.history:ListAnomalyScores': () => [],
  });
}

describe('anomaly: scoring an audit from the ledger and recording the score', () => {
  const target = fabricatedAudit(100);
  const later = vector(103);
  const otherLender = vector(99, { lenderMsp: 'OtherMSP', manualEntries: 50 });
  const ledger = [...ordinaryHistory(), otherLender, target, later];

  it('compares with the same lender audits finalized before it, and records the result', async () => {
    const contract = historyContract(ledger);
    const source = new FabricAnomalySource(contract);
    const assessment = await assessAudit(source, target.auditId);
    expect(assessment.reference.map((entry) => entry.auditId)).to.deep.equal(ordinaryHistory().map((entry) => entry.auditId));
    expect(assessment.score.flagged).to.equal(true);
    const recorded = await recordAssessment(source, assessment);
    expect(recorded).to.deep.include({ auditId: target.auditId, detector: 'robust-z-mad.v1', scorePermille: 836, flagged: true, recordedTxId: 'tx-7' });
    const submit = contract.calls.find((call) => call.kind === 'submit');
    expect(submit?.name).to.equal('vinaudit.history:RecordAnomalyScore');
    expect(JSON.parse(submit?.args[0] ?? '{}')).to.deep.equal(assessment.record);
  });

  it('narrows the history to the same lot when asked', async () => {
    const source = new FabricAnomalySource(historyContract(ledger));
    const lotAssessment = await assessAudit(source, later.auditId, { scope: 'lot', minHistory: 3 });
    expect(lotAssessment.reference.every((entry) => entry.lotId === later.lotId)).to.equal(true);
    expect(lotAssessment.reference.map((entry) => entry.auditId)).to.include(target.auditId);
  });

  it('says why it cannot score: no feature vector, or too little history', async () => {
    const source = new FabricAnomalySource(historyContract(ledger));
    const missing = await assessAudit(source, 'f'.repeat(64)).catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(FeatureVectorNotFoundError);
    const early = await assessAudit(source, ordinaryHistory()[2]?.auditId ?? '').catch((error: unknown) => error);
    expect(early).to.be.instanceOf(InsufficientHistoryError);
    expect(early).to.include({ available: 2, required: 5 });
  });
});
