import { renderLotReportCsv, renderLotsReportCsv } from './csv-report';
import { renderLotReportHtml, renderLotsReportHtml } from './html-report';
import { renderLotReportPdf, renderLotsReportPdf, type PdfReportOptions } from './pdf-report';
import type { LotReport, LotsReport } from './report-model';

export const REPORT_FORMATS = ['html', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

const isLotReport = (report: LotReport | LotsReport): report is LotReport => 'lot' in report;

/** A report in one of the three formats, as the bytes to write to a file. */
export async function renderReport(report: LotReport | LotsReport, format: ReportFormat, pdf: PdfReportOptions = {}): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(isLotReport(report) ? renderLotReportHtml(report) : renderLotsReportHtml(report), 'utf8');
    case 'csv':
      return Buffer.from(isLotReport(report) ? renderLotReportCsv(report) : renderLotsReportCsv(report), 'utf8');
    case 'pdf':
      return isLotReport(report) ? renderLotReportPdf(report, pdf) : renderLotsReportPdf(report, pdf);
  }
}
