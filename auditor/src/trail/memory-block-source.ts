import type { common } from '@hyperledger/fabric-protos';
import { BlockNotAvailableError, type BlockSource } from './block-source';
import { findTransaction } from './envelope-ids';

/** Blocks already in memory (read from block files offline, or fetched earlier). */
export class MemoryBlockSource implements BlockSource {
  private readonly byNumber = new Map<number, common.Block>();

  constructor(
    blocks: Iterable<common.Block>,
    readonly description = 'blocks in memory',
  ) {
    for (const block of blocks) this.byNumber.set(block.getHeader()?.getNumber() ?? -1, block);
  }

  async blockByNumber(blockNumber: number): Promise<common.Block> {
    const block = this.byNumber.get(blockNumber);
    if (!block) throw new BlockNotAvailableError(`block ${blockNumber} is not in ${this.description}`);
    return block;
  }

  async blockByTxId(txId: string): Promise<common.Block> {
    for (const block of this.byNumber.values()) if (findTransaction(block, txId) >= 0) return block;
    throw new BlockNotAvailableError(`transaction ${txId} is not in ${this.description}`);
  }

  async *blocks(first: number, last: number): AsyncGenerator<common.Block> {
    for (let blockNumber = first; blockNumber <= last; blockNumber += 1) yield await this.blockByNumber(blockNumber);
  }

  async height(): Promise<number> {
    let height = 0;
    while (this.byNumber.has(height)) height += 1;
    return height;
  }

  close(): void {}
}
