/** VIN audit summary reports (claims 6-7): from the ledger to HTML, PDF and CSV. */
export { renderAuditPathSvg, renderPathLayoutSvg, type AuditPathSvgOptions } from './audit-path-svg';
export { buildAuditSummary, type AuditSummaryInput } from './build-audit-summary';
export { buildLotReport, buildLotsReport, lotNotifications, type LotReportInput } from './build-lot-report';
export { decodeAnswer, query, submitJson, type ChaincodeContract } from './chaincode-contract';
export { openGatewaySession, type GatewaySessionOptions, type LedgerSession } from './gateway-session';
export { CSV_COLUMNS, renderLotReportCsv, renderLotsReportCsv } from './csv-report';
export { csvField, csvRecord } from './csv';
export { LedgerRecordError, ReportInputError } from './errors';
export { renderLotReportHtml, renderLotsReportHtml } from './html-report';
export * as ledgerRecords from './ledger-records';
export { loadLotReport, loadLotsReport, type LoadOptions } from './load-report';
export { layoutAuditPath, type PathLayout } from './path-layout';
export { renderLotReportPdf, renderLotsReportPdf, type PdfReportOptions } from './pdf-report';
export { REPORT_FORMATS, isReportFormat, renderReport, type ReportFormat } from './render-report';
export type * from './report-model';
export { FabricReportSource, type ReportSource } from './report-source';
