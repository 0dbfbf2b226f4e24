import { expect } from 'chai';
import { PublicStateCache } from './public-state-cache';

const value = (text: string, blockNum: number) => ({ value: Buffer.from(text), version: { blockNum, txNum: 0 }, metadata: undefined });

describe('PublicStateCache', () => {
  it('answers a height only with what held at that height: fills from the current height, writes from the next', () => {
    const cache = new PublicStateCache();
    cache.fill('ns', 'a', 5, value('A', 3));
    cache.fill('ns', 'gone', 5, undefined);
    expect(cache.lookup('ns', 'a', 5)?.value?.value.toString()).to.equal('A');
    expect(cache.lookup('ns', 'a', 4), 'a fill says nothing about older heights').to.equal(undefined);
    expect(cache.lookup('ns', 'gone', 5), 'known absent').to.not.equal(undefined);
    expect(cache.lookup('ns', 'gone', 5)?.value).to.equal(undefined);

    cache.applyBlock([{ namespace: 'ns', key: 'a', value: Buffer.from('A2'), metadata: undefined, version: { blockNum: 5, txNum: 1 } }, { namespace: 'ns', key: 'gone', value: null, metadata: undefined, version: { blockNum: 5, txNum: 2 } }], 6);
    expect(cache.lookup('ns', 'a', 5), 'height 5 must read its snapshot').to.equal(undefined);
    expect(cache.lookup('ns', 'a', 6)?.value?.version).to.deep.equal({ blockNum: 5, txNum: 1 });
    expect(cache.lookup('ns', 'gone', 6)?.value).to.equal(undefined);
    expect(cache.lookup('ns', 'gone', 6)).to.not.equal(undefined);

    cache.fill('ns', 'a', 6, value('stale', 1));
    expect(cache.lookup('ns', 'a', 6)?.value?.value.toString(), 'a fill never replaces what is known').to.equal('A2');
  });

  it('stays within its byte budget, forgetting the oldest entries', () => {
    const cache = new PublicStateCache(2_000);
    for (let i = 0; i < 50; i++) cache.fill('ns', `k${i}`, 1, value('x'.repeat(100), 0));
    expect(cache.size).to.be.lessThan(10);
    expect(cache.lookup('ns', 'k49', 1)).to.not.equal(undefined);
    expect(cache.lookup('ns', 'k0', 1)).to.equal(undefined);
  });
});
