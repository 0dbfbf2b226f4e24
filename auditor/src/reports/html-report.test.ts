import { expect } from 'chai';
import { buildLotReport, buildLotsReport } from './build-lot-report';
import { renderLotReportHtml, renderLotsReportHtml } from './html-report';
import { AUDIT_ID, VIN, auditDetail, earlierAuditDetail, lot, units } from './testing-fixture';

describe('reports: the printable HTML page', () => {
  const report = buildLotReport({ lot, units, audits: [auditDetail, earlierAuditDetail], generatedAtMs: 1_700_001_000_000 });
  const html = renderLotReportHtml(report);

  it('is one self-contained document: inline style and SVG, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(html).to.not.match(/<script|<link|<img|<iframe|src=|@import|url\((?!#)/i);
    // The only URI is the SVG namespace name, which is never fetched.
    expect([...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map(([uri]) => uri)).to.satisfy((uris: string[]) => uris.every((uri) => uri === 'http://www.w3.org/2000/svg'));
    expect(html.match(/<svg /g)).to.have.length(2);
  });

  it('has print rules: A4 pages, one audit per page, rows not split', () => {
    expect(html).to.include('@page { size: A4');
    expect(html).to.include('@media print');
    expect(html).to.include('section.audit, section.lot { break-before: page; }');
  });

  it('shows the figures of claim 7 for the failed audit', () => {
    const section = html.slice(html.indexOf(`<section class="audit" id="audit-${AUDIT_ID}"`));
    expect(section).to.include('2 PASS · 2 FAIL · 1 EXCEPTION (of 5)');
    expect(section).to.include('tablet (Galaxy Tab S9)');
    expect(section).to.include('1 (limit 5); no photo was collected for these');
    expect(section).to.include('lowest 66.6 %, mean 88.8 % over 3 photo(s)');
    expect(section).to.include('lowest 53.3 %, mean 77.7 % over 3 photo(s)');
    const tundraRow = /<tr data-vin="1G4AH59H45G118341">.*?<\/tr>/.exec(section)?.[0] ?? '';
    expect(tundraRow).to.include('66.6 %').and.include('53.3 %').and.include('18.711').and.include('path-not-near-vehicle, vehicle-location');
    expect(section).to.include('<td class="class-fraud">motion-absent</td>');
    expect(section).to.include(`<span class="vin">${VIN.unrecorded}</span>`);
    expect(section).to.include('3 GPS points, 43.531 m walked in 50.000 s');
  });

  it('notifies fraud at the top and escapes ledger text', () => {
    expect(html.indexOf('class="notice"')).to.be.lessThan(html.indexOf('<section'));
    expect(html).to.include('Harbor Motors, &quot;North&quot; yard');
    expect(html).to.not.include('"North"');
  });

  it('across lots: totals, one row per lot, notifications from every lot', () => {
    const clean = buildLotReport({ lot: { ...lot, lotId: 'lot-8' }, units, audits: [earlierAuditDetail], generatedAtMs: 1 });
    const all = renderLotsReportHtml(buildLotsReport([clean, report], 1_700_001_000_000));
    expect(all).to.include('<section class="lot" id="lot-lot-7">').and.include('<section class="lot" id="lot-lot-8">');
    expect(all).to.include('8 PASS · 2 FAIL · 1 EXCEPTION (of 11)');
    expect(all.match(/<li>Lot <strong>/g)).to.have.length(1);
    expect(all).to.include('<li>Lot <strong>lot-7</strong>');
  });
});
