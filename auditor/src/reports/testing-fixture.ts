import type { AuditDetail, CaptureRecord, Consensus, GeoPoint, LotRecord, UnitRecord } from './ledger-records';

/**
 * A known audit, in the shapes the chaincode stores (chaincode/src/vinaudit/testing-records.ts
 * builds the same lot): four financed vehicles about 11 m apart, one sold. The auditor photographs
 * two (one after a retake: the vehicle was moved 22 m and the path never came near its recorded
 * spot), types one VIN, photographs an unrecorded vehicle, and the device reports no motion at all.
 */
export const LOT_CENTER: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
export const spot = (index: number): GeoPoint => ({ latE6: LOT_CENTER.latE6 + 100 * (index + 1), lonE6: LOT_CENTER.lonE6 });
const near = (point: GeoPoint, dLatE6: number, dLonE6 = 0): GeoPoint => ({ latE6: point.latE6 + dLatE6, lonE6: point.lonE6 + dLonE6 });

export const VIN = {
  fusion: '1HGCM82633A004352',
  tundra: '1G4AH59H45G118341',
  bus: '1M8GDM9AXKP042788',
  sold: '5GZCZ43D13S812715',
  unrecorded: 'WP0ZZZ99ZTS392124',
} as const;

export const AUDIT_ID = 'a'.repeat(64);
export const EARLIER_AUDIT_ID = 'b'.repeat(64);
const unitId = (digit: string) => digit.repeat(64);
export const UNIT = { fusion: unitId('1'), tundra: unitId('2'), bus: unitId('3'), sold: unitId('4') } as const;

export const lot: LotRecord = {
  lotId: 'lot-7',
  name: 'Harbor Motors, "North" yard',
  lenderMsp: 'AuditMSP',
  dealerName: 'Harbor Motors, LLC',
  location: LOT_CENTER,
  radiusMm: 200_000,
  listMode: 'descriptions',
};

function unit(id: string, vin: string, description: string, location: GeoPoint, extra: Partial<UnitRecord> = {}): UnitRecord {
  return { lotId: lot.lotId, unitId: id, vin, vinCheck: 'valid', description, location, status: 'financed', ...extra };
}

export const units: UnitRecord[] = [
  unit(UNIT.fusion, VIN.fusion, 'blue Ford Fusion, 2 door', spot(0)),
  unit(UNIT.tundra, VIN.tundra, 'black Toyota Tundra, extended cab', spot(1)),
  unit(UNIT.bus, VIN.bus, 'white shuttle bus', spot(2)),
  unit(UNIT.sold, VIN.sold, 'silver Saturn', spot(3), { status: 'exception', exception: { reason: 'sold' } }),
];

function agreed(vin: string, certaintyPermille: number, clarityPermille: number): Consensus {
  return { status: 'agreed', vin, vinCheck: 'valid', certaintyPermille, clarityPermille, received: 3, assigned: 3, quorum: 3 };
}

function capture(index: number, extra: Partial<CaptureRecord>): CaptureRecord {
  return {
    index,
    attempt: 1,
    manualEntry: false,
    vehicleGps: spot(index),
    deviceGps: near(spot(index), 5),
    capturedAtMs: 10_000 * (index + 1),
    state: 'confirmed',
    photoReuse: [],
    previousAttempts: [],
    ...extra,
  };
}

/** The Tundra was moved about 19 m east of its recorded spot. */
const MOVED_TUNDRA = near(spot(1), 0, 200);

export const captures: CaptureRecord[] = [
  capture(0, { unitId: UNIT.fusion, photoHash: 'f'.repeat(64), consensus: agreed(VIN.fusion, 1000, 800) }),
  capture(1, {
    unitId: UNIT.tundra,
    attempt: 2,
    photoHash: 'e'.repeat(64),
    vehicleGps: MOVED_TUNDRA,
    deviceGps: near(MOVED_TUNDRA, 5),
    consensus: agreed(VIN.tundra, 666, 533),
    previousAttempts: [{ attempt: 1, manualEntry: false }],
  }),
  capture(2, { unitId: UNIT.bus, manualEntry: true, vinRead: VIN.bus, state: 'manual' }),
  capture(3, { photoHash: 'd'.repeat(64), vehicleGps: near(spot(2), 60), deviceGps: near(spot(2), 65), consensus: agreed(VIN.unrecorded, 1000, 1000), state: 'mismatch' }),
];

const POLICY = { vehicleLocationToleranceMm: 15_240, pathProximityMm: 1_524, captureDistanceLimitMm: 3_048, manualEntryLimit: 5, normalMaxDiscrepancies: 3, normalMaxManualEntries: 5 };

export const auditDetail: AuditDetail = {
  audit: {
    auditId: AUDIT_ID,
    lotId: lot.lotId,
    lenderMsp: 'AuditMSP',
    status: 'finalized',
    policy: POLICY,
    openedAtMs: 1_700_000_000_000,
    deadlineMs: 1_700_003_600_000,
    auditor: '0x00000000000000000000000000000000000A0d17',
    submittedAtMs: 1_700_000_600_000,
    captureCount: 4,
    finalizedAtMs: 1_700_000_900_000,
    outcome: 'FAIL',
  },
  checkIns: [{ device: '0x00000000000000000000000000000000000A0d17', gps: LOT_CENTER, distanceToLotMm: 0, onSite: true, atMs: 1_700_000_100_000 }],
  submission: {
    device: '0x00000000000000000000000000000000000A0d17',
    captureDevice: { kind: 'tablet', model: 'Galaxy Tab S9' },
    startedAtMs: 0,
    finishedAtMs: 50_000,
    path: [
      { atMs: 10_000, position: spot(0) },
      { atMs: 20_000, position: MOVED_TUNDRA },
      { atMs: 30_000, position: spot(2) },
    ],
    motion: [],
    expectedUnitIds: [UNIT.fusion, UNIT.tundra, UNIT.bus, UNIT.sold],
    submittedAtMs: 1_700_000_600_000,
  },
  captures,
  verdict: {
    auditId: AUDIT_ID,
    lotId: lot.lotId,
    auditor: '0x00000000000000000000000000000000000A0d17',
    captureDevice: { kind: 'tablet', model: 'Galaxy Tab S9' },
    outcome: 'FAIL',
    factors: {
      vinAndLocation: { passed: false, discrepancies: 2 },
      path: { passed: false, discrepancies: 1, coveragePermille: 666 },
      motion: { passed: false, changePoints: 0, required: 3 },
      manualEntries: { passed: true, count: 1, limit: 5 },
    },
    normalDataSet: { normal: true, discrepancies: 3, maxDiscrepancies: 3, manualEntries: 1, maxManualEntries: 5 },
    confirmations: [
      { vin: VIN.tundra, unitId: UNIT.tundra, result: 'FAIL', captureIndex: 1, manualEntry: false, certaintyPermille: 666, clarityPermille: 533, reasons: ['path-not-near-vehicle', 'vehicle-location'] },
      { vin: VIN.fusion, unitId: UNIT.fusion, result: 'PASS', captureIndex: 0, manualEntry: false, certaintyPermille: 1000, clarityPermille: 800, reasons: [] },
      { vin: VIN.bus, unitId: UNIT.bus, result: 'PASS', captureIndex: 2, manualEntry: true, reasons: [] },
      { vin: VIN.sold, unitId: UNIT.sold, result: 'EXCEPTION', exceptionReason: 'sold', reasons: [] },
      { vin: VIN.unrecorded, result: 'FAIL', captureIndex: 3, reasons: ['unrecorded-vin'] },
    ],
    findings: [
      { type: 'vehicle-location', factor: 1, class: 'discrepancy', vin: VIN.tundra, unitId: UNIT.tundra, captureIndex: 1, detail: 'vehicle is 18711 mm from its recorded location (limit 15240)' },
      { type: 'unrecorded-vin', factor: 1, class: 'discrepancy', vin: VIN.unrecorded, captureIndex: 3, detail: 'the VIN is not financed on this lot' },
      { type: 'path-not-near-vehicle', factor: 2, class: 'discrepancy', vin: VIN.tundra, unitId: UNIT.tundra, captureIndex: 1, detail: 'the audit path never came within 1524 mm of the vehicle' },
      { type: 'motion-absent', factor: 3, class: 'fraud', detail: 'motion changed at 0 path points; at least 3 required' },
    ],
    fraud: [
      { type: 'motion-absent', vins: [] },
      { type: 'path-not-near-vehicle', vins: [VIN.tundra] },
      { type: 'unrecorded-vin', vins: [VIN.unrecorded] },
      { type: 'vehicle-location', vins: [VIN.tundra] },
    ],
    finalizedAtMs: 1_700_000_900_000,
  },
  reaudits: [],
};

/** An earlier, clean audit of the same lot: every vehicle photographed and confirmed. */
export const earlierAuditDetail: AuditDetail = {
  audit: { ...auditDetail.audit, auditId: EARLIER_AUDIT_ID, openedAtMs: 1_690_000_000_000, submittedAtMs: 1_690_000_600_000, finalizedAtMs: 1_690_000_900_000, captureCount: 3, outcome: 'PASS' },
  checkIns: auditDetail.checkIns,
  submission: {
    ...(auditDetail.submission as NonNullable<AuditDetail['submission']>),
    captureDevice: { kind: 'smartphone' },
    path: [0, 1, 2].map((index) => ({ atMs: 10_000 * (index + 1), position: spot(index) })),
    motion: [{ pathIndex: 0 }, { pathIndex: 1 }, { pathIndex: 2 }],
    expectedUnitIds: [UNIT.fusion, UNIT.tundra, UNIT.bus],
  },
  captures: [0, 1, 2].map((index) => capture(index, { unitId: [UNIT.fusion, UNIT.tundra, UNIT.bus][index], photoHash: String(index).repeat(64), consensus: agreed([VIN.fusion, VIN.tundra, VIN.bus][index] ?? '', 1000, 1000) })),
  verdict: {
    auditId: EARLIER_AUDIT_ID,
    lotId: lot.lotId,
    auditor: '0x00000000000000000000000000000000000A0d17',
    captureDevice: { kind: 'smartphone' },
    outcome: 'PASS',
    factors: {
      vinAndLocation: { passed: true, discrepancies: 0 },
      path: { passed: true, discrepancies: 0, coveragePermille: 1000 },
      motion: { passed: true, changePoints: 3, required: 3 },
      manualEntries: { passed: true, count: 0, limit: 5 },
    },
    normalDataSet: { normal: true, discrepancies: 0, maxDiscrepancies: 3, manualEntries: 0, maxManualEntries: 5 },
    confirmations: [
      { vin: VIN.tundra, unitId: UNIT.tundra, result: 'PASS', captureIndex: 1, manualEntry: false, certaintyPermille: 1000, clarityPermille: 1000, reasons: [] },
      { vin: VIN.fusion, unitId: UNIT.fusion, result: 'PASS', captureIndex: 0, manualEntry: false, certaintyPermille: 1000, clarityPermille: 1000, reasons: [] },
      { vin: VIN.bus, unitId: UNIT.bus, result: 'PASS', captureIndex: 2, manualEntry: false, certaintyPermille: 1000, clarityPermille: 1000, reasons: [] },
    ],
    findings: [],
    fraud: [],
    finalizedAtMs: 1_690_000_900_000,
  },
  reaudits: [],
};
