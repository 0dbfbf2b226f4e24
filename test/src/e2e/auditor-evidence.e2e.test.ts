import { common } from '@hyperledger/fabric-protos';
import { evidence, trail } from '@mobility-ledger/auditor';
import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditCli } from '../support/auditor-cli';
import { recordEveryKind, type Scenario } from '../support/auditor-scenario';
import { tamperings, type ByteClass } from '../support/auditor-tamper';
import { BlockReader, findTransaction } from '../support/block-scan';
import { E2eNetwork } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';
import { skipUnlessEmbedded, targetKind } from '../support/fabric-target';

const PORT_OFFSET = 11100;
const KINDS = ['device', 'pairing', 'vin', 'ride', 'audit'] as const;
const ENDORSEMENT_POLICY_FAILURE = 10;

/** What a one-byte change of each class may be rejected as: the first check that meets it. */
const EXPECTED_REASONS: Record<ByteClass, readonly string[]> = {
  header: ['HEADER_CHAIN', 'CHECKPOINT', 'DATA_HASH', 'ORDERER_SIGNATURE'],
  data: ['DATA_HASH'],
  metadata: ['ORDERER_SIGNATURE'],
  signature: ['ORDERER_SIGNATURE'],
};

describe('end to end: auditor trails, evidence bundles and integrity scans', function () {
  this.timeout(240_000);
  let network: E2eNetwork;
  let blockReader: BlockReader;
  let scenario: Scenario;
  let workDir: string;
  let bundleFile: string;

  const connection = (): string[] => ['--data-dir', network.process.ready.dataDir, '--org', 'audit'];

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'auditor-evidence-'));
    network = await E2eNetwork.start(PORT_OFFSET);
    blockReader = new BlockReader(network.clients.audit.gateway.getNetwork('mobility'));
    scenario = await recordEveryKind(network);
    bundleFile = path.join(workDir, 'pairing.json');
  });

  after(async () => {
    await tearDownNetwork(network, blockReader);
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it('trails every entity kind: its transactions in ledger order, with submitter, devices, endorsers and validation codes', async () => {
    const lastBlock = KINDS.flatMap((kind) => scenario[kind].steps).reduce((max, step) => (step.blockNumber > max ? step.blockNumber : max), 0n);
    const blocks = await blockReader.readUpTo(lastBlock);
    for (const kind of KINDS) {
      const run = await runAuditCli(['trail', kind, scenario[kind].id, '--json', '--blocks', 'qscc', ...connection()]);
      expect(run.exitCode, run.stderr).to.equal(0);
      const entries = (JSON.parse(run.stdout) as trail.Trail).transactions;
      const steps = scenario[kind].steps;
      expect(entries.map((entry) => entry.txId), `${kind} trail`).to.deep.equal(steps.map((step) => step.txId));
      entries.forEach((entry, index) => {
        const recorded = steps[index];
        const independent = findTransaction(blocks, entry.txId);
        expect(entry.blockNumber, `${kind} ${recorded?.label}`).to.equal(Number(recorded?.blockNumber));
        expect([entry.validation, entry.validationCode, entry.historyMatchesBlock]).to.deep.equal(['VALID', independent?.validationCode, true]);
        expect(entry.endorsers.map((endorser) => endorser.mspId).sort(), `${kind} ${recorded?.label} endorsers`).to.deep.equal(independent?.endorserMspIds);
        expect(entry.devices.map((device) => device.device), `${kind} ${recorded?.label} devices`).to.deep.equal(recorded?.devices);
        expect(entry.submitter.mspId).to.match(/^(OemMSP|MobilityMSP|AuditMSP)$/);
        if (index > 0) expect(entry.blockNumber * 10_000 + entry.txNumber).to.be.greaterThan((entries[index - 1]?.blockNumber ?? 0) * 10_000 + (entries[index - 1]?.txNumber ?? 0));
      });
    }
    const pairing = scenario.pairing;
    const prePair = (JSON.parse((await runAuditCli(['trail', 'pairing', pairing.id, '--json', '--blocks', 'qscc', ...connection()])).stdout) as trail.Trail).transactions[0];
    expect(prePair?.endorsers.map((endorser) => endorser.mspId).sort(), 'PrePair names its endorsers').to.deep.equal(['AuditMSP', 'OemMSP']);
    expect(prePair?.function).to.equal('pairing:PrePair');
    expect(prePair?.submitter.mspId).to.equal('OemMSP');

    // Deliver gives the same trail; the text view lists it for people.
    const viaDeliver = await runAuditCli(['trail', 'pairing', pairing.id, '--blocks', 'deliver', ...connection()]);
    expect(viaDeliver.exitCode, viaDeliver.stderr).to.equal(0);
    const lines = viaDeliver.stdout.trim().split('\n');
    expect(lines[0]).to.equal(`Trail of pairing ${pairing.id}: 2 transaction(s) over 1 key(s), blocks from the Deliver service`);
    expect(lines[2]).to.match(new RegExp(`^1\\s+${pairing.steps[0]?.blockNumber}:\\d+\\s+\\S+\\s+${pairing.steps[0]?.txId.slice(0, 12)}…\\s+OemMSP\\s+pairing:PrePair\\s+`));
    expect(lines[3]).to.contain('pairing:RevokePairing').and.to.contain('VALID');
  });

  it('exports an evidence bundle of a record and verifies it offline against genesis and a later checkpoint', async () => {
    const exported = await runAuditCli(['evidence', 'export', 'pairing', scenario.pairing.id, '--out', bundleFile, ...connection()]);
    expect(exported.exitCode, exported.stderr).to.equal(0);
    const bundle = JSON.parse(await fs.readFile(bundleFile, 'utf8')) as evidence.EvidenceBundle;
    const revoke = scenario.pairing.steps[1];
    expect(bundle.record).to.include({ keyDisplay: `pairing/${scenario.pairing.id}`, txId: revoke?.txId, blockNumber: Number(revoke?.blockNumber), validationCode: 0 });
    expect(JSON.parse(Buffer.from(bundle.record.valueBase64, 'base64').toString('utf8'))).to.include({ pairingId: scenario.pairing.id, status: 'revoked' });
    expect(bundle.endorsementPolicy.statement).to.deep.equal({ type: 'reference', path: '/Channel/Application/Endorsement' });
    // Real Fabric commits the chaincode definition in a lifecycle transaction; the embedded network has none.
    expect(bundle.endorsementPolicy.source.type).to.equal(targetKind() === 'embedded' ? 'channel-default' : 'lifecycle');
    expect(Object.keys(bundle.channelConfig.rootCertificates).sort()).to.deep.equal(['AuditMSP', 'MobilityMSP', 'OemMSP', 'OrdererMSP']);

    const verified = await runAuditCli(['verify', bundleFile, '--trust', 'genesis', '--json']);
    expect(verified.exitCode, verified.stdout).to.equal(0);
    const outcome = JSON.parse(verified.stdout) as { ok: true; evidence: evidence.VerifiedEvidence };
    expect(outcome.evidence.transaction.endorsers.map((endorser) => endorser.mspId)).to.include('OemMSP');
    expect(outcome.evidence.orderers.map((orderer) => orderer.mspId)).to.deep.equal(['OrdererMSP']);
    expect(outcome.evidence.endorsementPolicy.description).to.equal(
      '/Channel/Application/Endorsement (MAJORITY Endorsement: 2 of [AuditMSP/Endorsement, MobilityMSP/Endorsement, OemMSP/Endorsement])',
    );

    // A checkpoint after the record, as a peer's qscc GetChainInfo reports it.
    const qscc = network.clients.oem.gateway.getNetwork('mobility').getContract('qscc');
    const info = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', 'mobility'));
    const checkpoint = `${info.getHeight() - 1}:${Buffer.from(info.getCurrentblockhash_asU8()).toString('hex')}`;
    expect(info.getHeight() - 1).to.be.greaterThan(bundle.record.blockNumber);
    const anchoredFile = path.join(workDir, 'pairing-anchored.json');
    const anchored = await runAuditCli(['evidence', 'export', 'pairing', scenario.pairing.id, '--out', anchoredFile, '--trust', checkpoint, ...connection()]);
    expect(anchored.exitCode, anchored.stderr).to.equal(0);
    const checked = await runAuditCli(['verify', anchoredFile, '--trust', checkpoint]);
    expect(checked.exitCode, checked.stdout).to.equal(0);
    expect(checked.stdout).to.match(new RegExp(`^VERIFIED: mobility/mobility pairing/${scenario.pairing.id} = \\{`));
    const notReached = await runAuditCli(['verify', bundleFile, '--trust', checkpoint]);
    expect(notReached.exitCode).to.equal(1);
    expect(notReached.stdout).to.match(/^REJECTED \(CHECKPOINT\): the header chain \(blocks 0-\d+\) does not reach the trusted block/);

    // A transaction the peers marked invalid proves nothing: no bundle for it, and the CLI only offers versions the history holds.
    const blocks = new trail.QsccBlockSource(qscc, 'mobility');
    const invalid = await evidence
      .exportEvidence({ blocks, chaincode: 'mobility', record: { key: bundle.record.key, txId: scenario.invalidTxId } })
      .catch((error: unknown) => error as Error);
    expect(invalid).to.be.instanceOf(evidence.EvidenceExportError);
    expect((invalid as Error).message).to.contain(`committed as invalid (code ${ENDORSEMENT_POLICY_FAILURE})`);
    const refused = await runAuditCli(['evidence', 'export', 'pairing', scenario.pairing.id, '--tx', scenario.invalidTxId, '--out', path.join(workDir, 'x.json'), ...connection()]);
    expect(refused.exitCode).to.equal(2);
    expect(refused.stderr).to.contain(`was not modified by transaction ${scenario.invalidTxId}`);
  });

  it('rejects the bundle with any one byte changed in a header, the data, the metadata or a signature, naming the reason', async () => {
    const bundle = JSON.parse(await fs.readFile(bundleFile, 'utf8')) as evidence.EvidenceBundle;
    const genesis = evidence.parseTrustAnchor('genesis');
    expect(evidence.checkBundle(bundle, genesis).ok).to.equal(true);
    const cases = tamperings(bundle, 7);
    const counts: Record<ByteClass, number> = { header: 0, data: 0, metadata: 0, signature: 0 };
    for (const { byteClass, label, bundle: changed } of cases) {
      const outcome = evidence.checkBundle(changed, genesis);
      expect(outcome.ok, `${label} was accepted`).to.equal(false);
      if (outcome.ok) continue;
      expect(EXPECTED_REASONS[byteClass], `${label}: ${outcome.message}`).to.include(outcome.reason);
      expect(outcome.message).to.match(/block \d+/);
      counts[byteClass] += 1;
    }
    expect(counts.signature, 'every signature byte').to.be.greaterThan(60);
    for (const byteClass of ['header', 'data', 'metadata'] as const) expect(counts[byteClass], byteClass).to.be.greaterThan(20);

    const tamperedFile = path.join(workDir, 'tampered.json');
    const firstSignatureChange = cases.find((entry) => entry.byteClass === 'signature');
    await fs.writeFile(tamperedFile, JSON.stringify(firstSignatureChange?.bundle));
    const rejected = await runAuditCli(['verify', tamperedFile, '--trust', 'genesis']);
    expect(rejected.exitCode).to.equal(1);
    expect(rejected.stdout).to.match(/^REJECTED \(ORDERER_SIGNATURE\): block \d+: signature 0 by OrdererMSP '[^']+' does not verify/);
  });

  it('scans the chain online, then a copy of the stopped network: clean, and with a corrupted block reported first', async function () {
    const online = await runAuditCli(['scan', '--online', '--blocks', 'qscc', ...connection()]);
    expect(online.exitCode, online.stdout + online.stderr).to.equal(0);
    expect(online.stdout).to.match(/^OK: \d+ block\(s\) of qscc on channel mobility/);

    skipUnlessEmbedded(this, 'a data directory of block files to copy');
    await network.stop();
    const clean = path.join(workDir, 'ledger-copy');
    await fs.cp(network.process.ready.dataDir, clean, { recursive: true });
    const cleanScan = await runAuditCli(['scan', '--data-dir', clean, '--json']);
    const cleanReport = JSON.parse(cleanScan.stdout) as { ok: boolean; problems: unknown[]; state: { performed: boolean }; transactions: { invalid: number }; checkpoint: { blockNumber: number } };
    expect(cleanReport.problems).to.deep.equal([]);
    expect(cleanReport.ok).to.equal(true);
    expect(cleanReport.state.performed, 'the world state equals the replay of the valid transactions').to.equal(true);
    expect(cleanReport.transactions.invalid, 'the revocation without OemMSP').to.be.greaterThan(0);

    const corrupted = path.join(workDir, 'ledger-corrupted');
    await fs.cp(network.process.ready.dataDir, corrupted, { recursive: true });
    const target = Number(scenario.pairing.steps[1]?.blockNumber);
    const file = path.join(corrupted, 'ledgersData', 'chains', 'mobility', 'blockfile_000000');
    await corruptBlock(file, target);
    const corruptedScan = await runAuditCli(['scan', '--data-dir', corrupted]);
    expect(corruptedScan.exitCode).to.equal(1);
    expect(corruptedScan.stdout).to.match(new RegExp(`^PROBLEMS FOUND: ${target + 1} block\\(s\\)`));
    expect(corruptedScan.stdout.split('\n')[1]).to.match(new RegExp(`^  (data-hash|unreadable-record) \\(block ${target}, .*blockfile_000000@\\d+\\)`));
    expect(corruptedScan.stdout).to.contain(`checkpoint: ${target - 1}:`);
  });
});

/** Flips one byte in the middle of block `target`'s record of an embedded block file. */
async function corruptBlock(file: string, target: number): Promise<void> {
  const bytes = await fs.readFile(file);
  let offset = 0;
  for (let blockNumber = 0; offset < bytes.length; blockNumber += 1) {
    let length = 0;
    let size = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = bytes[offset + size] as number;
      length += (byte & 0x7f) * shift;
      size += 1;
      if ((byte & 0x80) === 0) break;
    }
    if (blockNumber === target) {
      const position = offset + size + Math.floor(length / 2);
      bytes[position] = (bytes[position] ?? 0) ^ 0x01;
      await fs.writeFile(file, bytes);
      return;
    }
    offset += size + length;
  }
  throw new Error(`block ${target} not found in ${file}`);
}
