/**
 * Blocks through the Deliver service (fabric-gateway getBlockEvents with a start block), which every
 * Fabric peer serves to channel members. Deliver has no lookup by txID and no chain height: finding a
 * transaction reads blocks forward from where the last search stopped, remembering which block holds
 * which txID, and gives up when no further block arrives within `waitMs` (the chain end).
 */
import type { common } from '@hyperledger/fabric-protos';
import { BlockNotAvailableError, type BlockSource } from './block-source';
import { txIdOfEnvelope } from './envelope-ids';
import type { BlockEventsNetwork, ClosableBlockStream } from './gateway-ports';

export interface DeliverBlockSourceOptions {
  /** How long to wait for the next block before deciding the chain ends there. */
  readonly waitMs?: number;
  readonly cacheSize?: number;
}

const DEFAULT_WAIT_MS = 3000;

export class DeliverBlockSource implements BlockSource {
  readonly description = 'the Deliver service';
  private readonly cache = new Map<number, common.Block>();
  private readonly txIndex = new Map<string, number>();
  /** Every block below this number has been indexed by txID. */
  private indexedUpTo = 0;
  private readonly waitMs: number;
  private readonly cacheSize: number;

  constructor(
    private readonly network: BlockEventsNetwork,
    options: DeliverBlockSourceOptions = {},
  ) {
    this.waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    this.cacheSize = options.cacheSize ?? 1024;
  }

  async blockByNumber(blockNumber: number): Promise<common.Block> {
    const cached = this.cache.get(blockNumber);
    if (cached) return cached;
    for await (const block of this.read(blockNumber, blockNumber)) return block;
    throw new BlockNotAvailableError(`block ${blockNumber} did not arrive from ${this.description} within ${this.waitMs} ms`);
  }

  async blockByTxId(txId: string): Promise<common.Block> {
    const known = this.txIndex.get(txId);
    if (known !== undefined) return this.blockByNumber(known);
    for await (const block of this.read(this.indexedUpTo, Number.MAX_SAFE_INTEGER)) {
      if ((block.getData()?.getDataList_asU8() ?? []).some((entry) => txIdOfEnvelope(entry) === txId)) return block;
    }
    throw new BlockNotAvailableError(`transaction ${txId} is not in blocks 0-${this.indexedUpTo - 1} from ${this.description}`);
  }

  blocks(first: number, last: number): AsyncIterable<common.Block> {
    return this.read(first, last);
  }

  async height(): Promise<undefined> {
    return undefined;
  }

  close(): void {
    this.cache.clear();
  }

  /** Streams [first, last], stopping early when the chain ends (no block within waitMs). */
  private async *read(first: number, last: number): AsyncGenerator<common.Block> {
    const stream: ClosableBlockStream = await this.network.getBlockEvents({ startBlock: BigInt(first) });
    const iterator = stream[Symbol.asyncIterator]();
    try {
      for (let expected = first; expected <= last; expected += 1) {
        const next = await this.nextWithin(iterator);
        if (!next) return;
        this.remember(next);
        yield next;
      }
    } finally {
      stream.close();
    }
  }

  private async nextWithin(iterator: AsyncIterator<common.Block>): Promise<common.Block | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.waitMs);
    });
    const pending = iterator.next();
    // Closing the stream after a timeout rejects the pending read; nobody waits for it any more.
    pending.catch(() => undefined);
    try {
      const result = await Promise.race([pending, timeout]);
      return result && !result.done ? result.value : undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(block: common.Block): void {
    const blockNumber = block.getHeader()?.getNumber() ?? -1;
    if (blockNumber === this.indexedUpTo) {
      for (const entry of block.getData()?.getDataList_asU8() ?? []) {
        const txId = txIdOfEnvelope(entry);
        if (txId && !this.txIndex.has(txId)) this.txIndex.set(txId, blockNumber);
      }
      this.indexedUpTo += 1;
    }
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(blockNumber, block);
  }
}
