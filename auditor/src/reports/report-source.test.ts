import { expect } from 'chai';
import { LedgerRecordError } from './errors';
import { loadLotReport, loadLotsReport } from './load-report';
import { FabricReportSource } from './report-source';
import { TableContract } from './testing-contract';
import { AUDIT_ID, EARLIER_AUDIT_ID, auditDetail, earlierAuditDetail, lot, units } from './testing-fixture';

function ledger(overrides: Record<string, (...args: string[]) => unknown> = {}): TableContract {
  const details = new Map([[AUDIT_ID, auditDetail], [EARLIER_AUDIT_ID, earlierAuditDetail]]);
  return new TableContract({
    'vinaudit.lots:LotsNearby': () => ({ nearest: [], all: [{ lotId: lot.lotId, name: lot.name, dealerName: lot.dealerName, lenderMsp: lot.lenderMsp, openAuditIds: [] }] }),
    'vinaudit.lots:GetLot': () => ({ ...lot, subscribers: [], createdAtMs: 1, createdTxId: 't', updatedAtMs: 1 }),
    'vinaudit.lots:ListUnits': () => units,
    'vinaudit:ListAudits': () => [earlierAuditDetail.audit, auditDetail.audit],
    'vinaudit:GetAudit': (auditId) => details.get(auditId),
    'vinaudit.history:ListAnomalyScores': () => [],
    ...overrides,
  });
}

describe('reports: reading the ledger through the chaincode queries', () => {
  it('builds the lot report from GetLot, ListUnits, ListAudits, GetAudit and ListAnomalyScores', async () => {
    const contract = ledger();
    const report = await loadLotReport(new FabricReportSource(contract), 'lot-7', { generatedAtMs: 9 });
    expect(report.audits.map((audit) => [audit.auditId, audit.outcome])).to.deep.equal([[EARLIER_AUDIT_ID, 'PASS'], [AUDIT_ID, 'FAIL']]);
    expect(contract.calls.every((call) => call.kind === 'evaluate')).to.equal(true);
    expect(contract.calls.filter((call) => call.name === 'vinaudit:GetAudit').map((call) => call.args)).to.deep.equal([[EARLIER_AUDIT_ID], [AUDIT_ID]]);
    expect(contract.calls.find((call) => call.name === 'vinaudit.lots:GetLot')?.args).to.deep.equal(['lot-7']);
  });

  it('restricts a lot report to named audits', async () => {
    const report = await loadLotReport(new FabricReportSource(ledger()), 'lot-7', { generatedAtMs: 9, auditIds: [AUDIT_ID] });
    expect(report.audits.map((audit) => audit.auditId)).to.deep.equal([AUDIT_ID]);
  });

  it('finds every lot for the report across lots (LotsNearby without GPS)', async () => {
    const contract = ledger();
    const report = await loadLotsReport(new FabricReportSource(contract), { generatedAtMs: 9 });
    expect(report.lots.map((entry) => entry.lot.lotId)).to.deep.equal(['lot-7']);
    expect(contract.calls[0]).to.deep.equal({ kind: 'evaluate', name: 'vinaudit.lots:LotsNearby', args: ['{"gps":null}'] });
  });

  it('refuses an answer that is not the documented record, naming the field', async () => {
    const broken = ledger({ 'vinaudit:GetAudit': () => ({ ...auditDetail, captures: [{ index: 'zero' }] }) });
    const failure = await loadLotReport(new FabricReportSource(broken), 'lot-7', { generatedAtMs: 9 }).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(LedgerRecordError);
    expect((failure as LedgerRecordError).transaction).to.equal('vinaudit:GetAudit');
    expect((failure as Error).message).to.match(/\/captures\/0/);
    const notJson = ledger({ 'vinaudit.lots:GetLot': () => 'not json' });
    const second = await loadLotReport(new FabricReportSource(notJson), 'lot-7', { generatedAtMs: 9 }).catch((error: unknown) => error);
    expect((second as Error).message).to.match(/^vinaudit.lots:GetLot: answer is not JSON/);
  });
});
