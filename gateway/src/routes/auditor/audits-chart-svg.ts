import { escapeXml as e, svgNumber as n } from '@mobility-ledger/auditor/dist/reports/markup';

/** One finalized audit on the chart: its outcome, its score against past audits, the scores recorded on the ledger. */
export interface AuditPoint {
  readonly auditId: string;
  readonly lotId: string;
  readonly lenderMsp: string;
  readonly auditor: string;
  readonly outcome: string;
  readonly finalizedAtMs: number;
  readonly score?: { readonly scorePermille: number; readonly maxAbsZ: number; readonly flagged: boolean; readonly topFeature: string; readonly references: number };
  readonly recorded: readonly { readonly detector: string; readonly scorePermille: number; readonly flagged: boolean; readonly recordedAtMs: number; readonly recordedTxId: string }[];
}

const WIDTH = 780;
const HEIGHT = 300;
const PLOT = { x: 56, y: 40, width: 520, height: 200 };
const BARS = { x: 620, y: 40, width: 140, height: 200 };
const OUTCOME_COLOURS: Readonly<Record<string, string>> = { PASS: '#2e7d32', REVIEW: '#f9a825', FAIL: '#c62828' };
const colourOf = (outcome: string): string => OUTCOME_COLOURS[outcome] ?? '#616161';
/** The permille score at the detector's threshold (1000·D/(D+t) is 500 when D = t). */
const THRESHOLD_PERMILLE = 500;

/** The score shown for an audit: the computed one, else the newest recorded one, else none. */
function shownScore(point: AuditPoint): number | undefined {
  return point.score?.scorePermille ?? point.recorded.at(-1)?.scorePermille;
}

function outcomeBars(points: readonly AuditPoint[]): string {
  const counts = new Map<string, number>();
  for (const point of points) counts.set(point.outcome, (counts.get(point.outcome) ?? 0) + 1);
  const outcomes = [...new Set(['PASS', 'REVIEW', 'FAIL', ...counts.keys()])];
  const largest = Math.max(1, ...counts.values());
  const rowHeight = Math.min(40, BARS.height / outcomes.length);
  const parts = [`<g class="outcome-bars">`, `<text x="${BARS.x}" y="${BARS.y - 10}" font-size="11" font-weight="bold">Outcomes</text>`];
  outcomes.forEach((outcome, index) => {
    const count = counts.get(outcome) ?? 0;
    const y = BARS.y + index * rowHeight;
    const width = ((BARS.width - 40) * count) / largest;
    parts.push(
      `<text x="${BARS.x}" y="${n(y + rowHeight * 0.6)}" font-size="10">${e(outcome)}</text>`,
      `<rect class="outcome-bar" data-outcome="${e(outcome)}" data-count="${count}" x="${BARS.x + 46}" y="${n(y + 4)}" width="${n(Math.max(0.5, width))}" height="${n(rowHeight - 10)}" fill="${colourOf(outcome)}"/>`,
      `<text x="${n(BARS.x + 50 + width)}" y="${n(y + rowHeight * 0.6)}" font-size="10">${count}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

/**
 * The audits and their anomalies over time, in the spirit of FIG. 15 of US 10,796,317: each
 * finalized audit a dot (colour = outcome) at its anomaly score against the audits before it, the
 * flag threshold as a line, so the audit that "falls outside a majority of the other audit data
 * sets" stands out; audits without enough history to score sit on the baseline, hollow. Beside it,
 * the count of audits per outcome. Self-contained SVG (no scripts, fonts or links).
 */
export function renderAuditsChartSvg(points: readonly AuditPoint[], options: { minHistory: number }): string {
  const ordered = [...points].sort((a, b) => a.finalizedAtMs - b.finalizedAtMs || (a.auditId < b.auditId ? -1 : 1));
  const step = PLOT.width / Math.max(1, ordered.length);
  const px = (index: number): number => PLOT.x + step * (index + 0.5);
  const py = (permille: number): number => PLOT.y + PLOT.height - (Math.max(0, Math.min(1000, permille)) / 1000) * PLOT.height;
  const flaggedCount = ordered.filter((point) => point.score?.flagged ?? point.recorded.at(-1)?.flagged ?? false).length;
  const title = `${ordered.length} finalized audit(s), ${flaggedCount} flagged as anomalous`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="audits-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${e(title)}" font-family="system-ui, sans-serif">`,
    `<title>${e(title)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="12" y="20" font-size="13" font-weight="bold">Audits and anomalies (FIG. 15)</text>`,
    `<rect x="${PLOT.x}" y="${PLOT.y}" width="${PLOT.width}" height="${PLOT.height}" fill="#fafafa" stroke="#999"/>`,
    `<rect class="inlier-band" x="${PLOT.x}" y="${n(py(THRESHOLD_PERMILLE))}" width="${PLOT.width}" height="${n(py(0) - py(THRESHOLD_PERMILLE))}" fill="#e8f5e9"/>`,
    `<line class="threshold" x1="${PLOT.x}" y1="${n(py(THRESHOLD_PERMILLE))}" x2="${PLOT.x + PLOT.width}" y2="${n(py(THRESHOLD_PERMILLE))}" stroke="#2e7d32" stroke-dasharray="5 3"/>`,
    `<text x="${PLOT.x + PLOT.width - 4}" y="${n(py(THRESHOLD_PERMILLE) - 4)}" font-size="9" text-anchor="end" fill="#2e7d32">flag threshold (|z| = 3.5)</text>`,
    ...[0, 250, 500, 750, 1000].map((tick) => `<text x="${PLOT.x - 6}" y="${n(py(tick) + 3)}" font-size="9" text-anchor="end">${tick}</text>`),
    `<text x="14" y="${PLOT.y + PLOT.height / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 14 ${PLOT.y + PLOT.height / 2})">anomaly score (‰)</text>`,
    `<text x="${PLOT.x + PLOT.width / 2}" y="${PLOT.y + PLOT.height + 18}" font-size="10" text-anchor="middle">finalized audits, oldest first</text>`,
    `<text x="12" y="${HEIGHT - 14}" font-size="10" fill="#555">colour: outcome (green PASS, amber REVIEW, red FAIL); ringed: flagged; hollow on the baseline: fewer than ${options.minHistory} earlier audits of the lender to compare with</text>`,
    `<g class="audit-points">`,
  ];
  ordered.forEach((point, index) => {
    const score = shownScore(point);
    const flagged = point.score?.flagged ?? point.recorded.at(-1)?.flagged ?? false;
    const cx = px(index);
    const tooltip = `${point.auditId.slice(0, 12)}… lot ${point.lotId}: ${point.outcome}; ${score === undefined ? 'not scored (too little history)' : `score ${score} ‰${point.score ? `, max |z| ${point.score.maxAbsZ.toFixed(2)} on ${point.score.topFeature}` : ' (recorded)'}`}`;
    const classes = ['audit-point', `outcome-${point.outcome}`, score === undefined ? 'unscored' : 'scored', flagged ? 'flagged' : ''].filter(Boolean).join(' ');
    const cy = score === undefined ? py(0) : py(score);
    const fill = score === undefined ? 'none' : colourOf(point.outcome);
    parts.push(
      `<g class="${classes}" data-audit-id="${e(point.auditId)}"><title>${e(tooltip)}</title>`,
      flagged ? `<circle cx="${n(cx)}" cy="${n(cy)}" r="9" fill="none" stroke="#000" stroke-width="1.5"/>` : '',
      `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="${fill}" stroke="${colourOf(point.outcome)}" stroke-width="2"/></g>`,
    );
  });
  parts.push('</g>', outcomeBars(ordered), '</svg>');
  return parts.join('');
}
