/**
 * Integrity scans: of a ledger's block files offline (an embedded network's data directory, with its
 * world state compared to the replay, or a Fabric peer's ledgersData), or of a running channel
 * through a BlockSource (qscc or Deliver).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Version } from '@mobility-ledger/network/dist/protoutil/transaction';
import type { BlockSource } from '../trail/block-source';
import { locateLedger, readBlockFiles, type LedgerLocation } from './block-files';
import { embeddedStateDir, readEmbeddedState, StateReadError } from './embedded-state';
import type { IntegrityProblem } from './integrity-problem';
import { LedgerScanner, type ChainSummary, type ScannerOptions } from './ledger-scanner';
import { SILENT_PROGRESS, type ProgressReporter } from './progress';
import { compareStates } from './state-comparison';

export interface StateCheck {
  readonly performed: boolean;
  readonly savepoint?: Version;
  readonly publicKeys?: number;
  readonly hashedKeys?: number;
  readonly note?: string;
}

export interface ScanReport extends ChainSummary {
  readonly source: string;
  readonly ok: boolean;
  /** The scan stopped at its first problem (without keepGoing) or at a record nothing can follow. */
  readonly stoppedEarly: boolean;
  readonly problems: readonly IntegrityProblem[];
  readonly state: StateCheck;
}

export interface FileScanOptions extends ScannerOptions {
  readonly channel: string;
  /** Compare the embedded network's world state with the replay (default true for embedded ledgers). */
  readonly state?: boolean;
  readonly progress?: ProgressReporter;
}

function report(scanner: LedgerScanner, source: string, state: StateCheck, completed: boolean): ScanReport {
  return { ...scanner.summary(), source, ok: scanner.problems.length === 0, stoppedEarly: !completed, problems: [...scanner.problems], state };
}

async function fileSizes(location: LedgerLocation): Promise<Map<string, { before: number; size: number }>> {
  const sizes = new Map<string, { before: number; size: number }>();
  let total = 0;
  const names = (await fs.readdir(location.chainDir)).filter((name) => /^blockfile_\d{6}$/.test(name)).sort();
  for (const name of names) {
    const file = path.join(location.chainDir, name);
    const size = (await fs.stat(file)).size;
    sizes.set(file, { before: total, size });
    total += size;
  }
  sizes.set('', { before: total, size: 0 });
  return sizes;
}

async function checkState(scanner: LedgerScanner, dataDir: string, channel: string): Promise<StateCheck> {
  let snapshot;
  try {
    snapshot = await readEmbeddedState(embeddedStateDir(dataDir, channel));
  } catch (error) {
    if (error instanceof StateReadError) return { performed: false, note: error.message };
    throw error;
  }
  const counts = { publicKeys: snapshot.publicState.size, hashedKeys: snapshot.hashedState.size };
  const lastBlock = scanner.summary().lastBlock ?? -1;
  const savepoint = snapshot.savepoint;
  const saved = savepoint?.blockNum ?? -1;
  if (saved > lastBlock) {
    scanner.report({ kind: 'state-mismatch', blockNumber: saved, message: `the state database is at block ${saved}, but the block files end at block ${lastBlock}: blocks are missing` });
    return { performed: true, ...(savepoint ? { savepoint } : {}), ...counts };
  }
  if (saved < lastBlock) {
    return { performed: false, ...(savepoint ? { savepoint } : {}), ...counts, note: `the state database is at block ${saved}, the chain at ${lastBlock} (the network replays the rest when it starts): not compared` };
  }
  const differences = [...compareStates(scanner.state.publicState, snapshot.publicState, false), ...compareStates(scanner.state.hashedState, snapshot.hashedState, true)];
  for (const difference of differences) {
    if (!scanner.running) break;
    scanner.report({ kind: 'state-mismatch', message: `${difference.key}: ${difference.problem}` });
  }
  return { performed: true, ...(savepoint ? { savepoint } : {}), ...counts };
}

/** Scans a data directory (embedded network or Fabric peer) without any network access. */
export async function scanLedgerFiles(dataDir: string, options: FileScanOptions): Promise<ScanReport> {
  const location = await locateLedger(dataDir, options.channel);
  const scanner = new LedgerScanner(options);
  const progress = options.progress ?? SILENT_PROGRESS;
  const sizes = await fileSizes(location);
  const total = sizes.get('')?.before ?? 0;
  let completed = true;
  for await (const entry of readBlockFiles(location)) {
    scanner.process(entry);
    if (entry.kind === 'block') {
      const file = sizes.get(entry.position.file);
      progress.update(entry.block.getHeader()?.getNumber() ?? 0, total > 0 && file ? (file.before + entry.position.offset) / total : undefined);
    }
    if (!scanner.running) {
      completed = false;
      break;
    }
  }
  progress.done();
  const wantState = options.state ?? location.format === 'embedded';
  let state: StateCheck = { performed: false, note: location.format === 'fabric' ? "Fabric's state database format is not read: blocks only" : 'not requested' };
  if (wantState && location.format === 'embedded' && completed) state = await checkState(scanner, dataDir, options.channel);
  else if (wantState && !completed) state = { performed: false, note: 'the block scan stopped early' };
  return report(scanner, `${location.format} block files in ${location.chainDir}`, state, completed && scanner.running);
}

export interface SourceScanOptions extends ScannerOptions {
  readonly first?: number;
  /** Last block to scan; the source's height - 1 by default (Deliver cannot tell it: pass it). */
  readonly last?: number;
  readonly progress?: ProgressReporter;
}

export class ScanRangeError extends Error {
  override name = 'ScanRangeError';
}

/** Scans blocks a running peer serves (qscc or Deliver). The world state is not compared. */
export async function scanBlockSource(source: BlockSource, options: SourceScanOptions = {}): Promise<ScanReport> {
  const first = options.first ?? 0;
  const height = options.last === undefined ? await source.height() : options.last + 1;
  if (height === undefined) throw new ScanRangeError(`${source.description} cannot tell the chain height: give the last block to scan`);
  const last = height - 1;
  const scanner = new LedgerScanner(options);
  const progress = options.progress ?? SILENT_PROGRESS;
  let completed = true;
  let seen = first;
  for await (const block of source.blocks(first, last)) {
    scanner.process({ kind: 'block', block });
    seen = (block.getHeader()?.getNumber() ?? seen) + 1;
    progress.update(seen - 1, last >= first ? (seen - first) / (last - first + 1) : 1);
    if (!scanner.running) {
      completed = false;
      break;
    }
  }
  progress.done();
  if (completed && seen <= last) scanner.report({ kind: 'unreadable-record', blockNumber: seen, message: `${source.description} delivered blocks only up to ${seen - 1} of ${last}` });
  return report(scanner, source.description, { performed: false, note: 'online scans check blocks only' }, completed && scanner.running);
}
