import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { KvLedger } from './kvledger';
import { LedgerClosedError } from './errors';
import { blockOf, buildEndorserTx, sha256 } from './testing/fixtures';

async function keys(iterable: AsyncIterable<{ key: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of iterable) out.push(entry.key);
  return out;
}

describe('LedgerSnapshot', () => {
  let rootDir: string;
  let ledger: KvLedger;

  beforeEach(async () => {
    rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-snapshot-'));
    ledger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP'] });
    const first = buildEndorserTx({
      writes: [{ key: 'a', value: 'A0' }, { key: 'b', value: 'B0' }],
      collections: [{ collection: 'oemPrivate', writes: [{ key: 'vin', value: 'v0' }] }],
    });
    const block0 = blockOf(0, [first], { pvtOrgs: ['OemMSP'] });
    await ledger.commit(block0.block, block0.committed);
  });

  afterEach(async () => {
    await ledger.close();
    fs.rmSync(rootDir, { recursive: true, force: true });
  });

  it('keeps reading the height it was taken at while later blocks commit, private state and history included', async () => {
    const before = ledger.snapshot();
    const second = buildEndorserTx({
      writes: [{ key: 'a', value: 'A1' }, { key: 'b' }, { key: 'c', value: 'C1' }],
      collections: [{ collection: 'oemPrivate', writes: [{ key: 'vin', value: 'v1' }] }],
    });
    const block1 = blockOf(1, [second], { pvtOrgs: ['OemMSP'] });
    await ledger.commit(block1.block, block1.committed);
    const after = ledger.snapshot();
    try {
      expect(before.height).to.equal(1);
      expect(after.height).to.equal(2);
      expect(before.getState('mobility', 'a')?.value.toString()).to.equal('A0');
      expect(before.getState('mobility', 'a')?.version).to.deep.equal({ blockNum: 0, txNum: 0 });
      expect(before.getState('mobility', 'b')?.value.toString()).to.equal('B0');
      expect(before.getState('mobility', 'c')).to.equal(undefined);
      expect(await keys(before.getStateRange('mobility', '', ''))).to.deep.equal(['a', 'b']);
      expect((await before.getPrivateData('OemMSP', 'mobility', 'oemPrivate', 'vin'))?.value.toString()).to.equal('v0');
      expect(before.getHashed('mobility', 'oemPrivate', sha256('vin'))?.valueHash).to.deep.equal(sha256('v0'));
      expect(await keys(before.getPrivateDataRange('OemMSP', 'mobility', 'oemPrivate', '', ''))).to.deep.equal(['vin']);
      const history: string[] = [];
      for await (const entry of before.getHistoryForKey('mobility', 'a')) history.push(Buffer.from(entry.value).toString());
      expect(history).to.deep.equal(['A0']);

      expect(after.getState('mobility', 'a')?.value.toString()).to.equal('A1');
      expect(after.getState('mobility', 'b')).to.equal(undefined);
      expect(await keys(after.getStateRange('mobility', '', ''))).to.deep.equal(['a', 'c']);
      expect((await after.getPrivateData('OemMSP', 'mobility', 'oemPrivate', 'vin'))?.value.toString()).to.equal('v1');
      expect(after.getHashed('mobility', 'oemPrivate', sha256('vin'))?.version).to.deep.equal({ blockNum: 1, txNum: 0 });
    } finally {
      before.release();
      after.release();
    }
  });

  it('reads a short range from LevelDB once per snapshot when it was read whole, and long or half-read ranges every time', async () => {
    const many = blockOf(1, [buildEndorserTx({ writes: Array.from({ length: 70 }, (_, i) => ({ key: `m${String(i).padStart(3, '0')}`, value: 'x' })) })]);
    await ledger.commit(many.block, many.committed);
    const snapshot = ledger.snapshot();
    const stateDb = ledger.stateDb;
    const original = stateDb.getRange.bind(stateDb);
    let levelDbRanges = 0;
    stateDb.getRange = (...args: Parameters<typeof stateDb.getRange>) => {
      levelDbRanges += 1;
      return original(...args);
    };
    try {
      expect(await keys(snapshot.getStateRange('mobility', 'a', 'c'))).to.deep.equal(['a', 'b']);
      expect(await keys(snapshot.getStateRange('mobility', 'a', 'c'))).to.deep.equal(['a', 'b']);
      expect(levelDbRanges).to.equal(1);

      for await (const entry of snapshot.getStateRange('mobility', 'a', 'l')) if (entry.key === 'a') break;
      expect(await keys(snapshot.getStateRange('mobility', 'a', 'l'))).to.deep.equal(['a', 'b']);
      expect(levelDbRanges).to.equal(3);

      expect((await keys(snapshot.getStateRange('mobility', 'm', 'n'))).length).to.equal(70);
      expect((await keys(snapshot.getStateRange('mobility', 'm', 'n'))).length).to.equal(70);
      expect(levelDbRanges).to.equal(5);
    } finally {
      stateDb.getRange = original;
      snapshot.release();
    }
  });

  it('tells ranges apart even when their keys hold U+0000, as composite keys do', async () => {
    const composite = blockOf(1, [buildEndorserTx({ writes: [{ key: 'k\u0000x', value: 'K' }] })]);
    await ledger.commit(composite.block, composite.committed);
    const snapshot = ledger.snapshot();
    try {
      expect(await keys(snapshot.getStateRange('mobility', 'k\u0000', 'm'))).to.deep.equal(['k\u0000x']);
      // Joined with a U+0000 separator, this range's bounds would read the same as the one above.
      expect(await keys(snapshot.getStateRange('mobility', 'k', '\u0000m'))).to.deep.equal([]);
    } finally {
      snapshot.release();
    }
  });

  it('carries a short range over to the next height unless the block wrote a key inside it', async () => {
    const setup = blockOf(1, [buildEndorserTx({ writes: [{ key: 'p1', value: 'P' }, { key: 'q1', value: 'Q' }, { key: 'r1', value: 'R' }, { key: 's1', value: 'S' }] })]);
    await ledger.commit(setup.block, setup.committed);
    const stateDb = ledger.stateDb;
    const original = stateDb.getRange.bind(stateDb);
    const levelDbReads: string[] = [];
    stateDb.getRange = (...args: Parameters<typeof stateDb.getRange>) => {
      levelDbReads.push(args[1]);
      return original(...args);
    };
    const read = async (start: string, end: string): Promise<string[]> => {
      const snapshot = ledger.snapshot();
      try {
        const entries: string[] = [];
        for await (const entry of snapshot.getStateRange('mobility', start, end)) entries.push(`${entry.key}=${entry.value.toString()}@${entry.version.blockNum}`);
        return entries;
      } finally {
        snapshot.release();
      }
    };
    try {
      for (const start of ['p', 'q', 'r', 's', 't']) await read(start, String.fromCharCode(start.charCodeAt(0) + 1));
      expect(levelDbReads).to.deep.equal(['p', 'q', 'r', 's', 't']);
      // Block 2 changes q1, deletes r1, sets metadata on s1 and creates t1; p is untouched.
      const block2 = blockOf(2, [buildEndorserTx({ writes: [{ key: 'q1', value: 'Q2' }, { key: 'r1' }, { key: 't1', value: 'T' }], metadataWrites: [{ key: 's1', entries: { VALIDATION_PARAMETER: new Uint8Array([1]) } }] })]);
      await ledger.commit(block2.block, block2.committed);
      levelDbReads.length = 0;
      expect(await read('p', 'q')).to.deep.equal(['p1=P@1']);
      expect(await read('q', 'r')).to.deep.equal(['q1=Q2@2']);
      expect(await read('r', 's')).to.deep.equal([]);
      expect(await read('s', 't')).to.deep.equal(['s1=S@2']);
      expect(await read('t', 'u')).to.deep.equal(['t1=T@2']);
      expect(levelDbReads).to.deep.equal(['q', 'r', 's', 't']);
    } finally {
      stateDb.getRange = original;
    }
  });

  it('serves point reads from memory at the heights they hold for, and older snapshots from LevelDB', async () => {
    const stateDb = ledger.stateDb;
    const original = stateDb.getNow.bind(stateDb);
    const levelDbReads: string[] = [];
    stateDb.getNow = (...args: Parameters<typeof stateDb.getNow>) => {
      levelDbReads.push(args[1]);
      return original(...args);
    };
    try {
      const atOne = ledger.snapshot();
      expect(atOne.getState('mobility', 'a')?.value.toString(), 'written by block 0: known').to.equal('A0');
      expect(atOne.getState('mobility', 'b')?.value.toString()).to.equal('B0');
      expect(atOne.getState('mobility', 'never')).to.equal(undefined);
      expect(atOne.getState('mobility', 'never')).to.equal(undefined);
      expect(levelDbReads, 'a key read once at the current height is known after').to.deep.equal(['never']);

      const block1 = blockOf(1, [buildEndorserTx({ writes: [{ key: 'a', value: 'A1' }] })]);
      await ledger.commit(block1.block, block1.committed);
      const atTwo = ledger.snapshot();
      levelDbReads.length = 0;
      expect(atTwo.getState('mobility', 'a')?.value.toString(), 'the block wrote it: its value is known').to.equal('A1');
      expect(atTwo.getState('mobility', 'b')?.value.toString(), 'untouched by the block: still known').to.equal('B0');
      expect(atTwo.getState('mobility', 'never')).to.equal(undefined);
      expect((await ledger.getState('mobility', 'a'))?.version).to.deep.equal({ blockNum: 1, txNum: 0 });
      expect(levelDbReads).to.deep.equal([]);
      expect(atOne.getState('mobility', 'a')?.value.toString(), 'the older snapshot keeps its value').to.equal('A0');
      expect(levelDbReads).to.deep.equal(['a']);
      atOne.release();
      atTwo.release();
    } finally {
      stateDb.getNow = original;
    }
  });

  it('closes once released by its readers and by the ledger (after the next commit), and none are given after close', async () => {
    const snapshot = ledger.snapshot();
    snapshot.release();
    expect(snapshot.getState('mobility', 'a')?.value.toString()).to.equal('A0');
    const reader = ledger.snapshot();
    const next = blockOf(1, [buildEndorserTx({ writes: [{ key: 'a', value: 'A1' }] })]);
    await ledger.commit(next.block, next.committed);
    expect(reader.isOpen).to.equal(true);
    reader.release();
    expect(reader.isOpen).to.equal(false);
    expect(() => reader.getState('mobility', 'a')).to.throw(LedgerClosedError);
    await ledger.close();
    expect(() => ledger.snapshot()).to.throw(LedgerClosedError);
  });
});
