import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { openLedgerLevel, type LedgerLevel } from '../statedb/state-db';
import { HistoryDb, type HistoryEntry } from './history-db';

describe('ledger/history', () => {
  let dir: string;
  let level: LedgerLevel;

  beforeEach(async () => {
    dir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'history-'));
    level = await openLedgerLevel(path.join(dir, 'state'));
  });
  afterEach(async () => {
    await level.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function collect(iterator: AsyncGenerator<HistoryEntry>): Promise<string[]> {
    const out: string[] = [];
    for await (const entry of iterator) {
      out.push(`${entry.blockNum}.${entry.txNum}:${entry.txId}:${entry.isDelete ? 'deleted' : Buffer.from(entry.value).toString()}`);
    }
    return out;
  }

  it('returns the modifications of one key newest first (Fabric 2.x) or oldest first', async () => {
    const record = (key: string, blockNum: number, txNum: number, value: string, isDelete = false) =>
      HistoryDb.recordOp('mobility', key, { blockNum, txNum }, {
        txId: `tx${blockNum}${txNum}`,
        value: Buffer.from(value),
        timestamp: { seconds: 100 + blockNum, nanos: 5 },
        isDelete,
      });
    // Writes out of order, a key that extends 'car' and a composite key containing 0x00 must not mix in.
    await level.batch([
      record('car', 3, 0, 'v3'),
      record('car', 1, 2, 'v1'),
      record('car', 10, 1, '', true),
      record('car', 2, 0, 'v2'),
      record('carx', 2, 1, 'other'),
      record('car\u0000a', 2, 2, 'composite'),
    ]);
    const history = new HistoryDb(level);

    expect(await collect(history.getHistoryForKey('mobility', 'car'))).to.deep.equal([
      '10.1:tx101:deleted',
      '3.0:tx30:v3',
      '2.0:tx20:v2',
      '1.2:tx12:v1',
    ]);
    expect(await collect(history.getHistoryForKey('mobility', 'car', 'oldestFirst'))).to.deep.equal([
      '1.2:tx12:v1',
      '2.0:tx20:v2',
      '3.0:tx30:v3',
      '10.1:tx101:deleted',
    ]);
    for await (const entry of history.getHistoryForKey('mobility', 'car')) {
      expect(entry.timestamp).to.deep.equal({ seconds: 110, nanos: 5 });
      break;
    }
    expect(await collect(history.getHistoryForKey('mobility', 'unknown'))).to.deep.equal([]);
  });
});
