import { csvRecord, textCell } from './csv';
import { degrees, metres, percent, timestamp } from './format';
import type { AuditSummary, LotReport, LotsReport, VinRow } from './report-model';

/** One row per VIN per audit; numbers are plain decimals (degrees, metres, percent) a spreadsheet reads as numbers. */
export const CSV_COLUMNS = [
  'lot_id',
  'lot_name',
  'dealer_name',
  'audit_id',
  'audit_status',
  'audit_outcome',
  'audit_finalized_utc',
  'auditor_device',
  'capture_device_kind',
  'capture_device_model',
  'vin',
  'unit_id',
  'vehicle_description',
  'confirmation',
  'exception_reason',
  'capture_index',
  'capture_method',
  'attempts',
  'crowd_consensus',
  'crowd_readings',
  'certainty_pct',
  'clarity_pct',
  'photo_reused',
  'recorded_lat',
  'recorded_lon',
  'captured_lat',
  'captured_lon',
  'offset_from_recorded_m',
  'findings',
  'fraud_findings',
  'notes',
  'audit_typed_vins',
  'audit_typed_vin_limit',
  'audit_fraud_types',
  'audit_fraud_detected',
] as const;

const optional = <T>(value: T | undefined, format: (value: T) => string): string => (value === undefined ? '' : format(value));

function rowFields(report: LotReport, audit: AuditSummary, row: VinRow): string[] {
  const capture = row.capture;
  const method = capture ? (capture.manualEntry ? 'typed' : 'photo') : 'none';
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    lot_id: report.lot.lotId,
    lot_name: textCell(report.lot.name),
    dealer_name: textCell(report.lot.dealerName),
    audit_id: audit.auditId,
    audit_status: audit.status,
    audit_outcome: audit.outcome ?? '',
    audit_finalized_utc: optional(audit.finalizedAtMs, timestamp),
    auditor_device: audit.auditor ?? '',
    capture_device_kind: audit.captureDevice?.kind ?? '',
    capture_device_model: textCell(audit.captureDevice?.model),
    vin: row.vin,
    unit_id: row.unitId ?? '',
    vehicle_description: textCell(row.description),
    confirmation: row.result,
    exception_reason: row.exceptionReason ?? '',
    capture_index: optional(capture?.index, String),
    capture_method: method,
    attempts: optional(capture?.attempts, String),
    crowd_consensus: capture?.consensusStatus ?? '',
    crowd_readings: optional(capture?.readings, String),
    certainty_pct: optional(capture?.certaintyPermille, percent),
    clarity_pct: optional(capture?.clarityPermille, percent),
    photo_reused: capture ? (capture.photoReused ? 'yes' : 'no') : '',
    recorded_lat: optional(row.recordedLocation?.latE6, degrees),
    recorded_lon: optional(row.recordedLocation?.lonE6, degrees),
    captured_lat: optional(capture?.vehicleGps.latE6, degrees),
    captured_lon: optional(capture?.vehicleGps.lonE6, degrees),
    offset_from_recorded_m: optional(row.offsetFromRecordedMm, metres),
    findings: row.findingTypes.join(';'),
    fraud_findings: row.fraudTypes.join(';'),
    notes: row.notes.join(';'),
    audit_typed_vins: optional(audit.manualEntries?.count, String),
    audit_typed_vin_limit: optional(audit.manualEntries?.limit, String),
    audit_fraud_types: audit.fraud.filter((entry) => entry.class === 'fraud').map((entry) => entry.type).join(';'),
    audit_fraud_detected: audit.fraudDetected ? 'yes' : 'no',
  };
  return CSV_COLUMNS.map((column) => values[column]);
}

function lotRows(report: LotReport): string[] {
  return report.audits.flatMap((audit) => audit.rows.map((row) => csvRecord(rowFields(report, audit, row))));
}

/** The VIN rows of one lot, every audit, as RFC 4180 CSV with a header record. */
export function renderLotReportCsv(report: LotReport): string {
  return [csvRecord(CSV_COLUMNS), ...lotRows(report)].join('');
}

/** The VIN rows of every lot, as one CSV. */
export function renderLotsReportCsv(report: LotsReport): string {
  return [csvRecord(CSV_COLUMNS), ...report.lots.flatMap(lotRows)].join('');
}
