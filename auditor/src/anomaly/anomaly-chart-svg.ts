import { escapeXml as e, svgNumber as n } from '../reports/markup';
import type { FeatureScale, RobustModel, RobustScore } from './robust-z-detector';

export interface AnomalyChartInput {
  readonly model: RobustModel;
  readonly score: RobustScore;
  readonly referenceScores: readonly RobustScore[];
}

/** z values drawn beyond this are pinned to the edge (and marked), so one wild audit does not squash the rest. */
const MAX_AXIS_Z = 40;
const WIDTH = 780;
const HEIGHT = 392;
const PLOT = { x: 60, y: 66, size: 270 };
const BARS = { x: 560, y: 66, width: 200 };

interface Axis {
  readonly feature: FeatureScale;
  readonly index: number;
}

function zOf(score: RobustScore, index: number): number {
  return score.features[index]?.z ?? 0;
}

/** The two features on which the new audit stands out most: the plane in which its anomaly shows. */
function axesFor(model: RobustModel, score: RobustScore): [Axis, Axis] {
  const ranked = model.features.map((feature, index) => ({ feature, index })).sort((a, b) => Math.abs(zOf(score, b.index)) - Math.abs(zOf(score, a.index)) || a.index - b.index);
  const first = ranked[0];
  const second = ranked[1] ?? ranked[0];
  if (!first || !second) throw new RangeError('the model has no features');
  return [first, second];
}

function axisRange(threshold: number, values: readonly number[]): number {
  const largest = Math.max(0, ...values.map(Math.abs));
  return Math.min(MAX_AXIS_Z, Math.max(threshold * 1.4, largest * 1.1));
}

function scatter(input: AnomalyChartInput): string {
  const { model, score } = input;
  const [xAxis, yAxis] = axesFor(model, score);
  const all = [...input.referenceScores, score];
  const range = axisRange(model.threshold, all.flatMap((entry) => [zOf(entry, xAxis.index), zOf(entry, yAxis.index)]));
  const px = (z: number) => PLOT.x + ((Math.max(-range, Math.min(range, z)) + range) / (2 * range)) * PLOT.size;
  const py = (z: number) => PLOT.y + ((range - Math.max(-range, Math.min(range, z))) / (2 * range)) * PLOT.size;
  const clamped = (entry: RobustScore) => Math.abs(zOf(entry, xAxis.index)) > range || Math.abs(zOf(entry, yAxis.index)) > range;
  const t = model.threshold;
  const parts: string[] = [
    `<g class="scatter">`,
    `<rect x="${PLOT.x}" y="${PLOT.y}" width="${PLOT.size}" height="${PLOT.size}" fill="#fafafa" stroke="#999"/>`,
    `<rect class="inlier-region" x="${n(px(-t))}" y="${n(py(t))}" width="${n(px(t) - px(-t))}" height="${n(py(-t) - py(t))}" fill="#e8f5e9" stroke="#2e7d32" stroke-dasharray="5 3"/>`,
    `<line x1="${n(px(0))}" y1="${PLOT.y}" x2="${n(px(0))}" y2="${PLOT.y + PLOT.size}" stroke="#bbb"/>`,
    `<line x1="${PLOT.x}" y1="${n(py(0))}" x2="${PLOT.x + PLOT.size}" y2="${n(py(0))}" stroke="#bbb"/>`,
    ...[-t, 0, t].map((z) => `<text x="${n(px(z))}" y="${PLOT.y + PLOT.size + 12}" font-size="9" text-anchor="middle">${n(z)}</text>`),
    ...[-t, 0, t].map((z) => `<text x="${PLOT.x - 4}" y="${n(py(z) + 3)}" font-size="9" text-anchor="end">${n(z)}</text>`),
    `<text x="${PLOT.x + PLOT.size / 2}" y="${PLOT.y + PLOT.size + 26}" font-size="10" text-anchor="middle">z: ${e(xAxis.feature.label)}</text>`,
    `<text x="${PLOT.x - 34}" y="${PLOT.y + PLOT.size / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 ${PLOT.x - 34} ${PLOT.y + PLOT.size / 2})">z: ${e(yAxis.feature.label)}</text>`,
  ];
  for (const entry of input.referenceScores) {
    const classes = ['audit', 'reference', entry.flagged ? 'flagged' : 'typical', clamped(entry) ? 'clamped' : ''].filter(Boolean).join(' ');
    parts.push(
      `<circle class="${classes}" data-audit-id="${e(entry.auditId)}" cx="${n(px(zOf(entry, xAxis.index)))}" cy="${n(py(zOf(entry, yAxis.index)))}" r="4" fill="${entry.flagged ? '#ef6c00' : '#78909c'}" fill-opacity="0.8"/>`,
    );
  }
  const tx = px(zOf(score, xAxis.index));
  const ty = py(zOf(score, yAxis.index));
  parts.push(
    `<circle class="audit target ${score.flagged ? 'flagged' : 'typical'}${clamped(score) ? ' clamped' : ''}" data-audit-id="${e(score.auditId)}" cx="${n(tx)}" cy="${n(ty)}" r="7" fill="${score.flagged ? '#c62828' : '#1565c0'}" stroke="#000"/>`,
    `<text x="${n(tx + (tx > PLOT.x + PLOT.size - 70 ? -10 : 10))}" y="${n(ty - 9)}" font-size="10" font-weight="bold" text-anchor="${tx > PLOT.x + PLOT.size - 70 ? 'end' : 'start'}">this audit</text>`,
    `</g>`,
  );
  return parts.join('');
}

function bars(input: AnomalyChartInput): string {
  const { model, score } = input;
  const range = axisRange(model.threshold, score.features.map((feature) => feature.z));
  const rowHeight = Math.min(22, 270 / Math.max(1, model.features.length));
  const bx = (z: number) => BARS.x + ((Math.max(-range, Math.min(range, z)) + range) / (2 * range)) * BARS.width;
  const bottom = BARS.y + rowHeight * model.features.length;
  const parts: string[] = [`<g class="feature-bars">`];
  for (const z of [-model.threshold, model.threshold]) {
    parts.push(`<line class="threshold" x1="${n(bx(z))}" y1="${BARS.y - 4}" x2="${n(bx(z))}" y2="${n(bottom)}" stroke="#2e7d32" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${n(bx(z))}" y="${n(bottom + 12)}" font-size="9" text-anchor="middle">${n(z)}</text>`);
  }
  parts.push(`<line x1="${n(bx(0))}" y1="${BARS.y - 4}" x2="${n(bx(0))}" y2="${n(bottom)}" stroke="#999"/>`);
  model.features.forEach((feature, index) => {
    const z = zOf(score, index);
    const y = BARS.y + index * rowHeight;
    const beyond = Math.abs(z) > model.threshold;
    parts.push(
      `<text x="${BARS.x - 6}" y="${n(y + rowHeight * 0.65)}" font-size="9" text-anchor="end">${e(feature.label)}</text>`,
      `<rect class="bar${beyond ? ' beyond' : ''}" data-feature="${e(feature.name)}" data-z="${n(z)}" x="${n(Math.min(bx(0), bx(z)))}" y="${n(y + 2)}" width="${n(Math.max(0.5, Math.abs(bx(z) - bx(0))))}" height="${n(rowHeight - 4)}" fill="${beyond ? '#c62828' : '#90a4ae'}"/>`,
    );
  });
  parts.push(`<text x="${BARS.x + BARS.width / 2}" y="${n(bottom + 26)}" font-size="10" text-anchor="middle">robust z of this audit, per feature</text>`, `</g>`);
  return parts.join('');
}

/**
 * FIG. 15: the new audit among the past audits, in the plane of the two features on which it
 * stands out most, with the inlier region |z| ≤ threshold; beside it, its robust z per feature.
 * Self-contained SVG (no scripts, fonts or links): the HTML reports and the dashboard embed it.
 */
export function renderAnomalyChartSvg(input: AnomalyChartInput): string {
  const { model, score } = input;
  const verdict = score.flagged ? 'outlier' : 'within the usual range';
  const headline = `Audit ${score.auditId.slice(0, 12)}: ${verdict}`;
  const figures = `max |z| ${score.maxAbsZ.toFixed(2)} on ${score.topFeature} (threshold ${model.threshold}), against ${input.referenceScores.length} past audits`;
  const title = `${headline}; ${figures}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="anomaly-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${e(title)}" font-family="system-ui, sans-serif">`,
    `<title>${e(title)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="12" y="20" font-size="13" font-weight="bold">${e(headline)}</text>`,
    `<text x="12" y="36" font-size="11">${e(figures)}</text>`,
    `<text x="12" y="52" font-size="10" fill="#555">grey: past audits, orange: past outliers, ${score.flagged ? 'red' : 'blue'}: this audit; green box: |z| ≤ ${n(model.threshold)} on both features shown</text>`,
    scatter(input),
    bars(input),
    `</svg>`,
  ].join('');
}
