import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { ledger } from '@hyperledger/fabric-protos';
import { decodeTxPvtRwSet, decodeTxRwSet } from '../protoutil/transaction';
import { RwSetBuilder } from './rwset-builder';

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function built(builder: RwSetBuilder) {
  const { publicRwSet, privateRwSet } = builder.build();
  return {
    publicRwSet,
    pub: decodeTxRwSet(publicRwSet.serializeBinary()),
    pvt: privateRwSet ? decodeTxPvtRwSet(privateRwSet.serializeBinary()) : undefined,
  };
}

describe('RwSetBuilder (Fabric rwset_builder.go)', () => {
  it('sorts namespaces and keys by UTF-8 bytes, not UTF-16 code units', () => {
    const builder = new RwSetBuilder();
    // U+FFFD sorts before U+10000 in UTF-8, after it in UTF-16.
    builder.addWrite('mobility', '\u{10000}', Buffer.from('a'));
    builder.addWrite('mobility', '\uFFFD', Buffer.from('b'));
    builder.addRead('mobility', 'b', { blockNum: 2, txNum: 0 });
    builder.addRead('mobility', 'a', undefined);
    builder.addRead('_lifecycle', 'namespaces/fields/mobility/Sequence', { blockNum: 0, txNum: 0 });
    const { pub, publicRwSet } = built(builder);
    expect(publicRwSet.getDataModel()).to.equal(ledger.rwset.TxReadWriteSet.DataModel.KV);
    expect(pub.nsRwSets.map((ns) => ns.namespace)).to.deep.equal(['_lifecycle', 'mobility']);
    const mobility = pub.nsRwSets[1]!.kvRwSet;
    expect(mobility.writes.map((w) => w.key)).to.deep.equal(['\uFFFD', '\u{10000}']);
    expect(mobility.reads).to.deep.equal([
      { key: 'a', version: undefined },
      { key: 'b', version: { blockNum: 2, txNum: 0 } },
    ]);
    // A (0,0) version is still present on the wire, unlike a missing key.
    expect(pub.nsRwSets[0]!.kvRwSet.reads[0]!.version).to.deep.equal({ blockNum: 0, txNum: 0 });
  });

  it('keeps one read and one write per key, the last one recorded', () => {
    const builder = new RwSetBuilder();
    builder.addRead('mobility', 'k', { blockNum: 1, txNum: 0 });
    builder.addRead('mobility', 'k', { blockNum: 1, txNum: 0 });
    builder.addWrite('mobility', 'k', Buffer.from('first'));
    builder.addWrite('mobility', 'k', Buffer.from('second'));
    const kv = built(builder).pub.nsRwSets[0]!.kvRwSet;
    expect(kv.reads).to.have.length(1);
    expect(kv.writes.map((w) => Buffer.from(w.value).toString())).to.deep.equal(['second']);
  });

  it('treats an empty value as a delete, like newKVWrite', () => {
    const builder = new RwSetBuilder();
    builder.addWrite('mobility', 'gone', new Uint8Array());
    builder.addWrite('mobility', 'also-gone', undefined);
    const writes = built(builder).pub.nsRwSets[0]!.kvRwSet.writes;
    expect(writes.map((w) => [w.key, w.isDelete, w.value.length])).to.deep.equal([
      ['also-gone', true, 0],
      ['gone', true, 0],
    ]);
  });

  it('sorts metadata entries by name; no entries means delete', () => {
    const builder = new RwSetBuilder();
    builder.addMetadataWrite('mobility', 'k', new Map([['b', Buffer.from('2')], ['VALIDATION_PARAMETER', Buffer.from('1')]]));
    builder.addMetadataWrite('mobility', 'j', undefined);
    const metadataWrites = built(builder).pub.nsRwSets[0]!.kvRwSet.metadataWrites;
    expect(metadataWrites.map((w) => [w.key, w.entries.map((e) => e.name)])).to.deep.equal([
      ['j', []],
      ['k', ['VALIDATION_PARAMETER', 'b']],
    ]);
  });

  it('hashes private writes into the public set and links the private set by its SHA-256', () => {
    const builder = new RwSetBuilder();
    builder.addPrivateWrite('mobility', 'oemPrivate', 'vin-2', Buffer.from('secret'));
    builder.addPrivateWrite('mobility', 'oemPrivate', 'vin-1', undefined);
    builder.addPrivateWrite('mobility', 'oemPrivate', 'vin-3', undefined, true);
    builder.addPrivateMetadataWrite('mobility', 'oemPrivate', 'vin-2', new Map([['VALIDATION_PARAMETER', Buffer.from('p')]]));
    const { pub, pvt } = built(builder);
    const collection = pub.nsRwSets[0]!.collHashedRwSets[0]!;
    expect(collection.collectionName).to.equal('oemPrivate');
    expect(collection.hashedRwSet.hashedWrites.map((w) => [hex(w.keyHash), w.isDelete, hex(w.valueHash), w.isPurge])).to.deep.equal([
      [sha256('vin-1').toString('hex'), true, '', false],
      [sha256('vin-2').toString('hex'), false, sha256('secret').toString('hex'), false],
      [sha256('vin-3').toString('hex'), true, '', true],
    ]);
    expect(collection.hashedRwSet.metadataWrites.map((w) => hex(w.keyHash))).to.deep.equal([sha256('vin-2').toString('hex')]);

    const pvtCollection = pvt!.nsPvtRwSets[0]!.collPvtRwSets[0]!;
    expect(pvtCollection.kvRwSet.writes.map((w) => [w.key, w.isDelete])).to.deep.equal([
      ['vin-1', true],
      ['vin-2', false],
      ['vin-3', true],
    ]);
    expect(pvtCollection.kvRwSet.metadataWrites).to.deep.equal([{ key: 'vin-2', entries: [] }]);
    expect(hex(collection.pvtRwSetHash)).to.equal(sha256(pvtCollection.rwsetBytes).toString('hex'));
  });

  it('sorts hashed reads by the plain key, not by its hash, and has no private set for reads only', () => {
    const builder = new RwSetBuilder();
    const keys = ['b', 'a', 'c'];
    for (const key of keys) builder.addHashedRead('mobility', 'oemPrivate', key, { blockNum: 3, txNum: 1 });
    const { pub, pvt } = built(builder);
    expect(pvt).to.equal(undefined);
    const reads = pub.nsRwSets[0]!.collHashedRwSets[0]!.hashedRwSet.hashedReads;
    expect(reads.map((r) => hex(r.keyHash))).to.deep.equal(['a', 'b', 'c'].map((key) => sha256(key).toString('hex')));
    expect(pub.nsRwSets[0]!.collHashedRwSets[0]!.pvtRwSetHash).to.have.length(0);
  });
});
