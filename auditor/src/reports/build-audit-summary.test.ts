import { expect } from 'chai';
import { buildAuditSummary } from './build-audit-summary';
import type { AuditDetail } from './ledger-records';
import { AUDIT_ID, UNIT, VIN, auditDetail, lot, units } from './testing-fixture';

describe('reports: the summary of one audit (claim 7)', () => {
  const summary = buildAuditSummary({ lot, units, detail: auditDetail });
  const row = (vin: string) => {
    const found = summary.rows.find((entry) => entry.vin === vin);
    if (!found) throw new Error(`no row for ${vin}`);
    return found;
  };

  it('counts VIN confirmations, one row per VIN in the verdict order (item 1)', () => {
    expect(summary.confirmations).to.deep.equal({ pass: 2, fail: 2, exception: 1, total: 5 });
    expect(summary.rows.map((entry) => [entry.vin, entry.result])).to.deep.equal([
      [VIN.tundra, 'FAIL'],
      [VIN.fusion, 'PASS'],
      [VIN.bus, 'PASS'],
      [VIN.sold, 'EXCEPTION'],
      [VIN.unrecorded, 'FAIL'],
    ]);
    expect(row(VIN.sold)).to.include({ exceptionReason: 'sold', description: 'silver Saturn' });
    expect(row(VIN.sold).capture).to.equal(undefined);
  });

  it('gives certainty and clarity per photo, and their lowest and mean over the audit (items 2-3)', () => {
    expect(row(VIN.tundra).capture).to.include({ certaintyPermille: 666, clarityPermille: 533, consensusStatus: 'agreed', readings: 3, attempts: 2, manualEntry: false });
    expect(row(VIN.fusion).capture).to.include({ certaintyPermille: 1000, clarityPermille: 800, attempts: 1 });
    expect(summary.certainty).to.deep.equal({ min: 666, mean: 888, count: 3 });
    expect(summary.clarity).to.deep.equal({ min: 533, mean: 777, count: 3 });
  });

  it('names the capture device and counts VINs typed without a photo (items 4-5)', () => {
    expect(summary.captureDevice).to.deep.equal({ kind: 'tablet', model: 'Galaxy Tab S9' });
    expect(summary.manualEntries).to.deep.equal({ count: 1, limit: 5 });
    expect(row(VIN.bus).capture).to.include({ manualEntry: true });
    expect(row(VIN.bus).capture?.certaintyPermille).to.equal(undefined);
  });

  it('lists every finding type per VIN, fraud apart, and the audit-level fraud (item 7)', () => {
    expect(row(VIN.tundra).findingTypes).to.deep.equal(['path-not-near-vehicle', 'vehicle-location']);
    expect(row(VIN.tundra).fraudTypes).to.deep.equal([]);
    expect(row(VIN.unrecorded).findingTypes).to.deep.equal(['unrecorded-vin']);
    expect(row(VIN.unrecorded)).to.not.have.property('unitId');
    expect(summary.fraud).to.deep.equal([
      { type: 'motion-absent', class: 'fraud', vins: [] },
      { type: 'path-not-near-vehicle', class: 'discrepancy', vins: [VIN.tundra] },
      { type: 'unrecorded-vin', class: 'discrepancy', vins: [VIN.unrecorded] },
      { type: 'vehicle-location', class: 'discrepancy', vins: [VIN.tundra] },
    ]);
    expect(summary.auditFindings.map((item) => item.type)).to.deep.equal(['motion-absent']);
    expect(summary.fraudDetected).to.equal(true);
    expect(summary.outcome).to.equal('FAIL');
  });

  it('measures how far each vehicle stood from its recorded position, in millimetres', () => {
    // 200 µdeg of longitude at 32.715° N.
    expect(row(VIN.tundra).offsetFromRecordedMm).to.be.within(18_700, 18_720);
    expect(row(VIN.fusion).offsetFromRecordedMm).to.equal(0);
  });

  it('draws the audit path with a fraud-factor-2 ring per recorded vehicle (item 6)', () => {
    const path = summary.path;
    if (!path) throw new Error('no path');
    expect(path.points).to.have.length(3);
    expect(path.pathProximityMm).to.equal(1_524);
    expect(path.motionSamples).to.equal(0);
    expect(path.vehicles.map((vehicle) => [vehicle.label, vehicle.ring])).to.deep.equal([
      ['118341', 'not-reached'],
      ['004352', 'reached'],
      ['042788', 'reached'],
      ['812715', 'not-captured'],
      ['392124', undefined],
    ]);
    // Two legs of 11.12 m north and 18.71 m east or west: 2 × 21.77 m.
    expect(path.lengthMm).to.be.within(43_500, 43_560);
  });

  it('lists an audit still being verified without VIN rows or fraud', () => {
    const verifying: AuditDetail = { ...auditDetail, audit: { ...auditDetail.audit, status: 'verifying', outcome: undefined, finalizedAtMs: undefined }, verdict: null };
    const pending = buildAuditSummary({ lot, units, detail: verifying });
    expect(pending).to.include({ auditId: AUDIT_ID, status: 'verifying', fraudDetected: false });
    expect(pending.rows).to.deep.equal([]);
    expect(pending.captureDevice?.kind).to.equal('tablet');
    expect(pending.path?.vehicles).to.deep.equal([]);
  });

  it('keeps the unit IDs of the ledger, for joining with other records', () => {
    expect(row(VIN.fusion).unitId).to.equal(UNIT.fusion);
  });
});
