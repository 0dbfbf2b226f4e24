import { expect } from 'chai';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableContract } from '../reports/testing-contract';
import { AUDIT_ID, EARLIER_AUDIT_ID, auditDetail, earlierAuditDetail, lot, units } from '../reports/testing-fixture';
import { registerReportCommands, type LedgerOptions } from './report-commands';

function ledger(): TableContract {
  const details = new Map([[AUDIT_ID, auditDetail], [EARLIER_AUDIT_ID, earlierAuditDetail]]);
  return new TableContract({
    'vinaudit.lots:LotsNearby': () => ({ nearest: [], all: [{ lotId: lot.lotId, name: lot.name, dealerName: lot.dealerName, lenderMsp: lot.lenderMsp }] }),
    'vinaudit.lots:GetLot': () => lot,
    'vinaudit.lots:ListUnits': () => units,
    'vinaudit:ListAudits': () => [earlierAuditDetail.audit, auditDetail.audit],
    'vinaudit:GetAudit': (auditId) => details.get(auditId),
    'vinaudit.history:ListAnomalyScores': () => [],
  });
}

describe('cli: report commands', () => {
  let dir: string;
  const opened: LedgerOptions[] = [];
  let closed = 0;
  const output: string[] = [];
  const program = () => {
    const root = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerReportCommands(root, {
      openLedger: async (options) => {
        opened.push(options);
        return { contract: ledger(), mspId: 'AuditMSP', close: () => (closed += 1) };
      },
      now: () => 1_700_001_000_000,
      stdout: { write: (chunk) => output.push(String(chunk)) },
    });
    return root;
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'auditor-report-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('report lot writes the chosen format to --out, through the ledger options given', async () => {
    const out = path.join(dir, 'lot.csv');
    await program().parseAsync(['report', 'lot', 'lot-7', '--format', 'csv', '--out', out, '--data-dir', '/tmp/net', '--org', 'audit'], { from: 'user' });
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).to.have.length(1 + 8);
    expect(opened.at(-1)).to.deep.include({ dataDir: '/tmp/net', org: 'audit', user: 'User1', channel: 'mobility', chaincode: 'mobility' });
    expect(closed).to.equal(opened.length);
  });

  it('report lot --format pdf writes a PDF; --audit narrows the audits', async () => {
    const out = path.join(dir, 'lot.pdf');
    await program().parseAsync(['report', 'lot', 'lot-7', '--format', 'pdf', '--out', out, '--audit', AUDIT_ID], { from: 'user' });
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  it('report lots prints HTML to stdout by default, stamped with the given time', async () => {
    output.length = 0;
    await program().parseAsync(['report', 'lots', '--generated-at', '2024-01-02T03:04:05Z'], { from: 'user' });
    const html = output.join('');
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(html).to.include('Generated 2024-01-02 03:04:05 UTC').and.include('id="lot-lot-7"');
  });

  it('refuses an unknown format before touching the ledger', async () => {
    const before = opened.length;
    const failure = await program()
      .parseAsync(['report', 'lot', 'lot-7', '--format', 'docx'], { from: 'user' })
      .catch((error: unknown) => error);
    expect(String(failure)).to.match(/Allowed choices are html, pdf, csv/);
    expect(opened.length).to.equal(before);
  });
});
