import { distanceMm, type GeoPoint } from '../lib/geo';
import { finalVin, finding, type EvaluationInput } from './evaluation';
import type { Match } from './factor-vin-location';
import type { Finding } from './verdict-types';

export interface PathResult {
  readonly findings: readonly Finding[];
  readonly coveragePermille: number;
}

/** A microdegree of latitude is at least 110 mm: points further apart in latitude alone cannot be within the limit. */
function within(a: GeoPoint, b: GeoPoint, limitMm: number): boolean {
  if (Math.abs(a.latE6 - b.latE6) * 110 > limitMm + 1) return false;
  return distanceMm(a, b) <= limitMm;
}

/**
 * Fraud factor 2 (claim 14, FIG. 13): while following the audit path the device came within the set
 * distance of each confirmed vehicle's recorded location; at each capture the device was next to the
 * vehicle; and the check-in put the device on the lot (FIG. 10, first level).
 */
export function evaluatePath(input: EvaluationInput, matches: readonly Match[]): PathResult {
  const findings: Finding[] = [];
  const limitMm = input.policy.pathProximityMm;
  let visited = 0;
  for (const { unit, capture } of matches) {
    if (input.path.some((point) => within(point.position, unit.location, limitMm))) {
      visited += 1;
    } else {
      findings.push(finding('path-not-near-vehicle', 2, { vin: unit.vin, unitId: unit.unitId, captureIndex: capture.index }, `the audit path never came within ${limitMm} mm of the vehicle`));
    }
  }
  for (const capture of input.captures) {
    const gapMm = distanceMm(capture.deviceGps, capture.vehicleGps);
    if (gapMm > input.policy.captureDistanceLimitMm) {
      findings.push(finding('capture-distance', 2, { vin: finalVin(capture), unitId: capture.unitId, captureIndex: capture.index }, `device was ${gapMm} mm from the vehicle at capture (limit ${input.policy.captureDistanceLimitMm})`));
    }
  }
  const located = input.checkIns.filter((checkIn) => checkIn.gps !== null);
  if (located.length > 0 && !located.some((checkIn) => checkIn.onSite === true)) {
    findings.push(finding('check-in-off-site', 2, {}, 'no check-in with GPS was on the lot'));
  }
  const coveragePermille = matches.length > 0 ? Math.floor((visited * 1000) / matches.length) : 0;
  return { findings, coveragePermille };
}
