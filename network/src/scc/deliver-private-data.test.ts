import { ledger, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import type { PvtDataStore } from '../ledger';
import { buildEndorserTx, type BuiltTx } from '../ledger/testing/fixtures';
import { decodeTxPvtRwSet } from '../protoutil/transaction';
import { CollectionConfigNotFoundError, DeliverPrivateData } from './deliver-private-data';
import { createTestOrgs, TestChain, type TestOrgs } from './testing/scc-fixtures';

const { VALID } = peer.TxValidationCode;

/** The KVRWSet bytes of one collection of a built transaction. */
function collectionBytes(tx: BuiltTx, collection: string): Buffer {
  const pvt = decodeTxPvtRwSet(tx.pvtRwSetBytes as Uint8Array);
  const found = pvt.nsPvtRwSets.flatMap((ns) => ns.collPvtRwSets).find((candidate) => candidate.collectionName === collection);
  return Buffer.from(found?.rwsetBytes ?? []);
}

function summary(map: Map<number, ledger.rwset.TxPvtReadWriteSet>): Record<number, string[]> {
  return Object.fromEntries(
    [...map].map(([txNum, txPvt]) => [
      txNum,
      txPvt.getNsPvtRwsetList().flatMap((ns) => ns.getCollectionPvtRwsetList().map((collection) => `${ns.getNamespace()}/${collection.getCollectionName()}`)),
    ]),
  );
}

describe('DeliverWithPrivateData: private data per requester', function () {
  this.timeout(20_000);
  let orgs: TestOrgs;
  let chain: TestChain;
  let oemTx: BuiltTx;
  let operatorTx: BuiltTx;
  let blockNum: number;
  const store = (mspId: string) => chain.ledger.pvtStores.get(mspId) as PvtDataStore;
  const deliver = (mspId: string, collections = consortium.chaincode.collections) =>
    new DeliverPrivateData({ chaincodeName: 'mobility', collections, store: store(mspId), identities: orgs.msps });

  before(async () => {
    orgs = await createTestOrgs();
    chain = await TestChain.create(orgs);
    const publicOnly = buildEndorserTx({ namespace: 'mobility', writes: [{ key: 'public', value: 'v' }] });
    oemTx = buildEndorserTx({ namespace: 'mobility', collections: [{ collection: 'oemPrivate', writes: [{ key: 'opening/1', value: 'Ada Lovelace' }] }] });
    operatorTx = buildEndorserTx({ namespace: 'mobility', collections: [{ collection: 'operatorPrivate', writes: [{ key: 'ride/1', value: 'key part' }] }] });
    const pvtOf = (tx: BuiltTx, mspId: string) => new Map([[mspId, decodeTxPvtRwSet(tx.pvtRwSetBytes as Uint8Array)]]);
    const block = await chain.append([publicOnly.envelopeBytes, oemTx.envelopeBytes, operatorTx.envelopeBytes], [VALID, VALID, VALID], [
      undefined,
      pvtOf(oemTx, 'OemMSP'),
      pvtOf(operatorTx, 'MobilityMSP'),
    ]);
    blockNum = block.getHeader()?.getNumber() ?? -1;
  });

  after(async () => {
    await chain.close();
  });

  it("sends a member the serving peer's private data of its collections, keyed by transaction index", async () => {
    const map = await deliver('OemMSP').forBlock(blockNum, orgs.oemClient.serialize());
    expect(summary(map)).to.deep.equal({ 1: ['mobility/oemPrivate'] });
    const sent = map.get(1)?.getNsPvtRwsetList()[0]?.getCollectionPvtRwsetList()[0];
    expect(Buffer.from(sent?.getRwset_asU8() ?? [])).to.deep.equal(collectionBytes(oemTx, 'oemPrivate'));
    expect(map.get(1)?.getDataModel()).to.equal(ledger.rwset.TxReadWriteSet.DataModel.KV);
    expect(summary(await deliver('MobilityMSP').forBlock(blockNum, orgs.mobilityClient.serialize()))).to.deep.equal({ 2: ['mobility/operatorPrivate'] });
  });

  it('sends nothing of a member-only collection to a non-member, even from a peer that holds it', async () => {
    expect((await deliver('OemMSP').forBlock(blockNum, orgs.mobilityClient.serialize())).size).to.equal(0);
    expect((await deliver('OemMSP').forBlock(blockNum, orgs.ordererNode.serialize())).size).to.equal(0);
    expect((await deliver('OemMSP').forBlock(blockNum, Uint8Array.from([1, 2, 3]))).size).to.equal(0);
    // The Mobility peer does not hold oemPrivate at all.
    expect((await deliver('MobilityMSP').forBlock(blockNum, orgs.oemClient.serialize())).size).to.equal(0);
  });

  it('sends a collection without member-only reads to any requester', async () => {
    const open = consortium.chaincode.collections.map((collection) => ({ ...collection, memberOnlyRead: false }));
    expect(summary(await deliver('OemMSP', open).forBlock(blockNum, orgs.mobilityClient.serialize()))).to.deep.equal({ 1: ['mobility/oemPrivate'] });
  });

  it('fails, as Fabric 2.5 does, on private data of a collection the chaincode configuration does not define', async () => {
    const implicit = buildEndorserTx({ namespace: 'mobility', collections: [{ collection: '_implicit_org_OemMSP', writes: [{ key: 'k', value: 'v' }] }] });
    const block = await chain.append([implicit.envelopeBytes], [VALID], [new Map([['OemMSP', decodeTxPvtRwSet(implicit.pvtRwSetBytes as Uint8Array)]])]);
    const failure = await deliver('OemMSP')
      .forBlock(block.getHeader()?.getNumber() ?? -1, orgs.oemClient.serialize())
      .then(() => undefined, (error: unknown) => error as Error);
    expect(failure).to.be.instanceOf(CollectionConfigNotFoundError);
    expect(failure?.message).to.equal('no collection config was found for collection _implicit_org_OemMSP for chaincode mobility');
  });
});
