import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import { fetchBlocks } from '../support/block-fetch';
import { blockSummaries, chainProblems, configBlockMsps, headerHash, ordererSignatures, transactionsFilter } from '../support/block-verification';
import { submitRegistration } from '../support/device-registration';
import { E2eNetwork, ORGS } from '../support/e2e-network';
import { NetworkProcess } from '../support/network-process';

const PORT_OFFSET = 10300;
const { VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE } = peer.TxValidationCode;

interface ExpectedTx {
  readonly label: string;
  readonly code: number;
  readonly blockNumber: number;
}

/** google-protobuf enums have no reverse mapping. */
function codeName(code: number): string {
  return Object.entries(peer.TxValidationCode).find(([, value]) => value === code)?.[0] ?? String(code);
}

function cloneBlock(block: common.Block): common.Block {
  return common.Block.deserializeBinary(block.serializeBinary());
}

describe('end to end: blocks as the client receives them', function () {
  this.timeout(120_000);
  const dataDir = NetworkProcess.newDataDir();
  let network: E2eNetwork;
  let blocks: common.Block[] = [];
  const expected = new Map<string, ExpectedTx>();

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET, dataDir);
    const contracts = {
      OemMSP: network.clients.oem.contract(),
      MobilityMSP: network.clients.mobility.contract(),
      AuditMSP: network.clients.audit.contract(),
    };
    const record = async (label: string, submitted: { getTransactionId(): string; getStatus(): Promise<{ code: number; blockNumber: bigint }> }) => {
      const status = await submitted.getStatus();
      expected.set(submitted.getTransactionId(), { label, code: status.code, blockNumber: Number(status.blockNumber) });
      return status;
    };

    const oemDevice = await submitRegistration(contracts.OemMSP, 'OemMSP');
    await record('register by OemMSP', oemDevice.submitted);
    await Promise.all(
      (['MobilityMSP', 'AuditMSP'] as const).map(async (mspId) => record(`register by ${mspId}`, (await submitRegistration(contracts[mspId], mspId)).submitted)),
    );

    // Both suspensions are endorsed against the same device version before either is ordered: the later
    // one must fail MVCC validation whether or not they land in the same block.
    const change = (reason: string) => ({ arguments: [JSON.stringify({ address: oemDevice.address, reason })] });
    const firstSuspend = await contracts.OemMSP.newProposal('devices:Suspend', change('first')).endorse();
    const secondSuspend = await contracts.OemMSP.newProposal('devices:Suspend', change('second')).endorse();
    const firstSubmitted = await firstSuspend.submit();
    const secondSubmitted = await secondSuspend.submit();
    await record('first suspend', firstSubmitted);
    await record('second suspend', secondSubmitted);

    // Endorsed by one org only: the MAJORITY chaincode policy fails at validation.
    const lone = await submitRegistration(contracts.MobilityMSP, 'MobilityMSP', { endorsingOrganizations: ['MobilityMSP'] });
    await record('single-org registration', lone.submitted);

    const lastBlock = Math.max(...[...expected.values()].map((tx) => tx.blockNumber));
    blocks = await fetchBlocks(network.clients.audit.gateway, lastBlock);
  });

  after(async () => {
    await network?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('reports the commit status each transaction deserves', () => {
    const codes = Object.fromEntries([...expected.values()].map((tx) => [tx.label, codeName(tx.code)]));
    expect(codes).to.deep.equal({
      'register by OemMSP': 'VALID',
      'register by MobilityMSP': 'VALID',
      'register by AuditMSP': 'VALID',
      'first suspend': 'VALID',
      'second suspend': 'MVCC_READ_CONFLICT',
      'single-org registration': 'ENDORSEMENT_POLICY_FAILURE',
    });
  });

  it('starts with the config block naming the three org MSPs and the orderer MSP', () => {
    const genesis = blocks[0];
    expect(genesis?.getHeader()?.getNumber()).to.equal(0);
    expect(blockSummaries(genesis!).map((tx) => tx.type)).to.deep.equal([common.HeaderType.CONFIG]);
    const msps = configBlockMsps(genesis!);
    const application = msps.filter((entry) => entry.group === 'Application').map((entry) => entry.mspId);
    expect(application).to.have.members(Object.values(ORGS).map((org) => org.mspId));
    expect(msps.filter((entry) => entry.group === 'Orderer').map((entry) => entry.mspId)).to.deep.equal(['OrdererMSP']);
    for (const entry of msps) expect(entry.rootCertificates, entry.mspId).to.have.length.greaterThan(0);
    expect(transactionsFilter(genesis!)).to.deep.equal([VALID]);
  });

  it('chains every header hash, matches every data hash and carries a verifying orderer signature', () => {
    expect(blocks.length).to.be.greaterThan(3);
    expect(chainProblems(blocks)).to.deep.equal([]);
    for (const block of blocks.slice(1)) {
      expect(ordererSignatures(block).map((signature) => signature.mspId)).to.deep.equal(['OrdererMSP']);
    }
  });

  it('records each transaction where its commit status said, with the same validation code', () => {
    const seen = new Map<string, { blockNumber: number; code: number }>();
    // From the first block of this suite's transactions: on real Fabric, the blocks before hold the
    // chaincode lifecycle transactions of the deployment (the embedded network has none).
    const firstBlock = Math.min(...[...expected.values()].map((tx) => tx.blockNumber));
    for (const block of blocks.slice(firstBlock)) {
      const filter = transactionsFilter(block);
      blockSummaries(block).forEach((tx, index) => {
        expect(tx.type).to.equal(common.HeaderType.ENDORSER_TRANSACTION);
        seen.set(tx.txId, { blockNumber: block.getHeader()!.getNumber(), code: filter[index]! });
      });
    }
    const wanted = new Map([...expected].map(([txId, tx]) => [txId, { blockNumber: tx.blockNumber, code: tx.code }]));
    expect(seen).to.deep.equal(wanted);
    const codes = [...seen.values()].map((tx) => tx.code).sort();
    expect(codes).to.deep.equal([VALID, VALID, VALID, VALID, ENDORSEMENT_POLICY_FAILURE, MVCC_READ_CONFLICT].sort());
  });

  it('finds tampered blocks: changed data, broken link, forged signature', () => {
    const last = blocks.length - 1;

    const changedData = blocks.map(cloneBlock);
    const data = changedData[last]!.getData()!;
    const entries = data.getDataList_asU8().map((entry) => Uint8Array.from(entry));
    entries[0]![entries[0]!.length - 1]! ^= 0x01;
    data.setDataList(entries);
    expect(chainProblems(changedData)).to.deep.equal([`block ${last}: data_hash does not match its data`]);

    const brokenLink = blocks.map(cloneBlock);
    const header = brokenLink[1]!.getHeader()!;
    header.setPreviousHash(headerHash(brokenLink[1]!.getHeader()!));
    expect(chainProblems(brokenLink)).to.include('block 1: previous_hash does not match the hash of block 0');

    const forged = blocks.map(cloneBlock);
    const metadata = forged[last]!.getMetadata()!;
    const list = metadata.getMetadataList_asU8().map((entry) => Uint8Array.from(entry));
    const signatures = common.Metadata.deserializeBinary(list[common.BlockMetadataIndex.SIGNATURES]!);
    const value = Uint8Array.from(signatures.getValue_asU8());
    value[0]! ^= 0x01;
    signatures.setValue(value);
    metadata.setMetadataList(list.map((entry, index) => (index === common.BlockMetadataIndex.SIGNATURES ? signatures.serializeBinary() : entry)));
    expect(chainProblems(forged)).to.deep.equal([`block ${last}: orderer signature does not verify`]);
  });
});
