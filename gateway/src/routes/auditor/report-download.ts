import type { ReportFormat } from '@mobility-ledger/auditor/dist/reports/render-report';
import type { FastifyReply } from 'fastify';

const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

/** A file name that is safe in a header and on any file system: `lot-<id>-report.pdf`. */
export function reportFileName(subject: string, format: ReportFormat): string {
  const safe = subject.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'report';
  return `${safe}-report.${format}`;
}

/** A report as a download; the HTML one may not run anything even when opened in place. */
export function sendDownload(reply: FastifyReply, bytes: Buffer, contentType: string, fileName: string): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(bytes);
}

export function sendReport(reply: FastifyReply, bytes: Buffer, format: ReportFormat, subject: string): FastifyReply {
  return sendDownload(reply, bytes, CONTENT_TYPES[format], reportFileName(subject, format));
}
