import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { decodeTxPvtRwSet, decodeTxRwSet, type NsRwSet } from '../protoutil/transaction';
import { CollectionRegistry } from './collections';
import { SimulationError, CollectionAccessError } from './errors';
import { lifecycleFieldKey, lifecycleMetadataKey, readDefinition, type RecordingGet } from './lifecycle-reads';
import { InMemoryState } from './testing/in-memory-state';
import { TxSimulator, type CollectionLookup } from './tx-simulator';

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
const v = (blockNum: number, txNum = 0) => ({ version: { blockNum, txNum } });
const text = (bytes: Uint8Array | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString() : undefined);

const registry = new CollectionRegistry(consortium.chaincode.collections, consortium.peerOrgs.map((org) => org.mspId));
const lookup: CollectionLookup = {
  async collectionsOf(namespace: string, get: RecordingGet) {
    await readDefinition(get, namespace);
    return namespace === 'mobility' ? registry : undefined;
  },
};

async function simulator(state: InMemoryState, txId = 'tx1'): Promise<TxSimulator> {
  return TxSimulator.open({ txId, state, collections: lookup });
}

function namespaceOf(sim: TxSimulator, namespace: string): NsRwSet | undefined {
  return decodeTxRwSet(sim.results().publicRwSet.serializeBinary()).nsRwSets.find((ns) => ns.namespace === namespace);
}

async function drain(iterator: { next(): Promise<unknown> }): Promise<number> {
  let count = 0;
  while ((await iterator.next()) !== undefined) count += 1;
  return count;
}

describe('TxSimulator (Fabric txmgr semantics)', () => {
  let state: InMemoryState;

  beforeEach(() => {
    state = new InMemoryState();
    state.put('mobility', 'a', 'A1', v(1));
    state.put('mobility', 'b', 'B1', v(2, 3));
  });

  it('records each read once with its committed version, and missing keys without a version', async () => {
    const sim = await simulator(state);
    expect(text(await sim.getState('mobility', 'a'))).to.equal('A1');
    expect(text(await sim.getState('mobility', 'a'))).to.equal('A1');
    expect(await sim.getState('mobility', 'missing')).to.equal(undefined);
    const ns = namespaceOf(sim, 'mobility');
    expect(ns?.kvRwSet.reads).to.deep.equal([
      { key: 'a', version: { blockNum: 1, txNum: 0 } },
      { key: 'missing', version: undefined },
    ]);
  });

  it('does not show a transaction its own writes', async () => {
    const sim = await simulator(state);
    await sim.setState('mobility', 'a', Buffer.from('A2'));
    await sim.setState('mobility', 'new', Buffer.from('N'));
    expect(text(await sim.getState('mobility', 'a'))).to.equal('A1');
    expect(await sim.getState('mobility', 'new')).to.equal(undefined);
    const ns = namespaceOf(sim, 'mobility');
    expect(ns?.kvRwSet.writes.map((w) => [w.key, text(w.value)])).to.deep.equal([
      ['a', 'A2'],
      ['new', 'N'],
    ]);
  });

  it('records an exhausted range with every key read, for phantom detection', async () => {
    state.put('mobility', 'c', 'C1', v(3));
    const sim = await simulator(state);
    expect(await drain(sim.getStateRange('mobility', 'a', 'c'))).to.equal(2);
    const [info] = namespaceOf(sim, 'mobility')!.kvRwSet.rangeQueriesInfo;
    expect(info).to.deep.include({ startKey: 'a', endKey: 'c', itrExhausted: true, readsMerkleHashes: undefined });
    expect(info?.rawReads).to.deep.equal([
      { key: 'a', version: { blockNum: 1, txNum: 0 } },
      { key: 'b', version: { blockNum: 2, txNum: 3 } },
    ]);
  });

  it('ends an abandoned range at the last key handed out', async () => {
    const sim = await simulator(state);
    const iterator = sim.getStateRange('mobility', '', '');
    await iterator.next();
    await iterator.close();
    const [info] = namespaceOf(sim, 'mobility')!.kvRwSet.rangeQueriesInfo;
    expect(info).to.deep.include({ startKey: '', endKey: 'a', itrExhausted: false });
    expect(info?.rawReads?.map((read) => read.key)).to.deep.equal(['a']);
  });

  it('allows no writes after a paginated query, and no paginated query after a write', async () => {
    const reader = await simulator(state);
    reader.getStateRangeWithPagination('mobility', '', '', 1);
    await expectRejection(reader.setState('mobility', 'x', Buffer.from('1')), SimulationError, 'already performed a paginated query');
    const writer = await simulator(state);
    await writer.setState('mobility', 'x', Buffer.from('1'));
    expect(() => writer.getStateRangeWithPagination('mobility', '', '', 1)).to.throw(SimulationError, 'supported only in a read-only transaction');
  });

  it('answers rich queries with the LevelDB error', async () => {
    const sim = await simulator(state);
    expect(() => sim.executeQuery('mobility', '{}')).to.throw(SimulationError, 'ExecuteQuery not supported for leveldb');
  });

  describe('private data', () => {
    beforeEach(() => {
      state.put('_lifecycle', lifecycleMetadataKey('mobility'), 'definition', v(0));
      for (const field of ['Sequence', 'EndorsementInfo', 'ValidationInfo', 'Collections']) {
        state.put('_lifecycle', lifecycleFieldKey('mobility', field), field, v(0));
      }
      state.putPrivate('mobility', 'oemPrivate', 'vin', 'secret', { ...v(4, 1) });
      state.putPrivate('mobility', 'oemPrivate', 'other-org', 'hidden', { ...v(5), storePrivate: false });
    });

    it('reads private data as a hashed read and records the chaincode definition reads', async () => {
      const sim = await simulator(state);
      expect(text(await sim.getPrivateData('mobility', 'oemPrivate', 'vin'))).to.equal('secret');
      const { publicRwSet, privateRwSet } = sim.results();
      const pub = decodeTxRwSet(publicRwSet.serializeBinary());
      expect(privateRwSet).to.equal(undefined);
      expect(pub.nsRwSets.map((ns) => ns.namespace)).to.deep.equal(['_lifecycle', 'mobility']);
      expect(pub.nsRwSets[0]!.kvRwSet.reads.map((read) => read.key)).to.deep.equal([
        'namespaces/fields/mobility/Collections',
        'namespaces/fields/mobility/EndorsementInfo',
        'namespaces/fields/mobility/Sequence',
        'namespaces/fields/mobility/ValidationInfo',
        'namespaces/metadata/mobility',
      ]);
      const hashed = pub.nsRwSets[1]!.collHashedRwSets[0]!.hashedRwSet;
      expect(hashed.hashedReads.map((read) => [Buffer.from(read.keyHash).toString('hex'), read.version])).to.deep.equal([
        [sha256('vin').toString('hex'), { blockNum: 4, txNum: 1 }],
      ]);
    });

    it('fails like Fabric when this org has not got the private value matching the hash', async () => {
      const sim = await simulator(state);
      await expectRejection(
        sim.getPrivateData('mobility', 'oemPrivate', 'other-org'),
        SimulationError,
        'private data matching public hash version is not available. Public hash version = {BlockNum: 5, TxNum: 0}, Private data version = <nil>',
      );
    });

    it('gives the value hash to anyone', async () => {
      const sim = await simulator(state);
      const hash = await sim.getPrivateDataHash('mobility', 'oemPrivate', 'other-org');
      expect(Buffer.from(hash!).toString('hex')).to.equal(sha256('hidden').toString('hex'));
    });

    it('refuses unknown collections', async () => {
      const sim = await simulator(state);
      await expectRejection(
        sim.setPrivateData('mobility', 'nope', 'k', Buffer.from('v')),
        CollectionAccessError,
        'collection [nope] not defined in the collection config for chaincode [mobility]',
      );
    });

    it('allows private range queries only in read-only transactions', async () => {
      const sim = await simulator(state);
      const iterator = await sim.getPrivateDataRange('mobility', 'oemPrivate', '', '');
      expect(await drain(iterator)).to.equal(1);
      await expectRejection(sim.setState('mobility', 'x', Buffer.from('1')), SimulationError, 'already performed queries on pvt data');
    });

    it('returns the private write set separately and hashes it into the public one', async () => {
      const sim = await simulator(state);
      await sim.setPrivateData('mobility', '_implicit_org_AuditMSP', 'note', Buffer.from('n'));
      const { publicRwSet, privateRwSet } = sim.results();
      const pvt = decodeTxPvtRwSet(privateRwSet!.serializeBinary());
      const collection = pvt.nsPvtRwSets[0]!.collPvtRwSets[0]!;
      expect(collection.collectionName).to.equal('_implicit_org_AuditMSP');
      const hashed = decodeTxRwSet(publicRwSet.serializeBinary()).nsRwSets.find((ns) => ns.namespace === 'mobility')!.collHashedRwSets[0]!;
      expect(Buffer.from(hashed.pvtRwSetHash).toString('hex')).to.equal(sha256(collection.rwsetBytes).toString('hex'));
    });
  });

  it('refuses use after done() and releases the simulation lock', async () => {
    let locked = 0;
    const lockingState = Object.assign(state, {
      async acquireSimulationLock() {
        locked += 1;
        return () => {
          locked -= 1;
        };
      },
    });
    const sim = await TxSimulator.open({ txId: 't', state: lockingState, collections: lookup });
    expect(locked).to.equal(1);
    await sim.done();
    expect(locked).to.equal(0);
    await expectRejection(sim.getState('mobility', 'a'), SimulationError, 'should not be used after calling Done()');
  });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    expect((error as Error).message).to.include(message);
    return;
  }
  expect.fail(`expected a ${type.name}`);
}
