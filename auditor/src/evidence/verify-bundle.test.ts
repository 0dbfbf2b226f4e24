import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { FABRIC_BLOCK1 } from '@mobility-ledger/network/dist/orderer/testing/fabric-vectors';
import { MemoryBlockSource } from '../trail/memory-block-source';
import type { EvidenceBundle } from './bundle-format';
import { EvidenceExportError, exportEvidence } from './export-bundle';
import { checkpointOf, SAMPLE_DEVICE_KEY, sampleEvidence, txIdAt, type SampleEvidence } from './testing/sample-evidence';
import { parseTrustAnchor } from './trust-anchor';
import { checkBundle, verifyBundle } from './verify-bundle';

function reasonOf(bundle: unknown, anchor = parseTrustAnchor('genesis')): string {
  const outcome = checkBundle(bundle, anchor);
  return outcome.ok ? 'OK' : outcome.reason;
}

function modified(bundle: EvidenceBundle, change: (copy: EvidenceBundle) => void): EvidenceBundle {
  const copy = structuredClone(bundle);
  change(copy);
  return copy;
}

/** Device 0x38F2…, registered in block 8: a key the sampled transaction does not write. */
const OTHER_DEVICE_KEY = '\u0000device\u00000x38F270b7F6A677Dc6034097cB6402f4D4eb4d8E5\u0000';

describe('evidence bundles of a real Fabric 2.5 ledger (mobility-fabric-2.5)', () => {
  let sample: SampleEvidence;

  before(async () => {
    sample = await sampleEvidence();
  });

  it('reads the block files of the sample exactly as the network testdata vector holds block 1', () => {
    expect(Buffer.from(sample.blocks[1]?.serializeBinary() ?? []).toString('base64')).to.equal(FABRIC_BLOCK1.base64);
  });

  it('exports the registration of a device with its block, the config block, the lifecycle definition and the header chain', () => {
    const { bundle } = sample;
    expect(bundle.record).to.include({ namespace: 'mobility', key: SAMPLE_DEVICE_KEY, keyDisplay: 'device/0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D', blockNumber: 6, txNumber: 0, validationCode: 0, isDelete: false });
    expect(JSON.parse(Buffer.from(bundle.record.valueBase64, 'base64').toString('utf8'))).to.include({ address: '0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D', org: 'MobilityMSP', status: 'active', registeredTxId: sample.txId });
    expect(bundle.blocks.map((block) => block.number)).to.deep.equal([0, 4, 6]);
    expect(bundle.headers.first).to.equal(0);
    expect(bundle.headers.headers).to.have.length(7);
    expect(bundle.endorsementPolicy.statement).to.deep.equal({ type: 'reference', path: '/Channel/Application/Endorsement' });
    expect(bundle.endorsementPolicy.source).to.include({ type: 'lifecycle', blockNumber: 4, txNumber: 0 });
    expect(bundle.checkpoint.headerHash).to.equal('9682b7a5684e04cfa9fe3e73827008387c71cd0212cd988efbed241689dbbc19');
  });

  it('verifies offline and reports who wrote, endorsed and ordered it', () => {
    const evidence = verifyBundle(JSON.parse(JSON.stringify(sample.bundle)), parseTrustAnchor('genesis'));
    expect(evidence.transaction).to.include({ txId: sample.txId, blockNumber: 6, timestamp: '2026-11-23T11:39:05.984Z' });
    expect(evidence.transaction.creator).to.deep.equal({ mspId: 'MobilityMSP', commonName: 'User1@mobility.mobility.example' });
    expect(evidence.transaction.endorsers.map((endorser) => endorser.mspId)).to.deep.equal(['MobilityMSP', 'OemMSP']);
    expect(evidence.orderers).to.deep.equal([{ mspId: 'OrdererMSP', commonName: 'orderer.orderer.mobility.example' }]);
    expect(evidence.endorsementPolicy.description).to.equal(
      '/Channel/Application/Endorsement (MAJORITY Endorsement: 2 of [AuditMSP/Endorsement, MobilityMSP/Endorsement, OemMSP/Endorsement])',
    );
    expect(evidence.endorsementPolicy.source).to.equal('chaincode definition committed in block 4 tx 0');
    expect(evidence.anchor).to.deep.equal({ blockNumber: 0, headerHash: sample.bundle.checkpoint.headerHash, trusted: 'genesis' });
  });

  it('chains to a checkpoint after the record as well as before it', async () => {
    const later = checkpointOf(sample.blocks, 7);
    const { bundle } = await sampleEvidence(later);
    expect([bundle.headers.first, bundle.headers.first + bundle.headers.headers.length - 1]).to.deep.equal([0, 7]);
    expect(verifyBundle(bundle, later).anchor.blockNumber).to.equal(7);
    const lifecycle = checkpointOf(sample.blocks, 4);
    const anchoredAtFour = await sampleEvidence(lifecycle);
    expect(anchoredAtFour.bundle.headers.first, 'the config block 0 is still covered').to.equal(0);
    expect(verifyBundle(anchoredAtFour.bundle, lifecycle).headerChain).to.deep.equal({ first: 0, last: 6 });
  });

  it('rejects a checkpoint the chain does not reach or whose hash differs', () => {
    const wrongHash = { type: 'checkpoint' as const, blockNumber: 3, headerHash: Buffer.alloc(32, 7) };
    expect(checkBundle(sample.bundle, wrongHash)).to.deep.include({ ok: false, reason: 'CHECKPOINT', blockNumber: 3 });
    const beyond = checkpointOf(sample.blocks, 7);
    const outcome = checkBundle(sample.bundle, beyond);
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? '' : outcome.message).to.match(/does not reach the trusted block 7/);
    expect(reasonOf(sample.bundle, checkpointOf(sample.blocks, 4))).to.equal('OK');
  });

  it('names the reason for each kind of false claim', () => {
    const { bundle } = sample;
    const other = Buffer.from('{"address":"0xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D","org":"MobilityMSP","status":"revoked"}').toString('base64');
    const cases: [string, (copy: EvidenceBundle) => void, string][] = [
      ['another value', (copy) => (copy.record.valueBase64 = other), 'RECORD_MISMATCH'],
      ['a delete', (copy) => (copy.record.isDelete = true), 'RECORD_MISMATCH'],
      ['another key', (copy) => (copy.record.key = OTHER_DEVICE_KEY), 'RECORD_MISMATCH'],
      ['another txId', (copy) => (copy.record.txId = txIdAt(sample.blocks, 5)), 'RECORD_MISMATCH'],
      ['an invalid transaction', (copy) => (copy.record.validationCode = 11), 'VALIDATION_CODE'],
      ['another policy', (copy) => (copy.endorsementPolicy.statement = { type: 'reference', path: '/Channel/Application/Readers' }), 'ENDORSEMENT_POLICY'],
      ['no lifecycle definition', (copy) => (copy.endorsementPolicy.source = { type: 'channel-default' }), 'ENDORSEMENT_POLICY'],
      ['another config block', (copy) => (copy.config.blockNumber = 4), 'CONFIG'],
      ['another key display', (copy) => (copy.record.keyDisplay = 'device/0x38F270b7F6A677Dc6034097cB6402f4D4eb4d8E5'), 'SUMMARY_MISMATCH'],
      ['another root certificate list', (copy) => (copy.channelConfig.rootCertificates = {}), 'SUMMARY_MISMATCH'],
      ['another endorser list', (copy) => (copy.certificates.endorsers = []), 'SUMMARY_MISMATCH'],
      ['another checkpoint', (copy) => (copy.checkpoint.headerHash = '0'.repeat(64)), 'SUMMARY_MISMATCH'],
      ['a missing block', (copy) => (copy.blocks = copy.blocks.filter((block) => block.number !== 4)), 'FORMAT'],
      ['non-canonical base64', (copy) => (copy.record.valueBase64 = `${copy.record.valueBase64.slice(0, -1)}=`), 'FORMAT'],
      ['an unknown field', (copy) => Object.assign(copy, { note: 'x' }), 'FORMAT'],
      ['signed genesis metadata', (copy) => ((copy.blocks[0] as { signatures: string }).signatures = 'AA=='), 'FORMAT'],
    ];
    for (const [claim, change, reason] of cases) expect(reasonOf(modified(bundle, change)), claim).to.equal(reason);
  });

  it('refuses to export a transaction that does not write the key', async () => {
    const source = new MemoryBlockSource(sample.blocks);
    const error = await exportEvidence({ blocks: source, chaincode: 'mobility', record: { key: OTHER_DEVICE_KEY, txId: sample.txId } }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(EvidenceExportError);
    expect((error as Error).message).to.match(/does not write mobility\/device\/0x38F270b7F6A677Dc6034097cB6402f4D4eb4d8E5/);
  });

  it('refuses to export a transaction the peer marked invalid', async () => {
    const blocks = sample.blocks.map((block) => common.Block.deserializeBinary(block.serializeBinary()));
    const filter = blocks[6]?.getMetadata()?.getMetadataList_asU8().slice() ?? [];
    filter[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.of(11);
    blocks[6]?.getMetadata()?.setMetadataList(filter);
    const error = await exportEvidence({ blocks: new MemoryBlockSource(blocks), chaincode: 'mobility', record: { key: SAMPLE_DEVICE_KEY, txId: sample.txId } }).catch((caught: unknown) => caught);
    expect((error as Error).message).to.match(/committed as invalid \(code 11\)/);
  });
});
