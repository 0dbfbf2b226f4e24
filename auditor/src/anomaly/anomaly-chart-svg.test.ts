import { expect } from 'chai';
import { renderAnomalyChartSvg } from './anomaly-chart-svg';
import { assessAgainstHistory } from './assess';
import { fabricatedAudit, ordinaryHistory, vector } from './testing-history';

describe('anomaly: the FIG. 15 chart (SVG)', () => {
  const history = [...ordinaryHistory(), fabricatedAudit(50)];
  const outlier = assessAgainstHistory(fabricatedAudit(100), history);
  const svg = renderAnomalyChartSvg(outlier);
  const circles = (className: string) => svg.match(new RegExp(`<circle class="audit[^"]*\\b${className}\\b[^>]*>`, 'g')) ?? [];

  it('draws every past audit and the new one, the new one outside the inlier region', () => {
    expect(circles('reference')).to.have.length(13);
    expect(circles('target')).to.have.length(1);
    const target = circles('target')[0] ?? '';
    expect(target).to.include(`data-audit-id="${fabricatedAudit(100).auditId}"`).and.include('flagged');
    const box = /<rect class="inlier-region" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)?.slice(1).map(Number) ?? [];
    const [x, y, width, height] = box as [number, number, number, number];
    const cx = Number(/cx="([\d.]+)"/.exec(target)?.[1]);
    const cy = Number(/cy="([\d.]+)"/.exec(target)?.[1]);
    expect(cx < x || cx > x + width || cy < y || cy > y + height).to.equal(true);
  });

  it('marks the past outlier apart from the typical audits', () => {
    expect(circles('reference').filter((circle) => circle.includes(' flagged'))).to.have.length(1);
    expect(circles('reference').filter((circle) => circle.includes(' flagged'))[0]).to.include(fabricatedAudit(50).auditId);
  });

  it('plots the two features the new audit stands out on, and a bar per feature', () => {
    expect(svg).to.include('z: motion changes ‰ of samples').and.include('z: motion change points per capture ‰');
    const bars = svg.match(/<rect class="bar[^>]*>/g) ?? [];
    expect(bars).to.have.length(outlier.model.features.length);
    expect(bars.filter((bar) => bar.includes('beyond'))).to.have.length(5);
    // 13 past audits with one fabricated: the motion median is 890, so z = (0 − 890) / 50.
    expect(svg).to.include('Audit 000000000000: outlier').and.include('max |z| 17.80 on motionScorePermille (threshold 3.5), against 13 past audits');
  });

  it('draws an ordinary audit inside, self-contained and deterministic', () => {
    const typical = assessAgainstHistory(vector(300), history);
    const chart = renderAnomalyChartSvg(typical);
    expect(chart).to.include('within the usual range');
    expect(chart.match(/<circle class="audit target typical"/g)).to.have.length(1);
    expect(chart).to.not.match(/<script|<image|href=|url\(/);
    expect(renderAnomalyChartSvg(typical)).to.equal(chart);
  });
});
