import { type GeoPoint } from '@mobility-ledger/chaincode';
import { anomaly, registerAnomalyCommands, registerReportCommands, reports } from '@mobility-ledger/auditor';
import { expect } from 'chai';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditDriver, parking, sha256Label, shifted, type Capture } from '../support/auditor-report-audits';
import { submitValid } from '../support/committed-submission';
import { E2eDevice } from '../support/e2e-devices';
import { E2eNetwork } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';

const PORT_OFFSET = 11200;
const CROWD_LOT = 'lot-reports-crowd';
const HISTORY_LOT = 'lot-reports-history';
const CROWD_CENTER: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
const HISTORY_CENTER: GeoPoint = { latE6: 32_800_000, lonE6: -117_200_000 };
/** North American VINs with valid check digits; WP0… is a European VIN (check digit not applicable). */
const VIN = {
  fusion: '1HGCM82633A004352',
  tundra: '1G4AH59H45G118341',
  bus: '1M8GDM9AXKP042788',
  sold: '5GZCZ43D13S812715',
  unrecorded: 'WP0ZZZ99ZTS392124',
  historyA: '1FTFW1ET9DFC10312',
  historyB: '2HGFB2F53CH123456',
} as const;
const MISREAD = 'WDBUF56X48B123456';

interface Task {
  readonly auditId: string;
  readonly captureIndex: number;
  readonly attempt: number;
}

describe('end to end: VIN audit reports and anomaly scores from the ledger, through fabric-gateway', function () {
  this.timeout(240_000);
  let network: E2eNetwork;
  let driver: AuditDriver;
  let workDir: string;
  const auditor = E2eDevice.fromSeed('auditor-phone', 'auditor reports phone');
  const verifiers = [0, 1, 2, 3].map((index) => E2eDevice.fromSeed('crowd-verifier', `auditor reports verifier ${index}`));
  const history: { auditId: string; outcome?: string }[] = [];
  let outlierAuditId: string;
  let crowdAuditId: string;
  let crowdUnits: string[];

  before(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'auditor-reports-e2e-'));
    network = await E2eNetwork.start(PORT_OFFSET);
    driver = new AuditDriver(network, auditor);
    await auditor.register(network.clients);
    await driver.lender('vinaudit.crowd:EnrollAuditor', { device: auditor.address, personRef: sha256Label('person:reports auditor') });
    for (const [index, verifier] of verifiers.entries()) {
      await verifier.register(network.clients);
      await driver.lender('vinaudit.crowd:EnrollVerifier', { device: verifier.address, personRef: sha256Label(`person:reports verifier ${index}`) });
    }
  });

  after(async () => {
    await tearDownNetwork(network);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('builds an audit history: six ordinary audits, then one whose device never moved', async () => {
    const spots = [parking(HISTORY_CENTER, 0), parking(HISTORY_CENTER, 1)];
    const unitIds = await driver.registerLot(HISTORY_LOT, HISTORY_CENTER, [
      { vin: VIN.historyA, description: 'grey pickup', location: spots[0] ?? HISTORY_CENTER },
      { vin: VIN.historyB, description: 'red hatchback', location: spots[1] ?? HISTORY_CENTER },
    ]);
    const units = unitIds.map((unitId, index) => ({ unitId, vin: [VIN.historyA, VIN.historyB][index] ?? '', location: spots[index] ?? HISTORY_CENTER }));
    for (let round = 0; round < 6; round += 1) history.push(await driver.typedAudit(HISTORY_LOT, HISTORY_CENTER, units));
    expect(history.map((entry) => entry.outcome)).to.deep.equal(Array<string>(6).fill('PASS'));
    const still = await driver.typedAudit(HISTORY_LOT, HISTORY_CENTER, units, { still: true });
    expect(still.outcome).to.equal('FAIL');
    outlierAuditId = still.auditId;
  });

  it('runs an audit with crowd verification and fraud: a moved vehicle, a typed VIN, an unrecorded car, no motion', async () => {
    const spots = [0, 1, 2, 3].map((row) => parking(CROWD_CENTER, row));
    crowdUnits = await driver.registerLot(CROWD_LOT, CROWD_CENTER, [
      { vin: VIN.fusion, description: 'blue Ford Fusion, 2 door', location: spots[0] ?? CROWD_CENTER },
      { vin: VIN.tundra, description: 'black Toyota Tundra, extended cab', location: spots[1] ?? CROWD_CENTER },
      { vin: VIN.bus, description: 'white shuttle bus', location: spots[2] ?? CROWD_CENTER },
      { vin: VIN.sold, description: 'silver Saturn', location: spots[3] ?? CROWD_CENTER },
    ]);
    await driver.lender('vinaudit.lots:RecordException', { lotId: CROWD_LOT, unitId: crowdUnits[3], reason: 'sold' });
    crowdAuditId = await driver.openAndCheckIn(CROWD_LOT, CROWD_CENTER);
    // The Tundra stands 200 µdeg (18.7 m) east of its recorded spot; the walk goes there, not to the recorded spot.
    const movedTundra = shifted(spots[1] ?? CROWD_CENTER, 0, 200);
    const stranger = shifted(spots[2] ?? CROWD_CENTER, 60);
    const at = (point: GeoPoint, index: number, extra: Partial<Capture>): Capture => ({ manualEntry: false, vehicleGps: point, deviceGps: shifted(point, 5), capturedAtMs: 10_000 * (index + 1), ...extra });
    const vehicles: Capture[] = [
      at(spots[0] ?? CROWD_CENTER, 0, { unitId: crowdUnits[0], photoHash: sha256Label('reports photo fusion') }),
      at(movedTundra, 1, { unitId: crowdUnits[1], photoHash: sha256Label('reports photo tundra') }),
      at(spots[2] ?? CROWD_CENTER, 2, { unitId: crowdUnits[2], manualEntry: true, vinRead: VIN.bus }),
      at(stranger, 3, { photoHash: sha256Label('reports photo stranger') }),
    ];
    const path = [spots[0], movedTundra, spots[2], stranger].map((position, index) => ({ atMs: 10_000 * (index + 1), position: position ?? CROWD_CENTER }));
    const submitted = await driver.submit(crowdAuditId, { captureDevice: { kind: 'tablet', model: 'Galaxy Tab S9' }, vehicles, path, motion: [] });
    expect(submitted.status).to.equal('verifying');

    // Three verifiers read each photo; for the Tundra one of three misreads it, and legibility varies.
    const plan: Record<number, { vin: string; clarity: number }[]> = {
      0: [{ vin: VIN.fusion, clarity: 5 }, { vin: VIN.fusion, clarity: 4 }, { vin: VIN.fusion, clarity: 3 }],
      1: [{ vin: VIN.tundra, clarity: 3 }, { vin: VIN.tundra, clarity: 3 }, { vin: MISREAD, clarity: 2 }],
      3: [{ vin: VIN.unrecorded, clarity: 5 }, { vin: VIN.unrecorded, clarity: 5 }, { vin: VIN.unrecorded, clarity: 5 }],
    };
    const readings: { verifier: E2eDevice; task: Task }[] = [];
    for (const verifier of verifiers) {
      for (const task of await driver.query<Task[]>('vinaudit.crowd:ListTasks', verifier.address)) readings.push({ verifier, task });
    }
    expect(readings).to.have.length(9);
    const answered = new Map<number, number>();
    for (const { verifier, task } of readings.sort((a, b) => a.task.captureIndex - b.task.captureIndex)) {
      const turn = answered.get(task.captureIndex) ?? 0;
      answered.set(task.captureIndex, turn + 1);
      const answer = plan[task.captureIndex]?.[turn];
      if (!answer) throw new Error(`no planned reading ${turn} for capture ${task.captureIndex}`);
      const signed = await verifier.signJson('vinaudit.verify', { auditId: task.auditId, captureIndex: task.captureIndex, attempt: task.attempt, ...answer });
      await submitValid(network.clients.audit.contract(), 'vinaudit.crowd:SubmitVerification', { arguments: [signed] });
    }
    const verdict = await driver.query<{ outcome: string; fraud: { type: string; vins: string[] }[] }>('vinaudit.history:GetVerdict', crowdAuditId);
    expect(verdict.outcome).to.equal('FAIL');
    expect(verdict.fraud.map((entry) => entry.type)).to.deep.equal(['motion-absent', 'path-not-near-vehicle', 'unrecorded-vin', 'vehicle-location']);
  });

  it('builds the lot report from the ledger: the claim 7 figures per VIN and per audit', async () => {
    const source = new reports.FabricReportSource(network.clients.audit.contract());
    const report = await reports.loadLotReport(source, CROWD_LOT, { generatedAtMs: Date.UTC(2025, 0, 2, 3, 4, 5) });
    expect(report.audits).to.have.length(1);
    const audit = report.audits[0];
    if (!audit) throw new Error('no audit');
    expect(audit).to.deep.include({ auditId: crowdAuditId, status: 'finalized', outcome: 'FAIL', fraudDetected: true });
    expect(audit.confirmations).to.deep.equal({ pass: 2, fail: 2, exception: 1, total: 5 });
    expect(audit.captureDevice).to.deep.equal({ kind: 'tablet', model: 'Galaxy Tab S9' });
    expect(audit.manualEntries).to.deep.equal({ count: 1, limit: 5 });
    // Certainty: 3/3, 2/3, 3/3 agreeing; clarity: 12/15, 8/15, 15/15 of the best rating.
    expect(audit.certainty).to.deep.equal({ min: 666, mean: 888, count: 3 });
    expect(audit.clarity).to.deep.equal({ min: 533, mean: 777, count: 3 });
    const rows = Object.fromEntries(audit.rows.map((row) => [row.vin, row]));
    expect(rows[VIN.tundra]?.capture).to.include({ certaintyPermille: 666, clarityPermille: 533, consensusStatus: 'agreed', readings: 3, manualEntry: false });
    expect(rows[VIN.tundra]?.findingTypes).to.deep.equal(['path-not-near-vehicle', 'vehicle-location']);
    expect(rows[VIN.tundra]?.offsetFromRecordedMm).to.be.within(18_650, 18_750);
    expect(rows[VIN.fusion]).to.deep.include({ result: 'PASS', description: 'blue Ford Fusion, 2 door' });
    expect(rows[VIN.fusion]?.capture).to.include({ certaintyPermille: 1000, clarityPermille: 800 });
    expect(rows[VIN.bus]?.capture).to.include({ manualEntry: true });
    expect(rows[VIN.sold]).to.deep.include({ result: 'EXCEPTION', exceptionReason: 'sold' });
    expect(rows[VIN.unrecorded]).to.deep.include({ result: 'FAIL', findingTypes: ['unrecorded-vin'] });
    expect(audit.auditFindings.map((item) => item.type)).to.deep.equal(['motion-absent']);
    expect(audit.path?.points).to.have.length(4);
    expect(audit.path?.vehicles.map((vehicle) => vehicle.ring)).to.deep.equal(['not-reached', 'reached', 'reached', 'not-captured', undefined]);

    const csv = reports.renderLotReportCsv(report);
    expect(csv.split('\r\n').filter(Boolean)).to.have.length(1 + 5);
    expect(csv).to.include(`${VIN.tundra},${crowdUnits[1]},"black Toyota Tundra, extended cab",FAIL`);
    const html = reports.renderLotReportHtml(report);
    expect(html).to.include('lowest 66.6 %, mean 88.8 % over 3 photo(s)').and.include('<polyline class="audit-path"');
    expect(html.match(/<circle class="ring /g)).to.have.length(4);
    const pdf = await reports.renderLotReportPdf(report, { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(pdf.toString('latin1')).to.include('(VIN audit summary report - lot lot-reports-crowd)');
  });

  it('scores anomalies across the audits: ordinary audits typical, the still device an outlier; records the score and reads it back', async () => {
    const source = new anomaly.FabricAnomalySource(network.clients.audit.contract());
    const inlier = history[5];
    if (!inlier) throw new Error('no history');
    const typical = await anomaly.assessAudit(source, inlier.auditId);
    expect(typical.reference.map((vector) => vector.auditId)).to.deep.equal(history.slice(0, 5).map((entry) => entry.auditId));
    expect(typical.score.flagged).to.equal(false);
    expect(typical.score.scorePermille).to.be.below(500);

    const outlier = await anomaly.assessAudit(source, outlierAuditId);
    expect(outlier.reference).to.have.length(6);
    expect(outlier.score).to.deep.include({ flagged: true, topFeature: 'motionScorePermille' });
    // Walking motion changes at every sample (1000 ‰); the still device at none: z = −1000 / 50.
    expect(outlier.score.maxAbsZ).to.equal(20);
    expect(outlier.record.scorePermille).to.equal(851);
    const recorded = await anomaly.recordAssessment(source, outlier);
    expect(recorded).to.deep.include({ auditId: outlierAuditId, detector: 'robust-z-mad.v1', scorePermille: 851, flagged: true, recordedBy: 'AuditMSP' });
    expect(await source.listAnomalyScores(outlierAuditId)).to.deep.equal([recorded]);

    const lotReport = await reports.loadLotReport(new reports.FabricReportSource(network.clients.oem.contract()), HISTORY_LOT, { generatedAtMs: 0 });
    expect(lotReport.audits.map((audit) => audit.anomalyScores.length)).to.deep.equal([0, 0, 0, 0, 0, 0, 1]);
    expect(anomaly.renderAnomalyChartSvg(outlier)).to.include(`data-audit-id="${outlierAuditId}"`);
  });

  it('the CLI scores the crowd audit against a history that holds the outlier, records it, draws FIG. 15, and writes the CSV of all lots', async () => {
    const output: string[] = [];
    const program = new Command().exitOverride();
    registerAnomalyCommands(program, { stdout: { write: (chunk) => output.push(String(chunk)) } });
    const chart = path.join(workDir, 'fig15.svg');
    await program.parseAsync(
      ['anomaly', 'score', crowdAuditId, '--record', '--json', '--chart', chart, '--data-dir', network.process.ready.dataDir, '--org', 'audit'],
      { from: 'user' },
    );
    const printed = JSON.parse(output.join('')) as { record: { flagged: boolean; scorePermille: number }; reference: string[]; recorded: { recordedTxId: string } };
    expect(printed.reference).to.have.length(7);
    expect(printed.reference).to.include(outlierAuditId);
    expect(printed.record.flagged).to.equal(true);
    const readBack = await new anomaly.FabricAnomalySource(network.clients.oem.contract()).listAnomalyScores(crowdAuditId);
    expect(readBack.map((score) => [score.scorePermille, score.recordedTxId])).to.deep.equal([[printed.record.scorePermille, printed.recorded.recordedTxId]]);
    expect(readFileSync(chart, 'utf8')).to.include(`data-audit-id="${crowdAuditId}"`);

    const csvFile = path.join(workDir, 'lots.csv');
    const cli = new Command().exitOverride();
    registerReportCommands(cli);
    await cli.parseAsync(['report', 'lots', '--format', 'csv', '--out', csvFile, '--data-dir', network.process.ready.dataDir, '--org', 'oem'], { from: 'user' });
    // Five VINs of the crowd audit, two of each of the seven history audits.
    expect(readFileSync(csvFile, 'utf8').split('\r\n').filter(Boolean)).to.have.length(1 + 5 + 7 * 2);

    const all = await reports.loadLotsReport(new reports.FabricReportSource(network.clients.audit.contract()), { generatedAtMs: 0 });
    expect(all.lots.map((lot) => lot.lot.lotId)).to.deep.equal([CROWD_LOT, HISTORY_LOT]);
    expect(all.notifications.map((item) => [item.lotId, item.auditId, item.types])).to.deep.equal([
      [CROWD_LOT, crowdAuditId, ['motion-absent']],
      [HISTORY_LOT, outlierAuditId, ['motion-absent']],
    ]);
  });
});
