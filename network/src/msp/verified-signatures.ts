/**
 * ECDSA verifications already done in this process. The embedded network plays several peers and the
 * orderer in one process, so the same signature over the same bytes is checked more than once: each
 * endorsing peer verifies the signed proposal, the orderer's broadcast filter and then the validator
 * verify the transaction envelope. A signature that verified once for an identity verifies again over
 * the same message, so later checks need only compare the message digest (~1 µs/KB of SHA-256 against
 * ~150 µs for a P-256 verification). Only successes are remembered; bounded, oldest forgotten first.
 */
import { createHash } from 'node:crypto';

const DEFAULT_CAPACITY = 1 << 14;

export class VerifiedSignatures {
  /** identity ID + signature bytes -> SHA-256 of the message it verified over. */
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Whether this identity's signature is known to verify over exactly this message. */
  has(identityId: string, message: Uint8Array, signature: Uint8Array): boolean {
    const digest = this.entries.get(entryKey(identityId, signature));
    return digest !== undefined && digest.equals(sha256(message));
  }

  /** Records a successful verification. */
  add(identityId: string, message: Uint8Array, signature: Uint8Array): void {
    const key = entryKey(identityId, signature);
    this.entries.delete(key);
    this.entries.set(key, sha256(message));
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

function entryKey(identityId: string, signature: Uint8Array): string {
  return `${identityId}/${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64')}`;
}

function sha256(message: Uint8Array): Buffer {
  return createHash('sha256').update(message).digest();
}

/** The process-wide record: every Identity consults it, every SigningIdentity adds what it signs. */
export const processVerifiedSignatures = new VerifiedSignatures();
