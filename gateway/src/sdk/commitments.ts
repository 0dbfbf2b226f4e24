import { canonicalJson } from '@mobility-ledger/chaincode/dist/lib/canonical-json';
import { hexlify, randomBytes, sha256, toUtf8Bytes } from 'ethers';

/**
 * Commitments to personal data and secrets, computed on the device exactly as the chaincode does:
 * SHA-256 (lower-case hex, no 0x) over the canonical JSON of the opening. Uses ethers' sha256, so it
 * runs unchanged in browsers.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256(typeof data === 'string' ? toUtf8Bytes(data) : data).slice(2);
}

/** Random bytes as lower-case hex without 0x. */
export function randomHex(bytes: number): string {
  return hexlify(randomBytes(bytes)).slice(2);
}

/** A 128-bit salt: commitments over low-entropy values (names, places, PINs) stay unguessable. */
export const newSalt = (): string => randomHex(16);

/** A 256-bit secret: key parts, parameter hashes. */
export const newSecret = (): string => randomHex(32);

/** The commitment a device signs for an opening that travels as transient data. */
export function commitmentOf(opening: unknown): string {
  return sha256Hex(canonicalJson(opening));
}

export interface Opening<T> {
  readonly salt: string;
  readonly data: T;
}

/** `{salt, data}`: the pairing contract's opening of personal data. */
export function openingOf<T>(data: T, salt: string = newSalt()): Opening<T> {
  return { salt, data };
}
