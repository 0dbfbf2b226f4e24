import { lotNotifications } from './build-lot-report';
import { deviceLabel, metres, percent, position, seconds, timestamp } from './format';
import { layoutAuditPath } from './path-layout';
import { PdfWriter, type PdfColumn } from './pdf-writer';
import type { AuditSummary, FraudNotification, LotReport, LotsReport, ResultCounts } from './report-model';

export interface PdfReportOptions {
  /** Deflate page streams (default true). */
  readonly compress?: boolean;
}

const VIN_COLUMNS: PdfColumn[] = [
  { header: 'VIN', weight: 18 },
  { header: 'Vehicle', weight: 14 },
  { header: 'Result', weight: 8 },
  { header: 'Capture', weight: 7 },
  { header: 'Tries', weight: 5, align: 'right' },
  { header: 'Certainty', weight: 8, align: 'right' },
  { header: 'Clarity', weight: 7, align: 'right' },
  { header: 'Offset m', weight: 7, align: 'right' },
  { header: 'Findings', weight: 17 },
];

const countsText = (counts: ResultCounts) => `${counts.pass} PASS, ${counts.fail} FAIL, ${counts.exception} EXCEPTION (of ${counts.total})`;
const fraudTypes = (audit: AuditSummary) => audit.fraud.filter((entry) => entry.class === 'fraud').map((entry) => entry.type);

function notificationLines(writer: PdfWriter, list: readonly FraudNotification[]): void {
  if (list.length === 0) {
    writer.paragraph('No fraud detected.', '#1b5e20');
    return;
  }
  const lines = list.map((item) => `Lot ${item.lotId}, audit ${item.auditId.slice(0, 12)}: ${item.types.join(', ') || 'fraud'}${item.vins.length ? ` (VINs ${item.vins.join(', ')})` : ''}`);
  writer.alert(`FRAUD DETECTED\n${lines.join('\n')}`);
}

function auditPages(writer: PdfWriter, audit: AuditSummary): void {
  writer.heading(`Audit ${audit.auditId.slice(0, 16)} - ${audit.outcome ?? audit.status}`, 12);
  if (audit.fraudDetected) writer.alert(`Fraud detected in this audit: ${fraudTypes(audit).join(', ') || 'see findings'}`);
  const spread = (label: 'certainty' | 'clarity') => {
    const value = audit[label];
    return value ? `lowest ${percent(value.min)} %, mean ${percent(value.mean)} % over ${value.count} photo(s)` : undefined;
  };
  writer.keyValues([
    ['Audit ID', audit.auditId],
    ['Status', audit.status],
    ['Opened (UTC)', timestamp(audit.openedAtMs)],
    ['Verdict (UTC)', audit.finalizedAtMs === undefined ? undefined : timestamp(audit.finalizedAtMs)],
    ['Auditor device', audit.auditor],
    ['Capture device', audit.captureDevice ? deviceLabel(audit.captureDevice) : undefined],
    ['VIN confirmations', audit.rows.length > 0 ? countsText(audit.confirmations) : 'no verdict yet'],
    ['VINs typed by hand', audit.manualEntries ? `${audit.manualEntries.count} (limit ${audit.manualEntries.limit}), no photo collected` : undefined],
    ['Certainty (crowd)', spread('certainty')],
    ['Clarity (photos)', spread('clarity')],
    ['Normal data set', audit.normalDataSet ? `${audit.normalDataSet.normal ? 'yes' : 'no'}: ${audit.normalDataSet.discrepancies} of at most ${audit.normalDataSet.maxDiscrepancies} discrepancies` : undefined],
  ]);
  if (audit.factors) {
    const f = audit.factors;
    const result = (passed: boolean) => (passed ? 'passed' : 'FAILED');
    writer.table(
      [{ header: 'Factor', weight: 6 }, { header: 'Checks', weight: 30 }, { header: 'Result', weight: 8 }, { header: 'Figures', weight: 26 }],
      [
        ['1', 'consensus VINs and vehicle GPS against the records', result(f.vinAndLocation.passed), `${f.vinAndLocation.discrepancies} discrepancies`],
        ['2', 'audit path near each vehicle (claim 14)', result(f.path.passed), `coverage ${percent(f.path.coveragePermille)} %, ${f.path.discrepancies} discrepancies`],
        ['3', 'device motion along the path (claim 15)', result(f.motion.passed), `${f.motion.changePoints} change points of ${f.motion.required} required`],
        ['4', 'VINs typed by hand (claim 16)', result(f.manualEntries.passed), `${f.manualEntries.count} of at most ${f.manualEntries.limit}`],
      ],
    );
  }
  if (audit.fraud.length > 0) {
    writer.table(
      [{ header: 'Finding', weight: 14 }, { header: 'Class', weight: 8 }, { header: 'VINs', weight: 30 }],
      audit.fraud.map((entry) => [entry.type, entry.class, entry.vins.join(', ') || 'the audit as a whole']),
    );
  }
  if (audit.rows.length > 0) {
    writer.table(
      VIN_COLUMNS,
      audit.rows.map((row) => {
        const capture = row.capture;
        return [
          row.vin,
          row.description ?? '-',
          row.result + (row.exceptionReason ? ` (${row.exceptionReason})` : ''),
          capture ? (capture.manualEntry ? 'typed' : 'photo') : '-',
          capture ? String(capture.attempts) : '-',
          capture?.certaintyPermille === undefined ? '-' : `${percent(capture.certaintyPermille)} %`,
          capture?.clarityPermille === undefined ? '-' : `${percent(capture.clarityPermille)} %`,
          row.offsetFromRecordedMm === undefined ? '-' : metres(row.offsetFromRecordedMm),
          [...row.findingTypes.map((type) => (row.fraudTypes.includes(type) ? `${type} (fraud)` : type)), ...row.notes].join(', ') || '-',
        ];
      }),
    );
  }
  const path = audit.path;
  if (path) {
    const duration = path.startedAtMs !== undefined && path.finishedAtMs !== undefined ? `${seconds(path.finishedAtMs - path.startedAtMs)} s` : 'unknown time';
    const first = path.points[0];
    const last = path.points[path.points.length - 1];
    writer.pathDrawing(
      layoutAuditPath(path, { width: writer.width, height: 260, margin: 18 }),
      `Audit path: ${path.points.length} GPS points, ${metres(path.lengthMm)} m in ${duration}${first && last ? `, from ${position(first.position)} to ${position(last.position)}` : ''}. Rings: ${metres(path.pathProximityMm)} m (fraud factor 2) around recorded positions; green reached, red missed, grey not captured.`,
    );
  }
  for (const score of audit.anomalyScores) {
    writer.paragraph(`Anomaly score (${score.detector}, advisory): ${percent(score.scorePermille)} %, ${score.flagged ? 'OUTLIER' : 'typical'}${score.note ? ` - ${score.note}` : ''}`);
  }
}

function lotPages(writer: PdfWriter, report: LotReport): void {
  const { lot } = report;
  writer.keyValues([
    ['Lot', `${lot.lotId} - ${lot.name}`],
    ['Dealer', lot.dealerName + (lot.dealerMsp ? ` (${lot.dealerMsp})` : '')],
    ['Lender', lot.lenderMsp],
    ['Location', `${position(lot.location)} (radius ${metres(lot.radiusMm)} m)`],
    ['Vehicles financed', String(report.unitsFinanced)],
    ['Audits', String(report.audits.length)],
  ]);
  report.audits.forEach((audit) => auditPages(writer, audit));
}

/** The lot summary report as PDF (claims 6-7). Deterministic: the same report gives the same bytes. */
export async function renderLotReportPdf(report: LotReport, options: PdfReportOptions = {}): Promise<Buffer> {
  const title = `VIN audit summary report - lot ${report.lot.lotId}`;
  const writer = new PdfWriter({ title, subject: `Lot ${report.lot.lotId}: VIN confirmations, certainty, clarity, audit paths, fraud`, generatedAtMs: report.generatedAtMs, ...options });
  writer.heading(title, 16);
  writer.paragraph(`Generated ${timestamp(report.generatedAtMs)} UTC from the Mobility Ledger.`, '#555555');
  notificationLines(writer, lotNotifications(report));
  lotPages(writer, report);
  return writer.finish();
}

/** The report across lots as PDF (claim 6): notifications, totals, then each lot. */
export async function renderLotsReportPdf(report: LotsReport, options: PdfReportOptions = {}): Promise<Buffer> {
  const title = 'VIN audit summary report - all lots';
  const writer = new PdfWriter({ title, subject: `${report.totals.lots} lots, ${report.totals.audits} audits`, generatedAtMs: report.generatedAtMs, ...options });
  writer.heading(title, 16);
  writer.paragraph(`Generated ${timestamp(report.generatedAtMs)} UTC from the Mobility Ledger.`, '#555555');
  notificationLines(writer, report.notifications);
  writer.keyValues([
    ['Lots', String(report.totals.lots)],
    ['Audits', String(report.totals.audits)],
    ['VIN confirmations', countsText(report.totals.confirmations)],
    ['VINs typed by hand', String(report.totals.manualEntries)],
  ]);
  writer.table(
    [{ header: 'Lot', weight: 12 }, { header: 'Name', weight: 18 }, { header: 'Audits', weight: 6, align: 'right' }, { header: 'Latest', weight: 8 }, { header: 'Fraud', weight: 6 }],
    report.lots.map((lot) => {
      const latest = lot.audits[lot.audits.length - 1];
      return [lot.lot.lotId, lot.lot.name, String(lot.audits.length), latest?.outcome ?? latest?.status ?? '-', lot.fraudDetected ? 'yes' : 'no'];
    }),
  );
  for (const lot of report.lots) {
    writer.newPage();
    writer.heading(`Lot ${lot.lot.lotId}`, 14);
    lotPages(writer, lot);
  }
  return writer.finish();
}
