import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointOf, sampleEvidence } from '../evidence/testing/sample-evidence';
import { TESTDATA_DIR } from '../integrity/testing/fabric-samples';
import { reportFailure } from './failure';
import { buildProgram } from './program';
import { BufferedIo } from './testing-io';

async function run(args: readonly string[]): Promise<BufferedIo> {
  const io = new BufferedIo();
  try {
    await buildProgram(io, async () => {
      throw new Error('these tests do not connect to a peer');
    }).parseAsync(['node', 'mobility-audit', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('commander.')) io.setExitCode((error as { exitCode: number }).exitCode);
    else reportFailure(io, error);
  }
  return io;
}

describe('mobility-audit command line', function () {
  this.timeout(30_000);
  let dir: string;
  let bundleFile: string;
  let genesisHash: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'auditor-cli-'));
    const { bundle } = await sampleEvidence();
    bundleFile = path.join(dir, 'marble1.json');
    await fs.writeFile(bundleFile, JSON.stringify(bundle, null, 2));
    genesisHash = bundle.checkpoint.headerHash;
  });

  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('verify: accepts a bundle offline and says what it proves', async () => {
    const io = await run(['verify', bundleFile, '--trust', `0:${genesisHash}`]);
    expect(io.exitCode).to.equal(undefined);
    const lines = io.output.split('\n');
    expect(lines[0]).to.match(/^VERIFIED: mychannel\/marbles marble1 = \{"docType":"marble".*"owner":"jerry"\}$/);
    expect(io.output).to.contain('endorsed by SampleOrg (peer0.org1.example.com)');
    expect(io.output).to.contain('chaincode definition committed in block 2 tx 0');
    expect(io.output).to.contain(`anchored at block 0 ${genesisHash}`);
  });

  it('verify: rejects a tampered bundle with the reason and exit code 1, as text or JSON', async () => {
    const bundle = JSON.parse(await fs.readFile(bundleFile, 'utf8')) as { blocks: { data: string[] }[] };
    const data = Buffer.from(bundle.blocks[2]?.data[0] ?? '', 'base64');
    data[100] = (data[100] ?? 0) ^ 0x01;
    (bundle.blocks[2] as { data: string[] }).data[0] = data.toString('base64');
    const tamperedFile = path.join(dir, 'tampered.json');
    await fs.writeFile(tamperedFile, JSON.stringify(bundle));
    const text = await run(['verify', tamperedFile, '--trust', 'genesis']);
    expect(text.exitCode).to.equal(1);
    expect(text.output).to.match(/^REJECTED \(DATA_HASH\): block 6: data hash [0-9a-f]{64} in the header does not match the data/);
    const json = await run(['verify', tamperedFile, '--trust', 'genesis', '--json']);
    expect(JSON.parse(json.output)).to.include({ ok: false, reason: 'DATA_HASH', blockNumber: 6, trust: 'genesis' });
    const wrongTrust = await run(['verify', bundleFile, '--trust', `0:${'0'.repeat(64)}`]);
    expect(wrongTrust.output).to.match(/^REJECTED \(CHECKPOINT\)/);
  });

  it('verify: refuses a malformed trust anchor as a usage error', async () => {
    const io = await run(['verify', bundleFile, '--trust', 'yesterday']);
    expect(io.exitCode).to.equal(2);
    expect(io.errors).to.match(/error: trusted checkpoint must be 'genesis' or '<block number>:<64-hex header hash>'/);
  });

  it('scan: reports a clean ledger with its checkpoint, and the first problem of a bad one', async () => {
    const clean = await run(['scan', '--data-dir', path.join(TESTDATA_DIR, 'sample_prod'), '--channel', 'mychannel']);
    expect(clean.exitCode).to.equal(undefined);
    expect(clean.output).to.match(/^OK: 8 block\(s\) of fabric block files in .*sample_prod, 8 transaction\(s\) \(8 valid, 0 invalid\)/);
    const { headerHash } = checkpointOf((await sampleEvidence()).blocks, 7) as { headerHash: Buffer };
    expect(clean.output).to.contain(`checkpoint: 7:${headerHash.toString('hex')}`);
    const bad = await run(['scan', '--data-dir', path.join(TESTDATA_DIR, 'sample_bad_ledger'), '--channel', 'mychannel', '--json']);
    expect(bad.exitCode).to.equal(1);
    const report = JSON.parse(bad.output) as { problems: { kind: string; blockNumber: number }[]; stoppedEarly: boolean };
    expect(report.problems.map((problem) => [problem.kind, problem.blockNumber])).to.deep.equal([['data-hash', 0]]);
    expect(report.stoppedEarly).to.equal(true);
  });

  it('rejects unknown entity kinds before connecting, and explains a missing data directory', async () => {
    const kind = await run(['trail', 'car', 'X', '--data-dir', dir]);
    expect(kind.exitCode).to.equal(2);
    expect(kind.errors).to.contain("error: unknown entity kind 'car'; expected one of vin, pairing, device, ride, audit");
    const scan = await run(['scan']);
    expect(scan.errors).to.contain('error: give --data-dir');
  });
});
