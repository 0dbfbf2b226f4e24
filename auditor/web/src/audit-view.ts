import { links } from './api';
import type { AuditSummary, AuditView, FactorResults, VinRow } from './api-types';
import { facts, h, replace, svgFrom } from './dom';
import { metres, percent, utc } from './format';
import type { Navigator } from './navigation';

function table(headers: readonly string[], rows: readonly HTMLTableRowElement[], className = ''): HTMLTableElement {
  return h('table', { className }, h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', {}, header)))), h('tbody', {}, ...rows));
}

const verdict = (passed: boolean) => h('span', { className: passed ? 'ok' : 'bad' }, passed ? 'passed' : 'failed');

function factorTable(factors: FactorResults): HTMLTableElement {
  return table(['Fraud factor', 'Checks', 'Result', 'Figures'], [
    h('tr', {}, h('td', {}, '1'), h('td', {}, 'consensus VINs and vehicle GPS against the records'), h('td', {}, verdict(factors.vinAndLocation.passed)), h('td', {}, `${factors.vinAndLocation.discrepancies} discrepancies`)),
    h('tr', { 'data-factor': '2' }, h('td', {}, '2'), h('td', {}, 'audit path near each vehicle (rings on the map)'), h('td', {}, verdict(factors.path.passed)), h('td', {}, `coverage ${percent(factors.path.coveragePermille)}, ${factors.path.discrepancies} discrepancies`)),
    h('tr', {}, h('td', {}, '3'), h('td', {}, 'device motion along the path'), h('td', {}, verdict(factors.motion.passed)), h('td', {}, `${factors.motion.changePoints} of ${factors.motion.required} change points`)),
    h('tr', {}, h('td', {}, '4'), h('td', {}, 'VINs typed by hand'), h('td', {}, verdict(factors.manualEntries.passed)), h('td', {}, `${factors.manualEntries.count} of at most ${factors.manualEntries.limit}`)),
  ]);
}

function vinRows(rows: readonly VinRow[], nav: Navigator): HTMLTableElement {
  return table(
    ['VIN', 'Vehicle', 'Confirmation', 'Capture', 'Certainty', 'Clarity', 'Offset', 'Findings'],
    rows.map((row) => {
      const vinButton = h('button', { type: 'button', className: 'link vin' }, row.vin);
      vinButton.addEventListener('click', () => nav.openEntity('vin', row.vin));
      const capture = row.capture;
      return h(
        'tr',
        { 'data-vin': row.vin },
        h('td', {}, vinButton),
        h('td', {}, row.description ?? '–'),
        h('td', { className: `result-${row.result}` }, row.result + (row.exceptionReason ? ` (${row.exceptionReason})` : '')),
        h('td', {}, capture ? (capture.manualEntry ? 'typed' : `photo${capture.consensusStatus ? `, crowd ${capture.consensusStatus} (${capture.readings ?? 0})` : ''}`) : '–'),
        h('td', { className: 'num' }, capture?.certaintyPermille === undefined ? '–' : percent(capture.certaintyPermille)),
        h('td', { className: 'num' }, capture?.clarityPermille === undefined ? '–' : percent(capture.clarityPermille)),
        h('td', { className: 'num' }, row.offsetFromRecordedMm === undefined ? '–' : metres(row.offsetFromRecordedMm)),
        h('td', {}, ...row.findingTypes.map((type) => h('span', { className: row.fraudTypes.includes(type) ? 'chip fraud' : 'chip' }, type))),
      );
    }),
    'vin-rows',
  );
}

function summaryFacts(summary: AuditSummary, lotName: string): HTMLDListElement {
  const spread = (value: { min: number; mean: number; count: number } | undefined) => (value ? `lowest ${percent(value.min)}, mean ${percent(value.mean)} over ${value.count} photo(s)` : undefined);
  const c = summary.confirmations;
  return facts([
    ['Lot', `${summary.lotId} — ${lotName}`],
    ['Status', summary.status],
    ['Opened', utc(summary.openedAtMs)],
    ['Verdict', summary.finalizedAtMs === undefined ? undefined : utc(summary.finalizedAtMs)],
    ['Auditor device', summary.auditor ? h('code', {}, summary.auditor) : undefined],
    ['Capture device', summary.captureDevice ? `${summary.captureDevice.kind}${summary.captureDevice.model ? ` (${summary.captureDevice.model})` : ''}` : undefined],
    ['VIN confirmations', c.total > 0 ? `${c.pass} PASS · ${c.fail} FAIL · ${c.exception} EXCEPTION` : 'no verdict yet'],
    ['VINs typed by hand', summary.manualEntries ? `${summary.manualEntries.count} (limit ${summary.manualEntries.limit})` : undefined],
    ['Certainty (crowd)', spread(summary.certainty)],
    ['Clarity (photos)', spread(summary.clarity)],
  ]);
}

/** One audit: verdict, figures, findings per VIN, the audit path drawing (server SVG) and FIG. 15. */
export function renderAudit(panel: HTMLElement, view: AuditView, nav: Navigator): void {
  const { summary } = view;
  const trailButton = h('button', { type: 'button', className: 'related' }, 'Trail of this audit');
  trailButton.addEventListener('click', () => nav.openEntity('audit', summary.auditId));
  const lotButton = h('button', { type: 'button', className: 'related' }, `Lot ${summary.lotId}`);
  lotButton.addEventListener('click', () => nav.openLot(summary.lotId));
  const fraud = summary.fraud.filter((entry) => entry.class === 'fraud');
  replace(
    panel,
    h('h2', { id: 'audit-title' }, 'VIN audit ', h('code', {}, summary.auditId), ' ', h('span', { className: `badge result-${summary.outcome ?? 'none'}`, id: 'audit-outcome' }, summary.outcome ?? summary.status)),
    h('div', { className: 'related-list' }, trailButton, lotButton, ...(['html', 'pdf', 'csv'] as const).map((format) => h('a', { className: `download report-${format}`, href: links.lotReport(summary.lotId, format, summary.auditId), download: '' }, `Report (${format.toUpperCase()})`))),
    summary.fraudDetected ? h('div', { className: 'notice', role: 'alert' }, `Fraud detected: ${fraud.map((entry) => entry.type).join(', ') || 'see findings'}`) : undefined,
    summaryFacts(summary, view.lot.name),
    summary.factors ? factorTable(summary.factors) : undefined,
    summary.fraud.length > 0
      ? h('ul', { className: 'findings' }, ...summary.fraud.map((entry) => h('li', { className: `finding class-${entry.class}` }, h('strong', {}, entry.type), ` (${entry.class})`, entry.vins.length > 0 ? `: ${entry.vins.join(', ')}` : ': the audit as a whole')))
      : undefined,
    summary.rows.length > 0 ? vinRows(summary.rows, nav) : undefined,
    h('h3', {}, 'Audit path over the lot'),
    view.pathSvg ? h('figure', { className: 'drawing', id: 'audit-path' }, svgFrom(view.pathSvg), h('figcaption', {}, 'Blue squares: recorded vehicle positions; orange dots: where each was captured; rings: how close the path had to come (fraud factor 2) — green reached, red missed, grey not captured.')) : h('p', { className: 'muted' }, 'No audit path submitted yet.'),
    h('h3', {}, 'Anomaly against past audits (FIG. 15)'),
    view.anomaly.status === 'scored'
      ? h('figure', { className: 'drawing', id: 'audit-anomaly' }, svgFrom(view.anomaly.chartSvg), h('figcaption', {}, view.anomaly.note))
      : h('p', { className: 'muted', id: 'audit-anomaly' }, view.anomaly.reason),
  );
}
