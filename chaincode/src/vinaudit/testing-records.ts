import type { GeoPoint } from '../lib/geo';
import { sha256Hex } from '../lib/hash';
import type { CaptureRecord, CheckInRecord, MotionSample, PathPoint } from './audit-types';
import type { Consensus } from './crowd-types';
import type { EvaluationInput } from './evaluation';
import type { FinancingEntry, UnitRecord } from './lot-types';
import { DEFAULT_AUDIT_POLICY } from './policy';
import type { AuditPolicy } from './policy-types';

/** Builders of plain records for the pure rule tests: a lot in San Diego, vehicles about 11 m apart. */
export const LOT_CENTER: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
export const AUDIT_ID = 'a'.repeat(64);
export const SUBMITTED_AT = 1_000_000;

export function spot(index: number): GeoPoint {
  return { latE6: LOT_CENTER.latE6 + 100 * (index + 1), lonE6: LOT_CENTER.lonE6 };
}

export function offset(point: GeoPoint, dLatE6: number, dLonE6 = 0): GeoPoint {
  return { latE6: point.latE6 + dLatE6, lonE6: point.lonE6 + dLonE6 };
}

export function photo(label: string): string {
  return sha256Hex(`photo:${label}`);
}

export function unitRecord(index: number, vin: string, extra: Partial<UnitRecord> = {}): UnitRecord {
  return {
    lotId: 'lot-1',
    unitId: sha256Hex(`unit:${index}`),
    vin,
    vinCheck: 'valid',
    description: `vehicle ${index}`,
    location: spot(index),
    status: 'financed',
    recordedBy: 'AuditMSP',
    recordedAtMs: 0,
    recordedTxId: 'tx0',
    updatedAtMs: 0,
    ...extra,
  };
}

export function agreed(vin: string, extra: Partial<Consensus> = {}): Consensus {
  return { status: 'agreed', vin, vinCheck: 'valid', certaintyPermille: 1000, clarityPermille: 800, received: 3, assigned: 3, quorum: 3, votes: [{ vin, count: 3 }], ...extra };
}

/** A capture of a unit, confirmed by the crowd, taken where the unit is. */
export function captureOf(index: number, unit: UnitRecord, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    auditId: AUDIT_ID,
    index,
    attempt: 1,
    photoHash: photo(`${index}`),
    manualEntry: false,
    vehicleGps: unit.location,
    deviceGps: offset(unit.location, 5),
    capturedAtMs: 10_000 * (index + 1),
    state: 'confirmed',
    verifiers: [],
    consensus: agreed(unit.vin),
    photoReuse: [],
    previousAttempts: [],
    updatedAtMs: 0,
    ...extra,
  };
}

export function typedCapture(index: number, unit: UnitRecord): CaptureRecord {
  const { consensus: _none, photoHash: _photo, ...rest } = captureOf(index, unit);
  return { ...rest, manualEntry: true, vinRead: unit.vin, state: 'manual' };
}

/** A walk past every unit, stopping at each. */
export function walkPast(units: readonly UnitRecord[]): PathPoint[] {
  return units.map((unit, index) => ({ atMs: 10_000 * (index + 1), position: unit.location }));
}

/** Motion that changes at every path point: the device stops, then walks on turned 45°. */
export function lively(pathLength: number): MotionSample[] {
  return Array.from({ length: pathLength }, (_, index) => [
    { pathIndex: index, velocityMmS: 0, accelerationMmS2: 0, pitchMdeg: 0, rollMdeg: 0, yawMdeg: (index * 90_000) % 360_000 },
    { pathIndex: index, velocityMmS: 1_200, accelerationMmS2: 0, pitchMdeg: 0, rollMdeg: 0, yawMdeg: (index * 90_000 + 45_000) % 360_000 },
  ]).flat();
}

export function onSiteCheckIn(): CheckInRecord {
  return { auditId: AUDIT_ID, checkInId: 'c'.repeat(64), device: '0x' + '1'.repeat(40), gps: LOT_CENTER, distanceToLotMm: 0, onSite: true, atMs: 0, txId: 'tx1' };
}

export function financingFor(units: readonly UnitRecord[]): Map<string, FinancingEntry[]> {
  return new Map(units.map((unit) => [unit.vin, [{ lotId: unit.lotId, unitId: unit.unitId, lenderMsp: 'AuditMSP', dealerName: 'Dealer' }]]));
}

/** A clean audit of the given units: every unit photographed, confirmed, visited, with lively motion. */
export function cleanInput(units: readonly UnitRecord[], policy: Partial<AuditPolicy> = {}): EvaluationInput {
  return {
    policy: { ...DEFAULT_AUDIT_POLICY, ...policy },
    submittedAtMs: SUBMITTED_AT,
    units,
    captures: units.map((unit, index) => captureOf(index, unit)),
    path: walkPast(units),
    motion: lively(units.length),
    checkIns: [onSiteCheckIn()],
    financing: financingFor(units),
  };
}
