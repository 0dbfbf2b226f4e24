import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { MemoryBlockSource } from '../trail/memory-block-source';
import type { BlockSource } from '../trail/block-source';
import { scanBlockSource, ScanRangeError } from './scan-ledger';
import { loadFabricSample } from './testing/fabric-samples';

describe('online integrity scans through a block source', () => {
  let blocks: common.Block[];

  before(async () => {
    blocks = await loadFabricSample();
  });

  it('scans the whole chain the source reports, or the range asked for', async () => {
    const whole = await scanBlockSource(new MemoryBlockSource(blocks, 'qscc of a peer'));
    expect(whole).to.include({ ok: true, blocks: 22, lastBlock: 21, source: 'qscc of a peer' });
    expect(whole.state).to.deep.equal({ performed: false, note: 'online scans check blocks only' });
    const firstFive = await scanBlockSource(new MemoryBlockSource(blocks), { last: 4 });
    expect(firstFive).to.include({ ok: true, blocks: 5, lastBlock: 4 });
  });

  it('reports a block whose header was replaced in transit', async () => {
    const served = blocks.map((block) => common.Block.deserializeBinary(block.serializeBinary()));
    served[6]?.getHeader()?.setPreviousHash(Buffer.alloc(32, 1));
    const report = await scanBlockSource(new MemoryBlockSource(served));
    expect(report.problems.map((problem) => [problem.kind, problem.blockNumber])).to.deep.equal([['broken-link', 6]]);
    expect(report.checkpoint?.blockNumber).to.equal(5);
  });

  it('needs the last block from a source that cannot tell the height, and reports a chain that ends early', async () => {
    const deliverLike: BlockSource = Object.assign(new MemoryBlockSource(blocks.slice(0, 3), 'Deliver'), { height: async () => undefined });
    await scanBlockSource(deliverLike).then(
      () => expect.fail('no height'),
      (error: Error) => expect(error).to.be.instanceOf(ScanRangeError),
    );
    const short: BlockSource = {
      ...deliverLike,
      description: 'Deliver',
      blocks: async function* () {
        for (const block of blocks.slice(0, 3)) yield block;
      },
    };
    const report = await scanBlockSource(short, { last: 5 });
    expect(report.problems[0]).to.include({ kind: 'unreadable-record', blockNumber: 3, message: 'Deliver delivered blocks only up to 2 of 5' });
  });
});
