import { expect } from 'chai';
import { renderAuditPathSvg } from './audit-path-svg';
import { buildAuditSummary } from './build-audit-summary';
import { layoutAuditPath } from './path-layout';
import { auditDetail, lot, units } from './testing-fixture';

const attribute = (element: string, name: string): number => Number(new RegExp(`\\s${name}="([^"]+)"`).exec(element)?.[1]);

describe('reports: the audit path drawn over the lot (SVG)', () => {
  const view = buildAuditSummary({ lot, units, detail: auditDetail }).path;
  if (!view) throw new Error('fixture has a path');
  const svg = renderAuditPathSvg(view, { width: 640, height: 420 });
  const layout = layoutAuditPath(view, { width: 640, height: 420, margin: 28 });

  it('draws the path through every GPS point, inside the drawing', () => {
    const polyline = /<polyline class="audit-path" points="([^"]+)"/.exec(svg)?.[1];
    const points = (polyline ?? '').split(' ').map((pair) => pair.split(',').map(Number));
    expect(points).to.have.length(3);
    for (const [x, y] of points) {
      expect(x).to.be.within(0, 640);
      expect(y).to.be.within(0, 420);
    }
    // North is up: the path ends further north (higher latitude) than it starts.
    expect(points[2]?.[1]).to.be.lessThan(points[0]?.[1] ?? 0);
  });

  it('rings each recorded vehicle at the fraud-factor-2 distance, coloured by whether the path reached it', () => {
    const rings = svg.match(/<circle class="ring [^>]+>/g) ?? [];
    expect(rings.map((ring) => /ring-([a-z-]+)/.exec(ring)?.[1])).to.deep.equal(['not-reached', 'reached', 'reached', 'not-captured']);
    for (const ring of rings) expect(attribute(ring, 'r')).to.be.closeTo(1_524 / layout.mmPerUnit, 0.01);
    expect(rings[0]).to.include('stroke="#c62828"');
  });

  it('draws scale, vehicles and the moved vehicle offset to scale', () => {
    expect(svg.match(/<rect class="recorded"/g)).to.have.length(4);
    expect(svg.match(/<circle class="captured"/g)).to.have.length(4);
    const offset = (svg.match(/<line class="offset"[^>]+>/g) ?? []).map((line) => Math.hypot(attribute(line, 'x2') - attribute(line, 'x1'), attribute(line, 'y2') - attribute(line, 'y1')));
    // The Tundra stood 18.7 m from its recorded spot; the others where recorded.
    expect(Math.max(...offset) * layout.mmPerUnit).to.be.within(18_600, 18_800);
    expect(layout.scaleBar.label).to.equal('10 m');
    expect(layout.scaleBar.units * layout.mmPerUnit).to.be.closeTo(10_000, 1);
  });

  it('is self-contained and deterministic', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg).to.not.match(/<image|href=|@import|url\((?!#)/);
    expect(renderAuditPathSvg(view, { width: 640, height: 420 })).to.equal(svg);
  });

  it('escapes text taken from the ledger', () => {
    const hostile = { ...view, vehicles: [{ label: '<b>&', vin: 'x', recorded: lot.location }] };
    expect(renderAuditPathSvg(hostile)).to.include('…&lt;b&gt;&amp;').and.not.include('<b>&');
  });
});
