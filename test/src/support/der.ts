/**
 * A tiny DER writer, just enough to re-encode Fabric's block header for hashing
 * (protoutil.BlockHeaderBytes: asn1.Marshal of {Number *big.Int, PreviousHash []byte, DataHash []byte}).
 * Deliberately independent of network/src/protoutil so end-to-end checks do not trust the code under test.
 */

const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_SEQUENCE = 0x30;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

/** A non-negative INTEGER in minimal two's complement (a leading 0x00 when the top bit is set). */
export function derUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('only non-negative integers are supported');
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  if (bytes.length === 0 || (bytes[0] ?? 0) >= 0x80) bytes.unshift(0);
  return tlv(TAG_INTEGER, Buffer.from(bytes));
}

export function derOctetString(bytes: Uint8Array): Buffer {
  return tlv(TAG_OCTET_STRING, bytes);
}

export function derSequence(...elements: Uint8Array[]): Buffer {
  return tlv(TAG_SEQUENCE, Buffer.concat(elements));
}
