import { expect } from 'chai';
import { buildLotReport, buildLotsReport } from './build-lot-report';
import { renderLotReportPdf, renderLotsReportPdf } from './pdf-report';
import { readPdf } from './testing-pdf';
import { AUDIT_ID, VIN, auditDetail, earlierAuditDetail, lot, units } from './testing-fixture';

describe('reports: the PDF (pdfkit)', function () {
  this.timeout(20_000);
  const report = buildLotReport({ lot, units, audits: [auditDetail, earlierAuditDetail], generatedAtMs: 1_700_001_000_000 });

  it('is a well-formed PDF whose text carries the lot, the VINs and the claim 7 figures', async () => {
    const bytes = await renderLotReportPdf(report, { compress: false });
    expect(bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const pdf = readPdf(bytes);
    expect(pdf.xrefConsistent).to.equal(true);
    expect(pdf.pages).to.be.at.least(2);
    expect(pdf.text).to.include('VIN audit summary report - lot lot-7');
    expect(pdf.text).to.include('FRAUD DETECTED');
    expect(pdf.text).to.include(`Audit ${AUDIT_ID.slice(0, 16)} - FAIL`);
    for (const vin of Object.values(VIN)) expect(pdf.text).to.include(vin);
    expect(pdf.text).to.include('66.6 %').and.include('53.3 %').and.include('tablet (Galaxy Tab S9)');
    expect(pdf.text).to.include('1 (limit 5), no photo collected');
    expect(pdf.text).to.include('motion-absent\nfraud\nthe audit as a whole').and.include('Audit path: 3 GPS points, 43.531 m');
  });

  it('stamps the report time as its dates, so the same report gives the same bytes', async () => {
    const first = await renderLotReportPdf(report, { compress: false });
    const second = await renderLotReportPdf(report, { compress: false });
    expect(first.equals(second)).to.equal(true);
    expect(readPdf(first).info).to.include({ CreationDate: 'D:20231114223000Z', ModDate: 'D:20231114223000Z', Title: 'VIN audit summary report - lot lot-7', Creator: 'Mobility Ledger auditor' });
    const later = await renderLotReportPdf({ ...report, generatedAtMs: report.generatedAtMs + 1_000 }, { compress: false });
    expect(later.equals(first)).to.equal(false);
  });

  it('compresses page streams by default: smaller, same pages', async () => {
    const plain = await renderLotReportPdf(report, { compress: false });
    const compressed = await renderLotReportPdf(report);
    expect(compressed.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(compressed.length).to.be.lessThan(plain.length / 2);
    expect(readPdf(compressed).pages).to.equal(readPdf(plain).pages);
    expect(compressed.toString('latin1')).to.include('/Filter /FlateDecode');
  });

  it('across lots: a summary page, then one section per lot', async () => {
    const clean = buildLotReport({ lot: { ...lot, lotId: 'lot-8', name: 'South yard' }, units, audits: [earlierAuditDetail], generatedAtMs: 1 });
    const pdf = readPdf(await renderLotsReportPdf(buildLotsReport([clean, report], 1_700_001_000_000), { compress: false }));
    expect(pdf.text).to.include('VIN audit summary report - all lots').and.include('Lot lot-7').and.include('Lot lot-8');
    expect(pdf.text).to.include('8 PASS, 2 FAIL, 1 EXCEPTION (of 11)');
    expect(pdf.pages).to.be.at.least(3);
    expect(pdf.xrefConsistent).to.equal(true);
  });
});
