/**
 * Turns ordered batches into signed, chained blocks (Fabric's BlockWriter.CreateNextBlock + commitBlock).
 * It only knows the chain tip, so it can resume from any height after a restart.
 */
import type { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash, newBlock, setBlockData } from '../protoutil/block';
import { type BlockSigner, lastConfigIndexOf, signBlock } from './block-signature';

/** Where the chain stands: the next block number and the header hash of the block before it. */
export interface ChainTip {
  /** Number of blocks in the chain (= number of the next block). */
  readonly height: number;
  /** blockHeaderHash of block height-1. */
  readonly lastBlockHash: Uint8Array;
  /** Newest config block number (0 while the genesis block is the only config block). */
  readonly lastConfigIndex: number;
}

export interface BlockWriterOptions {
  readonly signer: BlockSigner;
  readonly tip: ChainTip;
  /** Consensus-specific metadata to embed in each block's OrdererBlockMetadata; none for solo. */
  readonly consenterMetadata?: (blockNumber: number) => Uint8Array;
}

export class BlockWriter {
  private tipState: ChainTip;

  constructor(private readonly options: BlockWriterOptions) {
    if (options.tip.height < 1) throw new RangeError('the chain must contain at least the genesis block');
    this.tipState = { ...options.tip, lastBlockHash: Uint8Array.from(options.tip.lastBlockHash) };
  }

  get tip(): ChainTip {
    return this.tipState;
  }

  /** Builds, signs and appends (to the tip) the next block holding these serialized envelopes. */
  writeBlock(envelopes: readonly Uint8Array[]): common.Block {
    if (envelopes.length === 0) throw new RangeError('a block needs at least one envelope');
    const number = this.tipState.height;
    const block = newBlock(number, this.tipState.lastBlockHash);
    setBlockData(block, envelopes);
    signBlock(block, this.options.signer, {
      lastConfigIndex: this.tipState.lastConfigIndex,
      consenterMetadata: this.options.consenterMetadata?.(number),
    });
    this.tipState = {
      height: number + 1,
      lastBlockHash: blockHeaderHash(block.getHeader() as common.BlockHeader),
      lastConfigIndex: this.tipState.lastConfigIndex,
    };
    return block;
  }
}

/** The tip after a stored block, e.g. the last block read back from the ledger on restart. */
export function tipAfter(block: common.Block): ChainTip {
  const header = block.getHeader();
  if (!header) throw new TypeError('block has no header');
  return { height: header.getNumber() + 1, lastBlockHash: blockHeaderHash(header), lastConfigIndex: lastConfigIndexOf(block) };
}
