import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { loadFabricSample } from '../integrity/testing/fabric-samples';
import { BlockNotAvailableError } from './block-source';
import { DeliverBlockSource } from './deliver-block-source';
import { txIdOfEnvelope } from './envelope-ids';
import type { BlockEventsNetwork, ClosableBlockStream, EvaluatingContract } from './gateway-ports';
import { MemoryBlockSource } from './memory-block-source';
import { QsccBlockSource } from './qscc-block-source';

/** A peer's qscc as Fabric defines its arguments, answering from blocks in memory. */
class SampleQscc implements EvaluatingContract {
  readonly calls: string[][] = [];
  constructor(private readonly blocks: readonly common.Block[]) {}

  async evaluateTransaction(name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array> {
    const [channel, arg] = args.map(String);
    this.calls.push([name, ...args.map(String)]);
    if (channel !== 'mychannel') throw new Error(`channel ${channel} not found`);
    const source = new MemoryBlockSource(this.blocks);
    switch (name) {
      case 'GetChainInfo': {
        const info = new common.BlockchainInfo();
        info.setHeight(this.blocks.length);
        return info.serializeBinary();
      }
      case 'GetBlockByNumber':
        if (!/^\d+$/.test(arg ?? '')) throw new Error('block number must be a decimal string');
        return (await source.blockByNumber(Number(arg))).serializeBinary();
      case 'GetBlockByTxID':
        return (await source.blockByTxId(arg ?? '')).serializeBinary();
      default:
        throw new Error(`unknown qscc function ${name}`);
    }
  }
}

/** Deliver as a peer serves it: from the start block on, then waiting for blocks that never come. */
class SampleDeliver implements BlockEventsNetwork {
  readonly starts: number[] = [];
  closed = 0;
  constructor(private readonly blocks: readonly common.Block[]) {}

  async getBlockEvents(options: { startBlock?: bigint } = {}): Promise<ClosableBlockStream> {
    const start = Number(options.startBlock ?? 0n);
    this.starts.push(start);
    const blocks = this.blocks.slice(start);
    let closed = false;
    const countClose = (): void => {
      this.closed += 1;
    };
    return {
      close: () => {
        closed = true;
        countClose();
      },
      async *[Symbol.asyncIterator]() {
        for (const block of blocks) {
          if (closed) return;
          yield block;
        }
        await new Promise(() => undefined); // the chain end: Deliver waits for the next block
      },
    };
  }
}

describe('block sources', () => {
  let blocks: common.Block[];
  const txIdOf = (blockNumber: number) => txIdOfEnvelope(blocks[blockNumber]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array()) ?? '';

  before(async () => {
    blocks = await loadFabricSample();
  });

  it('qscc: asks GetBlockByNumber / GetBlockByTxID / GetChainInfo with the channel first', async () => {
    const qscc = new SampleQscc(blocks);
    const source = new QsccBlockSource(qscc, 'mychannel');
    expect((await source.blockByNumber(3)).getHeader()?.getNumber()).to.equal(3);
    expect((await source.blockByTxId(txIdOf(5))).getHeader()?.getNumber()).to.equal(5);
    expect(await source.height()).to.equal(22);
    const numbers: number[] = [];
    for await (const block of source.blocks(2, 4)) numbers.push(block.getHeader()?.getNumber() ?? -1);
    expect(numbers).to.deep.equal([2, 3, 4]);
    expect(qscc.calls.slice(0, 3)).to.deep.equal([
      ['GetBlockByNumber', 'mychannel', '3'],
      ['GetBlockByTxID', 'mychannel', txIdOf(5)],
      ['GetChainInfo', 'mychannel'],
    ]);
    expect(qscc.calls.filter(([name]) => name === 'GetBlockByNumber'), 'block 3 came from the cache').to.have.length(3);
    const wrongChannel = new QsccBlockSource(qscc, 'other');
    const error = await wrongChannel.blockByNumber(1).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(BlockNotAvailableError);
  });

  it('deliver: reads ranges from a start block, finds transactions by reading forward, closes its streams', async () => {
    const deliver = new SampleDeliver(blocks);
    const source = new DeliverBlockSource(deliver, { waitMs: 200 });
    expect((await source.blockByTxId(txIdOf(6))).getHeader()?.getNumber()).to.equal(6);
    expect((await source.blockByTxId(txIdOf(2))).getHeader()?.getNumber(), 'found in the index built on the way').to.equal(2);
    const numbers: number[] = [];
    for await (const block of source.blocks(5, 7)) numbers.push(block.getHeader()?.getNumber() ?? -1);
    expect(numbers).to.deep.equal([5, 6, 7]);
    expect(deliver.starts).to.deep.equal([0, 5]);
    const missing = await source.blockByTxId('f'.repeat(64)).catch((caught: unknown) => caught);
    expect((missing as Error).message).to.match(/is not in blocks 0-21/);
    expect((await source.blockByNumber(23).catch((caught: unknown) => caught)) as Error).to.be.instanceOf(BlockNotAvailableError);
    expect(deliver.closed).to.equal(deliver.starts.length);
  });
});
