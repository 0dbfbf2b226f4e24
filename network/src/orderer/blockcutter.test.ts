import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { type BatchConfig, BatchConfigError, BlockCutter, MessageTooLargeError, batchConfigFrom } from './blockcutter';

interface Message {
  readonly id: string;
  readonly size: number;
}

const config: BatchConfig = { maxMessageCount: 3, absoluteMaxBytes: 1000, preferredMaxBytes: 100, batchTimeoutMs: 50 };
const message = (id: string, size = 10): Message => ({ id, size });
const ids = (batches: Message[][]): string[][] => batches.map((batch) => batch.map((entry) => entry.id));

describe('orderer/blockcutter', () => {
  it('keeps messages pending until MaxMessageCount is reached', () => {
    const cutter = new BlockCutter<Message>(config);
    expect(cutter.ordered(message('a'))).to.deep.equal({ batches: [], pending: true });
    expect(cutter.ordered(message('b'))).to.deep.equal({ batches: [], pending: true });
    const third = cutter.ordered(message('c'));
    expect(ids(third.batches)).to.deep.equal([['a', 'b', 'c']]);
    expect(third.pending).to.equal(false);
    expect(cutter.pendingCount).to.equal(0);
  });

  it('cuts the pending batch before a message that would push it over PreferredMaxBytes', () => {
    const cutter = new BlockCutter<Message>(config);
    cutter.ordered(message('a', 40));
    cutter.ordered(message('b', 40));
    const result = cutter.ordered(message('c', 30));
    expect(ids(result.batches)).to.deep.equal([['a', 'b']]);
    expect(result.pending).to.equal(true);
    expect(ids([cutter.cut()])).to.deep.equal([['c']]);
  });

  it('lets a batch fill exactly up to PreferredMaxBytes', () => {
    const cutter = new BlockCutter<Message>(config);
    cutter.ordered(message('a', 60));
    expect(cutter.ordered(message('b', 40))).to.deep.include({ batches: [], pending: true });
    expect(cutter.ordered(message('c', 100)).batches.map((batch) => batch.length)).to.deep.equal([2]);
  });

  it('isolates a message larger than PreferredMaxBytes after cutting what is pending', () => {
    const cutter = new BlockCutter<Message>(config);
    cutter.ordered(message('a'));
    const result = cutter.ordered(message('big', 150));
    expect(ids(result.batches)).to.deep.equal([['a'], ['big']]);
    expect(result.pending).to.equal(false);

    const alone = cutter.ordered(message('big2', 101));
    expect(ids(alone.batches)).to.deep.equal([['big2']]);
    expect(alone.pending).to.equal(false);
  });

  it('rejects a message larger than AbsoluteMaxBytes with Fabric\'s message', () => {
    const cutter = new BlockCutter<Message>(config);
    cutter.ordered(message('a'));
    expect(() => cutter.ordered(message('huge', 1001)))
      .to.throw(MessageTooLargeError)
      .with.property('message', 'message payload is 1001 bytes and exceeds maximum allowed 1000 bytes');
    expect(cutter.pendingCount).to.equal(1);
  });

  it('returns an empty batch when cutting with nothing pending', () => {
    expect(new BlockCutter<Message>(config).cut()).to.deep.equal([]);
  });

  describe('batchConfigFrom', () => {
    it('takes the consortium batch settings with overrides', () => {
      expect(batchConfigFrom(consortium.batch)).to.deep.equal({
        maxMessageCount: 500,
        absoluteMaxBytes: 10 * 1024 * 1024,
        preferredMaxBytes: 2 * 1024 * 1024,
        batchTimeoutMs: 2000,
      });
      expect(batchConfigFrom(consortium.batch, { batchTimeoutMs: 20, maxMessageCount: 2 })).to.include({ batchTimeoutMs: 20, maxMessageCount: 2, preferredMaxBytes: 2 * 1024 * 1024 });
    });

    it('rejects settings Fabric would not accept', () => {
      expect(() => batchConfigFrom(consortium.batch, { maxMessageCount: 0 })).to.throw(BatchConfigError);
      expect(() => batchConfigFrom(consortium.batch, { preferredMaxBytes: 20 * 1024 * 1024 })).to.throw(BatchConfigError);
      expect(() => batchConfigFrom(consortium.batch, { batchTimeoutMs: 1.5 })).to.throw(BatchConfigError);
    });
  });
});
