import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { decodeKvRwSet, decodeTxPvtRwSet } from '../../protoutil/transaction';
import { buildEndorserTx, sha256, type FixtureCollectionWrites } from '../testing/fixtures';
import { expiringBlock } from './btl-policy';
import { PvtDataStore, type PvtCollectionData, type PvtStateTx } from './pvtdata-store';

const NS = 'mobility';
const COLL = 'oemPrivate';

/** Private write sets as an endorser would produce them, for tx `txNum`. */
function pvtData(txNum: number, collection: FixtureCollectionWrites): PvtCollectionData[] {
  const built = buildEndorserTx({ collections: [collection] });
  const pvt = decodeTxPvtRwSet(built.pvtRwSetBytes ?? new Uint8Array());
  return pvt.nsPvtRwSets.flatMap((ns) =>
    ns.collPvtRwSets.map((coll) => ({ txNum, namespace: ns.namespace, collection: coll.collectionName, rwsetBytes: coll.rwsetBytes })),
  );
}

describe('ledger/pvtdata btl-policy', () => {
  it('computes Fabric expiry: committed at b with BTL k, purged while committing b + k + 1', () => {
    expect(expiringBlock(5, 2)).to.equal(8);
    expect(expiringBlock(5, 0)).to.equal(undefined);
  });
});

describe('ledger/pvtdata store', () => {
  let dir: string;
  let store: PvtDataStore;

  const open = (btl: number): Promise<PvtDataStore> =>
    PvtDataStore.open({ rootDir: dir, channelId: 'mobility', mspId: 'OemMSP', btlPolicy: (ns, coll) => (ns === NS && coll === COLL ? btl : 0) });

  /** Commits a block with the given valid transactions to the store and the private state. */
  async function commit(blockNum: number, txs: PvtStateTx[]): Promise<void> {
    await store.storeBlockData(blockNum, txs.flatMap((tx) => tx.collections));
    await store.applyBlockToState(blockNum, txs);
  }

  async function value(key: string, collection = COLL): Promise<string | undefined> {
    return (await store.get(NS, collection, key))?.value.toString();
  }

  beforeEach(() => {
    dir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'pvtdata-'));
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('applies private writes and deletes with versions, and keeps the write sets by block', async () => {
    store = await open(0);
    await commit(0, [{ txNum: 1, collections: pvtData(1, { collection: COLL, writes: [{ key: 'p1', value: 'a' }, { key: 'p2', value: 'b' }] }), purges: [] }]);
    await commit(1, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p2' }] }), purges: [] }]);

    expect(await store.get(NS, COLL, 'p1')).to.deep.include({ version: { blockNum: 0, txNum: 1 } });
    expect(await value('p2')).to.equal(undefined);
    const stored = await store.getBlockData(0);
    expect(stored.map((entry) => [entry.txNum, entry.collection])).to.deep.equal([[1, COLL]]);
    expect(decodeKvRwSet(stored[0]?.rwsetBytes ?? new Uint8Array()).writes.map((write) => write.key)).to.deep.equal(['p1', 'p2']);
    expect(store.storeHeight).to.equal(2);
    expect(store.stateHeight).to.equal(2);
  });

  it('purges expired data by block-to-live from the store and the private state, unless rewritten', async () => {
    store = await open(2);
    await commit(0, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'a' }, { key: 'p2', value: 'b' }] }), purges: [] }]);
    await commit(1, []);
    await commit(2, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p2', value: 'b2' }] }), purges: [] }]);
    expect(await value('p1')).to.equal('a');
    expect(await store.getBlockData(0)).to.have.length(1);

    await commit(3, []); // 0 + 2 + 1
    expect(await value('p1')).to.equal(undefined);
    expect(await value('p2')).to.equal('b2');
    expect(await store.getBlockData(0)).to.deep.equal([]);

    await commit(4, []);
    expect(await value('p2')).to.equal('b2');
    await commit(5, []); // 2 + 2 + 1
    expect(await value('p2')).to.equal(undefined);
  });

  it('purges a key on PurgePrivateData: its value and every stored earlier write of it', async () => {
    store = await open(0);
    await commit(0, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'a' }, { key: 'keep', value: 'k' }] }), purges: [] }]);
    await commit(1, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'b' }] }), purges: [] }]);
    const purge = { namespace: NS, collection: COLL, keyHash: sha256('p1') };
    // tx 0 purges; tx 1 of the same block writes the key again, which must survive.
    await commit(2, [
      { txNum: 0, collections: pvtData(0, { collection: COLL, writes: [], purges: ['p1'] }), purges: [purge] },
      { txNum: 1, collections: pvtData(1, { collection: COLL, writes: [{ key: 'other', value: 'o' }] }), purges: [] },
    ]);
    expect(await value('p1')).to.equal(undefined);
    expect(await value('keep')).to.equal('k');
    const writesOf = async (blockNum: number): Promise<string[]> =>
      (await store.getBlockData(blockNum)).flatMap((entry) => decodeKvRwSet(entry.rwsetBytes).writes.map((write) => write.key));
    expect(await writesOf(0)).to.deep.equal(['keep']);
    expect(await writesOf(1)).to.deep.equal([]);
    expect(await writesOf(2)).to.deep.equal(['other']);

    await commit(3, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'c' }] }), purges: [] }]);
    expect(await value('p1')).to.equal('c');
  });

  it('keeps data already stored when the block is stored again, and applies each block to state once', async () => {
    store = await open(0);
    const first = pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'first' }] });
    expect(await store.storeBlockData(0, first)).to.equal(true);
    await store.close();
    store = await open(0);
    expect(store.storeHeight).to.equal(1);
    expect(store.stateHeight).to.equal(0);
    expect(await store.storeBlockData(0, pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'second' }] }))).to.equal(false);
    await store.applyBlockToState(0, [{ txNum: 0, collections: await store.getBlockData(0), purges: [] }]);
    await store.applyBlockToState(0, [{ txNum: 0, collections: pvtData(0, { collection: COLL, writes: [{ key: 'p1', value: 'again' }] }), purges: [] }]);
    expect(await value('p1')).to.equal('first');
  });
});
