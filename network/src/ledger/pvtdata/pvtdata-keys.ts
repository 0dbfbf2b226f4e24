/**
 * Key space of one org's private data DB (Fabric's pvtdatastorage plus that org's private state):
 *
 *   0x00 'storeHeight'                                   -> uint64: blocks whose private data is stored
 *   0x00 'stateHeight'                                   -> uint64: blocks applied to the private state
 *   0x01 blockNum txNum len(ns) ns len(coll) coll        -> the collection's KVRWSet bytes
 *   0x02 expiryBlk blockNum txNum len(ns) ns len(coll) coll -> '' (block-to-live schedule of data entries)
 *   0x03 len(ns) ns len(coll) coll len(keyHash) keyHash blockNum txNum -> raw key (for PurgePrivateData)
 *   0x04 len(ns) ns len(coll) coll key                   -> private state value (version, value)
 */
import { createHash } from 'node:crypto';
import { lengthPrefixed, prefixEnd, readUint64, uint64, utf8 } from '../encoding';

export const STORE_HEIGHT_KEY = Buffer.from([0x00, ...Buffer.from('storeHeight')]);
export const STATE_HEIGHT_KEY = Buffer.from([0x00, ...Buffer.from('stateHeight')]);
const DATA = 0x01;
const EXPIRY = 0x02;
const HASHED_INDEX = 0x03;
const STATE = 0x04;

export interface DataKey {
  readonly blockNum: number;
  readonly txNum: number;
  readonly namespace: string;
  readonly collection: string;
}

export function dataKey(key: DataKey): Buffer {
  return Buffer.concat([
    Buffer.from([DATA]),
    uint64(key.blockNum),
    uint64(key.txNum),
    lengthPrefixed(key.namespace),
    lengthPrefixed(key.collection),
  ]);
}

export function dataRangeOfBlock(blockNum: number): { gte: Buffer; lt: Buffer } {
  return { gte: Buffer.concat([Buffer.from([DATA]), uint64(blockNum)]), lt: Buffer.concat([Buffer.from([DATA]), uint64(blockNum + 1)]) };
}

/** Decodes a data key, or an expiry key after its 9-byte (prefix, expiryBlk) head. */
export function decodeDataKey(key: Buffer, offset = 1): DataKey {
  let position = offset + 16;
  const next = (): string => {
    const length = key.readUInt32BE(position);
    const out = key.subarray(position + 4, position + 4 + length).toString('utf8');
    position += 4 + length;
    return out;
  };
  const blockNum = readUint64(key, offset);
  const txNum = readUint64(key, offset + 8);
  const namespace = next();
  return { blockNum, txNum, namespace, collection: next() };
}

export function expiryKey(expiryBlock: number, key: DataKey): Buffer {
  return Buffer.concat([Buffer.from([EXPIRY]), uint64(expiryBlock), dataKey(key).subarray(1)]);
}

export function expiryRangeUpTo(blockNum: number): { gte: Buffer; lt: Buffer } {
  return { gte: Buffer.from([EXPIRY]), lt: Buffer.concat([Buffer.from([EXPIRY]), uint64(blockNum + 1)]) };
}

export function decodeExpiryKey(key: Buffer): DataKey {
  return decodeDataKey(key, 9);
}

function hashedIndexPrefix(namespace: string, collection: string, keyHash: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([HASHED_INDEX]), lengthPrefixed(namespace), lengthPrefixed(collection), lengthPrefixed(keyHash)]);
}

export function hashedIndexKey(namespace: string, collection: string, keyHash: Uint8Array, blockNum: number, txNum: number): Buffer {
  return Buffer.concat([hashedIndexPrefix(namespace, collection, keyHash), uint64(blockNum), uint64(txNum)]);
}

export function hashedIndexRange(namespace: string, collection: string, keyHash: Uint8Array): { gte: Buffer; lt: Buffer } {
  const prefix = hashedIndexPrefix(namespace, collection, keyHash);
  return { gte: prefix, lt: prefixEnd(prefix) };
}

/** (blockNum, txNum) at the end of a hashed index key. */
export function decodeHashedIndexHeight(key: Buffer): { blockNum: number; txNum: number } {
  return { blockNum: readUint64(key, key.length - 16), txNum: readUint64(key, key.length - 8) };
}

function statePrefix(namespace: string, collection: string): Buffer {
  return Buffer.concat([Buffer.from([STATE]), lengthPrefixed(namespace), lengthPrefixed(collection)]);
}

export function stateKey(namespace: string, collection: string, key: string): Buffer {
  return Buffer.concat([statePrefix(namespace, collection), utf8(key)]);
}

export function stateRange(
  namespace: string,
  collection: string,
  startKey: string,
  endKey: string,
): { gte: Buffer; lt: Buffer; prefixLength: number } {
  const prefix = statePrefix(namespace, collection);
  return {
    gte: Buffer.concat([prefix, utf8(startKey)]),
    lt: endKey === '' ? prefixEnd(prefix) : Buffer.concat([prefix, utf8(endKey)]),
    prefixLength: prefix.length,
  };
}

/** Fabric's hash of a private key: SHA-256 of its UTF-8 bytes (util.ComputeStringHash). */
export function keyHashOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
