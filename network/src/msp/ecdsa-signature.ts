/**
 * ECDSA P-256 signature encodings as Fabric's bccsp treats them: DER `ECDSA-Sig-Value`
 * on the wire, S normalised to the lower half of the group order (Fabric rejects high-S
 * signatures to rule out malleability).
 */

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER_BYTES = Buffer.from((P256_ORDER >> 1n).toString(16).padStart(64, '0'), 'hex');
const SCALAR_BYTES = 32;

/** Integers of a DER signature, as big-endian bytes without leading zeros. */
export interface SignatureScalars {
  readonly r: Buffer;
  readonly s: Buffer;
}

interface DerLayout {
  readonly rStart: number;
  readonly rEnd: number;
  readonly sStart: number;
  readonly sEnd: number;
}

/** Parses a strict DER `SEQUENCE { r INTEGER, s INTEGER }` with positive integers; undefined if malformed. */
export function decodeDerSignature(der: Uint8Array): SignatureScalars | undefined {
  const layout = parseDer(der);
  if (!layout) {
    return undefined;
  }
  const bytes = Buffer.from(der);
  return { r: bytes.subarray(layout.rStart, layout.rEnd), s: bytes.subarray(layout.sStart, layout.sEnd) };
}

/**
 * Whether a DER signature is one Fabric accepts before the curve check: strict DER with two
 * positive integers no wider than the order and S in the lower half of the order. Works in
 * place without copies: it runs for every signature verification.
 */
export function isAcceptableDerSignature(der: Uint8Array): boolean {
  const layout = parseDer(der);
  return layout !== undefined && isLowSAt(der, layout.sStart, layout.sEnd);
}

/** DER-encodes two positive big-endian integers. */
export function encodeDerSignature(r: Uint8Array, s: Uint8Array): Uint8Array {
  const rPart = encodeInteger(r);
  const sPart = encodeInteger(s);
  // Two P-256 integers never exceed 127 bytes, so the short length form always suffices.
  return Buffer.concat([Buffer.from([0x30, rPart.length + sPart.length]), rPart, sPart]);
}

export function isLowS(s: Uint8Array): boolean {
  return isLowSAt(s, 0, s.length);
}

/** The other valid S for the same signature: n - s. */
export function flipS(s: Uint8Array): Buffer {
  const value = BigInt(`0x${Buffer.from(s).toString('hex') || '0'}`);
  return Buffer.from((P256_ORDER - value).toString(16).padStart(SCALAR_BYTES * 2, '0'), 'hex');
}

/** Converts an IEEE P1363 signature (r || s, 64 bytes) to low-S DER. */
export function p1363ToLowSDer(signature: Uint8Array): Uint8Array {
  const lowS = toLowSP1363(signature);
  return encodeDerSignature(lowS.subarray(0, SCALAR_BYTES), lowS.subarray(SCALAR_BYTES));
}

/** Normalises an IEEE P1363 signature (r || s) to low-S, keeping the P1363 encoding. */
export function toLowSP1363(signature: Uint8Array): Uint8Array {
  if (signature.length !== 2 * SCALAR_BYTES) {
    throw new RangeError(`expected a ${2 * SCALAR_BYTES}-byte P1363 signature, got ${signature.length} bytes`);
  }
  const s = signature.subarray(SCALAR_BYTES);
  if (isLowS(s)) {
    return signature;
  }
  return Buffer.concat([signature.subarray(0, SCALAR_BYTES), flipS(s)]);
}

function parseDer(der: Uint8Array): DerLayout | undefined {
  const length = der.length;
  // SEQUENCE whose short-form length covers the rest exactly (P-256 signatures are < 128 bytes).
  if (length < 8 || der[0] !== 0x30 || der[1] !== length - 2) {
    return undefined;
  }
  const rEnd = integerEnd(der, 2);
  if (rEnd < 0) {
    return undefined;
  }
  const sEnd = integerEnd(der, rEnd);
  if (sEnd !== length) {
    return undefined;
  }
  return { rStart: skipZeros(der, 4, rEnd), rEnd, sStart: skipZeros(der, rEnd + 2, sEnd), sEnd };
}

/** End offset of a minimal, positive DER INTEGER of at most 32 significant bytes at offset; -1 if not one. */
function integerEnd(der: Uint8Array, offset: number): number {
  const size = der[offset + 1] ?? 0;
  if (der[offset] !== 0x02 || size === 0 || size > SCALAR_BYTES + 1 || offset + 2 + size > der.length) {
    return -1;
  }
  const lead = der[offset + 2] ?? 0;
  const next = der[offset + 3] ?? 0;
  if (lead & 0x80 || (lead === 0 && (size === 1 || (next & 0x80) === 0))) {
    return -1; // negative, zero, or padded
  }
  if (size === SCALAR_BYTES + 1 && lead !== 0) {
    return -1; // wider than the curve order
  }
  return offset + 2 + size;
}

/** Big-endian bytes[start, end) <= (n-1)/2, compared in place. */
function isLowSAt(bytes: Uint8Array, start: number, end: number): boolean {
  const from = skipZeros(bytes, start, end);
  const width = end - from;
  if (width !== SCALAR_BYTES) {
    return width < SCALAR_BYTES;
  }
  for (let i = 0; i < SCALAR_BYTES; i += 1) {
    const byte = bytes[from + i] ?? 0;
    const half = HALF_ORDER_BYTES[i] ?? 0;
    if (byte !== half) {
      return byte < half;
    }
  }
  return true;
}

function skipZeros(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  while (index < end && bytes[index] === 0) {
    index += 1;
  }
  return index;
}

function encodeInteger(value: Uint8Array): Buffer {
  const significant = Buffer.from(value).subarray(skipZeros(value, 0, value.length));
  const needsPad = significant.length === 0 || ((significant[0] ?? 0) & 0x80) !== 0;
  const body = needsPad ? Buffer.concat([Buffer.from([0]), significant]) : significant;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}
