import type { AnomalyScoreRecord, CaptureDevice, FactorResults, Finding, FindingClass, GeoPoint, LotRecord, PathPoint } from './ledger-records';

/**
 * The summary reports of claims 6-7 as plain data. Every quantity keeps its ledger unit
 * (microdegrees, millimetres, per mille, ms since the epoch); renderers format it.
 */

/** Claim 7 items 2-3: what the crowd made of one photo. */
export interface CaptureFacts {
  readonly index: number;
  /** Claim 7 item 5: typed by hand, no photo. */
  readonly manualEntry: boolean;
  /** Photo attempts and typed retakes, the current one included. */
  readonly attempts: number;
  readonly consensusStatus?: string;
  readonly certaintyPermille?: number;
  readonly clarityPermille?: number;
  readonly readings?: number;
  readonly vehicleGps: GeoPoint;
  readonly deviceGps: GeoPoint;
  readonly capturedAtMs: number;
  readonly photoReused: boolean;
}

/** One VIN of one audit: a row of the CSV, a line of the VIN table. */
export interface VinRow {
  readonly lotId: string;
  readonly auditId: string;
  readonly vin: string;
  readonly unitId?: string;
  readonly description?: string;
  /** Claim 1, fourth messages: the VIN confirmation. */
  readonly result: 'PASS' | 'FAIL' | 'EXCEPTION';
  readonly exceptionReason?: string;
  readonly capture?: CaptureFacts;
  readonly recordedLocation?: GeoPoint;
  /** Between the vehicle's GPS at capture and its recorded GPS (fraud factor 1). */
  readonly offsetFromRecordedMm?: number;
  /** Claim 7 item 7: every finding type for this VIN (discrepancies and fraud). */
  readonly findingTypes: readonly string[];
  /** The subset of findingTypes that are fraud on their own. */
  readonly fraudTypes: readonly string[];
  /** Info findings (check digits, late exceptions): reported, never counted. */
  readonly notes: readonly string[];
}

export type RingState = 'reached' | 'not-reached' | 'not-captured';

/** A vehicle on the audit path drawing: recorded and captured positions, and its fraud-factor-2 ring. */
export interface PathVehicle {
  readonly label: string;
  readonly vin: string;
  readonly recorded?: GeoPoint;
  readonly captured?: GeoPoint;
  readonly device?: GeoPoint;
  /** Only vehicles with a recorded location have a ring. */
  readonly ring?: RingState;
}

/** Claim 7 item 6: the audit path with the GPS points it was built from. */
export interface AuditPathView {
  readonly lotCenter: GeoPoint;
  readonly lotRadiusMm: number;
  /** Fraud factor 2 (claim 14): the path must come this close to each vehicle. */
  readonly pathProximityMm: number;
  readonly points: readonly PathPoint[];
  readonly lengthMm: number;
  readonly startedAtMs?: number;
  readonly finishedAtMs?: number;
  readonly motionSamples: number;
  readonly vehicles: readonly PathVehicle[];
  readonly checkIns: readonly GeoPoint[];
}

export interface FraudEntry {
  readonly type: string;
  readonly class: FindingClass;
  readonly vins: readonly string[];
}

export interface ResultCounts {
  readonly pass: number;
  readonly fail: number;
  readonly exception: number;
  readonly total: number;
}

/** Lowest and mean of a per-mille figure over the photos that have it. */
export interface PermilleSpread {
  readonly min: number;
  readonly mean: number;
  readonly count: number;
}

export interface AuditSummary {
  readonly auditId: string;
  readonly lotId: string;
  readonly status: string;
  readonly outcome?: string;
  readonly reauditOf?: string;
  readonly reaudits: readonly string[];
  readonly openedAtMs: number;
  readonly deadlineMs: number;
  readonly submittedAtMs?: number;
  readonly finalizedAtMs?: number;
  readonly auditor?: string;
  /** Claim 7 item 4. */
  readonly captureDevice?: CaptureDevice;
  /** Claim 7 item 1: VIN confirmations. */
  readonly confirmations: ResultCounts;
  /** Claim 7 item 5. */
  readonly manualEntries?: { readonly count: number; readonly limit: number };
  readonly certainty?: PermilleSpread;
  readonly clarity?: PermilleSpread;
  readonly factors?: FactorResults;
  readonly normalDataSet?: { readonly normal: boolean; readonly discrepancies: number; readonly maxDiscrepancies: number };
  /** Claim 7 item 7. */
  readonly fraud: readonly FraudEntry[];
  /** Findings about the audit as a whole (no VIN): absent motion, too many typed VINs, abnormal data set. */
  readonly auditFindings: readonly Finding[];
  /** Claim 6: the notification that fraud was detected. */
  readonly fraudDetected: boolean;
  readonly path?: AuditPathView;
  readonly rows: readonly VinRow[];
  /** Advisory scores of off-chain detectors (claims 11-13); they never change the verdict. */
  readonly anomalyScores: readonly AnomalyScoreRecord[];
}

export interface LotReport {
  readonly lot: LotRecord;
  readonly unitsFinanced: number;
  readonly audits: readonly AuditSummary[];
  readonly fraudDetected: boolean;
  readonly generatedAtMs: number;
}

/** Claim 6: "a notification if any fraud has been detected for any of the parked vehicles on any of the lots". */
export interface FraudNotification {
  readonly lotId: string;
  readonly auditId: string;
  readonly outcome?: string;
  readonly types: readonly string[];
  readonly vins: readonly string[];
}

export interface LotsReport {
  readonly generatedAtMs: number;
  readonly lots: readonly LotReport[];
  readonly notifications: readonly FraudNotification[];
  readonly totals: { readonly lots: number; readonly audits: number; readonly confirmations: ResultCounts; readonly manualEntries: number };
}
