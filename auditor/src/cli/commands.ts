/** The auditor commands, independent of process globals (main.ts wires them to the real process). */
import { promises as fs } from 'node:fs';
import type { BlockSource } from '../trail/block-source';
import { buildTrail } from '../trail/build-trail';
import { entityKind } from '../trail/entity';
import { formatTrail } from '../trail/format-trail';
import { fetchKeyHistory, type EntityKey } from '../trail/key-history';
import { exportEvidence, EvidenceExportError } from '../evidence/export-bundle';
import { formatTrustAnchor, parseTrustAnchor } from '../evidence/trust-anchor';
import { checkBundle } from '../evidence/verify-bundle';
import { describeProblem } from '../integrity/integrity-problem';
import { terminalProgress } from '../integrity/progress';
import { scanBlockSource, scanLedgerFiles, type ScanReport } from '../integrity/scan-ledger';
import { chooseBlockSource } from './block-source-choice';
import { UsageError, writeJson, type CliIo } from './cli-io';
import { connectionOptionsOf, type NetworkCommandOptions } from './connection-options';
import { connectToPeer, type PeerConnection } from './peer-connection';
import { policyStatementOf } from './policy-option';
import { formatVerification } from './verification-text';

/** How commands reach a peer; tests may pass their own. */
export type Connector = typeof connectToPeer;

async function withNetwork<T>(connector: Connector, options: NetworkCommandOptions, run: (connection: PeerConnection, blocks: BlockSource) => Promise<T>): Promise<T> {
  const connection = await connector(connectionOptionsOf(options));
  let blocks: BlockSource | undefined;
  try {
    blocks = await chooseBlockSource(connection.network, options.channel, options.blocks);
    return await run(connection, blocks);
  } finally {
    blocks?.close();
    connection.close();
  }
}

export interface TrailCommandOptions extends NetworkCommandOptions {
  readonly json?: boolean;
  readonly args?: boolean;
}

export async function trailCommand(io: CliIo, connector: Connector, kind: string, id: string, options: TrailCommandOptions): Promise<void> {
  const entity = entityKind(kind);
  const trail = await withNetwork(connector, options, (connection, blocks) =>
    buildTrail({ chaincode: connection.network.getContract(options.chaincode), blocks, kind: entity, id, includeArgs: options.args ?? false }),
  );
  if (options.json) writeJson(io, trail);
  else io.stdout.write(formatTrail(trail));
}

export interface ExportCommandOptions extends NetworkCommandOptions {
  readonly out: string;
  readonly key?: string;
  readonly tx?: string;
  readonly trust?: string;
  readonly policy?: string;
}

function chooseKey(keys: readonly EntityKey[], wanted: string | undefined, entity: string): EntityKey {
  const key = wanted === undefined ? keys.find((candidate) => candidate.role === 'record') : keys.find((candidate) => candidate.key === wanted || candidate.display === wanted);
  if (!key) {
    const known = keys.map((candidate) => candidate.display).join(', ') || 'none';
    throw new EvidenceExportError(wanted === undefined ? `${entity} has no record of its own; choose a key with --key (${known})` : `${entity} has no key '${wanted}' (${known})`);
  }
  return key;
}

export async function exportCommand(io: CliIo, connector: Connector, kind: string, id: string, options: ExportCommandOptions): Promise<void> {
  const entity = entityKind(kind);
  const anchor = parseTrustAnchor(options.trust ?? 'genesis');
  const bundle = await withNetwork(connector, options, async (connection, blocks) => {
    const history = await fetchKeyHistory(connection.network.getContract(options.chaincode), entity, id);
    const key = chooseKey(history.keys, options.key, `${entity} ${id}`);
    const modification = options.tx === undefined ? key.modifications.at(-1) : key.modifications.find((candidate) => candidate.txId === options.tx);
    if (!modification) throw new EvidenceExportError(`${key.display} was not modified by transaction ${options.tx ?? '(none)'}`);
    return exportEvidence({
      blocks,
      chaincode: options.chaincode,
      record: { key: key.key, txId: modification.txId },
      anchor,
      ...(options.policy ? { defaultPolicy: policyStatementOf(options.policy) } : {}),
    });
  });
  await fs.writeFile(options.out, `${JSON.stringify(bundle, null, 2)}\n`);
  io.stdout.write(
    `wrote ${options.out}: ${bundle.record.keyDisplay} as transaction ${bundle.record.txId} (block ${bundle.record.blockNumber}) wrote it, ` +
      `chained to checkpoint ${bundle.checkpoint.blockNumber}:${bundle.checkpoint.headerHash}\n`,
  );
}

export interface VerifyCommandOptions {
  readonly trust: string;
  readonly policy?: string;
  readonly json?: boolean;
}

export async function verifyCommand(io: CliIo, bundleFile: string, options: VerifyCommandOptions): Promise<void> {
  const anchor = parseTrustAnchor(options.trust);
  let bundle: unknown;
  try {
    bundle = JSON.parse(await fs.readFile(bundleFile, 'utf8'));
  } catch (error) {
    bundle = { unreadable: (error as Error).message };
  }
  const outcome = checkBundle(bundle, anchor, options.policy ? { defaultPolicy: policyStatementOf(options.policy) } : {});
  if (!outcome.ok) io.setExitCode(1);
  if (options.json) writeJson(io, { trust: formatTrustAnchor(anchor), ...outcome });
  else io.stdout.write(formatVerification(outcome, anchor));
}

export interface ScanCommandOptions extends NetworkCommandOptions {
  readonly online?: boolean;
  readonly from?: number;
  readonly to?: number;
  readonly keepGoing?: boolean;
  readonly state?: boolean;
  readonly signatures?: boolean;
  readonly policy?: string;
  readonly json?: boolean;
}

function formatScan(report: ScanReport): string {
  const lines = [
    `${report.ok ? 'OK' : 'PROBLEMS FOUND'}: ${report.blocks} block(s) of ${report.source}, ${report.transactions.total} transaction(s) (${report.transactions.valid} valid, ${report.transactions.invalid} invalid)`,
  ];
  for (const problem of report.problems) lines.push(`  ${describeProblem(problem)}`);
  if (report.stoppedEarly) lines.push('  (stopped at the first problem; --keep-going reports them all)');
  lines.push(
    report.state.performed
      ? `  world state: compared with the replay (${report.state.publicKeys ?? 0} public, ${report.state.hashedKeys ?? 0} hashed keys)`
      : `  world state: ${report.state.note ?? 'not compared'}`,
  );
  if (report.checkpoint) lines.push(`  checkpoint: ${report.checkpoint.blockNumber}:${report.checkpoint.headerHash}`);
  return `${lines.join('\n')}\n`;
}

export async function scanCommand(io: CliIo, connector: Connector, options: ScanCommandOptions): Promise<void> {
  const scannerOptions = {
    keepGoing: options.keepGoing ?? false,
    signatures: options.signatures ?? true,
    progress: terminalProgress(io.stderr),
    ...(options.policy ? { defaultPolicy: policyStatementOf(options.policy) } : {}),
  };
  let report: ScanReport;
  if (options.online) {
    report = await withNetwork(connector, options, (_connection, blocks) =>
      scanBlockSource(blocks, { ...scannerOptions, ...(options.from === undefined ? {} : { first: options.from }), ...(options.to === undefined ? {} : { last: options.to }) }),
    );
  } else {
    if (!options.dataDir) throw new UsageError('give --data-dir: the ledger to scan (or --online to scan through a peer)');
    report = await scanLedgerFiles(options.dataDir, { ...scannerOptions, channel: options.channel, ...(options.state === false ? { state: false } : {}) });
  }
  if (!report.ok) io.setExitCode(1);
  if (options.json) writeJson(io, report);
  else io.stdout.write(formatScan(report));
}
