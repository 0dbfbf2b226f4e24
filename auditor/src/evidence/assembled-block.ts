import { common } from '@hyperledger/fabric-protos';
import { BLOCK_METADATA_SLOTS } from '@mobility-ledger/network/dist/protoutil/block';

/**
 * A block rebuilt from what a bundle carries: its header, data and SIGNATURES metadata, every other
 * metadata slot empty (and the transactions filter holding only what the caller vouches for).
 */
export function assembleBlock(header: common.BlockHeader, data: readonly Uint8Array[], signatures: Uint8Array): common.Block {
  const block = new common.Block();
  block.setHeader(header);
  const blockData = new common.BlockData();
  blockData.setDataList(data.slice());
  block.setData(blockData);
  const metadata = new common.BlockMetadata();
  const slots: Uint8Array[] = Array.from({ length: BLOCK_METADATA_SLOTS }, () => new Uint8Array());
  slots[common.BlockMetadataIndex.SIGNATURES] = signatures;
  metadata.setMetadataList(slots);
  block.setMetadata(metadata);
  return block;
}

/** The SIGNATURES metadata slot of a stored block. */
export function signaturesMetadataOf(block: common.Block): Uint8Array {
  return block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.SIGNATURES] ?? new Uint8Array();
}

/** The committing peer's validation code of each transaction (TRANSACTIONS_FILTER). */
export function validationCodesOf(block: common.Block): Uint8Array {
  return block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
}
