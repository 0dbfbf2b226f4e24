import { sha256Hex } from '../lib/hash';

/**
 * Identifiers derived from the transaction ID, so every endorser computes the same value and no
 * two transactions collide. The pairing identifier also covers the vehicle and the device, so it
 * is unique to that combination (paragraph 60: "a digital combination of identifying information").
 */
export function pairingIdFor(txId: string, vin: string, device: string): string {
  return sha256Hex(`pairing:${txId}:${vin}:${device}`);
}

export function attemptIdFor(txId: string): string {
  return sha256Hex(`attempt:${txId}`);
}

export function requestIdFor(txId: string, vin: string, device: string): string {
  return sha256Hex(`request:${txId}:${vin}:${device}`);
}

export function invitationIdFor(txId: string, vin: string): string {
  return sha256Hex(`invitation:${txId}:${vin}`);
}

export function mismatchIdFor(txId: string): string {
  return sha256Hex(`mismatch:${txId}`);
}

export function transferIdFor(txId: string, vin: string): string {
  return sha256Hex(`transfer:${txId}:${vin}`);
}
