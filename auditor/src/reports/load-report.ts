import { buildLotReport, buildLotsReport } from './build-lot-report';
import type { AnomalyScoreRecord, AuditDetail } from './ledger-records';
import type { LotReport, LotsReport } from './report-model';
import type { ReportSource } from './report-source';

export interface LoadOptions {
  /** When the report is made (epoch ms); the caller's clock, so tests can pin it. */
  readonly generatedAtMs: number;
  /** Only these audits of the lot (default: all). */
  readonly auditIds?: readonly string[];
}

/** Reads one lot's records from the source and builds its report. */
export async function loadLotReport(source: ReportSource, lotId: string, options: LoadOptions): Promise<LotReport> {
  const [lot, units, audits] = await Promise.all([source.getLot(lotId), source.listUnits(lotId), source.listAudits(lotId)]);
  const wanted = options.auditIds ? new Set(options.auditIds) : undefined;
  const details: AuditDetail[] = [];
  const anomalyScores = new Map<string, AnomalyScoreRecord[]>();
  // One audit at a time: a lot may have many, and a peer serves every helper on this machine.
  for (const audit of audits) {
    if (wanted && !wanted.has(audit.auditId)) continue;
    details.push(await source.getAudit(audit.auditId));
    anomalyScores.set(audit.auditId, await source.listAnomalyScores(audit.auditId));
  }
  return buildLotReport({ lot, units, audits: details, anomalyScores, generatedAtMs: options.generatedAtMs });
}

/** Reads every lot (or the named ones) and builds the report across lots. */
export async function loadLotsReport(source: ReportSource, options: { generatedAtMs: number; lotIds?: readonly string[] }): Promise<LotsReport> {
  const lotIds = options.lotIds ?? (await source.listLots()).map((lot) => lot.lotId);
  const reports: LotReport[] = [];
  for (const lotId of lotIds) reports.push(await loadLotReport(source, lotId, { generatedAtMs: options.generatedAtMs }));
  return buildLotsReport(reports, options.generatedAtMs);
}
