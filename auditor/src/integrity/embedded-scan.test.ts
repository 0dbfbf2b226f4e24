import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { common } from '@hyperledger/fabric-protos';
import { decodeVarint } from '@mobility-ledger/network/dist/ledger/blockstore/block-file';
import { openLedgerLevel } from '@mobility-ledger/network/dist/ledger/statedb/state-db';
import { publicKey } from '@mobility-ledger/network/dist/ledger/statedb/state-keys';
import { encodeVersionedValue } from '@mobility-ledger/network/dist/ledger/statedb/value-codec';
import { locateLedger } from './block-files';
import { embeddedStateDir } from './embedded-state';
import { describeProblem } from './integrity-problem';
import { scanLedgerFiles } from './scan-ledger';
import { embeddedLedgerOf, removeDir } from './testing/embedded-copy';
import { FABRIC_SAMPLE_CHANNEL as CHANNEL, loadFabricSample } from './testing/fabric-samples';

const DEVICE = '\u0000device\u00000xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D\u0000';
const NEVER_WRITTEN = '\u0000device\u00000x0000000000000000000000000000000000000009\u0000';

/** File offsets of each record's block bytes in an embedded block file. */
interface Record {
  /** Offset of the record (its length prefix). */
  readonly offset: number;
  /** Offset of the block bytes. */
  readonly start: number;
  readonly length: number;
}

function recordOffsets(bytes: Buffer): Record[] {
  const records: Record[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const prefix = decodeVarint(bytes, offset);
    if (!prefix) break;
    records.push({ offset, start: offset + prefix.size, length: prefix.value });
    offset += prefix.size + prefix.value;
  }
  return records;
}

describe('integrity scans of embedded-network data directories', function () {
  this.timeout(60_000);
  let blocks: common.Block[];
  let pristine: string;
  const copies: string[] = [];

  async function copy(): Promise<string> {
    const dir = `${pristine}-copy${copies.length}`;
    await fs.cp(pristine, dir, { recursive: true });
    copies.push(dir);
    return dir;
  }

  async function blockFile(dataDir: string): Promise<string> {
    return path.join((await locateLedger(dataDir, CHANNEL)).chainDir, 'blockfile_000000');
  }

  before(async () => {
    blocks = await loadFabricSample();
    pristine = await embeddedLedgerOf(blocks, CHANNEL);
  });

  after(async () => {
    for (const dir of [pristine, ...copies]) await removeDir(dir);
  });

  it('passes the untouched ledger and finds its world state equal to the replay', async () => {
    const report = await scanLedgerFiles(pristine, { channel: CHANNEL });
    expect(report.source).to.match(/^embedded block files in /);
    expect(report.problems.map(describeProblem)).to.deep.equal([]);
    expect(report.state).to.deep.include({ performed: true, savepoint: { blockNum: 21, txNum: 0 } });
    expect(report.state.publicKeys).to.be.greaterThan(5);
  });

  it('reports the first corrupted block of a copy, with where it is stored', async () => {
    const dir = await copy();
    const file = await blockFile(dir);
    const bytes = await fs.readFile(file);
    const record = recordOffsets(bytes)[5] as Record;
    // A byte in the middle of block 5: inside its transaction data.
    const position = record.start + Math.floor(record.length / 2);
    bytes[position] = (bytes[position] ?? 0) ^ 0x01;
    await fs.writeFile(file, bytes);
    const report = await scanLedgerFiles(dir, { channel: CHANNEL });
    expect(report.ok).to.equal(false);
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]?.blockNumber).to.equal(5);
    expect(['data-hash', 'unreadable-record']).to.include(report.problems[0]?.kind);
    expect(report.problems[0]?.location).to.equal(`${file}@${record.offset}`);
    expect(report.checkpoint?.blockNumber).to.equal(4);
    expect(report.state).to.deep.equal({ performed: false, note: 'the block scan stopped early' });
  });

  it('finds a world state value no transaction wrote', async () => {
    const dir = await copy();
    const db = await openLedgerLevel(embeddedStateDir(dir, CHANNEL));
    // Device 0xBf1F… was registered by transaction 0 of block 6.
    const forged = Buffer.from('{"address":"0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D","status":"revoked"}');
    await db.put(publicKey('mobility', DEVICE), encodeVersionedValue(forged, { blockNum: 6, txNum: 0 }, undefined));
    await db.put(publicKey('mobility', NEVER_WRITTEN), encodeVersionedValue(forged, { blockNum: 6, txNum: 0 }, undefined));
    await db.close();
    const report = await scanLedgerFiles(dir, { channel: CHANNEL, keepGoing: true });
    expect(report.problems.map(describeProblem)).to.deep.equal([
      // Composite keys are shown with '/' between their parts, in key order.
      'state-mismatch: mobility/device/0x0000000000000000000000000000000000000009: in the state database (version 6:0) but no valid transaction wrote it',
      'state-mismatch: mobility/device/0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D: value differs from the one written at 6:0',
    ]);
  });

  it('finds blocks missing from the block files when the state is ahead of them', async () => {
    const dir = await copy();
    const file = await blockFile(dir);
    const bytes = await fs.readFile(file);
    const last = recordOffsets(bytes)[21] as Record;
    await fs.writeFile(file, bytes.subarray(0, last.offset));
    const report = await scanLedgerFiles(dir, { channel: CHANNEL });
    expect(report.problems[0]).to.include({ kind: 'state-mismatch', blockNumber: 21 });
    expect(report.problems[0]?.message).to.match(/state database is at block 21, but the block files end at block 20: blocks are missing/);
  });

  it('explains instead of failing when the state database is in use', async () => {
    const dir = await copy();
    const db = await openLedgerLevel(embeddedStateDir(dir, CHANNEL));
    try {
      const report = await scanLedgerFiles(dir, { channel: CHANNEL });
      expect(report.ok, 'the blocks are fine').to.equal(true);
      expect(report.state.performed).to.equal(false);
      expect(report.state.note).to.match(/is in use: stop the network or scan a copy/);
    } finally {
      await db.close();
    }
  });
});
