import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { decodeFabricBlockRecord, encodeFabricBlockRecord } from './fabric-block-record';
import { locateLedger, readBlockFiles } from './block-files';
import { scanLedgerFiles } from './scan-ledger';
import { fabricSampleLocation, loadFabricSample, TESTDATA_DIR } from './testing/fabric-samples';

const CHANNEL = 'mychannel';

function varint(value: number): Buffer {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Buffer.from(out);
}

/** A Fabric-format copy of a sample, each block passed through `change` first. */
async function fabricCopy(blocks: readonly common.Block[], change: (block: common.Block) => void): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'auditor-fabric-'));
  const chainDir = path.join(dir, 'ledgersData', 'chains', 'chains', CHANNEL);
  await fs.mkdir(chainDir, { recursive: true });
  const records = blocks.map((block) => {
    const copy = common.Block.deserializeBinary(block.serializeBinary());
    change(copy);
    const record = encodeFabricBlockRecord(copy);
    return Buffer.concat([varint(record.length), record]);
  });
  await fs.writeFile(path.join(chainDir, 'blockfile_000000'), Buffer.concat(records));
  return dir;
}

describe('integrity scans of ledgers written by real Fabric', function () {
  this.timeout(30_000);
  let prod: common.Block[];
  const temporary: string[] = [];

  before(async () => {
    prod = await loadFabricSample('sample_prod');
  });

  after(async () => {
    for (const dir of temporary) await fs.rm(dir, { recursive: true, force: true });
  });

  it("reads Fabric's block serialization and writes it back byte for byte", async () => {
    const bytes = await fs.readFile(path.join(fabricSampleLocation('sample_prod').chainDir, 'blockfile_000000'));
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
    expect(count).to.equal(8);
    expect(() => decodeFabricBlockRecord(Buffer.from([0x05, 0x20, 0x01]))).to.throw(/runs past the end/);
  });

  it('finds the chain directory of a peer file system, a data directory or the chain directory itself', async () => {
    const dir = await fabricCopy(prod, () => undefined);
    temporary.push(dir);
    expect(await locateLedger(dir, CHANNEL)).to.deep.equal({ chainDir: path.join(dir, 'ledgersData', 'chains', 'chains', CHANNEL), format: 'fabric' });
    expect((await locateLedger(path.join(TESTDATA_DIR, 'sample_prod'), CHANNEL)).format).to.equal('fabric');
    await locateLedger(os.tmpdir(), 'no-such-channel').then(
      () => expect.fail('no ledger there'),
      (error: Error) => expect(error.message).to.match(/no block files of channel 'no-such-channel'/),
    );
  });

  it('passes sample_prod: hash chain, orderer and endorsement signatures, lifecycle policy, MVCC', async () => {
    const report = await scanLedgerFiles(path.join(TESTDATA_DIR, 'sample_prod'), { channel: CHANNEL });
    expect(report.problems).to.deep.equal([]);
    expect(report).to.include({ ok: true, blocks: 8, lastBlock: 7, stoppedEarly: false });
    expect(report.transactions).to.deep.equal({ total: 8, valid: 8, invalid: 0 });
    expect(report.checkpoint).to.deep.equal({ blockNumber: 7, headerHash: 'ba00545bfd2681a2453c26b281ea932fedf53bc40c5dd5a9091ab8df8fc4d371' });
    expect(report.state.performed).to.equal(false);
  });

  it("reports what Fabric's ledgerutil verify reports for sample_bad_ledger, first problem first", async () => {
    const dataDir = path.join(TESTDATA_DIR, 'sample_bad_ledger');
    const first = await scanLedgerFiles(dataDir, { channel: CHANNEL });
    expect(first.problems.map((problem) => [problem.kind, problem.blockNumber])).to.deep.equal([['data-hash', 0]]);
    expect(first.stoppedEarly).to.equal(true);
    expect(first.checkpoint).to.equal(undefined);
    const all = await scanLedgerFiles(dataDir, { channel: CHANNEL, keepGoing: true });
    // Fabric: block 0 "DataHash mismatch", block 1 "PreviousHash mismatch"; everything after checks out,
    // including two config updates, a lifecycle definition endorsed by Org1MSP and Org2MSP and its invokes.
    expect(all.problems.map((problem) => [problem.kind, problem.blockNumber])).to.deep.equal([
      ['data-hash', 0],
      ['broken-link', 1],
    ]);
    expect(all.configBlocks).to.deep.equal([0, 1, 2]);
    expect(all.problems[1]?.location).to.match(/blockfile_000000@\d+$/);
  });

  it('reports the glued-together block 8 as a malformed transaction, as Fabric does', async () => {
    const report = await scanLedgerFiles(path.join(TESTDATA_DIR, 'glued_together'), { channel: CHANNEL });
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ kind: 'malformed-transaction', blockNumber: 8, message: 'transaction 0 has 3183 trailing bytes' });
    expect(report.checkpoint?.blockNumber).to.equal(7);
  });

  it('catches a forged orderer signature and validation codes the replay contradicts', async () => {
    const forged = await fabricCopy(prod, (block) => {
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
    expect(signatureReport.problems.map((problem) => [problem.kind, problem.blockNumber])).to.deep.equal([['orderer-signature', 3]]);

    // Block 4 created marble1; flagging it invalid makes block 5's VALID transfer read a key that never existed.
    const flagged = await fabricCopy(prod, (block) => {
      if (block.getHeader()?.getNumber() !== 4) return;
      const slots = block.getMetadata()?.getMetadataList_asU8().slice() ?? [];
      slots[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.of(11);
      block.getMetadata()?.setMetadataList(slots);
    });
    temporary.push(flagged);
    const flagReport = await scanLedgerFiles(flagged, { channel: CHANNEL });
    expect(flagReport.problems[0]).to.include({ kind: 'stale-read', blockNumber: 5, txNumber: 0 });
    expect(flagReport.problems[0]?.message).to.match(/read marbles\/marble1 at 4:0, but the replayed state has absent/);
  });

  it('reports a record cut short, and nothing after it can be read', async () => {
    const dir = await fabricCopy(prod, () => undefined);
    temporary.push(dir);
    const file = path.join(dir, 'ledgersData', 'chains', 'chains', CHANNEL, 'blockfile_000000');
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 100));
    const entries = [];
    for await (const entry of readBlockFiles(await locateLedger(dir, CHANNEL))) entries.push(entry.kind);
    expect(entries).to.deep.equal(['block', 'block', 'block', 'block', 'block', 'block', 'block', 'unreadable']);
    const report = await scanLedgerFiles(dir, { channel: CHANNEL });
    expect(report.problems[0]).to.include({ kind: 'unreadable-record', blockNumber: 7 });
    expect(report.problems[0]?.message).to.match(/runs past the end of the file/);
  });
});
