import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { decodeTxPvtRwSet } from '../protoutil/transaction';
import { BlockStore } from './blockstore/block-store';
import { BlockSequenceError, CommitInputError } from './errors';
import { KvLedger } from './kvledger';
import { PvtDataStore } from './pvtdata/pvtdata-store';
import { blockOf, buildConfigTx, buildBlock, buildEndorserTx, committedTxOf, sha256, type FixtureTx } from './testing/fixtures';

const { VALID, MVCC_READ_CONFLICT, DUPLICATE_TXID } = peer.TxValidationCode;
const NS = 'mobility';
const ORGS = ['OemMSP', 'MobilityMSP'];
const VP = 'VALIDATION_PARAMETER';

describe('ledger/kvledger', () => {
  let rootDir: string;
  let kvLedger: KvLedger;

  const open = (btl = 0): Promise<KvLedger> =>
    KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ORGS, btlPolicy: (_ns, coll) => (coll === 'oemPrivate' ? btl : 0) });

  async function commitTxs(txs: FixtureTx[], codes: number[] = [], pvtOrgs: string[] = ['OemMSP']): Promise<string[]> {
    const built = txs.map((tx) => buildEndorserTx(tx));
    const { block, committed } = blockOf(kvLedger.height, built, { codes, pvtOrgs });
    await kvLedger.commit(block, committed);
    return built.map((tx) => tx.txId);
  }

  async function value(key: string): Promise<string | undefined> {
    return (await kvLedger.getState(NS, key))?.value.toString();
  }

  beforeEach(async () => {
    rootDir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'kvledger-'));
    kvLedger = await open();
  });
  afterEach(async () => {
    await kvLedger.close();
    await fs.rm(rootDir, { recursive: true, force: true });
  });

  it('commits only valid transactions, with versions, history and tx lookups that survive reopening', async () => {
    const [t1] = await commitTxs([{ writes: [{ key: 'car1', value: 'red' }], timestampSeconds: 111 }]);
    const [t2, t3] = await commitTxs(
      [{ writes: [{ key: 'car1', value: 'green' }] }, { writes: [{ key: 'car1', value: 'blue' }, { key: 'car2', value: 'x' }] }],
      [MVCC_READ_CONFLICT, VALID],
    );
    await commitTxs([{ writes: [{ key: 'car2' }] }]);
    await kvLedger.close();
    kvLedger = await open();

    expect(kvLedger.height).to.equal(3);
    expect(await kvLedger.getState(NS, 'car1')).to.deep.include({ version: { blockNum: 1, txNum: 1 } });
    expect(await value('car1')).to.equal('blue');
    expect(await value('car2')).to.equal(undefined);
    expect(await kvLedger.getTxValidationCode(t2 ?? '')).to.equal(MVCC_READ_CONFLICT);
    expect(await kvLedger.getTxValidationCode(t3 ?? '')).to.equal(VALID);
    expect(await kvLedger.getTxValidationCode('unknown')).to.equal(undefined);
    expect((await kvLedger.getTransactionByTxId(t1 ?? ''))?.blockNum).to.equal(0);
    expect(await kvLedger.getTxStatus(t2 ?? '')).to.deep.equal({ blockNum: 1, validationCode: MVCC_READ_CONFLICT });
    expect(await kvLedger.getTxStatus('unknown')).to.equal(undefined);

    const history: string[] = [];
    for await (const entry of kvLedger.getHistoryForKey(NS, 'car1')) history.push(`${entry.txId === t3 ? 't3' : 't1'}:${Buffer.from(entry.value).toString()}`);
    expect(history).to.deep.equal(['t3:blue', 't1:red']);
    const car2: boolean[] = [];
    for await (const entry of kvLedger.getHistoryForKey(NS, 'car2')) car2.push(entry.isDelete);
    expect(car2).to.deep.equal([true, false]);
  });

  it('detects duplicate txIDs, also of invalid transactions, and keeps the first validation code', async () => {
    const original = buildEndorserTx({ writes: [{ key: 'a', value: '1' }] });
    const { block, committed } = blockOf(0, [original], { codes: [MVCC_READ_CONFLICT] });
    expect(await kvLedger.isDuplicateTxId(original.txId)).to.equal(false);
    await kvLedger.commit(block, committed);
    expect(await kvLedger.isDuplicateTxId(original.txId)).to.equal(true);

    const replay = blockOf(1, [original], { codes: [DUPLICATE_TXID] });
    await kvLedger.commit(replay.block, replay.committed);
    expect(await kvLedger.getTxValidationCode(original.txId)).to.equal(MVCC_READ_CONFLICT);
    expect(await value('a')).to.equal(undefined);
  });

  it('follows Fabric on metadata: value-only writes keep it, metadata-only writes keep the value', async () => {
    await commitTxs([{ writes: [{ key: 'k', value: 'v1' }], metadataWrites: [{ key: 'k', entries: { [VP]: new Uint8Array([1]) } }] }]);
    await commitTxs([{ writes: [{ key: 'k', value: 'v2' }] }]);
    expect(await value('k')).to.equal('v2');
    expect((await kvLedger.getStateMetadata(NS, 'k'))?.get(VP)).to.deep.equal(new Uint8Array([1]));

    await commitTxs([{ metadataWrites: [{ key: 'k', entries: { [VP]: new Uint8Array([2]) } }, { key: 'absent', entries: { [VP]: new Uint8Array([3]) } }] }]);
    const state = await kvLedger.getState(NS, 'k');
    expect(state?.value.toString()).to.equal('v2');
    expect(state?.version).to.deep.equal({ blockNum: 2, txNum: 0 });
    expect(state?.metadata?.get(VP)).to.deep.equal(new Uint8Array([2]));
    expect(await kvLedger.getState(NS, 'absent')).to.equal(undefined);

    await commitTxs([{ metadataWrites: [{ key: 'k', entries: {} }] }, { writes: [{ key: 'empty', value: new Uint8Array() }] }]);
    expect((await kvLedger.getState(NS, 'k'))?.metadata).to.equal(undefined);
    expect(await kvLedger.getState(NS, 'empty')).to.equal(undefined);
  });

  it('iterates composite keys through the ledger', async () => {
    await commitTxs([{ writes: ['\u0000car\u0000b\u0000', '\u0000car\u0000a\u0000', '\u0000carx\u0000', 'plain'].map((key) => ({ key, value: key })) }]);
    const keys: string[] = [];
    for await (const entry of kvLedger.getStateRange(NS, '\u0000car\u0000', '\u0000car\u0000\u{10FFFF}')) keys.push(entry.key);
    expect(keys).to.deep.equal(['\u0000car\u0000a\u0000', '\u0000car\u0000b\u0000']);
  });

  it('keeps hashed state for everyone and private values only for orgs holding them', async () => {
    await commitTxs([{ collections: [{ collection: 'oemPrivate', writes: [{ key: 'secret', value: 's1' }] }] }]);
    expect((await kvLedger.getPrivateDataHash(NS, 'oemPrivate', 'secret'))?.valueHash).to.deep.equal(sha256('s1'));
    expect((await kvLedger.getPrivateData('OemMSP', NS, 'oemPrivate', 'secret'))?.value.toString()).to.equal('s1');
    expect(await kvLedger.getPrivateData('MobilityMSP', NS, 'oemPrivate', 'secret')).to.equal(undefined);

    await commitTxs([{ collections: [{ collection: 'oemPrivate', writes: [], purges: ['secret'] }] }]);
    expect(await kvLedger.getPrivateDataHash(NS, 'oemPrivate', 'secret')).to.equal(undefined);
    expect(await kvLedger.getPrivateData('OemMSP', NS, 'oemPrivate', 'secret')).to.equal(undefined);
  });

  it('refuses private data that does not match the block, writing nothing', async () => {
    const tx = buildEndorserTx({ collections: [{ collection: 'oemPrivate', writes: [{ key: 'k', value: 'real' }] }] });
    const forged = buildEndorserTx({ collections: [{ collection: 'oemPrivate', writes: [{ key: 'k', value: 'forged' }] }] });
    const committed = { ...committedTxOf(tx, 0, VALID), privateData: new Map([['OemMSP', decodeTxPvtRwSet(forged.pvtRwSetBytes ?? new Uint8Array())]]) };
    const block = buildBlock(0, [tx.envelopeBytes]);
    await expectRejection(kvLedger.commit(block, [committed]), CommitInputError);
    await expectRejection(kvLedger.commit(buildBlock(1, [tx.envelopeBytes]), [committedTxOf(tx, 0, VALID)]), BlockSequenceError);
    expect(kvLedger.height).to.equal(0);
    expect(kvLedger.blockStore.height).to.equal(0);
  });

  it('expires hashed and private state by block-to-live', async () => {
    await kvLedger.close();
    kvLedger = await open(1);
    await commitTxs([{ collections: [{ collection: 'oemPrivate', writes: [{ key: 'short', value: 'x' }] }] }]);
    await commitTxs([{ writes: [{ key: 'filler', value: '1' }] }]);
    expect(await kvLedger.getPrivateDataHash(NS, 'oemPrivate', 'short')).to.not.equal(undefined);
    await commitTxs([{ writes: [{ key: 'filler', value: '2' }] }]); // block 2 = 0 + 1 + 1
    expect(await kvLedger.getPrivateDataHash(NS, 'oemPrivate', 'short')).to.equal(undefined);
    expect(await kvLedger.getPrivateData('OemMSP', NS, 'oemPrivate', 'short')).to.equal(undefined);
  });

  it('skips non-endorser transactions', async () => {
    const endorser = buildEndorserTx({ writes: [{ key: 'a', value: '1' }] });
    const configBytes = buildConfigTx('cfg-1');
    const block = buildBlock(0, [configBytes, endorser.envelopeBytes]);
    await kvLedger.commit(block, [
      { txNum: 0, txId: 'cfg-1', validationCode: VALID, timestamp: undefined, rwset: undefined },
      committedTxOf(endorser, 1, VALID),
    ]);
    expect(await value('a')).to.equal('1');
    expect(await kvLedger.getTxValidationCode('cfg-1')).to.equal(VALID);
  });

  it('recovers state, history and private state of blocks stored but not applied before a crash', async () => {
    await commitTxs([{ writes: [{ key: 'a', value: '1' }] }]);
    await kvLedger.close();

    // The crash window: private data stored and block appended (steps 1-2), state not yet written.
    const lost = buildEndorserTx({
      writes: [{ key: 'a', value: '2' }, { key: 'b', value: '3' }],
      collections: [{ collection: 'oemPrivate', writes: [{ key: 'p', value: 'private' }] }],
    });
    const { block, committed } = blockOf(1, [lost], { pvtOrgs: ['OemMSP'] });
    const pvtStore = await PvtDataStore.open({ rootDir, channelId: 'mobility', mspId: 'OemMSP', btlPolicy: () => 0 });
    const pvt = committed[0]?.privateData?.get('OemMSP')?.nsPvtRwSets[0]?.collPvtRwSets[0];
    await pvtStore.storeBlockData(1, [{ txNum: 0, namespace: NS, collection: 'oemPrivate', rwsetBytes: pvt?.rwsetBytes ?? new Uint8Array() }]);
    await pvtStore.close();
    const blockStore = await BlockStore.open({ rootDir, channelId: 'mobility' });
    await blockStore.append(block, [VALID]);
    await blockStore.close();

    kvLedger = await open();
    expect(kvLedger.height).to.equal(2);
    expect(kvLedger.blocksReplayedOnOpen).to.equal(1);
    expect(await kvLedger.stateDb.getSavepoint()).to.deep.equal({ blockNum: 1, txNum: 0 });
    expect(await value('a')).to.equal('2');
    expect(await value('b')).to.equal('3');
    const history: string[] = [];
    for await (const entry of kvLedger.getHistoryForKey(NS, 'a')) history.push(Buffer.from(entry.value).toString());
    expect(history).to.deep.equal(['2', '1']);
    expect((await kvLedger.getPrivateData('OemMSP', NS, 'oemPrivate', 'p'))?.value.toString()).to.equal('private');
    expect(await kvLedger.getTxValidationCode(lost.txId)).to.equal(VALID);
    await commitTxs([{ writes: [{ key: 'c', value: '4' }] }]);
    expect(kvLedger.height).to.equal(3);
  });

  it('serves committed blocks to followers as they commit', async () => {
    await commitTxs([{ writes: [{ key: 'a', value: '1' }] }]);
    const seen: number[] = [];
    const follower = (async () => {
      for await (const block of kvLedger.blocks(0)) {
        seen.push(block.getHeader()?.getNumber() ?? -1);
        if (seen.length === 2) return;
      }
    })();
    await commitTxs([{ writes: [{ key: 'a', value: '2' }] }]);
    await follower;
    expect(seen).to.deep.equal([0, 1]);
  });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail('expected a rejection');
}
