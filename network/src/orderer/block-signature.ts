/**
 * The orderer's block signature and last-config metadata, as Fabric 2.5's BlockWriter writes them
 * (orderer/common/multichannel/blockwriter.go: addLastConfig, addBlockSignature) and as peers check
 * them (internal/peer/gossip/mcs.go VerifyBlock).
 */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { blockHeaderBytes, getBlockMetadata, setBlockMetadata } from '../protoutil/block';

/** The orderer's signing identity: serialized msp.SerializedIdentity and a signature (DER ECDSA) over a message. */
export interface BlockSigner {
  serialize(): Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** crypto.NonceSize in Fabric. */
const NONCE_SIZE = 24;

export interface BlockSignatureOptions {
  /** Number of the newest config block at or before this block. */
  readonly lastConfigIndex: number;
  /** Consensus-specific block metadata (etcdraft BlockMetadata); empty for solo. */
  readonly consenterMetadata?: Uint8Array;
  /** Fixed nonce for reproducible blocks in tests; random otherwise. */
  readonly nonce?: Uint8Array;
}

/** One signature over the block, in the shape policies evaluate (protoutil.SignedData). */
export interface BlockSignature {
  /** Serialized identity of the signer, from the signature header. */
  readonly creator: Uint8Array;
  /** metadata.value || signature_header || BlockHeaderBytes(header). */
  readonly signedBytes: Uint8Array;
  readonly signature: Uint8Array;
}

export class BlockSignatureError extends Error {
  override name = 'BlockSignatureError';
}

/** Writes LAST_CONFIG and SIGNATURES metadata; the header (number, hashes) must be final. */
export function signBlock(block: common.Block, signer: BlockSigner, options: BlockSignatureOptions): void {
  const header = block.getHeader();
  if (!header) throw new BlockSignatureError('cannot sign a block without a header');

  // Deprecated in 2.x but still written: Metadata{value: LastConfig{index}}.
  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(options.lastConfigIndex);
  const lastConfigMetadata = new common.Metadata();
  lastConfigMetadata.setValue(lastConfig.serializeBinary());
  setBlockMetadata(block, common.BlockMetadataIndex.LAST_CONFIG, lastConfigMetadata.serializeBinary());

  const consenterMetadata = new common.Metadata();
  consenterMetadata.setValue(options.consenterMetadata ?? new Uint8Array());
  const ordererMetadata = new common.OrdererBlockMetadata();
  ordererMetadata.setLastConfig(lastConfig);
  ordererMetadata.setConsenterMetadata(consenterMetadata.serializeBinary());
  const value = ordererMetadata.serializeBinary();

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(signer.serialize());
  signatureHeader.setNonce(options.nonce ?? new Uint8Array(randomBytes(NONCE_SIZE)));
  const signatureHeaderBytes = signatureHeader.serializeBinary();

  const metadataSignature = new common.MetadataSignature();
  metadataSignature.setSignatureHeader(signatureHeaderBytes);
  metadataSignature.setSignature(signer.sign(Buffer.concat([value, signatureHeaderBytes, blockHeaderBytes(header)])));

  const signatures = new common.Metadata();
  signatures.setValue(value);
  signatures.setSignaturesList([metadataSignature]);
  setBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES, signatures.serializeBinary());
}

/** The block's orderer signatures as signed data, for checking against the BlockValidation policy. */
export function blockSignatures(block: common.Block): BlockSignature[] {
  const header = block.getHeader();
  if (!header) throw new BlockSignatureError('block has no header');
  const metadata = getBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES);
  const headerBytes = blockHeaderBytes(header);
  return metadata.getSignaturesList().map((entry) => {
    const signatureHeaderBytes = entry.getSignatureHeader_asU8();
    const signatureHeader = common.SignatureHeader.deserializeBinary(signatureHeaderBytes);
    return {
      creator: signatureHeader.getCreator_asU8(),
      signedBytes: new Uint8Array(Buffer.concat([metadata.getValue_asU8(), signatureHeaderBytes, headerBytes])),
      signature: entry.getSignature_asU8(),
    };
  });
}

/** protoutil.GetLastConfigIndexFromBlock: from the SIGNATURES value, falling back to LAST_CONFIG. */
export function lastConfigIndexOf(block: common.Block): number {
  const signatures = getBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES);
  if (signatures.getValue_asU8().length > 0) {
    const lastConfig = common.OrdererBlockMetadata.deserializeBinary(signatures.getValue_asU8()).getLastConfig();
    return lastConfig?.getIndex() ?? 0;
  }
  const legacy = getBlockMetadata(block, common.BlockMetadataIndex.LAST_CONFIG);
  return common.LastConfig.deserializeBinary(legacy.getValue_asU8()).getIndex();
}
