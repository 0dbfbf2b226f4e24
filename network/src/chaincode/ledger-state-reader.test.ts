import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { KvLedger } from '../ledger';
import { blockOf, buildEndorserTx } from '../ledger/testing/fixtures';
import { LedgerStateReader } from './ledger-state-reader';
import type { StateEntry } from './state-reader';
import { decodeTxRwSet } from '../protoutil/transaction';
import { TxSimulator } from './tx-simulator';

const sha256 = (data: string): Buffer => createHash('sha256').update(data).digest();

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const keysOf = (entries: StateEntry[]): string[] => entries.map((entry) => entry.key);

describe('LedgerStateReader over KvLedger', () => {
  let rootDir: string;
  let ledger: KvLedger;

  before(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-state-reader-'));
    ledger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP'] });
    const first = buildEndorserTx({
      writes: [{ key: 'a', value: 'A1' }, { key: 'b', value: 'B1' }],
      collections: [{ collection: 'oemPrivate', writes: [{ key: 'vin', value: 'secret' }] }],
      timestampSeconds: 1_800_000_000,
    });
    const block0 = blockOf(0, [first], { pvtOrgs: ['OemMSP'] });
    await ledger.commit(block0.block, block0.committed);
    const second = buildEndorserTx({ writes: [{ key: 'a', value: 'A2' }], timestampSeconds: 1_800_000_100 });
    const block1 = blockOf(1, [second]);
    await ledger.commit(block1.block, block1.committed);
  });

  after(async () => {
    await ledger.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  it('reads public state, ranges and history newest first', async () => {
    const reader = new LedgerStateReader(ledger, 'OemMSP');
    const a = await reader.get('mobility', 'a');
    expect(Buffer.from(a!.value).toString()).to.equal('A2');
    expect(a!.version).to.deep.equal({ blockNum: 1, txNum: 0 });
    expect(keysOf(await all(reader.getRange('mobility', '', '')))).to.deep.equal(['a', 'b']);
    const history = await all(reader.getHistory('mobility', 'a'));
    expect(history.map((h) => [Buffer.from(h.value).toString(), h.timestamp?.seconds])).to.deep.equal([
      ['A2', 1_800_000_100],
      ['A1', 1_800_000_000],
    ]);
  });

  it('gives private values to the member org only, hashes to everyone', async () => {
    const member = new LedgerStateReader(ledger, 'OemMSP');
    const outsider = new LedgerStateReader(ledger, 'MobilityMSP');
    expect(Buffer.from((await member.getPrivate('mobility', 'oemPrivate', 'vin'))!.value).toString()).to.equal('secret');
    expect(keysOf(await all(member.getPrivateRange('mobility', 'oemPrivate', '', '')))).to.deep.equal(['vin']);
    expect(await outsider.getPrivate('mobility', 'oemPrivate', 'vin')).to.equal(undefined);
    expect(await all(outsider.getPrivateRange('mobility', 'oemPrivate', '', ''))).to.deep.equal([]);
    const hashed = await outsider.getHashed('mobility', 'oemPrivate', sha256('vin'));
    expect(Buffer.from(hashed!.valueHash).toString('hex')).to.equal(sha256('secret').toString('hex'));
    expect(hashed!.version).to.deep.equal({ blockNum: 0, txNum: 0 });
  });
});

describe('a simulation on LedgerStateReader', () => {
  let rootDir: string;
  let ledger: KvLedger;

  before(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-state-snapshot-'));
    ledger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP'] });
    const block0 = blockOf(0, [buildEndorserTx({ writes: [{ key: 'a', value: 'A1' }] })]);
    await ledger.commit(block0.block, block0.committed);
  });

  after(async () => {
    await ledger.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  it('reads the height it started at, records that version, and does not hold a concurrent commit up', async () => {
    const lookup = { collectionsOf: async () => undefined };
    const sim = await TxSimulator.open({ txId: 'tx-snapshot', state: new LedgerStateReader(ledger, 'OemMSP'), collections: lookup });
    const block1 = blockOf(1, [buildEndorserTx({ writes: [{ key: 'a', value: 'A2' }, { key: 'b', value: 'B2' }] })]);
    await ledger.commit(block1.block, block1.committed);
    expect(Buffer.from((await sim.getState('mobility', 'a'))!).toString()).to.equal('A1');
    expect(await sim.getState('mobility', 'b')).to.equal(undefined);
    const reads = decodeTxRwSet(sim.results().publicRwSet.serializeBinary()).nsRwSets[0]?.kvRwSet.reads;
    expect(reads).to.deep.equal([
      { key: 'a', version: { blockNum: 0, txNum: 0 } },
      { key: 'b', version: undefined },
    ]);
    await sim.done();

    const next = await TxSimulator.open({ txId: 'tx-next', state: new LedgerStateReader(ledger, 'OemMSP'), collections: lookup });
    expect(Buffer.from((await next.getState('mobility', 'a'))!).toString()).to.equal('A2');
    await next.done();
  });
});
