/**
 * Key space of the block index (a classic-level DB beside the block files). The index is derived data:
 * everything in it can be rebuilt by scanning the block files, so its writes need not be synced.
 *
 *   'n' blockNum(8)                         -> fileNum(4) offset(8) length(4)
 *   't' len(txId)(4) txId blockNum(8) txNum(8) -> validationCode(1)
 *   'c'                                     -> checkpoint: height(8) fileNum(4) nextOffset(8)
 */
import type { LevelOp } from '../encoding';
import { lengthPrefixed, prefixEnd, readUint64, uint32, uint64 } from '../encoding';

const BLOCK_PREFIX = Buffer.from('n');
const TXID_PREFIX = Buffer.from('t');
const CHECKPOINT_KEY = Buffer.from('c');

export interface BlockLocation {
  readonly fileNum: number;
  readonly offset: number;
  readonly length: number;
}

export interface TxLocation {
  readonly blockNum: number;
  readonly txNum: number;
  /** peer.TxValidationCode recorded in the block's TRANSACTIONS_FILTER. */
  readonly validationCode: number;
}

/** Where appending continues: the next block number and its position. */
export interface IndexCheckpoint {
  readonly height: number;
  readonly fileNum: number;
  readonly nextOffset: number;
}

export const EMPTY_CHECKPOINT: IndexCheckpoint = { height: 0, fileNum: 0, nextOffset: 0 };

export function blockKey(blockNum: number): Buffer {
  return Buffer.concat([BLOCK_PREFIX, uint64(blockNum)]);
}

export function encodeBlockLocation(location: BlockLocation): Buffer {
  return Buffer.concat([uint32(location.fileNum), uint64(location.offset), uint32(location.length)]);
}

export function decodeBlockLocation(value: Buffer): BlockLocation {
  return { fileNum: value.readUInt32BE(0), offset: readUint64(value, 4), length: value.readUInt32BE(12) };
}

/** Range covering every index entry of one txID, ordered by (blockNum, txNum). */
export function txIdRange(txId: string): { gte: Buffer; lt: Buffer } {
  const prefix = Buffer.concat([TXID_PREFIX, lengthPrefixed(txId)]);
  return { gte: prefix, lt: prefixEnd(prefix) };
}

/** Range of every txID entry of the index. */
export function allTxIdsRange(): { gte: Buffer; lt: Buffer } {
  return { gte: TXID_PREFIX, lt: prefixEnd(TXID_PREFIX) };
}

/** The txID of a txID entry key. */
export function txIdOfEntryKey(key: Buffer): string {
  return key.subarray(5, 5 + key.readUInt32BE(1)).toString('utf8');
}

export function decodeTxEntry(txId: string, key: Buffer, value: Buffer): TxLocation {
  const numbersAt = 1 + 4 + Buffer.byteLength(txId, 'utf8');
  return { blockNum: readUint64(key, numbersAt), txNum: readUint64(key, numbersAt + 8), validationCode: value[0] ?? 0 };
}

export function encodeCheckpoint(checkpoint: IndexCheckpoint): Buffer {
  return Buffer.concat([uint64(checkpoint.height), uint32(checkpoint.fileNum), uint64(checkpoint.nextOffset)]);
}

export function decodeCheckpoint(value: Buffer | undefined): IndexCheckpoint {
  if (!value) return EMPTY_CHECKPOINT;
  return { height: readUint64(value, 0), fileNum: value.readUInt32BE(8), nextOffset: readUint64(value, 12) };
}

export { CHECKPOINT_KEY };

/** Index operations for one block; txIds[i] === '' (e.g. some config txs) are not indexed. */
export function blockIndexOps(
  blockNum: number,
  location: BlockLocation,
  txIds: readonly string[],
  validationCodes: readonly number[],
  checkpoint: IndexCheckpoint,
): LevelOp[] {
  const ops: LevelOp[] = [{ type: 'put', key: blockKey(blockNum), value: encodeBlockLocation(location) }];
  txIds.forEach((txId, txNum) => {
    if (txId === '') return;
    ops.push({
      type: 'put',
      key: Buffer.concat([TXID_PREFIX, lengthPrefixed(txId), uint64(blockNum), uint64(txNum)]),
      value: Buffer.from([validationCodes[txNum] ?? 0]),
    });
  });
  ops.push({ type: 'put', key: CHECKPOINT_KEY, value: encodeCheckpoint(checkpoint) });
  return ops;
}
