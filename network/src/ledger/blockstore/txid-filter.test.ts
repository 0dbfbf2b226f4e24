import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { TxIdFilter } from './txid-filter';

const txIdOf = (n: number): string => createHash('sha256').update(`tx-${n}`).digest('hex');

describe('TxIdFilter', () => {
  it('never forgets a txID, across filter layers, and rarely claims one it never saw', () => {
    const filter = new TxIdFilter();
    const stored = 200_000; // beyond the first layers' capacity
    for (let n = 0; n < stored; n++) filter.add(txIdOf(n));
    for (let n = 0; n < stored; n++) {
      if (!filter.mightContain(txIdOf(n))) expect.fail(`forgot txID #${n}`);
    }
    let falsePositives = 0;
    const probes = 20_000;
    for (let n = stored; n < stored + probes; n++) if (filter.mightContain(txIdOf(n))) falsePositives += 1;
    // Each layer is sized for 1%; with several layers the union stays within a few percent.
    expect(falsePositives / probes).to.be.lessThan(0.04);
    expect(filter.mightContain('')).to.equal(false);
  });

  it('remembers the first location of a recent txID, never a later duplicate', () => {
    const filter = new TxIdFilter();
    filter.add('a', { blockNum: 3, txNum: 1, validationCode: 11 });
    filter.add('a', { blockNum: 9, txNum: 0, validationCode: 0 });
    expect(filter.recentLocation('a')).to.deep.equal({ blockNum: 3, txNum: 1, validationCode: 11 });
    // Added without a location (as when rebuilt from the index), a later occurrence is not taken for the first.
    filter.add('b');
    filter.add('b', { blockNum: 12, txNum: 0, validationCode: 0 });
    expect(filter.recentLocation('b')).to.equal(undefined);
    expect(filter.mightContain('b')).to.equal(true);
  });
});
