import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 over the canonical JSON of a value: the commitment stored on the public ledger. */
export function hashRecord(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Salted hash of a personal-data field: the salt stays with the private record, the hash goes public. */
export function saltedHash(salt: string, value: string): string {
  return sha256Hex(`${salt}\u0000${value}`);
}
