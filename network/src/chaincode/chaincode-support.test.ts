/**
 * The chaincode support against a real fabric-contract-api chaincode run as a CCaaS child process
 * (testdata/test-chaincode), with one connection per peer org and in-memory ledgers.
 */
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { consortium } from '../consortium/consortium';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { decodeChaincodeEvent, decodeTxPvtRwSet, decodeTxRwSet, type KvRwSet } from '../protoutil/transaction';
import { ChaincodeConnection } from './chaincode-connection';
import { ChaincodeProcess, packageIdFor } from './chaincode-process';
import { ChaincodeSupport } from './chaincode-support';
import { ChaincodeDefinitionError, ChaincodeSupportError, ChaincodeTimeoutError } from './errors';
import { encodeSequence, lifecycleFieldKey } from './lifecycle-reads';
import type { ChaincodeLogger } from './logger';
import type { SimulationResult } from './simulation-result';
import { InMemoryState } from './testing/in-memory-state';
import { buildProposal, proposalBinding, TestClient, type ProposalSpec } from './testing/test-proposals';

// Works from src/ (tsx) and dist/ (compiled): testdata stays in src.
const PACKAGE_DIR = path.resolve(__dirname, '../../src/chaincode/testdata/test-chaincode');
const CHAINCODE_ID = packageIdFor('test_1.0');
const ORG_IDS = consortium.peerOrgs.map((org) => org.mspId);
const sha256hex = (data: string): string => createHash('sha256').update(data).digest('hex');

const testLogger: ChaincodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface TestPeer {
  readonly state: InMemoryState;
  readonly connection: ChaincodeConnection;
  readonly support: ChaincodeSupport;
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString();
}

function mobilityRwSet(result: SimulationResult): KvRwSet {
  const ns = decodeTxRwSet(result.rwsetBytes).nsRwSets.find((candidate) => candidate.namespace === 'mobility');
  if (!ns) throw new Error('no mobility namespace in the rwset');
  return ns.kvRwSet;
}

describe('ChaincodeSupport with a real chaincode server', function () {
  this.timeout(30_000);
  let server: ChaincodeProcess;
  let oemClient: TestClient;
  let operatorClient: TestClient;
  const peers: TestPeer[] = [];

  function newPeer(options: { executeTimeoutMs?: number; state?: InMemoryState } = {}): TestPeer {
    const state = options.state ?? new InMemoryState();
    const connection = new ChaincodeConnection({ address: server.address }, { expectedChaincodeId: CHAINCODE_ID, logger: testLogger });
    const support = new ChaincodeSupport({
      channelId: 'mobility',
      definition: consortium.chaincode,
      channelOrgMspIds: ORG_IDS,
      state,
      chaincode: connection,
      ...(options.executeTimeoutMs ? { executeTimeoutMs: options.executeTimeoutMs } : {}),
    });
    const created = { state, connection, support };
    peers.push(created);
    return created;
  }

  const run = (target: TestPeer, client: TestClient, spec: ProposalSpec): Promise<SimulationResult> =>
    target.support.execute(buildProposal(client, spec));

  before(async () => {
    server = await ChaincodeProcess.start({ packageDir: PACKAGE_DIR, chaincodeId: CHAINCODE_ID, logger: testLogger });
    [oemClient, operatorClient] = await Promise.all([TestClient.create('OemMSP'), TestClient.create('MobilityMSP')]);
  });

  after(async () => {
    for (const created of peers) created.connection.close();
    await server?.stop();
  });

  it('puts a key: write in the rwset, `_lifecycle` sequence read, status 200', async () => {
    const oemPeer = newPeer();
    const result = await run(oemPeer, oemClient, { args: ['put', 'k1', 'v1'] });
    expect(result.response.getStatus()).to.equal(200);
    expect(text(result.response.getPayload_asU8())).to.equal('ok');
    const rwset = decodeTxRwSet(result.rwsetBytes);
    expect(rwset.nsRwSets.map((ns) => ns.namespace)).to.deep.equal(['_lifecycle', 'mobility']);
    expect(rwset.nsRwSets[0]!.kvRwSet.reads).to.deep.equal([{ key: 'namespaces/fields/mobility/Sequence', version: undefined }]);
    expect(rwset.nsRwSets[1]!.kvRwSet.writes.map((w) => [w.key, text(w.value)])).to.deep.equal([['k1', 'v1']]);
    expect(result.pvtRwset).to.equal(undefined);
    expect(result.event).to.equal(undefined);
    expect(result.eventBytes).to.have.length(0);
  });

  it('gets committed state and hides the transaction’s own writes', async () => {
    const oemPeer = newPeer();
    oemPeer.state.put('mobility', 'a', 'old', { version: { blockNum: 7, txNum: 2 } });
    const get = await run(oemPeer, oemClient, { args: ['get', 'a'] });
    expect(text(get.response.getPayload_asU8())).to.equal('old');
    const result = await run(oemPeer, oemClient, { args: ['putThenGet', 'a', 'new'] });
    expect(text(result.response.getPayload_asU8())).to.equal('old');
    const kv = mobilityRwSet(result);
    expect(kv.reads).to.deep.equal([{ key: 'a', version: { blockNum: 7, txNum: 2 } }]);
    expect(kv.writes.map((w) => [w.key, text(w.value)])).to.deep.equal([['a', 'new']]);
  });

  it('checks the committed chaincode definition sequence and records its version', async () => {
    const oemPeer = newPeer();
    oemPeer.state.put('_lifecycle', lifecycleFieldKey('mobility', 'Sequence'), encodeSequence(1), { version: { blockNum: 0, txNum: 0 } });
    const ok = await run(oemPeer, oemClient, { args: ['get', 'a'] });
    const lifecycle = decodeTxRwSet(ok.rwsetBytes).nsRwSets[0]!;
    expect(lifecycle.kvRwSet.reads).to.deep.equal([{ key: 'namespaces/fields/mobility/Sequence', version: { blockNum: 0, txNum: 0 } }]);
    oemPeer.state.put('_lifecycle', lifecycleFieldKey('mobility', 'Sequence'), encodeSequence(2), { version: { blockNum: 3, txNum: 0 } });
    const error = await rejection(run(oemPeer, oemClient, { args: ['get', 'a'] }));
    expect(error).to.be.instanceOf(ChaincodeDefinitionError);
    expect(error.message).to.equal(
      "make sure the chaincode mobility has been successfully defined on channel mobility and try again: chaincode cache at sequence 1 but current sequence is 2, chaincode definition for 'mobility' changed during invoke",
    );
  });

  it('passes the signed proposal: creator, timestamp, transient map and binding reach the chaincode', async () => {
    const oemPeer = newPeer();
    const proposal = buildProposal(oemClient, { args: ['whoami'], transient: { secret: 'x', other: 'y' }, timestampSeconds: 1_800_000_123 });
    const result = await oemPeer.support.execute(proposal);
    expect(JSON.parse(text(result.response.getPayload_asU8()))).to.deep.equal({
      mspId: 'OemMSP',
      txId: proposal.txId,
      channel: 'mobility',
      seconds: 1_800_000_123,
      transientKeys: ['other', 'secret'],
      binding: proposalBinding(proposal),
    });
  });

  it('serves composite-key range queries and records phantom-read info', async () => {
    const oemPeer = newPeer();
    const key = (...parts: string[]): string => `\u0000${parts.join('\u0000')}\u0000`;
    oemPeer.state.put('mobility', key('car', 'x', '1'), 'x1', { version: { blockNum: 1, txNum: 0 } });
    oemPeer.state.put('mobility', key('car', 'x', '2'), 'x2', { version: { blockNum: 1, txNum: 1 } });
    oemPeer.state.put('mobility', key('car', 'y', '1'), 'y1', { version: { blockNum: 2, txNum: 0 } });
    oemPeer.state.put('mobility', key('truck', 'x', '1'), 't', { version: { blockNum: 2, txNum: 1 } });

    const result = await run(oemPeer, oemClient, { args: ['listComposite', 'car', 'x'] });
    expect(JSON.parse(text(result.response.getPayload_asU8()))).to.deep.equal(['x/1=x1', 'x/2=x2']);
    const [info] = mobilityRwSet(result).rangeQueriesInfo;
    expect(info).to.deep.include({ startKey: key('car', 'x'), endKey: `${key('car', 'x')}\u{10ffff}`, itrExhausted: true });
    expect(info?.rawReads).to.deep.equal([
      { key: key('car', 'x', '1'), version: { blockNum: 1, txNum: 0 } },
      { key: key('car', 'x', '2'), version: { blockNum: 1, txNum: 1 } },
    ]);

    for (const simple of ['s1', 's2', 's3']) oemPeer.state.put('mobility', simple, simple, { version: { blockNum: 3, txNum: 0 } });
    const partial = await run(oemPeer, oemClient, { args: ['rangeFirst', 's', 't', '1'] });
    expect(JSON.parse(text(partial.response.getPayload_asU8()))).to.deep.equal(['s1']);
    // The chaincode stopped after one key, but the handler had fetched the whole (small) range for its first batch.
    const [partialInfo] = mobilityRwSet(partial).rangeQueriesInfo;
    expect(partialInfo).to.deep.include({ startKey: 's', endKey: 't', itrExhausted: true });
    expect(partialInfo?.rawReads?.map((read) => read.key)).to.deep.equal(['s1', 's2', 's3']);
  });

  it('streams large ranges in batches of 100 and summarises >50 reads as a Merkle tree', async () => {
    const oemPeer = newPeer();
    for (let i = 0; i < 250; i += 1) {
      oemPeer.state.put('mobility', `item${String(i).padStart(3, '0')}`, `v${i}`, { version: { blockNum: 1, txNum: i } });
    }
    const all = await run(oemPeer, oemClient, { args: ['range', 'item', 'item~'] });
    expect(JSON.parse(text(all.response.getPayload_asU8()))).to.have.length(250);
    const [info] = mobilityRwSet(all).rangeQueriesInfo;
    expect(info).to.deep.include({ startKey: 'item', endKey: 'item~', itrExhausted: true, rawReads: undefined });
    expect(info?.readsMerkleHashes?.maxDegree).to.equal(50);
    expect(info?.readsMerkleHashes?.maxLevelHashes).to.have.length(5);

    // Stopping after 120 keys: the handler has fetched two batches (101 pending + 100 sent), not the rest.
    const partial = await run(oemPeer, oemClient, { args: ['rangeFirst', 'item', 'item~', '120'] });
    const [partialInfo] = mobilityRwSet(partial).rangeQueriesInfo;
    expect(partialInfo).to.deep.include({ startKey: 'item', endKey: 'item200', itrExhausted: false });
  });

  it('paginates range queries with bookmarks and forbids writes afterwards', async () => {
    const oemPeer = newPeer();
    for (let i = 0; i < 5; i += 1) oemPeer.state.put('mobility', `p${i}`, `v${i}`, { version: { blockNum: 1, txNum: i } });
    const page = async (bookmark: string) => {
      const result = await run(oemPeer, oemClient, { args: ['page', 'p', 'q', '2', bookmark] });
      return { body: JSON.parse(text(result.response.getPayload_asU8())) as unknown, info: mobilityRwSet(result).rangeQueriesInfo[0] };
    };
    const first = await page('');
    expect(first.body).to.deep.equal({ keys: ['p0', 'p1'], bookmark: 'p2', fetched: 2 });
    expect(first.info).to.deep.include({ startKey: 'p', endKey: 'p1', itrExhausted: false });
    expect((await page('p2')).body).to.deep.equal({ keys: ['p2', 'p3'], bookmark: 'p4', fetched: 2 });
    const last = await page('p4');
    expect(last.body).to.deep.equal({ keys: ['p4'], bookmark: '', fetched: 1 });
    expect(last.info).to.deep.include({ startKey: 'p4', endKey: 'q', itrExhausted: true });

    const refused = await run(oemPeer, oemClient, { args: ['pageThenPut', 'x'] });
    expect(refused.response.getStatus()).to.equal(500);
    expect(refused.response.getMessage()).to.match(/^PUT_STATE failed: transaction ID: [0-9a-f]{64}: txid \[[0-9a-f]{64}\]: unsuppored transaction\. Transaction has already performed a paginated query\. Writes are not allowed$/);
  });

  it('returns key history newest first', async () => {
    const oemPeer = newPeer();
    oemPeer.state.put('mobility', 'h', 'one', { version: { blockNum: 1, txNum: 0 }, txId: 'tx-one', timestamp: { seconds: 100, nanos: 0 } });
    oemPeer.state.put('mobility', 'h', 'two', { version: { blockNum: 2, txNum: 0 }, txId: 'tx-two', timestamp: { seconds: 200, nanos: 0 } });
    oemPeer.state.put('mobility', 'h', undefined, { version: { blockNum: 3, txNum: 0 }, txId: 'tx-del', timestamp: { seconds: 300, nanos: 0 } });
    const result = await run(oemPeer, oemClient, { args: ['history', 'h'] });
    expect(JSON.parse(text(result.response.getPayload_asU8()))).to.deep.equal([
      { txId: 'tx-del', value: '', isDelete: true, seconds: 300 },
      { txId: 'tx-two', value: 'two', isDelete: false, seconds: 200 },
      { txId: 'tx-one', value: 'one', isDelete: false, seconds: 100 },
    ]);
    // History is not re-checked at commit: nothing but the definition read is recorded.
    expect(decodeTxRwSet(result.rwsetBytes).nsRwSets.map((ns) => ns.namespace)).to.deep.equal(['_lifecycle']);
  });

  it('writes and reads key-level endorsement policies as VALIDATION_PARAMETER metadata', async () => {
    const oemPeer = newPeer();
    const set = await run(oemPeer, oemClient, { args: ['setPolicy', 'vehicle', JSON.stringify(['OemMSP', 'AuditMSP'])] });
    const [write] = mobilityRwSet(set).metadataWrites;
    expect(write?.key).to.equal('vehicle');
    expect(write?.entries.map((entry) => entry.name)).to.deep.equal(['VALIDATION_PARAMETER']);
    const envelope = common.SignaturePolicyEnvelope.deserializeBinary(write!.entries[0]!.value);
    expect(envelope.getIdentitiesList()).to.have.length(2);

    oemPeer.state.put('mobility', 'vehicle', 'v', {
      version: { blockNum: 4, txNum: 0 },
      metadata: new Map([['VALIDATION_PARAMETER', write!.entries[0]!.value]]),
    });
    const get = await run(oemPeer, oemClient, { args: ['getPolicy', 'vehicle'] });
    expect(JSON.parse(text(get.response.getPayload_asU8()))).to.have.members(['OemMSP', 'AuditMSP']);
    expect(mobilityRwSet(get).reads).to.deep.equal([{ key: 'vehicle', version: { blockNum: 4, txNum: 0 } }]);
  });

  it('names the chaincode event after the chaincode and transaction, and drops it on error', async () => {
    const oemPeer = newPeer();
    const proposal = buildProposal(oemClient, { args: ['emit', 'VehicleRegistered', '{"vin":"1"}'] });
    const result = await oemPeer.support.execute(proposal);
    expect(decodeChaincodeEvent(result.eventBytes)).to.deep.include({ chaincodeId: 'mobility', txId: proposal.txId, eventName: 'VehicleRegistered' });
    expect(text(result.event!.getPayload_asU8())).to.equal('{"vin":"1"}');

    const failed = await run(oemPeer, oemClient, { args: ['emitThenFail', 'Lost'] });
    expect(failed.response.getStatus()).to.equal(500);
    expect(failed.event).to.equal(undefined);
    expect(failed.eventBytes).to.have.length(0);
  });

  it('turns a chaincode error into status 500 with its message, keeping the rwset', async () => {
    const oemPeer = newPeer();
    const result = await run(oemPeer, oemClient, { args: ['fail', 'INVALID_ARGUMENT: vin: must be 17 characters'] });
    expect(result.response.getStatus()).to.equal(500);
    expect(result.response.getMessage()).to.equal('INVALID_ARGUMENT: vin: must be 17 characters');
    expect(decodeTxRwSet(result.rwsetBytes).nsRwSets[0]!.namespace).to.equal('_lifecycle');
  });

  it('answers rich queries and chaincode-to-chaincode calls with errors', async () => {
    const oemPeer = newPeer();
    const rich = await run(oemPeer, oemClient, { args: ['richQuery', '{"selector":{}}'] });
    expect(rich.response.getStatus()).to.equal(500);
    expect(rich.response.getMessage()).to.include('GET_QUERY_RESULT failed: transaction ID: ').and.include(': ExecuteQuery not supported for leveldb');
    const call = await run(oemPeer, oemClient, { args: ['callOther'] });
    expect(call.response.getStatus()).to.equal(500);
    expect(call.response.getMessage()).to.include('INVOKE_CHAINCODE failed').and.include('not supported');
  });

  it('refuses init for a chaincode that does not require it', async () => {
    const oemPeer = newPeer();
    const error = await rejection(run(oemPeer, oemClient, { args: ['put', 'x', 'y'], isInit: true }));
    expect(error).to.be.instanceOf(ChaincodeSupportError);
    expect(error.message).to.match(/^failed to execute transaction [0-9a-f]{64}: invalid invocation: chaincode 'mobility' does not require initialization but called as init$/);
  });

  describe('private data', () => {
    it('stores transient data in a collection: hashes public, values private', async () => {
      const oemPeer = newPeer();
      const result = await run(oemPeer, oemClient, { args: ['putPrivate', 'oemPrivate', 'vin-1'], transient: { value: 'WAUZZZ-secret' } });
      expect(result.response.getStatus()).to.equal(200);
      const mobility = decodeTxRwSet(result.rwsetBytes).nsRwSets.find((ns) => ns.namespace === 'mobility')!;
      expect(mobility.kvRwSet.writes).to.deep.equal([]);
      const hashed = mobility.collHashedRwSets[0]!;
      expect(hashed.collectionName).to.equal('oemPrivate');
      expect(hashed.hashedRwSet.hashedWrites.map((w) => [Buffer.from(w.keyHash).toString('hex'), Buffer.from(w.valueHash).toString('hex')])).to.deep.equal([
        [sha256hex('vin-1'), sha256hex('WAUZZZ-secret')],
      ]);
      const pvt = decodeTxPvtRwSet(result.pvtRwsetBytes!);
      const collection = pvt.nsPvtRwSets[0]!.collPvtRwSets[0]!;
      expect(collection.kvRwSet.writes.map((w) => [w.key, text(w.value)])).to.deep.equal([['vin-1', 'WAUZZZ-secret']]);
      expect(Buffer.from(hashed.pvtRwSetHash).toString('hex')).to.equal(createHash('sha256').update(collection.rwsetBytes).digest('hex'));
      // The definition was read to find the collection.
      const lifecycleReads = decodeTxRwSet(result.rwsetBytes).nsRwSets[0]!.kvRwSet.reads.map((read) => read.key);
      expect(lifecycleReads).to.include('namespaces/metadata/mobility');
    });

    it('lets members read, refuses non-members with memberOnlyRead, and gives hashes to all', async () => {
      const state = new InMemoryState();
      state.putPrivate('mobility', 'oemPrivate', 'vin-2', 'secret', { version: { blockNum: 5, txNum: 0 } });
      const oemPeer = newPeer({ state });
      const read = await run(oemPeer, oemClient, { args: ['getPrivate', 'oemPrivate', 'vin-2'] });
      expect(text(read.response.getPayload_asU8())).to.equal('secret');

      const refused = await run(oemPeer, operatorClient, { args: ['getPrivate', 'oemPrivate', 'vin-2'] });
      expect(refused.response.getStatus()).to.equal(500);
      expect(refused.response.getMessage()).to.match(
        /^GET_STATE failed: transaction ID: [0-9a-f]{64}: tx creator does not have read access permission on privatedata in chaincodeName:mobility collectionName: oemPrivate$/,
      );

      const hash = await run(oemPeer, operatorClient, { args: ['getPrivateHash', 'oemPrivate', 'vin-2'] });
      expect(text(hash.response.getPayload_asU8())).to.equal(sha256hex('secret'));
    });

    it('records a purge as a delete with the purge flag', async () => {
      const oemPeer = newPeer();
      const result = await run(oemPeer, oemClient, { args: ['purgePrivate', 'oemPrivate', 'vin-3'] });
      expect(result.response.getStatus()).to.equal(200);
      const hashed = decodeTxRwSet(result.rwsetBytes).nsRwSets.find((ns) => ns.namespace === 'mobility')!.collHashedRwSets[0]!;
      expect(hashed.hashedRwSet.hashedWrites.map((w) => [w.isDelete, w.isPurge])).to.deep.equal([[true, true]]);
    });

    it('refuses an unknown collection like Fabric', async () => {
      const oemPeer = newPeer();
      const result = await run(oemPeer, oemClient, { args: ['getPrivate', 'nope', 'k'] });
      expect(result.response.getMessage()).to.match(/: collection mobility\/mobility\/nope could not be found$/);
    });
  });

  it('serves two peers, each with its own stream, on one chaincode server', async () => {
    const oemPeer = newPeer();
    const operatorPeer = newPeer();
    oemPeer.state.put('mobility', 'shared', 'seen by oem', { version: { blockNum: 1, txNum: 0 } });
    operatorPeer.state.put('mobility', 'shared', 'seen by operator', { version: { blockNum: 1, txNum: 0 } });
    const [fromOem, fromOperator] = await Promise.all([
      run(oemPeer, oemClient, { args: ['get', 'shared'] }),
      run(operatorPeer, operatorClient, { args: ['get', 'shared'] }),
    ]);
    expect(text(fromOem.response.getPayload_asU8())).to.equal('seen by oem');
    expect(text(fromOperator.response.getPayload_asU8())).to.equal('seen by operator');
    const [oemHandler, operatorHandler] = await Promise.all([oemPeer.connection.handler(), operatorPeer.connection.handler()]);
    expect(oemHandler).to.not.equal(operatorHandler);
    expect(oemHandler.chaincodeId).to.equal(CHAINCODE_ID);
  });

  it('gives byte-identical results for one proposal endorsed by two peers with the same state', async () => {
    const peerA = newPeer();
    const peerB = newPeer();
    for (const target of [peerA, peerB]) {
      target.state.put('mobility', 'r1', 'x', { version: { blockNum: 1, txNum: 0 } });
      target.state.put('mobility', 'r2', 'y', { version: { blockNum: 1, txNum: 1 } });
    }
    const proposal = buildProposal(oemClient, { args: ['putThenGet', 'r1', 'z'] });
    const [a, b] = await Promise.all([peerA.support.execute(proposal), peerB.support.execute(proposal)]);
    expect(Buffer.from(a.rwsetBytes).equals(Buffer.from(b.rwsetBytes))).to.equal(true);
    expect(Buffer.from(a.response.serializeBinary()).equals(Buffer.from(b.response.serializeBinary()))).to.equal(true);
  });

  it('runs 50 transactions concurrently on one stream', async () => {
    const oemPeer = newPeer();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => run(oemPeer, oemClient, { args: ['putThenGet', `c${i}`, `value-${i}`] })));
    results.forEach((result, i) => {
      expect(result.response.getStatus()).to.equal(200);
      expect(mobilityRwSet(result).writes.map((w) => [w.key, text(w.value)])).to.deep.equal([[`c${i}`, `value-${i}`]]);
    });
    expect((await oemPeer.connection.handler()).inFlight).to.equal(0);
  });

  it('times out a slow transaction and keeps the stream usable', async () => {
    const slowPeer = newPeer({ executeTimeoutMs: 200 });
    const error = await rejection(run(slowPeer, oemClient, { args: ['sleep', '600'] }));
    expect(error).to.be.instanceOf(ChaincodeTimeoutError);
    expect(error.message).to.match(/^failed to execute transaction [0-9a-f]{64}: error sending: timeout expired while executing transaction$/);
    const after = await run(slowPeer, oemClient, { args: ['get', 'nothing'] });
    expect(after.response.getStatus()).to.equal(200);
  });

  it('measures the round trip of a trivial transaction', async () => {
    const oemPeer = newPeer();
    for (let i = 0; i < 20; i += 1) await run(oemPeer, oemClient, { args: ['put', `warm${i}`, 'x'] });
    const proposals: UnpackedProposal[] = Array.from({ length: 200 }, (_, i) => buildProposal(oemClient, { args: ['put', `rtt${i}`, 'x'] }));
    const samples: number[] = [];
    for (const proposal of proposals) {
      const started = process.hrtime.bigint();
      await oemPeer.support.execute(proposal);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((sum, ms) => sum + ms, 0) / samples.length;
    const p = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    console.log(`      put-one-key round trip over ${samples.length} txs: mean ${mean.toFixed(2)} ms, p50 ${p(0.5).toFixed(2)} ms, p95 ${p(0.95).toFixed(2)} ms`);
    expect(p(0.5)).to.be.below(50);
  });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
