import { sha256 } from 'ethers';
import { canonicalJson } from '@mobility-ledger/chaincode/dist/lib/canonical-json';

/**
 * Browser stand-in for chaincode/src/lib/hash.ts (which uses node:crypto): the same three functions
 * over ethers' SHA-256, so payload hashes and commitments are byte-identical in the browser.
 */
const encoder = new TextEncoder();

export function sha256Hex(data: string | Uint8Array): string {
  return sha256(typeof data === 'string' ? encoder.encode(data) : data).slice(2);
}

export function hashRecord(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function saltedHash(salt: string, value: string): string {
  return sha256Hex(`${salt}\u0000${value}`);
}
