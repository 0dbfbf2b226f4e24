/**
 * Key space of the state DB (one classic-level DB per channel, shared with the history index so that a
 * block's state, hashed state, history and savepoint are written in one batch):
 *
 *   0x00 'savepoint'                                  -> version(16) of the last committed block
 *   0x01 len(ns) ns key                               -> public state value
 *   0x02 len(ns) ns len(coll) coll keyHash            -> hashed private state value
 *   0x03 ...                                          -> history (see history/)
 *   0x05 expiryBlk(8) committingBlk(8) len(ns) ns len(coll) coll keyHash -> '' (hashed state BTL schedule)
 *
 * Namespaces are length-prefixed so the keys of one namespace form one contiguous range ordered by
 * the key's UTF-8 bytes (composite keys starting with U+0000 sort first, as in Fabric's LevelDB).
 */
import { lengthPrefixed, prefixEnd, toBuffer, uint64, utf8 } from '../encoding';

export const SAVEPOINT_KEY = Buffer.from([0x00, ...Buffer.from('savepoint')]);
const PUBLIC_PREFIX = 0x01;
const HASHED_PREFIX = 0x02;
export const HISTORY_PREFIX = 0x03;
const HASHED_EXPIRY_PREFIX = 0x05;

export function publicNamespacePrefix(namespace: string): Buffer {
  return Buffer.concat([Buffer.from([PUBLIC_PREFIX]), lengthPrefixed(namespace)]);
}

export function publicKey(namespace: string, key: string): Buffer {
  return Buffer.concat([publicNamespacePrefix(namespace), utf8(key)]);
}

/** Range [startKey, endKey) of a namespace; '' means unbounded on that side. */
export function publicRange(namespace: string, startKey: string, endKey: string): { gte: Buffer; lt: Buffer } {
  const prefix = publicNamespacePrefix(namespace);
  return {
    gte: Buffer.concat([prefix, utf8(startKey)]),
    lt: endKey === '' ? prefixEnd(prefix) : Buffer.concat([prefix, utf8(endKey)]),
  };
}

export function hashedKey(namespace: string, collection: string, keyHash: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([HASHED_PREFIX]), lengthPrefixed(namespace), lengthPrefixed(collection), toBuffer(keyHash)]);
}

export interface HashedExpiryEntry {
  readonly expiryBlock: number;
  readonly committingBlock: number;
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Buffer;
}

export function hashedExpiryKey(entry: HashedExpiryEntry): Buffer {
  return Buffer.concat([
    Buffer.from([HASHED_EXPIRY_PREFIX]),
    uint64(entry.expiryBlock),
    uint64(entry.committingBlock),
    lengthPrefixed(entry.namespace),
    lengthPrefixed(entry.collection),
    entry.keyHash,
  ]);
}

/** Schedule entries expiring at or before `blockNum`. */
export function hashedExpiryRangeUpTo(blockNum: number): { gte: Buffer; lt: Buffer } {
  return { gte: Buffer.from([HASHED_EXPIRY_PREFIX]), lt: Buffer.concat([Buffer.from([HASHED_EXPIRY_PREFIX]), uint64(blockNum + 1)]) };
}

export function decodeHashedExpiryKey(key: Buffer): HashedExpiryEntry {
  let position = 17;
  const next = (): Buffer => {
    const length = key.readUInt32BE(position);
    const out = key.subarray(position + 4, position + 4 + length);
    position += 4 + length;
    return out;
  };
  const expiryBlock = Number(key.readBigUInt64BE(1));
  const committingBlock = Number(key.readBigUInt64BE(9));
  const namespace = next().toString('utf8');
  const collection = next().toString('utf8');
  return { expiryBlock, committingBlock, namespace, collection, keyHash: key.subarray(position) };
}
