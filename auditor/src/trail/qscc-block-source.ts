/**
 * Blocks through the query system chaincode, as Fabric 2.5 defines it (core/scc/qscc/query.go):
 * qscc functions take the channel name, then the block number as a decimal string or the txID, and
 * return a serialized common.Block (GetBlockByNumber, GetBlockByTxID) or common.BlockchainInfo
 * (GetChainInfo).
 */
import { common } from '@hyperledger/fabric-protos';
import { BlockNotAvailableError, type BlockSource } from './block-source';
import type { EvaluatingContract } from './gateway-ports';

export const QSCC = 'qscc';

export class QsccBlockSource implements BlockSource {
  readonly description: string;
  private readonly cache = new Map<number, common.Block>();

  /** `qscc`: the gateway contract of chaincode 'qscc' (network.getContract('qscc')). */
  constructor(
    private readonly qscc: EvaluatingContract,
    private readonly channel: string,
    private readonly cacheSize = 256,
  ) {
    this.description = `qscc on channel ${channel}`;
  }

  async blockByNumber(blockNumber: number): Promise<common.Block> {
    const cached = this.cache.get(blockNumber);
    if (cached) return cached;
    return this.remember(await this.query('GetBlockByNumber', String(blockNumber), `block ${blockNumber}`));
  }

  async blockByTxId(txId: string): Promise<common.Block> {
    return this.remember(await this.query('GetBlockByTxID', txId, `the block of transaction ${txId}`));
  }

  async *blocks(first: number, last: number): AsyncGenerator<common.Block> {
    for (let blockNumber = first; blockNumber <= last; blockNumber += 1) yield await this.blockByNumber(blockNumber);
  }

  async height(): Promise<number> {
    const bytes = await this.qscc.evaluateTransaction('GetChainInfo', this.channel);
    return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
  }

  /** GetChainInfo's current block hash: the header hash of the newest block, a checkpoint to record. */
  async chainInfo(): Promise<{ height: number; currentBlockHash: Buffer }> {
    const info = common.BlockchainInfo.deserializeBinary(await this.qscc.evaluateTransaction('GetChainInfo', this.channel));
    return { height: info.getHeight(), currentBlockHash: Buffer.from(info.getCurrentblockhash_asU8()) };
  }

  close(): void {
    this.cache.clear();
  }

  private async query(fn: string, arg: string, what: string): Promise<common.Block> {
    let bytes: Uint8Array;
    try {
      bytes = await this.qscc.evaluateTransaction(fn, this.channel, arg);
    } catch (error) {
      throw new BlockNotAvailableError(`${this.description}: ${fn} for ${what} failed: ${(error as Error).message}`);
    }
    return common.Block.deserializeBinary(bytes);
  }

  private remember(block: common.Block): common.Block {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(block.getHeader()?.getNumber() ?? -1, block);
    return block;
  }
}
