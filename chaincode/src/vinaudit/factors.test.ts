import { expect } from 'chai';
import { distanceMm } from '../lib/geo';
import { featureVector } from './features';
import { evaluateMotion } from './factor-motion';
import { DEFAULT_AUDIT_POLICY } from './policy';
import { captureOf, cleanInput, lively, offset, photo, typedCapture, unitRecord, walkPast, AUDIT_ID, SUBMITTED_AT } from './testing-records';
import { evaluateAudit } from './verdict';
import type { EvaluationInput } from './evaluation';

const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341', '1M8GDM9AXKP042788'];
const units = VINS.map((vin, index) => unitRecord(index, vin));
const [u0, u1, u2] = units as [ReturnType<typeof unitRecord>, ReturnType<typeof unitRecord>, ReturnType<typeof unitRecord>];
const types = (input: EvaluationInput) => evaluateAudit(input).findings.map((item) => item.type);
/** Confirmations come sorted by VIN; read them in the order of `units`. */
const byUnit = (evaluation: ReturnType<typeof evaluateAudit>) => units.map((unit) => evaluation.confirmations.find((entry) => entry.vin === unit.vin));

describe('fraud factors and verdict', () => {
  it('passes a clean audit on every factor', () => {
    const evaluation = evaluateAudit(cleanInput(units));
    expect(evaluation.outcome).to.equal('PASS');
    expect(evaluation.findings).to.deep.equal([]);
    expect(evaluation.factors).to.deep.equal({
      vinAndLocation: { passed: true, discrepancies: 0 },
      path: { passed: true, discrepancies: 0, coveragePermille: 1000 },
      motion: { passed: true, changePoints: 3, required: 3 },
      manualEntries: { passed: true, count: 0, limit: 5 },
    });
    expect(evaluation.confirmations.map((entry) => [entry.vin, entry.result, entry.certaintyPermille])).to.deep.equal([...VINS].sort().map((vin) => [vin, 'PASS', 1000]));
  });

  describe('factor 1: consensus VIN and vehicle GPS against the records', () => {
    const moved = offset(u1.location, 0, 90);
    const input = (toleranceMm: number): EvaluationInput => {
      const base = cleanInput(units, { vehicleLocationToleranceMm: toleranceMm });
      return { ...base, captures: base.captures.map((capture) => (capture.index === 1 ? { ...capture, vehicleGps: moved, deviceGps: moved } : capture)) };
    };
    const gap = distanceMm(moved, u1.location);

    it('accepts a vehicle exactly at the tolerance', () => {
      expect(types(input(gap))).to.not.include('vehicle-location');
    });

    it('finds a vehicle 1 mm beyond it, and fails that VIN only', () => {
      const evaluation = evaluateAudit(input(gap - 1));
      expect(evaluation.findings.map((item) => [item.type, item.vin])).to.deep.equal([['vehicle-location', u1.vin]]);
      expect(evaluation.outcome).to.equal('REVIEW');
      expect(byUnit(evaluation).map((entry) => entry?.result)).to.deep.equal(['PASS', 'FAIL', 'PASS']);
    });

    it('finds a consensus VIN that differs from the unit the auditor took it for, without counting the unit missing too', () => {
      const base = cleanInput(units);
      const other = '5GZCZ43D13S812715';
      const captures = base.captures.map((capture) => (capture.index === 2 ? { ...capture, unitId: u2.unitId, state: 'mismatch' as const, consensus: { ...capture.consensus!, vin: other } } : capture));
      const evaluation = evaluateAudit({ ...base, captures });
      expect(evaluation.findings.map((item) => [item.type, item.vin])).to.deep.equal([['vin-mismatch', u2.vin]]);
      expect(byUnit(evaluation)[2]).to.include({ vin: u2.vin, result: 'FAIL' });
    });

    it('finds an unrecorded VIN and the recorded vehicle nobody captured, with a FAIL for each', () => {
      const base = cleanInput(units);
      const other = '5GZCZ43D13S812715';
      const captures = base.captures.map((capture) => (capture.index === 2 ? { ...capture, consensus: { ...capture.consensus!, vin: other }, state: 'mismatch' as const } : capture));
      const evaluation = evaluateAudit({ ...base, captures });
      expect(evaluation.findings.map((item) => [item.type, item.vin]).sort()).to.deep.equal([['missing-vehicle', u2.vin], ['unrecorded-vin', other]]);
      expect(evaluation.confirmations.filter((entry) => entry.result === 'FAIL').map((entry) => entry.vin).sort()).to.deep.equal([u2.vin, other].sort());
    });

    it('excuses a missing vehicle with an exception recorded before the submission, not after', () => {
      const excused = { ...u2, status: 'exception' as const, exception: { reason: 'sold' as const, recordedBy: 'AuditMSP', recordedAtMs: SUBMITTED_AT } };
      const base = { ...cleanInput([u0, u1, excused]) };
      const input = { ...base, captures: base.captures.slice(0, 2) };
      const evaluation = evaluateAudit(input);
      expect(evaluation.outcome).to.equal('PASS');
      expect(byUnit(evaluation)[2]).to.include({ result: 'EXCEPTION', exceptionReason: 'sold' });
      const late = { ...excused, exception: { ...excused.exception, recordedAtMs: SUBMITTED_AT + 1 } };
      expect(types({ ...input, units: [u0, u1, late] }).sort()).to.deep.equal(['late-exception', 'missing-vehicle']);
      const lapsed = { ...excused, exception: { ...excused.exception, untilMs: SUBMITTED_AT - 1 } };
      expect(types({ ...input, units: [u0, u1, lapsed] }).sort()).to.deep.equal(['late-exception', 'missing-vehicle']);
      const current = { ...excused, exception: { ...excused.exception, untilMs: SUBMITTED_AT } };
      expect(types({ ...input, units: [u0, u1, current] })).to.deep.equal([]);
    });

    it('fails the audit on a re-used photo', () => {
      const base = cleanInput(units);
      const reuse = { photoHash: photo('0'), attempt: 1, firstAuditId: 'b'.repeat(64), firstCaptureIndex: 4 };
      const captures = base.captures.map((capture) => (capture.index === 0 ? { ...capture, photoReuse: [reuse] } : capture));
      const evaluation = evaluateAudit({ ...base, captures });
      expect(evaluation.outcome).to.equal('FAIL');
      expect(evaluation.fraud).to.deep.equal([{ type: 'photo-reuse', vins: [u0.vin] }]);
      expect(byUnit(evaluation)[0]).to.include({ result: 'FAIL' });
    });
  });

  describe('factor 2: the audit path passes each vehicle (claim 14)', () => {
    const near = offset(u1.location, 12);
    const input = (pathProximityMm: number): EvaluationInput => {
      const base = cleanInput(units, { pathProximityMm });
      return { ...base, path: base.path.map((point, index) => (index === 1 ? { ...point, position: near } : point)) };
    };
    const closest = distanceMm(near, u1.location);

    it('accepts a path that came exactly as close as required', () => {
      expect(closest).to.be.greaterThan(1000);
      const evaluation = evaluateAudit(input(closest));
      expect(evaluation.factors.path).to.deep.equal({ passed: true, discrepancies: 0, coveragePermille: 1000 });
    });

    it('finds a path that stayed 1 mm too far', () => {
      const evaluation = evaluateAudit(input(closest - 1));
      expect(evaluation.findings.map((item) => [item.type, item.vin])).to.deep.equal([['path-not-near-vehicle', u1.vin]]);
      expect(evaluation.factors.path).to.deep.equal({ passed: false, discrepancies: 1, coveragePermille: 666 });
    });

    it('checks the device was next to the vehicle at capture', () => {
      const gap = distanceMm(captureOf(0, u0).deviceGps, u0.location);
      expect(types(cleanInput(units, { captureDistanceLimitMm: gap }))).to.deep.equal([]);
      expect(types(cleanInput(units, { captureDistanceLimitMm: gap - 1 }))).to.deep.equal(['capture-distance', 'capture-distance', 'capture-distance']);
    });

    it('finds a check-in off the lot, but not one made without GPS', () => {
      const base = cleanInput(units);
      const off = { ...base.checkIns[0]!, onSite: false, distanceToLotMm: 900_000 };
      expect(types({ ...base, checkIns: [off] })).to.deep.equal(['check-in-off-site']);
      expect(types({ ...base, checkIns: [{ ...off, gps: null, onSite: null, distanceToLotMm: null }] })).to.deep.equal([]);
    });
  });

  describe('factor 3: motion changes along the path (claim 15)', () => {
    it('passes at exactly the required number of change points, fails one short', () => {
      expect(evaluateAudit(cleanInput(units, { minMotionChangePoints: 3 })).factors.motion.passed).to.equal(true);
      const evaluation = evaluateAudit(cleanInput(units, { minMotionChangePoints: 4 }));
      expect(evaluation.factors.motion).to.deep.equal({ passed: false, changePoints: 3, required: 4 });
      expect(evaluation.outcome).to.equal('FAIL');
      expect(evaluation.fraud.map((entry) => entry.type)).to.deep.equal(['motion-absent']);
    });

    it('counts a change exactly at a threshold, not one below it', () => {
      const still = { ...DEFAULT_AUDIT_POLICY, orientationChangeMdeg: 180_000, minMotionChangePoints: 1 };
      expect(evaluateMotion(lively(2), { ...still, velocityChangeMmS: 1_200 }).changePoints).to.equal(2);
      expect(evaluateMotion(lively(2), { ...still, velocityChangeMmS: 1_201 }).changePoints).to.equal(0);
      expect(evaluateMotion(lively(2), { ...DEFAULT_AUDIT_POLICY, velocityChangeMmS: 100_000, orientationChangeMdeg: 45_000 }).changePoints).to.equal(2);
    });

    it('treats a device that never moved as no motion at all', () => {
      const frozen = lively(3).map((sample) => ({ ...sample, velocityMmS: 0, yawMdeg: 0 }));
      expect(evaluateMotion(frozen, DEFAULT_AUDIT_POLICY)).to.include({ passed: false, changePoints: 0, scorePermille: 0 });
    });
  });

  describe('factor 4: VINs typed by hand (claim 16)', () => {
    const typed = (limit: number): EvaluationInput => {
      const base = cleanInput(units, { manualEntryLimit: limit, normalMaxManualEntries: 10 });
      return { ...base, captures: units.map((unit, index) => typedCapture(index, unit)) };
    };

    it('accepts exactly the limit', () => {
      const evaluation = evaluateAudit(typed(3));
      expect(evaluation.factors.manualEntries).to.deep.equal({ passed: true, count: 3, limit: 3 });
      expect(evaluation.outcome).to.equal('PASS');
    });

    it('fails one over the limit', () => {
      const evaluation = evaluateAudit(typed(2));
      expect(evaluation.outcome).to.equal('FAIL');
      expect(evaluation.fraud.map((entry) => entry.type)).to.deep.equal(['manual-entry-limit']);
    });
  });

  describe('the normal data set (patent: at most three discrepancies, five typed VINs)', () => {
    const scattered = (maxDiscrepancies: number): EvaluationInput => {
      const base = cleanInput(units, { normalMaxDiscrepancies: maxDiscrepancies });
      return { ...base, captures: base.captures.map((capture) => ({ ...capture, vehicleGps: offset(capture.vehicleGps, 0, 1_000), deviceGps: offset(capture.vehicleGps, 0, 1_000) })) };
    };

    it('reviews three discrepancies within a normal data set of three', () => {
      const evaluation = evaluateAudit(scattered(3));
      expect(evaluation.normalDataSet).to.deep.equal({ normal: true, discrepancies: 3, maxDiscrepancies: 3, manualEntries: 0, maxManualEntries: 5 });
      expect(evaluation.outcome).to.equal('REVIEW');
    });

    it('fails the same audit when the normal data set allows two', () => {
      const evaluation = evaluateAudit(scattered(2));
      expect(evaluation.outcome).to.equal('FAIL');
      expect(evaluation.fraud.map((entry) => entry.type)).to.deep.equal(['abnormal-data-set', 'vehicle-location']);
    });
  });

  it('fails a VIN financed on another lot too (double flooring)', () => {
    const base = cleanInput(units);
    const financing = new Map(base.financing);
    financing.set(u0.vin, [...(financing.get(u0.vin) ?? []), { lotId: 'lot-9', unitId: 'f'.repeat(64), lenderMsp: 'AuditMSP', dealerName: 'Other' }]);
    const evaluation = evaluateAudit({ ...base, financing });
    expect(evaluation.fraud).to.deep.equal([{ type: 'double-flooring', vins: [u0.vin] }]);
    expect(evaluation.findings[0]?.detail).to.contain('lot-9');
    expect(byUnit(evaluation)[0]).to.include({ result: 'FAIL' });
  });

  it('summarizes an audit as a feature vector of integers', () => {
    const input = { ...cleanInput(units), path: walkPast(units) };
    const evaluation = evaluateAudit(input);
    const vector = featureVector(input, evaluation, {
      auditId: AUDIT_ID, lotId: 'lot-1', lenderMsp: 'AuditMSP', auditor: '0x' + '1'.repeat(40), captureDeviceKind: 'smartphone',
      startedAtMs: 5_000, finishedAtMs: 45_000, firstCheckInMs: SUBMITTED_AT - 60_000, finalizedAtMs: SUBMITTED_AT + 9_000,
    });
    expect(vector).to.include({ expectedUnits: 3, captures: 3, confirmedUnits: 3, discrepancies: 0, pathCoveragePermille: 1000, motionChangePoints: 3, durationMs: 40_000, meanCaptureIntervalMs: 10_000, checkInToSubmitMs: 60_000, submitToFinalizeMs: 9_000 });
    expect(Object.values(vector).filter((value) => typeof value === 'number').every(Number.isSafeInteger)).to.equal(true);
  });
});
