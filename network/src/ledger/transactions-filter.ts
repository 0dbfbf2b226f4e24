/**
 * The TRANSACTIONS_FILTER block metadata: one peer.TxValidationCode byte per transaction (Fabric's txflags),
 * written by the committing peer into the block it stores.
 */
import { common } from '@hyperledger/fabric-protos';
import { LedgerCorruptionError } from './errors';

const FILTER_INDEX = common.BlockMetadataIndex.TRANSACTIONS_FILTER;
/** Fabric initialises block metadata with one slot per BlockMetadataIndex value (protoutil.InitBlockMetadata). */
const METADATA_SLOTS = 5;

/** Writes the codes into the block's metadata in place, as Fabric's committer does before storing it. */
export function setTransactionsFilter(block: common.Block, validationCodes: readonly number[]): void {
  const metadata = block.getMetadata() ?? new common.BlockMetadata();
  const slots = metadata.getMetadataList_asU8().slice();
  while (slots.length < METADATA_SLOTS) slots.push(new Uint8Array());
  slots[FILTER_INDEX] = Uint8Array.from(validationCodes);
  metadata.setMetadataList(slots);
  block.setMetadata(metadata);
}

/** The validation codes of a stored block; a missing or short filter means the block is damaged. */
export function getTransactionsFilter(block: common.Block): Uint8Array {
  const txCount = block.getData()?.getDataList().length ?? 0;
  const filter = block.getMetadata()?.getMetadataList_asU8()[FILTER_INDEX] ?? new Uint8Array();
  if (filter.length !== txCount) {
    throw new LedgerCorruptionError(
      `block ${block.getHeader()?.getNumber()} has a transactions filter of ${filter.length} bytes for ${txCount} transactions`,
    );
  }
  return filter;
}
