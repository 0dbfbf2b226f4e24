import { getAddress } from 'ethers';
import { invalidArgument } from '../lib/errors';
import { sha256Hex } from '../lib/hash';

/**
 * Identifiers derived from the transaction ID (plus a discriminator), so every endorser computes
 * the same value and no two transactions collide.
 */
export function derivedId(kind: string, txId: string, ...parts: readonly (string | number)[]): string {
  return sha256Hex([`vinaudit-${kind}`, txId, ...parts.map(String)].join(':'));
}

/** Composite-key part for a capture index: fixed width keeps key order equal to index order. */
export function indexKey(index: number): string {
  return index.toString().padStart(6, '0');
}

/** Composite-key part for a time: fixed width keeps key order chronological. */
export function timeKey(ms: number): string {
  return ms.toString().padStart(15, '0');
}

/** A device address in the checksummed form device records are keyed by. */
export function checksummedAddress(address: string, field: string): string {
  try {
    return getAddress(address);
  } catch {
    throw invalidArgument(field, 'must be a 0x-prefixed 20-byte hex address');
  }
}
