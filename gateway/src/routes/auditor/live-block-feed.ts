import type { common } from '@hyperledger/fabric-protos';
import type { BlockEventsNetwork } from '@mobility-ledger/auditor/dist/trail/gateway-ports';
import type { BaseLogger } from 'pino';
import { summarizeBlock, type LiveBlock } from './block-summary';

export interface LiveBlockFeedOptions {
  /** fabric-gateway's Network: getBlockEvents({startBlock}). */
  readonly network: BlockEventsNetwork;
  /** The chain height now (qscc GetChainInfo): where a new feed starts. */
  readonly height: () => Promise<number>;
  readonly logger: BaseLogger;
  /** Summaries kept for resuming streams. */
  readonly retain?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
}

export type LiveListener = (block: LiveBlock) => void;

export interface LiveSubscription {
  /** The first block this subscriber will be told about (after the replay). */
  readonly nextBlock: number;
  /** Blocks after the resume point that are no longer retained (the subscriber missed them). */
  readonly missed?: { readonly from: number; readonly to: number };
  unsubscribe(): void;
}

/**
 * One Deliver stream of full blocks (fabric-gateway getBlockEvents) for all dashboard viewers of
 * this gateway, started by the first viewer at the current chain height and reopened after the
 * last block it saw when it breaks. Viewers get summaries; recent ones are kept for resuming.
 */
export class LiveBlockFeed {
  private readonly listeners = new Set<LiveListener>();
  private readonly recent: LiveBlock[] = [];
  private readonly retain: number;
  private readonly stopping = new AbortController();
  private next: number | undefined;
  private starting: Promise<number> | undefined;
  private stream: { close(): void } | undefined;
  private running: Promise<void> | undefined;
  private connected = false;

  constructor(private readonly options: LiveBlockFeedOptions) {
    this.retain = options.retain ?? 64;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Starts the feed if needed; resolves with the next block number once the starting height is known. */
  start(): Promise<number> {
    this.starting ??= (async () => {
      const next = this.next ?? (await this.options.height());
      this.next ??= next;
      this.running = this.run();
      return next;
    })().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Replays retained blocks after `after` (if given), then calls `listener` for every new block. */
  async subscribe(listener: LiveListener, after?: number): Promise<LiveSubscription> {
    if (this.stopping.signal.aborted) throw new Error('the live block feed is closed');
    await this.start();
    let missed: LiveSubscription['missed'];
    if (after !== undefined) {
      const oldest = this.recent[0]?.blockNumber ?? this.next ?? 0;
      if (after + 1 < oldest) missed = { from: after + 1, to: oldest - 1 };
      for (const block of this.recent) if (block.blockNumber > after) listener(block);
    }
    this.listeners.add(listener);
    return { nextBlock: this.next ?? 0, ...(missed ? { missed } : {}), unsubscribe: () => this.listeners.delete(listener) };
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.listeners.clear();
    this.stream?.close();
    await this.running;
  }

  private accept(block: common.Block): void {
    const summary = summarizeBlock(block, (this.options.now ?? Date.now)());
    if (summary.blockNumber < (this.next ?? 0)) return; // a reopened stream repeating a block
    this.next = summary.blockNumber + 1;
    this.recent.push(summary);
    if (this.recent.length > this.retain) this.recent.shift();
    for (const listener of this.listeners) {
      try {
        listener(summary);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'a live block listener failed');
      }
    }
  }

  private async run(): Promise<void> {
    const minBackoff = this.options.minBackoffMs ?? 500;
    const maxBackoff = this.options.maxBackoffMs ?? 30_000;
    let backoff = minBackoff;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const stream = await this.options.network.getBlockEvents({ startBlock: BigInt(this.next ?? 0) });
        this.stream = stream;
        if (signal.aborted) break;
        this.connected = true;
        for await (const block of stream) {
          this.accept(block);
          backoff = minBackoff;
        }
      } catch (error) {
        if (signal.aborted) break;
        this.options.logger.warn({ err: error, nextBlock: this.next, retryInMs: backoff }, 'the dashboard’s block stream broke; reopening');
      } finally {
        this.connected = false;
        this.stream?.close();
        this.stream = undefined;
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }
}
