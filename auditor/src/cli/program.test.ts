import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointOf, sampleEvidence } from '../evidence/testing/sample-evidence';
import { FABRIC_SAMPLE_CHANNEL, FABRIC_SAMPLE_DIR } from '../integrity/testing/fabric-samples';
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
    bundleFile = path.join(dir, 'device.json');
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
    expect(lines[0]).to.match(/^VERIFIED: mobility\/mobility device\/0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D = \{"address":"0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D".*"status":"active".*\}$/);
    expect(io.output).to.contain('endorsed by MobilityMSP (peer0.mobility.mobility.example), OemMSP (peer0.oem.mobility.example)');
    expect(io.output).to.contain('chaincode definition committed in block 4 tx 0');
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
    const clean = await run(['scan', '--data-dir', FABRIC_SAMPLE_DIR, '--channel', FABRIC_SAMPLE_CHANNEL]);
    expect(clean.exitCode).to.equal(undefined);
    expect(clean.output).to.match(/^OK: 22 block\(s\) of fabric block files in .*mobility-fabric-2\.5, 27 transaction\(s\) \(24 valid, 3 invalid\)/);
    const { blocks } = await sampleEvidence();
    const { headerHash } = checkpointOf(blocks, 21) as { headerHash: Buffer };
    expect(clean.output).to.contain(`checkpoint: 21:${headerHash.toString('hex')}`);
    // A copy whose block 0 header carries another data hash.
    const badDir = path.join(dir, 'bad-ledger');
    await fs.mkdir(badDir);
    const bytes = await fs.readFile(path.join(FABRIC_SAMPLE_DIR, 'blockfile_000000'));
    const at = bytes.indexOf(Buffer.from(blocks[0]?.getHeader()?.getDataHash_asU8() ?? []));
    bytes[at + 1] = (bytes[at + 1] ?? 0) ^ 0x01;
    await fs.writeFile(path.join(badDir, 'blockfile_000000'), bytes);
    const bad = await run(['scan', '--data-dir', badDir, '--channel', FABRIC_SAMPLE_CHANNEL, '--json']);
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
