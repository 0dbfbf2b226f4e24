import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { blockDataHash } from '@mobility-ledger/network/dist/protoutil/block';
import { decodeFabricBlockRecord, encodeFabricBlockRecord } from './fabric-block-record';
import { encodeRecord } from '@mobility-ledger/network/dist/ledger/blockstore/block-file';
import { locateLedger, readBlockFiles } from './block-files';
import { scanLedgerFiles } from './scan-ledger';
import { FABRIC_SAMPLE_CHANNEL as CHANNEL, FABRIC_SAMPLE_DIR, fabricSampleLocation, loadFabricSample } from './testing/fabric-samples';


/** The chain directory a peer would have under `dir`. */
const chainDirOf = (dir: string): string => path.join(dir, 'ledgersData', 'chains', 'chains', CHANNEL);

/** A peer data directory holding `bytes` as its block file. */
async function peerDirWith(bytes: Uint8Array): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'auditor-fabric-'));
  await fs.mkdir(chainDirOf(dir), { recursive: true });
  await fs.writeFile(path.join(chainDirOf(dir), 'blockfile_000000'), bytes);
  return dir;
}

/** A Fabric-format copy of the sample, each block passed through `change` first. */
async function fabricCopy(blocks: readonly common.Block[], change: (block: common.Block) => void): Promise<string> {
  const records = blocks.map((block) => {
    const copy = common.Block.deserializeBinary(block.serializeBinary());
    change(copy);
    const record = encodeFabricBlockRecord(copy);
    return encodeRecord(record);
  });
  return peerDirWith(Buffer.concat(records));
}

const sampleFile = (): Promise<Buffer> => fs.readFile(path.join(FABRIC_SAMPLE_DIR, 'blockfile_000000'));
const kindsAndBlocks = (report: { problems: readonly { kind: string; blockNumber?: number }[] }): [string, number | undefined][] =>
  report.problems.map((problem) => [problem.kind, problem.blockNumber]);

describe('integrity scans of a ledger written by real Fabric 2.5', function () {
  this.timeout(30_000);
  let sample: common.Block[];
  const temporary: string[] = [];

  before(async () => {
    sample = await loadFabricSample();
  });

  after(async () => {
    for (const dir of temporary) await fs.rm(dir, { recursive: true, force: true });
  });

  it("reads Fabric's block serialization and writes it back byte for byte", async () => {
    const bytes = await sampleFile();
    let offset = 0;
    let count = 0;
    while (offset < bytes.length) {
      let length = 0;
      let shift = 1;
      let size = 0;
      for (;;) {
        const byte = bytes[offset + size] as number;
        length += (byte & 0x7f) * shift;
        size += 1;
        if ((byte & 0x80) === 0) break;
        shift *= 128;
      }
      const record = bytes.subarray(offset + size, offset + size + length);
      expect(Buffer.from(encodeFabricBlockRecord(decodeFabricBlockRecord(record))).equals(record)).to.equal(true);
      offset += size + length;
      count += 1;
    }
    expect(count).to.equal(22);
    expect(() => decodeFabricBlockRecord(Buffer.from([0x05, 0x20, 0x01]))).to.throw(/runs past the end/);
  });

  it('finds the chain directory of a peer file system, a data directory or the chain directory itself', async () => {
    const dir = await fabricCopy(sample, () => undefined);
    temporary.push(dir);
    expect(await locateLedger(dir, CHANNEL)).to.deep.equal({ chainDir: chainDirOf(dir), format: 'fabric' });
    expect((await locateLedger(FABRIC_SAMPLE_DIR, CHANNEL)).format).to.equal('fabric');
    await locateLedger(os.tmpdir(), 'no-such-channel').then(
      () => expect.fail('no ledger there'),
      (error: Error) => expect(error.message).to.match(/no block files of channel 'no-such-channel'/),
    );
  });

  it('passes the untouched ledger: hash chain, Raft orderer and endorsement signatures, lifecycle policy, MVCC, its invalid transactions', async () => {
    const report = await scanLedgerFiles(FABRIC_SAMPLE_DIR, { channel: CHANNEL });
    expect(report.problems).to.deep.equal([]);
    expect(report).to.include({ ok: true, blocks: 22, lastBlock: 21, stoppedEarly: false });
    // Fabric marked three invalid: ENDORSEMENT_POLICY_FAILURE (16:0), MVCC_READ_CONFLICT (18:1), DUPLICATE_TXID (21:0).
    expect(report.transactions).to.deep.equal({ total: 27, valid: 24, invalid: 3 });
    expect(report.configBlocks).to.deep.equal([0]);
    expect(report.checkpoint).to.deep.equal({ blockNumber: 21, headerHash: '3b2d8980efb713b24d3e37e82313fe8afcba29f2af2ef71e912689150c713212' });
    expect(report.state.performed).to.equal(false);
  });

  it("reports an altered data hash in block 0 as Fabric's ledgerutil verify does, first problem first", async () => {
    // As in Fabric's own bad-ledger sample: block 0's header data_hash changed, so the data no longer
    // matches it and block 1's previous_hash no longer matches block 0's header.
    const bytes = await sampleFile();
    const dataHash = Buffer.from((sample[0]?.getHeader() as common.BlockHeader).getDataHash_asU8());
    const at = bytes.indexOf(dataHash);
    expect(at).to.be.within(0, 8);
    bytes[at + 5] = (bytes[at + 5] ?? 0) ^ 0x01;
    const dataDir = await peerDirWith(bytes);
    temporary.push(dataDir);
    const first = await scanLedgerFiles(dataDir, { channel: CHANNEL });
    expect(kindsAndBlocks(first)).to.deep.equal([['data-hash', 0]]);
    expect(first.stoppedEarly).to.equal(true);
    expect(first.checkpoint).to.equal(undefined);
    const all = await scanLedgerFiles(dataDir, { channel: CHANNEL, keepGoing: true });
    // Everything after block 1's link checks out: lifecycle, endorsements, signatures, validation codes.
    expect(kindsAndBlocks(all)).to.deep.equal([
      ['data-hash', 0],
      ['broken-link', 1],
    ]);
    expect(all.configBlocks).to.deep.equal([0]);
    expect(all.problems[1]?.location).to.match(/blockfile_000000@\d+$/);
  });

  it('reports a transaction with another envelope glued onto it as malformed, as Fabric does', async () => {
    // Block 13 holds five transactions; transaction 1's envelope is appended to transaction 0's bytes
    // and the data hash recomputed, so only the envelope itself (and what signed the old header) is wrong.
    let gluedLength = 0;
    const dir = await fabricCopy(sample, (block) => {
      if (block.getHeader()?.getNumber() !== 13) return;
      const entries = (block.getData() as common.BlockData).getDataList_asU8().slice();
      gluedLength = (entries[0] as Uint8Array).length;
      entries[0] = Buffer.concat([entries[0] as Uint8Array, entries[1] as Uint8Array]);
      block.getData()?.setDataList(entries);
      block.getHeader()?.setDataHash(blockDataHash(entries));
    });
    temporary.push(dir);
    expect(gluedLength).to.be.greaterThan(1000);
    const report = await scanLedgerFiles(dir, { channel: CHANNEL });
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ kind: 'malformed-transaction', blockNumber: 13, message: `transaction 0 has ${gluedLength} trailing bytes` });
    expect(report.checkpoint?.blockNumber).to.equal(12);
    const all = await scanLedgerFiles(dir, { channel: CHANNEL, keepGoing: true });
    expect(kindsAndBlocks(all)).to.deep.include.members([
      ['malformed-transaction', 13],
      ['orderer-signature', 13],
      ['broken-link', 14],
    ]);
  });

  it('catches a forged orderer signature and validation codes the replay contradicts', async () => {
    const forged = await fabricCopy(sample, (block) => {
      if (block.getHeader()?.getNumber() !== 3) return;
      const slots = block.getMetadata()?.getMetadataList_asU8().slice() ?? [];
      const signatures = common.Metadata.deserializeBinary(slots[0] as Uint8Array);
      const entry = signatures.getSignaturesList()[0] as common.MetadataSignature;
      const signature = Buffer.from(entry.getSignature_asU8());
      signature[10] = (signature[10] ?? 0) ^ 0xff;
      entry.setSignature(signature);
      slots[0] = signatures.serializeBinary();
      block.getMetadata()?.setMetadataList(slots);
    });
    temporary.push(forged);
    const signatureReport = await scanLedgerFiles(forged, { channel: CHANNEL });
    expect(kindsAndBlocks(signatureReport)).to.deep.equal([['orderer-signature', 3]]);

    // Block 17 registered device 0x6300…; flagging it invalid makes block 18's VALID suspension read a device that never existed.
    const flagged = await fabricCopy(sample, (block) => {
      if (block.getHeader()?.getNumber() !== 17) return;
      const slots = block.getMetadata()?.getMetadataList_asU8().slice() ?? [];
      slots[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.of(11);
      block.getMetadata()?.setMetadataList(slots);
    });
    temporary.push(flagged);
    const flagReport = await scanLedgerFiles(flagged, { channel: CHANNEL });
    const device = '\u0000device\u00000x6300A15bf7D4d286b1638e7A7d8AEC9B5F4A0fb9\u0000';
    expect(flagReport.problems[0]).to.include({ kind: 'stale-read', blockNumber: 18, txNumber: 0 });
    expect(flagReport.problems[0]?.message).to.contain(`read mobility/${device} at 17:0, but the replayed state has absent`);
  });

  it('reports a record cut short, and nothing after it can be read', async () => {
    const bytes = await sampleFile();
    const dir = await peerDirWith(bytes.subarray(0, bytes.length - 100));
    temporary.push(dir);
    const entries = [];
    for await (const entry of readBlockFiles(await locateLedger(dir, CHANNEL))) entries.push(entry.kind);
    expect(entries).to.deep.equal([...Array<string>(21).fill('block'), 'unreadable']);
    const report = await scanLedgerFiles(dir, { channel: CHANNEL });
    expect(report.problems[0]).to.include({ kind: 'unreadable-record', blockNumber: 21 });
    expect(report.problems[0]?.message).to.match(/runs past the end of the file/);
    expect(fabricSampleLocation().chainDir).to.equal(FABRIC_SAMPLE_DIR);
  });
});
