import type { Signer } from '@hyperledger/fabric-gateway';

/** Wraps a signer so every signature it makes has one byte flipped: well-formed calls, invalid signatures. */
export function tamperingSigner(signer: Signer, byteIndex = 10): Signer {
  return async (digest) => tampered(await signer(digest), byteIndex);
}

/** A copy of the signature with one byte flipped. */
export function tampered(signature: Uint8Array, byteIndex = 10): Uint8Array {
  const copy = Uint8Array.from(signature);
  const index = Math.min(byteIndex, copy.length - 1);
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}
