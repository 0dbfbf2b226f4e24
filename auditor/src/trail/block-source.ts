import type { common } from '@hyperledger/fabric-protos';

/**
 * Where auditor tools read blocks from: qscc (GetBlockByNumber, GetBlockByTxID, GetChainInfo), the
 * Deliver service, or block files read offline. Blocks come as stored, metadata (validation codes)
 * included.
 */
export interface BlockSource {
  /** Human-readable origin, for reports. */
  readonly description: string;
  blockByNumber(blockNumber: number): Promise<common.Block>;
  /** The block holding a transaction. */
  blockByTxId(txId: string): Promise<common.Block>;
  /** Blocks from `first` to `last` inclusive, in order. */
  blocks(first: number, last: number): AsyncIterable<common.Block>;
  /** Number of blocks in the chain, when the source can tell. */
  height(): Promise<number | undefined>;
  close(): void;
}

export class BlockNotAvailableError extends Error {
  override name = 'BlockNotAvailableError';
}
