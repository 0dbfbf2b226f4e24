import { expect } from 'chai';
import { TestDevice, registerDevice } from '../testing/devices';
import type { Notice } from '../lib/events';
import type { CaptureRecord } from './audit-types';
import { LOT_LOCATION, VinAuditWorld, parking, photographed, walkthrough } from './testing-world';
import type { FeatureVector, VerdictRecord } from './verdict-types';
import { rejection } from '../testing/rejection';

const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341', '1M8GDM9AXKP042788'];
/** Confirmations come sorted by VIN; read them in the order of VINS. */
const inLotOrder = (verdict: VerdictRecord) => VINS.map((vin) => verdict.confirmations.find((entry) => entry.vin === vin));
const noticesOf = (results: { event?: { payload: { notices: readonly Notice[] } } | undefined }[]) => results.flatMap((result) => result.event?.payload.notices ?? []);

describe('VIN audit: check-in, submission, crowd verification and verdict', () => {
  let world: VinAuditWorld;
  let unitIds: string[];

  beforeEach(async () => {
    world = await new VinAuditWorld(4).setUp();
    unitIds = await world.lotWith('lot-1', VINS);
  });

  /** Opens, checks in, submits one photo per vehicle and lets the crowd read every VIN right. */
  async function cleanAudit(photoLabel = 'first', extra: Record<string, unknown> = {}): Promise<{ auditId: string; verdict: VerdictRecord; notices: Notice[] }> {
    const auditId = await world.openAudit('lot-1', extra);
    await world.checkIn(auditId);
    const vehicles = VINS.map((_, index) => photographed(index, `${photoLabel}-${index}`, { unitId: unitIds[index] }));
    const submitted = await world.submit(walkthrough(auditId, vehicles));
    const answers = await world.answerAll(({ captureIndex }) => VINS[captureIndex] ?? null);
    const verdict = await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId);
    return { auditId, verdict, notices: noticesOf([submitted, ...answers]) };
  }

  it('passes a clean audit on every factor, in real time, with an immutable auditor-endorsed verdict', async () => {
    const { auditId, verdict, notices } = await cleanAudit();
    expect(verdict).to.include({ outcome: 'PASS', auditor: world.auditor.address });
    expect(verdict.captureDevice).to.deep.equal({ kind: 'smartphone', model: 'test phone' });
    expect(verdict.factors).to.deep.equal({
      vinAndLocation: { passed: true, discrepancies: 0 },
      path: { passed: true, discrepancies: 0, coveragePermille: 1000 },
      motion: { passed: true, changePoints: 3, required: 3 },
      manualEntries: { passed: true, count: 0, limit: 5 },
    });
    expect(inLotOrder(verdict).map((entry) => [entry?.vin, entry?.result, entry?.certaintyPermille, entry?.clarityPermille])).to.deep.equal(VINS.map((vin) => [vin, 'PASS', 1000, 800]));
    const types = notices.map((notice) => notice.type);
    expect(types.filter((type) => type === 'vinaudit.VehicleConfirmed')).to.have.length(3);
    expect(types.at(-1)).to.equal('vinaudit.VerdictIssued');
    // Second messages: each verifier learns only its own photos.
    const requests = notices.filter((notice) => notice.type === 'vinaudit.VerificationRequested');
    expect(requests.every((notice) => notice.to.length === 1)).to.equal(true);
    expect(requests.reduce((sum, notice) => sum + (notice.data.tasks as unknown[]).length, 0)).to.equal(9);
    const confirmed = notices.find((notice) => notice.type === 'vinaudit.VehicleConfirmed');
    expect(confirmed?.to).to.deep.equal([`device:${world.auditor.address}`, 'org:AuditMSP']);
    const verdictKey = world.ledger.world.state.has(`\u0000vinaudit-verdict\u0000${auditId}\u0000`);
    expect(verdictKey).to.equal(true);
    expect(world.ledger.world.validationParameters.has(`\u0000vinaudit-verdict\u0000${auditId}\u0000`)).to.equal(true);
    expect(world.ledger.world.validationParameters.has(`\u0000vinaudit-audit\u0000${auditId}\u0000`)).to.equal(true);
    expect((await rejection(world.lender(world.audits, 'FinalizeAudit', { auditId }))).code).to.equal('ALREADY_EXISTS');
  });

  it('keeps the audit history queryable and records an advisory anomaly score beside the verdict', async () => {
    const { auditId } = await cleanAudit();
    const vectors = await world.query<FeatureVector[]>(world.history, 'ListFeatureVectors', JSON.stringify({ lotId: 'lot-1' }));
    expect(vectors).to.have.length(1);
    expect(vectors[0]).to.include({ auditId, captureDeviceKind: 'smartphone', expectedUnits: 3, confirmedUnits: 3, manualEntries: 0, pathCoveragePermille: 1000, motionChangePoints: 3 });
    const byAuditor = await world.query<FeatureVector[]>(world.history, 'ListFeatureVectors', JSON.stringify({ auditor: world.auditor.address.toLowerCase() }));
    expect(byAuditor.map((vector) => vector.auditId)).to.deep.equal([auditId]);
    const score = { auditId, detector: 'isolation-forest', scorePermille: 912, flagged: true, modelRef: 'v3' };
    const refused = await rejection(world.ledger.submit(world.history, 'RecordAnomalyScore', [JSON.stringify(score)], { mspId: 'OemMSP' }));
    expect(refused.code).to.equal('PERMISSION_DENIED');
    await world.lender(world.history, 'RecordAnomalyScore', score);
    expect(await world.query(world.history, 'ListAnomalyScores', auditId)).to.have.length(1);
    expect((await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId)).outcome).to.equal('PASS');
  });

  it('gives the checked-in device the expected list by description only, or with VINs when the lender says so', async () => {
    const auditId = await world.openAudit('lot-1');
    const first = JSON.parse((await world.checkIn(auditId)).result);
    expect(first).to.include({ onSite: true, distanceToLotMm: 0, listMode: 'descriptions' });
    const byUnit = (a: { unitId: string }, b: { unitId: string }) => (a.unitId < b.unitId ? -1 : 1);
    const expected = VINS.map((_, index) => ({ unitId: unitIds[index] ?? '', description: `car ${index}`, location: parking(index) }));
    expect(first.expected).to.deep.equal(expected.sort(byUnit));
    await world.lender(world.lots, 'UpdateLot', { lotId: 'lot-1', listMode: 'descriptions-and-vins' });
    const second = JSON.parse((await world.checkIn(auditId, null)).result);
    expect(second).to.include({ onSite: null, distanceToLotMm: null });
    expect(second.expected.map((entry: { vin: string }) => entry.vin).sort()).to.deep.equal([...VINS].sort());
    const nearby = await world.query<{ nearest: { lotId: string; openAuditIds: string[] }[] }>(world.lots, 'LotsNearby', JSON.stringify({ gps: LOT_LOCATION }));
    expect(nearby.nearest[0]?.openAuditIds).to.deep.equal([auditId]);
  });

  it('admits only the enrolled auditor device that checked in first', async () => {
    const auditId = await world.openAudit('lot-1');
    const stranger = TestDevice.create('auditor-phone', 'unenrolled phone');
    await registerDevice(world.ledger, world.devices, stranger);
    expect((await rejection(world.checkIn(auditId, LOT_LOCATION, stranger))).rule).to.equal('is not an enrolled auditor');
    await world.checkIn(auditId);
    await world.lender(world.crowd, 'EnrollAuditor', { device: stranger.address, personRef: 'b'.repeat(64) });
    expect((await rejection(world.checkIn(auditId, LOT_LOCATION, stranger))).rule).to.contain('another auditor device');
  });

  it('finds photo re-use in a re-audit and in the same audit, and fails the VIN concerned', async () => {
    const first = await cleanAudit('shared');
    const auditId = await world.openAudit('lot-1', { reauditOf: first.auditId });
    await world.checkIn(auditId);
    const vehicles = [
      photographed(0, 'shared-0', { unitId: unitIds[0] }),
      photographed(1, 'fresh-1', { unitId: unitIds[1] }),
      photographed(2, 'fresh-1', { unitId: unitIds[2] }),
    ];
    const submitted = await world.submit(walkthrough(auditId, vehicles));
    expect(JSON.parse(submitted.result).captures.map((capture: { photoReused: boolean }) => capture.photoReused)).to.deep.equal([true, false, true]);
    const reused = noticesOf([submitted]).filter((notice) => notice.type === 'vinaudit.PhotoReused');
    expect(reused.map((notice) => [notice.data.firstAuditId, notice.data.firstCaptureIndex])).to.deep.equal([[first.auditId, 0], [auditId, 1]]);
    await world.answerAll(({ captureIndex }) => VINS[captureIndex] ?? null);
    const verdict = await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId);
    expect(verdict).to.include({ outcome: 'FAIL', reauditOf: first.auditId });
    expect(verdict.fraud).to.deep.equal([{ type: 'photo-reuse', vins: [VINS[0], VINS[2]].sort() }]);
    expect(inLotOrder(verdict).map((entry) => entry?.result)).to.deep.equal(['FAIL', 'PASS', 'FAIL']);
    const old = await world.query<{ reaudits: string[]; verdict: VerdictRecord }>(world.audits, 'GetAudit', first.auditId);
    expect(old.reaudits).to.deep.equal([auditId]);
    expect(old.verdict.outcome).to.equal('PASS');
  });

  it('fails a vehicle that is double floored on another lot', async () => {
    await world.lotWith('lot-2', [VINS[1]!], {}, { latE6: LOT_LOCATION.latE6 + 90_000, lonE6: LOT_LOCATION.lonE6 });
    const { verdict, notices } = await cleanAudit();
    expect(verdict.outcome).to.equal('FAIL');
    expect(verdict.fraud).to.deep.equal([{ type: 'double-flooring', vins: [VINS[1]] }]);
    expect(notices.map((notice) => notice.type)).to.include('vinaudit.FraudDetected');
  });

  it('sends the auditor back for an unreadable photo and a split crowd; a typed VIN counts as manual', async () => {
    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    const vehicles = VINS.map((_, index) => photographed(index, `blurry-${index}`, { unitId: unitIds[index] }));
    await world.submit(walkthrough(auditId, vehicles));
    const split = [VINS[0], '5GZCZ43D13S812715', '11111111111111111', VINS[1]];
    const answers = await world.answerAll(({ captureIndex, verifier }) => {
      if (captureIndex === 0) return split[world.verifiers.indexOf(verifier)] ?? null;
      return captureIndex === 1 ? null : VINS[captureIndex] ?? null;
    });
    const retakes = noticesOf(answers).filter((notice) => notice.type === 'vinaudit.RetakeRequested');
    expect(retakes.map((notice) => [notice.data.captureIndex, notice.data.consensusStatus])).to.deep.equal([[0, 'tie'], [1, 'unreadable']].sort());
    expect(retakes.find((notice) => notice.data.captureIndex === 1)?.data.returnTo).to.deep.equal(parking(1));
    expect(retakes[0]?.to).to.include(`device:${world.auditor.address}`);
    const payload = { auditId, captureIndex: 1, manualEntry: true, vinRead: VINS[1], vehicleGps: parking(1), deviceGps: parking(1), capturedAtMs: 9_000 };
    const notRequested = await rejection(world.ledger.submit(world.audits, 'Retake', [await world.auditor.signJson('vinaudit.retake', { ...payload, captureIndex: 2 }, world.ledger)]));
    expect(notRequested.code).to.equal('FAILED_PRECONDITION');
    await world.ledger.submit(world.audits, 'Retake', [await world.auditor.signJson('vinaudit.retake', payload, world.ledger)]);
    const photoAgain = { auditId, captureIndex: 0, manualEntry: false, photoHash: photographed(0, 'sharp-0').photoHash, vehicleGps: parking(0), deviceGps: parking(0), capturedAtMs: 9_500 };
    const retaken = await world.ledger.submit(world.audits, 'Retake', [await world.auditor.signJson('vinaudit.retake', photoAgain, world.ledger)]);
    expect(JSON.parse(retaken.result)).to.include({ attempt: 2, state: 'verifying', verifiersAssigned: 3 });
    await world.answerAll(() => VINS[0] ?? null);
    const verdict = await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId);
    expect(verdict.outcome).to.equal('PASS');
    expect(verdict.factors.manualEntries).to.deep.equal({ passed: true, count: 1, limit: 5 });
    expect(inLotOrder(verdict).map((entry) => [entry?.result, entry?.manualEntry])).to.deep.equal([['PASS', false], ['PASS', true], ['PASS', false]]);
    const vector = (await world.query<FeatureVector[]>(world.history, 'ListFeatureVectors', '{}'))[0];
    expect(vector).to.include({ retakes: 2, manualEntries: 1 });
  });

  it('closes the window at its deadline: late submissions refused, unsubmitted audits expire, unverified photos become findings', async () => {
    const lapsed = await world.openAudit('lot-1', { deadlineMs: world.ledger.clockMs + 10_000 });
    await world.checkIn(lapsed);
    expect((await rejection(world.lender(world.audits, 'FinalizeAudit', { auditId: lapsed }))).field).to.equal('audit.deadlineMs');
    world.ledger.clockMs += 10_000;
    const late = await rejection(world.submit(walkthrough(lapsed, [photographed(0, 'late', { unitId: unitIds[0] })])));
    expect(late).to.include({ code: 'FAILED_PRECONDITION', field: 'audit.deadlineMs' });
    const expired = await world.lender(world.audits, 'FinalizeAudit', { auditId: lapsed });
    expect(JSON.parse(expired.result)).to.deep.equal({ auditId: lapsed, status: 'expired' });
    expect(expired.event?.name).to.equal('vinaudit.AuditExpired');

    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    await world.submit(walkthrough(auditId, VINS.map((_, index) => photographed(index, `slow-${index}`, { unitId: unitIds[index] }))));
    let answered = 0;
    await world.answerAll(({ captureIndex }) => (captureIndex === 2 && (answered += 1) > 2 ? undefined : VINS[captureIndex] ?? null));
    const state = await world.query<{ captures: CaptureRecord[] }>(world.audits, 'GetAudit', auditId);
    expect(state.captures.map((capture) => capture.state)).to.deep.equal(['confirmed', 'confirmed', 'verifying']);
    expect((await rejection(world.lender(world.audits, 'FinalizeAudit', { auditId }))).code).to.equal('FAILED_PRECONDITION');
    world.ledger.clockMs += 3_600_000;
    const closed = await world.lender(world.audits, 'FinalizeAudit', { auditId });
    expect(JSON.parse(closed.result)).to.deep.equal({ auditId, status: 'finalized', outcome: 'REVIEW' });
    const verdict = await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId);
    expect(verdict.findings.map((item) => [item.type, item.vin])).to.deep.equal([['unverified-capture', VINS[2]]]);
    expect(inLotOrder(verdict)[2]).to.include({ result: 'FAIL' });
  });

  it('refuses an inconsistent submission by naming the field, and changes nothing', async () => {
    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    const before = new Map(world.ledger.rawState());
    const payload = walkthrough(auditId, [photographed(0, 'x', { unitId: unitIds[0] })]);
    const bad = await rejection(world.submit({ ...payload, motion: [{ ...payload.motion[0]!, pathIndex: 7 }] }));
    expect(bad).to.include({ code: 'INVALID_ARGUMENT', field: 'request.payload.motion[0].pathIndex' });
    const typedWithoutVin = await rejection(world.submit(walkthrough(auditId, [{ ...photographed(0, 'y'), manualEntry: true }])));
    expect(typedWithoutVin.field).to.equal('request.payload.vehicles[0].vinRead');
    expect(new Map(world.ledger.rawState())).to.deep.equal(before);
  });
});
