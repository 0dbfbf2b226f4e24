/**
 * Byte encodings shared by the ledger's LevelDB key spaces. Numbers are fixed-width big-endian so that
 * LevelDB's byte order equals numeric order; strings are UTF-8, whose byte order equals code-point order.
 */
import type { Version } from '../protoutil/transaction';

export type Bytes = Buffer;

/** One operation of a classic-level batch over Buffer keys and values. */
export type LevelOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

export function uint64(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a uint64 ledger number: ${value}`);
  const out = Buffer.alloc(8);
  out.writeUInt32BE(Math.floor(value / 0x1_0000_0000), 0);
  out.writeUInt32BE(value % 0x1_0000_0000, 4);
  return out;
}

export function readUint64(buffer: Buffer, offset: number): number {
  const value = buffer.readUInt32BE(offset) * 0x1_0000_0000 + buffer.readUInt32BE(offset + 4);
  if (!Number.isSafeInteger(value)) throw new RangeError('ledger number exceeds 2^53');
  return value;
}

export function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

/** A height as 16 bytes (block number, tx number); sorts in commit order. */
export function encodeVersion(version: Version): Buffer {
  return Buffer.concat([uint64(version.blockNum), uint64(version.txNum)]);
}

export function decodeVersion(buffer: Buffer, offset = 0): Version {
  return { blockNum: readUint64(buffer, offset), txNum: readUint64(buffer, offset + 8) };
}

export function compareVersions(a: Version, b: Version): number {
  return a.blockNum - b.blockNum || a.txNum - b.txNum;
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** A length-prefixed string: keeps components unambiguous even when they contain 0x00 (composite keys). */
export function lengthPrefixed(text: string | Uint8Array): Buffer {
  const bytes = typeof text === 'string' ? utf8(text) : Buffer.from(text);
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** The smallest key greater than every key starting with `prefix`, for exclusive range ends. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i -= 1) {
    if (end[i] !== 0xff) {
      end[i] = (end[i] ?? 0) + 1;
      return end.subarray(0, i + 1);
    }
  }
  throw new RangeError('prefix has no upper bound');
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
