import type { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '../protoutil/block';

/** Committed blocks by number: what the hash index reads. */
export interface CommittedBlocks {
  /** Number of fully committed blocks. */
  readonly height: number;
  getBlockByNumber(blockNum: number): Promise<common.Block>;
}

/**
 * Block header hash -> block number, for qscc GetBlockByHash (Fabric's block index keeps the same
 * mapping on disk). Built in memory on first use from the committed blocks and extended on a miss,
 * so the ledger's on-disk index format stays unchanged.
 */
export class BlockHashIndex {
  private readonly numbers = new Map<string, number>();
  private indexedHeight = 0;
  private catchingUp: Promise<void> | undefined;

  constructor(private readonly blocks: CommittedBlocks) {}

  /** The number of the committed block whose header hashes to `hash`, or undefined. */
  async blockNumberOf(hash: Uint8Array): Promise<number | undefined> {
    const key = Buffer.from(hash).toString('hex');
    while (!this.numbers.has(key) && this.indexedHeight < this.blocks.height) await this.catchUp();
    return this.numbers.get(key);
  }

  /** Indexes the blocks committed since the last catch-up; concurrent callers share one pass. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= this.indexNewBlocks().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private async indexNewBlocks(): Promise<void> {
    const height = this.blocks.height;
    for (let number = this.indexedHeight; number < height; number += 1) {
      const header = (await this.blocks.getBlockByNumber(number)).getHeader();
      if (header) this.numbers.set(Buffer.from(blockHeaderHash(header)).toString('hex'), number);
      this.indexedHeight = number + 1;
    }
  }
}
