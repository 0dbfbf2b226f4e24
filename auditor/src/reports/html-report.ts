import { renderAuditPathSvg } from './audit-path-svg';
import { lotNotifications } from './build-lot-report';
import { degrees, deviceLabel, metres, percent, position, seconds, shortId, timestamp } from './format';
import { REPORT_CSS } from './html-style';
import { escapeXml as e } from './markup';
import type { AuditPathView, AuditSummary, FraudNotification, LotReport, LotsReport, ResultCounts, VinRow } from './report-model';

/** How many GPS points of a path the printed table lists (the drawing shows them all). */
const PATH_TABLE_LIMIT = 200;

const dash = '<span class="muted">–</span>';
const cell = (value: string | undefined, className?: string) => `<td${className ? ` class="${className}"` : ''}>${value ?? dash}</td>`;
const optionalPercent = (permille: number | undefined) => (permille === undefined ? undefined : `${percent(permille)} %`);

function table(headers: readonly string[], rows: readonly string[]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${e(header)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function facts(entries: readonly [string, string | undefined][]): string {
  return `<dl class="facts">${entries.filter(([, value]) => value !== undefined).map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

const countsText = (counts: ResultCounts) => `${counts.pass} PASS · ${counts.fail} FAIL · ${counts.exception} EXCEPTION (of ${counts.total})`;

function notifications(list: readonly FraudNotification[]): string {
  if (list.length === 0) return '<p class="ok">No fraud detected.</p>';
  const items = list.map((item) => {
    const vins = item.vins.length > 0 ? ` — VINs ${item.vins.map((vin) => `<span class="vin">${e(vin)}</span>`).join(', ')}` : '';
    return `<li>Lot <strong>${e(item.lotId)}</strong>, audit <code>${e(shortId(item.auditId))}</code>: ${e(item.types.join(', ') || 'fraud')}${vins}</li>`;
  });
  return `<div class="notice" role="alert">Fraud detected<ul>${items.join('')}</ul></div>`;
}

function vinTable(rows: readonly VinRow[]): string {
  const body = rows.map((row) => {
    const capture = row.capture;
    const kind = capture ? (capture.manualEntry ? 'typed' : capture.photoReused ? 'photo (re-used)' : 'photo') : undefined;
    const crowd = capture?.consensusStatus ? `${e(capture.consensusStatus)} (${capture.readings ?? 0} readings)` : undefined;
    const findings = row.findingTypes.map((type) => (row.fraudTypes.includes(type) ? `<span class="class-fraud">${e(type)}</span>` : e(type)));
    const notes = row.notes.map((type) => `<span class="muted">${e(type)}</span>`);
    return `<tr data-vin="${e(row.vin)}">${[
      cell(`<span class="vin">${e(row.vin)}</span>`),
      cell(row.description === undefined ? undefined : e(row.description)),
      cell(e(row.result + (row.exceptionReason ? ` (${row.exceptionReason})` : '')), `result-${row.result}`),
      cell(kind),
      cell(capture ? String(capture.attempts) : undefined, 'num'),
      cell(optionalPercent(capture?.certaintyPermille), 'num'),
      cell(optionalPercent(capture?.clarityPermille), 'num'),
      cell(crowd),
      cell(row.offsetFromRecordedMm === undefined ? undefined : metres(row.offsetFromRecordedMm), 'num'),
      cell([...findings, ...notes].join(', ') || undefined),
    ].join('')}</tr>`;
  });
  return table(['VIN', 'Vehicle', 'Confirmation', 'Capture', 'Attempts', 'Certainty', 'Clarity', 'Crowd consensus', 'Offset (m)', 'Findings'], body);
}

function factorTable(audit: AuditSummary): string {
  const factors = audit.factors;
  if (!factors) return '';
  const verdict = (passed: boolean) => `<span class="result-${passed ? 'PASS' : 'FAIL'}">${passed ? 'passed' : 'failed'}</span>`;
  return table(['Fraud factor', 'Checks', 'Result', 'Figures'], [
    `<tr><td>1</td><td>consensus VINs and vehicle GPS against the records</td><td>${verdict(factors.vinAndLocation.passed)}</td><td>${factors.vinAndLocation.discrepancies} discrepancies</td></tr>`,
    `<tr><td>2</td><td>audit path near each vehicle (claim 14)</td><td>${verdict(factors.path.passed)}</td><td>coverage ${percent(factors.path.coveragePermille)} %, ${factors.path.discrepancies} discrepancies</td></tr>`,
    `<tr><td>3</td><td>device motion along the path (claim 15)</td><td>${verdict(factors.motion.passed)}</td><td>${factors.motion.changePoints} change points of ${factors.motion.required} required</td></tr>`,
    `<tr><td>4</td><td>VINs typed by hand (claim 16)</td><td>${verdict(factors.manualEntries.passed)}</td><td>${factors.manualEntries.count} of at most ${factors.manualEntries.limit}</td></tr>`,
  ]);
}

function findingsSection(audit: AuditSummary): string {
  if (audit.fraud.length === 0) return audit.factors ? '<p class="ok">No findings.</p>' : '';
  const rows = audit.fraud.map(
    (entry) =>
      `<tr><td class="class-${entry.class}">${e(entry.type)}</td><td>${e(entry.class)}</td><td>${entry.vins.map((vin) => `<span class="vin">${e(vin)}</span>`).join(', ') || '<span class="muted">the audit as a whole</span>'}</td></tr>`,
  );
  const details = audit.auditFindings.map((item) => `<li><strong>${e(item.type)}</strong>: ${e(item.detail)}</li>`).join('');
  return table(['Finding', 'Class', 'VINs'], rows) + (details ? `<ul>${details}</ul>` : '');
}

function pathSection(audit: AuditSummary, path: AuditPathView): string {
  const duration = path.startedAtMs !== undefined && path.finishedAtMs !== undefined ? `${seconds(path.finishedAtMs - path.startedAtMs)} s` : 'unknown';
  const caption = `${path.points.length} GPS points, ${metres(path.lengthMm)} m walked in ${duration}, ${path.motionSamples} motion samples; rings: ${metres(path.pathProximityMm)} m (fraud factor 2) around each recorded vehicle position.`;
  const shown = path.points.slice(0, PATH_TABLE_LIMIT).map(
    (point, index) => `<tr><td class="num">${index}</td><td class="num">${seconds(point.atMs)}</td><td class="num">${degrees(point.position.latE6)}</td><td class="num">${degrees(point.position.lonE6)}</td></tr>`,
  );
  const more = path.points.length > PATH_TABLE_LIMIT ? `<p class="muted">… and ${path.points.length - PATH_TABLE_LIMIT} more points.</p>` : '';
  return [
    `<figure>${renderAuditPathSvg(path, { idSuffix: audit.auditId.slice(0, 16) })}<figcaption>${e(caption)}</figcaption></figure>`,
    table(['#', 'Device time (s)', 'Latitude', 'Longitude'], shown),
    more,
  ].join('');
}

function anomalySection(audit: AuditSummary): string {
  if (audit.anomalyScores.length === 0) return '';
  const rows = audit.anomalyScores.map(
    (score) =>
      `<tr><td>${e(score.detector)}</td><td class="num">${percent(score.scorePermille)} %</td><td class="result-${score.flagged ? 'FAIL' : 'PASS'}">${score.flagged ? 'outlier' : 'typical'}</td><td>${e(score.note ?? '')}</td><td>${e(timestamp(score.recordedAtMs))}</td></tr>`,
  );
  return `<h3>Anomaly scores (advisory, claims 11-13)</h3>${table(['Detector', 'Score', 'Flag', 'Note', 'Recorded (UTC)'], rows)}`;
}

function auditSection(audit: AuditSummary): string {
  const title = `Audit <code>${e(shortId(audit.auditId))}</code> — <span class="result-${e(audit.outcome ?? '')}">${e(audit.outcome ?? audit.status)}</span>`;
  const spread = (label: 'certainty' | 'clarity') => {
    const value = audit[label];
    return value ? `lowest ${percent(value.min)} %, mean ${percent(value.mean)} % over ${value.count} photo(s)` : undefined;
  };
  const summary = facts([
    ['Audit ID', `<code>${e(audit.auditId)}</code>`],
    ['Status', e(audit.status)],
    ['Opened (UTC)', e(timestamp(audit.openedAtMs))],
    ['Submitted (UTC)', audit.submittedAtMs === undefined ? undefined : e(timestamp(audit.submittedAtMs))],
    ['Verdict (UTC)', audit.finalizedAtMs === undefined ? undefined : e(timestamp(audit.finalizedAtMs))],
    ['Auditor device', audit.auditor === undefined ? undefined : `<code>${e(audit.auditor)}</code>`],
    ['Capture device', audit.captureDevice ? e(deviceLabel(audit.captureDevice)) : undefined],
    ['VIN confirmations', audit.rows.length > 0 ? e(countsText(audit.confirmations)) : 'no verdict yet'],
    ['VINs typed by hand', audit.manualEntries ? e(`${audit.manualEntries.count} (limit ${audit.manualEntries.limit}); no photo was collected for these`) : undefined],
    ['Certainty (crowd)', spread('certainty')],
    ['Clarity (photos)', spread('clarity')],
    ['Normal data set', audit.normalDataSet ? e(`${audit.normalDataSet.normal ? 'yes' : 'no'}: ${audit.normalDataSet.discrepancies} discrepancies of at most ${audit.normalDataSet.maxDiscrepancies}`) : undefined],
    ['Re-audit of', audit.reauditOf ? `<code>${e(audit.reauditOf)}</code>` : undefined],
    ['Re-audits', audit.reaudits.length > 0 ? audit.reaudits.map((id) => `<code>${e(id)}</code>`).join(', ') : undefined],
  ]);
  return [
    `<section class="audit" id="audit-${e(audit.auditId)}">`,
    `<h2>${title}</h2>`,
    audit.fraudDetected ? `<div class="notice" role="alert">Fraud detected in this audit: ${e(audit.fraud.filter((entry) => entry.class === 'fraud').map((entry) => entry.type).join(', ') || 'see findings')}</div>` : '',
    summary,
    factorTable(audit),
    audit.factors ? `<h3>Findings: what was detected, and for which VIN</h3>${findingsSection(audit)}` : '',
    audit.rows.length > 0 ? `<h3>VIN confirmations</h3>${vinTable(audit.rows)}` : '',
    audit.path ? `<h3>Audit path</h3>${pathSection(audit, audit.path)}` : '',
    anomalySection(audit),
    `</section>`,
  ].join('');
}

function lotBody(report: LotReport): string {
  const { lot } = report;
  const overview = report.audits.map(
    (audit) =>
      `<tr><td><a href="#audit-${e(audit.auditId)}"><code>${e(shortId(audit.auditId))}</code></a></td><td>${e(timestamp(audit.openedAtMs))}</td><td>${e(audit.status)}</td><td class="result-${e(audit.outcome ?? '')}">${e(audit.outcome ?? '')}</td><td>${e(countsText(audit.confirmations))}</td><td class="num">${audit.manualEntries?.count ?? ''}</td><td>${e(audit.fraud.filter((entry) => entry.class === 'fraud').map((entry) => entry.type).join(', '))}</td></tr>`,
  );
  return [
    facts([
      ['Lot', `<strong>${e(lot.lotId)}</strong> — ${e(lot.name)}`],
      ['Dealer', e(lot.dealerName + (lot.dealerMsp ? ` (${lot.dealerMsp})` : ''))],
      ['Lender', e(lot.lenderMsp)],
      ['Location', e(`${position(lot.location)} (radius ${metres(lot.radiusMm)} m)`)],
      ['Vehicles financed', String(report.unitsFinanced)],
      ['Audits', String(report.audits.length)],
    ]),
    report.audits.length > 0
      ? table(['Audit', 'Opened (UTC)', 'Status', 'Outcome', 'VIN confirmations', 'Typed VINs', 'Fraud'], overview)
      : '<p class="muted">No audits on record.</p>',
    ...report.audits.map(auditSection),
  ].join('');
}

function htmlDocument(title: string, generatedAtMs: number, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    `<header><h1>${e(title)}</h1><p class="meta">Generated ${e(timestamp(generatedAtMs))} UTC from the Mobility Ledger (channel records of the VIN audit contracts).</p></header>`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}

/** A printable, self-contained HTML summary report of one lot (claims 6-7). */
export function renderLotReportHtml(report: LotReport): string {
  const alert = notifications(lotNotifications(report));
  return htmlDocument(`VIN audit summary report — lot ${report.lot.lotId}`, report.generatedAtMs, `${alert}<section class="lot" id="lot-${e(report.lot.lotId)}">${lotBody(report)}</section>`);
}

/** A printable, self-contained HTML summary report across lots (claim 6). */
export function renderLotsReportHtml(report: LotsReport): string {
  const overview = report.lots.map((lot) => {
    const latest = lot.audits[lot.audits.length - 1];
    const confirmations = lot.audits.reduce((sum, audit) => sum + audit.confirmations.total, 0);
    return `<tr><td><a href="#lot-${e(lot.lot.lotId)}">${e(lot.lot.lotId)}</a></td><td>${e(lot.lot.name)}</td><td>${e(lot.lot.dealerName)}</td><td class="num">${lot.unitsFinanced}</td><td class="num">${lot.audits.length}</td><td class="result-${e(latest?.outcome ?? '')}">${e(latest?.outcome ?? latest?.status ?? '')}</td><td class="num">${confirmations}</td><td class="${lot.fraudDetected ? 'class-fraud' : ''}">${lot.fraudDetected ? 'yes' : 'no'}</td></tr>`;
  });
  const totals = report.totals;
  const body = [
    notifications(report.notifications),
    facts([
      ['Lots', String(totals.lots)],
      ['Audits', String(totals.audits)],
      ['VIN confirmations', e(countsText(totals.confirmations))],
      ['VINs typed by hand', String(totals.manualEntries)],
    ]),
    table(['Lot', 'Name', 'Dealer', 'Financed', 'Audits', 'Latest outcome', 'VIN confirmations', 'Fraud detected'], overview),
    ...report.lots.map((lot) => `<section class="lot" id="lot-${e(lot.lot.lotId)}"><h2>Lot ${e(lot.lot.lotId)}</h2>${lotBody(lot)}</section>`),
  ].join('');
  return htmlDocument('VIN audit summary report — all lots', report.generatedAtMs, body);
}
