import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { renderAnomalyChartSvg } from '../anomaly/anomaly-chart-svg';
import { FabricAnomalySource } from '../anomaly/anomaly-source';
import type { AnomalyAssessment } from '../anomaly/assess';
import { DEFAULT_MIN_HISTORY, DEFAULT_THRESHOLD } from '../anomaly/robust-z-detector';
import { HISTORY_SCOPES, assessAudit, recordAssessment, type HistoryScope } from '../anomaly/score-audit';
import type { AnomalyScoreRecord } from '../reports/ledger-records';
import { withLedger, withLedgerOptions, type CommandDependencies } from './report-commands';

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive number');
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = positiveNumber(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}

/** The human summary of an assessment: the score, the features beyond the threshold. */
export function describeAssessment(assessment: AnomalyAssessment, recorded?: AnomalyScoreRecord): string {
  const { score, model } = assessment;
  const beyond = score.features
    .filter((feature) => Math.abs(feature.z) > model.threshold)
    .map((feature) => `  ${feature.name}: ${feature.value} (z ${feature.z.toFixed(2)})`);
  return [
    `audit ${score.auditId}: ${score.flagged ? 'OUTLIER' : 'typical'}`,
    `detector ${assessment.record.detector}, ${assessment.reference.length} past audits, threshold ${model.threshold}`,
    `score ${score.scorePermille}/1000 (max |z| ${score.maxAbsZ.toFixed(3)} on ${score.topFeature})`,
    ...(beyond.length > 0 ? ['features beyond the threshold:', ...beyond] : []),
    recorded ? `recorded on the ledger in transaction ${recorded.recordedTxId}` : 'not recorded (use --record)',
    '',
  ].join('\n');
}

interface ScoreOptions extends Record<string, unknown> {
  record?: boolean;
  scope: HistoryScope;
  threshold: number;
  minHistory: number;
  chart?: string;
  json?: boolean;
}

/**
 * `anomaly score <auditId> [--record]`: the off-chain detector of claims 11-13 against the audit
 * history on the ledger; with --record the lender org records the advisory score. `anomaly list
 * <auditId>` reads recorded scores back.
 */
export function registerAnomalyCommands(program: Command, dependencies: CommandDependencies = {}): Command {
  const stdout = dependencies.stdout ?? process.stdout;
  const anomaly = program.command('anomaly').description('anomaly detection over past audits (claims 11-13): robust z-scores, advisory');
  withLedgerOptions(
    anomaly
      .command('score <auditId>')
      .description('score a finalized audit against the same lender past audits (median/MAD robust z-scores)')
      .option('--record', 'record the score on the ledger (vinaudit.history:RecordAnomalyScore; the lot lender org)')
      .addOption(new Option('--scope <scope>', 'which past audits: all of the lender, same lot, or same auditor device').choices(HISTORY_SCOPES).default('lender'))
      .option('--threshold <z>', 'flag when the largest robust |z| exceeds this', positiveNumber, DEFAULT_THRESHOLD)
      .option('--min-history <n>', 'past audits needed before scoring', positiveInteger, DEFAULT_MIN_HISTORY)
      .option('--chart <file.svg>', 'write the FIG. 15 chart here')
      .option('--json', 'print the assessment as JSON'),
  ).action(async (auditId: string, options: ScoreOptions) => {
    const { assessment, recorded } = await withLedger(dependencies, options, async (session) => {
      const source = new FabricAnomalySource(session.contract);
      const result = await assessAudit(source, auditId, { scope: options.scope, threshold: options.threshold, minHistory: options.minHistory });
      return { assessment: result, recorded: options.record ? await recordAssessment(source, result) : undefined };
    });
    if (options.chart) await writeFile(options.chart, renderAnomalyChartSvg(assessment));
    if (options.json) {
      stdout.write(`${JSON.stringify({ record: assessment.record, score: assessment.score, reference: assessment.reference.map((vector) => vector.auditId), recorded: recorded ?? null }, null, 2)}\n`);
    } else {
      stdout.write(describeAssessment(assessment, recorded));
    }
  });
  withLedgerOptions(anomaly.command('list <auditId>').description('the anomaly scores recorded for an audit')).action(async (auditId: string, options: Record<string, unknown>) => {
    const scores = await withLedger(dependencies, options, (session) => new FabricAnomalySource(session.contract).listAnomalyScores(auditId));
    stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
  });
  return anomaly;
}
