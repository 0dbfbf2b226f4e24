import { expect } from 'chai';
import { buildLotReport, buildLotsReport } from './build-lot-report';
import type { AnomalyScoreRecord } from './ledger-records';
import { AUDIT_ID, EARLIER_AUDIT_ID, VIN, auditDetail, earlierAuditDetail, lot, units } from './testing-fixture';

describe('reports: per lot and across lots (claim 6)', () => {
  const score: AnomalyScoreRecord = { auditId: AUDIT_ID, detector: 'robust-z', scorePermille: 780, flagged: true, recordedBy: 'AuditMSP', recordedAtMs: 5, recordedTxId: 'tx' };
  const report = buildLotReport({ lot, units, audits: [auditDetail, earlierAuditDetail], anomalyScores: new Map([[AUDIT_ID, [score]]]), generatedAtMs: 42 });

  it('lists the lot audits oldest first, with their anomaly scores, and counts financed vehicles', () => {
    expect(report.audits.map((audit) => audit.auditId)).to.deep.equal([EARLIER_AUDIT_ID, AUDIT_ID]);
    expect(report.audits[1]?.anomalyScores).to.deep.equal([score]);
    expect(report.audits[0]?.anomalyScores).to.deep.equal([]);
    expect(report.unitsFinanced).to.equal(4);
    expect(report.fraudDetected).to.equal(true);
    expect(report.generatedAtMs).to.equal(42);
  });

  it('across lots: sorted by lot, totals, one fraud notification per audit that found fraud', () => {
    const clean = buildLotReport({ lot: { ...lot, lotId: 'lot-10' }, units, audits: [earlierAuditDetail], generatedAtMs: 42 });
    const lots = buildLotsReport([report, clean], 42);
    expect(lots.lots.map((entry) => entry.lot.lotId)).to.deep.equal(['lot-10', 'lot-7']);
    expect(lots.totals).to.deep.equal({ lots: 2, audits: 3, confirmations: { pass: 8, fail: 2, exception: 1, total: 11 }, manualEntries: 1 });
    expect(lots.notifications).to.deep.equal([{ lotId: 'lot-7', auditId: AUDIT_ID, outcome: 'FAIL', types: ['motion-absent'], vins: [] }]);
  });

  it('names the VINs of per-vehicle fraud in the notification', () => {
    const reused = structuredClone(auditDetail);
    const verdict = reused.verdict;
    if (!verdict) throw new Error('fixture has a verdict');
    verdict.findings.push({ type: 'photo-reuse', factor: 1, class: 'fraud', vin: VIN.fusion, unitId: units[0]?.unitId, captureIndex: 0, detail: 'photo re-used' });
    verdict.fraud.push({ type: 'photo-reuse', vins: [VIN.fusion] });
    const lots = buildLotsReport([buildLotReport({ lot, units, audits: [reused], generatedAtMs: 1 })], 1);
    expect(lots.notifications[0]).to.deep.include({ types: ['motion-absent', 'photo-reuse'], vins: [VIN.fusion] });
  });
});
