import { expect } from 'chai';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fabricatedAudit, ordinaryHistory } from '../anomaly/testing-history';
import { TableContract } from '../reports/testing-contract';
import { registerAnomalyCommands } from './anomaly-commands';

describe('cli: anomaly commands', () => {
  const target = fabricatedAudit(100);
  const history = [...ordinaryHistory(), target];
  let contract: TableContract;
  const output: string[] = [];
  let dir: string;
  const program = () => {
    contract = new TableContract({
      'vinaudit.history:ListFeatureVectors': () => history,
      'vinaudit.history:RecordAnomalyScore': (json) => ({ ...(JSON.parse(json) as object), recordedBy: 'AuditMSP', recordedAtMs: 1, recordedTxId: 'tx-42' }),
      'vinaudit.history:ListAnomalyScores': (auditId) => [{ auditId, detector: 'robust-z-mad.v1', scorePermille: 836, flagged: true, recordedBy: 'AuditMSP', recordedAtMs: 1, recordedTxId: 'tx-42' }],
    });
    const root = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerAnomalyCommands(root, { openLedger: async () => ({ contract, mspId: 'AuditMSP', close: () => undefined }), stdout: { write: (chunk) => output.push(String(chunk)) } });
    return root;
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'auditor-anomaly-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('anomaly score prints the assessment and records nothing without --record', async () => {
    output.length = 0;
    await program().parseAsync(['anomaly', 'score', target.auditId], { from: 'user' });
    expect(output.join('')).to.include(`audit ${target.auditId}: OUTLIER`).and.include('score 836/1000').and.include('not recorded (use --record)');
    expect(contract.calls.some((call) => call.kind === 'submit')).to.equal(false);
  });

  it('anomaly score --record submits RecordAnomalyScore and writes the chart', async () => {
    output.length = 0;
    const chart = path.join(dir, 'chart.svg');
    await program().parseAsync(['anomaly', 'score', target.auditId, '--record', '--chart', chart, '--json'], { from: 'user' });
    const printed = JSON.parse(output.join('')) as { record: { scorePermille: number; flagged: boolean }; recorded: { recordedTxId: string } };
    expect(printed.record).to.deep.include({ scorePermille: 836, flagged: true });
    expect(printed.recorded.recordedTxId).to.equal('tx-42');
    expect(contract.calls.filter((call) => call.kind === 'submit').map((call) => call.name)).to.deep.equal(['vinaudit.history:RecordAnomalyScore']);
    expect(readFileSync(chart, 'utf8')).to.match(/^<svg [^>]*class="anomaly-chart"/);
  });

  it('anomaly score takes the threshold and history size from options', async () => {
    output.length = 0;
    const failure = await program()
      .parseAsync(['anomaly', 'score', target.auditId, '--min-history', '20'], { from: 'user' })
      .catch((error: unknown) => error);
    expect(String(failure)).to.match(/12 past audit\(s\).*at least 20/);
    await program().parseAsync(['anomaly', 'score', target.auditId, '--threshold', '50'], { from: 'user' });
    expect(output.join('')).to.include(': typical');
  });

  it('anomaly list reads the recorded scores back', async () => {
    output.length = 0;
    await program().parseAsync(['anomaly', 'list', target.auditId], { from: 'user' });
    expect(JSON.parse(output.join(''))).to.deep.equal([{ auditId: target.auditId, detector: 'robust-z-mad.v1', scorePermille: 836, flagged: true, recordedBy: 'AuditMSP', recordedAtMs: 1, recordedTxId: 'tx-42' }]);
  });
});
