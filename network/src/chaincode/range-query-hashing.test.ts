import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { ledger } from '@hyperledger/fabric-protos';
import { RangeQueryResultsHelper } from './range-query-hashing';
import { kvRead } from './rwset-builder';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

function reads(count: number, offset = 0): ledger.rwset.kvrwset.KVRead[] {
  return Array.from({ length: count }, (_, i) => kvRead(`key${String(i + offset).padStart(5, '0')}`, { blockNum: 1, txNum: i + offset }));
}

/** Hash of one leaf: the serialized QueryReads of a chunk of reads, as Fabric's processPendingResults. */
function leafHash(chunk: ledger.rwset.kvrwset.KVRead[]): Buffer {
  const queryReads = new ledger.rwset.kvrwset.QueryReads();
  queryReads.setKvReadsList(chunk);
  return sha256(queryReads.serializeBinary());
}

function feed(helper: RangeQueryResultsHelper, all: ledger.rwset.kvrwset.KVRead[]): void {
  for (const read of all) helper.addResult(read);
}

describe('RangeQueryResultsHelper (Fabric query reads hashing, maxDegree 50)', () => {
  it('keeps up to 50 results as raw reads', () => {
    const helper = new RangeQueryResultsHelper();
    const all = reads(50);
    feed(helper, all);
    const outcome = helper.done();
    expect(outcome.merkleSummary).to.equal(undefined);
    expect(outcome.rawReads?.map((read) => read.getKey())).to.deep.equal(all.map((read) => read.getKey()));
  });

  it('reports no raw reads at all for an empty range', () => {
    const outcome = new RangeQueryResultsHelper().done();
    expect(outcome.rawReads).to.equal(undefined);
    expect(outcome.merkleSummary).to.equal(undefined);
  });

  it('hashes the 51st result into a one-leaf tree', () => {
    const helper = new RangeQueryResultsHelper();
    const all = reads(51);
    feed(helper, all);
    const outcome = helper.done();
    expect(outcome.rawReads).to.equal(undefined);
    expect(outcome.merkleSummary?.maxDegree).to.equal(50);
    expect(outcome.merkleSummary?.maxLevel).to.equal(1);
    expect(outcome.merkleSummary?.maxLevelHashes.map((h) => Buffer.from(h).toString('hex'))).to.deep.equal([leafHash(all).toString('hex')]);
  });

  it('folds a trailing partial chunk into the top level', () => {
    const helper = new RangeQueryResultsHelper();
    const all = reads(60);
    feed(helper, all);
    const summary = helper.done().merkleSummary;
    expect(summary?.maxLevel).to.equal(1);
    expect(summary?.maxLevelHashes.map((h) => Buffer.from(h).toString('hex'))).to.deep.equal([
      leafHash(all.slice(0, 51)).toString('hex'),
      leafHash(all.slice(51)).toString('hex'),
    ]);
  });

  it('collapses 51 leaves into a level-2 hash and lifts the last leaf to level 2', () => {
    const helper = new RangeQueryResultsHelper();
    const all = reads(51 * 51 + 1);
    feed(helper, all);
    const leaves = Array.from({ length: 51 }, (_, i) => leafHash(all.slice(i * 51, (i + 1) * 51)));
    const summary = helper.done().merkleSummary;
    expect(summary?.maxLevel).to.equal(2);
    expect(summary?.maxLevelHashes.map((h) => Buffer.from(h).toString('hex'))).to.deep.equal([
      sha256(Buffer.concat(leaves)).toString('hex'),
      leafHash(all.slice(51 * 51)).toString('hex'),
    ]);
  });
});
