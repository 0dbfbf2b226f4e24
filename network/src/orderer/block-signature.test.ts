import { X509Certificate, createVerify } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { blockHeaderBytes, getBlockMetadata, newBlock, setBlockData } from '../protoutil/block';
import { blockSignatures, lastConfigIndexOf, signBlock } from './block-signature';
import { FABRIC_BLOCK1 } from './testing/fabric-vectors';
import { createTestSigner } from './testing/p256-signer';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function unsignedBlock(number = 3): common.Block {
  const block = newBlock(number, new Uint8Array(32).fill(5));
  setBlockData(block, [Buffer.from('envelope-1'), Buffer.from('envelope-2')]);
  return block;
}

describe('orderer/block-signature', () => {
  const signer = createTestSigner();

  it('signs value || signature_header || header bytes, verifiable with the signer public key', () => {
    const block = unsignedBlock();
    signBlock(block, signer, { lastConfigIndex: 0 });

    const metadata = getBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES);
    expect(metadata.getSignaturesList()).to.have.length(1);
    const entry = metadata.getSignaturesList()[0] as common.MetadataSignature;
    const signatureHeader = common.SignatureHeader.deserializeBinary(entry.getSignatureHeader_asU8());
    expect(hex(signatureHeader.getCreator_asU8())).to.equal(hex(signer.serialize()));
    expect(signatureHeader.getNonce_asU8()).to.have.length(24);

    const message = Buffer.concat([metadata.getValue_asU8(), entry.getSignatureHeader_asU8(), blockHeaderBytes(block.getHeader() as common.BlockHeader)]);
    expect(signer.verify(message, entry.getSignature_asU8())).to.equal(true);
  });

  it('writes OrdererBlockMetadata{last_config} in SIGNATURES and LastConfig in LAST_CONFIG, as Fabric 2.5 does', () => {
    // Fabric's etcdraft orderer wrote exactly these value bytes into block 1 of our Fabric 2.5 ledger:
    // signing with its Raft metadata (Metadata.value inside consenter_metadata) reproduces them.
    const fabricBlock = common.Block.deserializeBinary(Buffer.from(FABRIC_BLOCK1.base64, 'base64'));
    const fabricValue = getBlockMetadata(fabricBlock, common.BlockMetadataIndex.SIGNATURES).getValue_asU8();
    const raftMetadata = common.Metadata.deserializeBinary(common.OrdererBlockMetadata.deserializeBinary(fabricValue).getConsenterMetadata_asU8()).getValue_asU8();
    expect(raftMetadata.length).to.be.greaterThan(0);
    const block = unsignedBlock();
    signBlock(block, signer, { lastConfigIndex: 0, consenterMetadata: raftMetadata });
    expect(hex(getBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES).getValue_asU8())).to.equal(hex(fabricValue));
    expect(block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.LAST_CONFIG]).to.have.length(0);

    const later = unsignedBlock(9);
    signBlock(later, signer, { lastConfigIndex: 4, consenterMetadata: Buffer.from('raft') });
    const value = common.OrdererBlockMetadata.deserializeBinary(getBlockMetadata(later, common.BlockMetadataIndex.SIGNATURES).getValue_asU8());
    expect(value.getLastConfig()?.getIndex()).to.equal(4);
    expect(Buffer.from(common.Metadata.deserializeBinary(value.getConsenterMetadata_asU8()).getValue_asU8()).toString()).to.equal('raft');
    const lastConfig = getBlockMetadata(later, common.BlockMetadataIndex.LAST_CONFIG);
    expect(common.LastConfig.deserializeBinary(lastConfig.getValue_asU8()).getIndex()).to.equal(4);
    expect(lastConfigIndexOf(later)).to.equal(4);
  });

  it('exposes signatures as signed data that no longer verifies once the header changes', () => {
    const block = unsignedBlock();
    signBlock(block, signer, { lastConfigIndex: 0 });
    const [signature] = blockSignatures(block);
    expect(signature && signer.verify(signature.signedBytes, signature.signature)).to.equal(true);
    expect(hex(signature?.creator ?? new Uint8Array())).to.equal(hex(signer.serialize()));

    block.getHeader()?.setNumber(4);
    const [tampered] = blockSignatures(block);
    expect(tampered && signer.verify(tampered.signedBytes, tampered.signature)).to.equal(false);
  });

  it('reconstructs the signed bytes of a block signed by a real Fabric orderer', () => {
    const block = common.Block.deserializeBinary(Buffer.from(FABRIC_BLOCK1.base64, 'base64'));
    const signatures = blockSignatures(block);
    expect(signatures).to.have.length(1);
    const [signature] = signatures as [(typeof signatures)[number]];
    const identity = msp.SerializedIdentity.deserializeBinary(signature.creator);
    expect(identity.getMspid()).to.equal('OrdererMSP');
    const certificate = new X509Certificate(Buffer.from(identity.getIdBytes_asU8()));
    const verified = createVerify('sha256').update(signature.signedBytes).verify(certificate.publicKey, signature.signature);
    expect(verified).to.equal(true);
    expect(lastConfigIndexOf(block)).to.equal(0);
  });

  it('uses a given nonce, so signing is reproducible up to the ECDSA signature', () => {
    const nonce = new Uint8Array(24).fill(1);
    const first = unsignedBlock();
    const second = unsignedBlock();
    signBlock(first, signer, { lastConfigIndex: 0, nonce });
    signBlock(second, signer, { lastConfigIndex: 0, nonce });
    const headerOf = (block: common.Block): string =>
      hex((getBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES).getSignaturesList()[0] as common.MetadataSignature).getSignatureHeader_asU8());
    expect(headerOf(first)).to.equal(headerOf(second));
  });
});
