import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { openGatewaySession, type LedgerSession } from '../reports/gateway-session';
import { loadLotReport, loadLotsReport } from '../reports/load-report';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../reports/render-report';
import { FabricReportSource } from '../reports/report-source';

/** Opens the ledger for a command from its options (the default connects through fabric-gateway). */
export type OpenLedger = (options: LedgerOptions) => Promise<LedgerSession>;

export interface LedgerOptions {
  readonly dataDir: string;
  readonly org: string;
  readonly user: string;
  readonly peer?: string;
  readonly channel: string;
  readonly chaincode: string;
}

export interface CommandDependencies {
  readonly openLedger?: OpenLedger;
  /** The clock stamped on reports (epoch ms). */
  readonly now?: () => number;
  /** Where output goes when no --out is given. */
  readonly stdout?: { write(chunk: string | Uint8Array): unknown };
}

export const openLedgerThroughGateway: OpenLedger = (options) => openGatewaySession(options);

/** The connection options every ledger command takes (Fabric test-network layout, as the embedded network writes it). */
export function withLedgerOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'directory holding organizations/peerOrganizations/… (the network data dir)', process.env.MOBILITY_DATA_DIR ?? '.ledger')
    .option('--org <name>', 'org short name of connection-<org>.json (the lender org records scores)', 'audit')
    .option('--user <name>', 'user of the org whose credentials sign', 'User1')
    .option('--peer <host:port>', "peer address, instead of the connection profile's")
    .option('--channel <name>', 'channel', 'mobility')
    .option('--chaincode <name>', 'chaincode', 'mobility');
}

export function ledgerOptions(options: Record<string, unknown>): LedgerOptions {
  const text = (key: string, fallback: string) => (typeof options[key] === 'string' ? (options[key] as string) : fallback);
  return {
    dataDir: text('dataDir', '.ledger'),
    org: text('org', 'audit'),
    user: text('user', 'User1'),
    ...(typeof options.peer === 'string' ? { peer: options.peer } : {}),
    channel: text('channel', 'mobility'),
    chaincode: text('chaincode', 'mobility'),
  };
}

/** Runs `work` with an open ledger session and always closes it. */
export async function withLedger<T>(dependencies: CommandDependencies, options: Record<string, unknown>, work: (session: LedgerSession) => Promise<T>): Promise<T> {
  const session = await (dependencies.openLedger ?? openLedgerThroughGateway)(ledgerOptions(options));
  try {
    return await work(session);
  } finally {
    session.close();
  }
}

function epochMs(value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be epoch milliseconds or an ISO 8601 date');
  return parsed;
}

const formatOption = () => new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('html');

async function emit(bytes: Buffer, out: string | undefined, dependencies: CommandDependencies): Promise<void> {
  if (out) await writeFile(out, bytes);
  else (dependencies.stdout ?? process.stdout).write(bytes);
}

interface ReportOptions extends Record<string, unknown> {
  format: ReportFormat;
  out?: string;
  generatedAt?: number;
}

/**
 * `report lot <lotId>` and `report lots`: the VIN audit summary reports of claims 6-7 from the
 * ledger, as printable HTML, PDF or CSV.
 */
export function registerReportCommands(program: Command, dependencies: CommandDependencies = {}): Command {
  const now = dependencies.now ?? Date.now;
  const report = program.command('report').description('VIN audit summary reports (claims 6-7): HTML, PDF or CSV');
  withLedgerOptions(
    report
      .command('lot <lotId>')
      .description('one lot: every audit with VIN confirmations, certainty, clarity, capture device, typed VINs, audit path and fraud')
      .addOption(formatOption())
      .option('--out <file>', 'write here instead of stdout')
      .option('--audit <auditId...>', 'only these audits of the lot')
      .option('--generated-at <time>', 'report time (epoch ms or ISO date); default now', epochMs),
  ).action(async (lotId: string, options: ReportOptions & { audit?: string[] }) => {
    const bytes = await withLedger(dependencies, options, async (session) => {
      const loaded = await loadLotReport(new FabricReportSource(session.contract), lotId, {
        generatedAtMs: options.generatedAt ?? now(),
        ...(options.audit ? { auditIds: options.audit } : {}),
      });
      return renderReport(loaded, options.format);
    });
    await emit(bytes, options.out, dependencies);
  });
  withLedgerOptions(
    report
      .command('lots')
      .description('every lot (or the named ones), with a fraud notification for any lot where fraud was detected')
      .addOption(formatOption())
      .option('--out <file>', 'write here instead of stdout')
      .option('--lot <lotId...>', 'only these lots')
      .option('--generated-at <time>', 'report time (epoch ms or ISO date); default now', epochMs),
  ).action(async (options: ReportOptions & { lot?: string[] }) => {
    const bytes = await withLedger(dependencies, options, async (session) => {
      const loaded = await loadLotsReport(new FabricReportSource(session.contract), { generatedAtMs: options.generatedAt ?? now(), ...(options.lot ? { lotIds: options.lot } : {}) });
      return renderReport(loaded, options.format);
    });
    await emit(bytes, options.out, dependencies);
  });
  return report;
}
