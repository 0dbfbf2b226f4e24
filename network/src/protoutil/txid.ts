import { createHash } from 'node:crypto';

/** Fabric's transaction ID rule (protoutil.ComputeTxID): hex(SHA-256(nonce || creator)). */
export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}
