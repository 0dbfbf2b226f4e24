import type { ReadyReport } from './network-process';

/** Counters of the ready line that ReadyReport does not declare (present in newer network builds). */
export interface ReadyCounters {
  readonly blockHeight: number;
  /** Blocks the ledger replayed into world state on start; undefined if the network does not report it. */
  readonly replayedBlocks: number | undefined;
}

export function readyCounters(ready: ReadyReport): ReadyCounters {
  const report = ready as unknown as Record<string, unknown>;
  const blockHeight = report.blockHeight;
  if (typeof blockHeight !== 'number') throw new Error('the ready line carries no blockHeight');
  return { blockHeight, replayedBlocks: typeof report.replayedBlocks === 'number' ? report.replayedBlocks : undefined };
}
