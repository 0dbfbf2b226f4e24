import { distanceMm } from '../lib/geo';
import type { CaptureRecord } from './audit-types';
import { activeUnits, excusedBy, finalVin, finding, type EvaluationInput } from './evaluation';
import type { UnitRecord } from './lot-types';
import type { Finding } from './verdict-types';

export interface Match {
  readonly unit: UnitRecord;
  readonly capture: CaptureRecord;
}

export interface VinLocationResult {
  readonly matches: readonly Match[];
  readonly findings: readonly Finding[];
}

/**
 * Fraud factor 1 (claim 1, FIG. 14C step 178): each capture's consensus (or typed) VIN against the
 * recorded VINs, and each vehicle's current GPS against its recorded GPS; recorded vehicles nobody
 * captured are missing unless a recorded exception excuses them. Photo re-use is judged here too:
 * it is about the photo evidence of the VIN.
 */
export function evaluateVinAndLocation(input: EvaluationInput): VinLocationResult {
  const units = activeUnits(input.units);
  const byVin = new Map(units.map((unit) => [unit.vin, unit]));
  const byId = new Map(units.map((unit) => [unit.unitId, unit]));
  const matched = new Set<string>();
  const accountedFor = new Set<string>();
  const matches: Match[] = [];
  const findings: Finding[] = [];
  for (const capture of input.captures) {
    const about = { captureIndex: capture.index };
    const vin = finalVin(capture);
    const selected = capture.unitId ? byId.get(capture.unitId) : undefined;
    for (const reuse of capture.photoReuse) {
      findings.push(finding('photo-reuse', 1, { ...about, vin: vin ?? selected?.vin, unitId: selected?.unitId }, `photo ${reuse.photoHash.slice(0, 16)}… of attempt ${reuse.attempt} was first used in audit ${reuse.firstAuditId.slice(0, 16)}…, capture ${reuse.firstCaptureIndex}`));
    }
    if (!vin) {
      findings.push(finding('unverified-capture', 1, { ...about, vin: selected?.vin, unitId: selected?.unitId }, `no VIN could be established (${capture.consensus?.status ?? capture.state})`));
      if (selected) accountedFor.add(selected.unitId);
      continue;
    }
    if (capture.state !== 'manual' && capture.consensus?.vinCheck === 'invalid') {
      findings.push(finding('consensus-check-digit', 1, { ...about, vin }, 'the consensus VIN fails its check digit'));
    }
    const unit = byVin.get(vin);
    if (!unit) {
      if (selected) {
        findings.push(finding('vin-mismatch', 1, { ...about, vin: selected.vin, unitId: selected.unitId }, `the vehicle taken for this unit bears ${vin}`));
        accountedFor.add(selected.unitId);
      } else {
        findings.push(finding('unrecorded-vin', 1, { ...about, vin }, 'the VIN is not financed on this lot'));
      }
      continue;
    }
    if (matched.has(unit.unitId)) {
      findings.push(finding('duplicate-capture', 1, { ...about, vin, unitId: unit.unitId }, 'the vehicle was already captured'));
      continue;
    }
    matched.add(unit.unitId);
    matches.push({ unit, capture });
    const offsetMm = distanceMm(capture.vehicleGps, unit.location);
    if (offsetMm > input.policy.vehicleLocationToleranceMm) {
      findings.push(finding('vehicle-location', 1, { ...about, vin, unitId: unit.unitId }, `vehicle is ${offsetMm} mm from its recorded location (limit ${input.policy.vehicleLocationToleranceMm})`));
    }
  }
  for (const unit of units) {
    const about = { vin: unit.vin, unitId: unit.unitId };
    if (unit.vinCheck === 'invalid') findings.push(finding('recorded-check-digit', 1, about, 'the recorded VIN fails its check digit'));
    if (matched.has(unit.unitId) || accountedFor.has(unit.unitId) || excusedBy(unit, input.submittedAtMs)) continue;
    if (unit.status === 'exception') findings.push(finding('late-exception', 1, about, 'the exception was recorded after the submission or had lapsed'));
    findings.push(finding('missing-vehicle', 1, about, 'no capture shows this vehicle'));
  }
  return { matches, findings };
}
