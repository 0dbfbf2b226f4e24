import type { PairingRecord, PairingStatus } from './pairing-record-types';
import type { Command, Role, SecondaryRole } from './pairing-types';

/**
 * A pre-paired or paired record past its `validUntilMs` is expired even before anyone writes that
 * down: expiry is enforced against the transaction time wherever a pairing is used.
 */
export function effectiveStatus(pairing: Pick<PairingRecord, 'status' | 'validUntilMs'>, nowMs: number): PairingStatus {
  const live = pairing.status === 'pre-paired' || pairing.status === 'paired';
  if (live && pairing.validUntilMs !== undefined && nowMs >= pairing.validUntilMs) return 'expired';
  return pairing.status;
}

export function isActive(pairing: Pick<PairingRecord, 'status' | 'validUntilMs'>, nowMs: number): boolean {
  const status = effectiveStatus(pairing, nowMs);
  return status === 'pre-paired' || status === 'paired';
}

/** What each role may ask the vehicle to do over a paired connection. */
export const ROLE_COMMANDS: Readonly<Record<Role, readonly Command[]>> = {
  owner: ['lock', 'unlock', 'start', 'climate', 'media', 'settings'],
  driver: ['lock', 'unlock', 'start', 'climate', 'media'],
  guest: ['lock', 'unlock', 'media'],
};

export function roleAllows(role: Role, command: Command): boolean {
  return ROLE_COMMANDS[role].includes(command);
}

/**
 * Validity of a secondary pairing: a guest pairing is always time-limited, at most
 * `maxGuestValidityMs`; any end must lie after the transaction time. Returns the broken rule.
 */
export function secondaryValidityProblem(
  role: SecondaryRole,
  validUntilMs: number | undefined,
  nowMs: number,
  maxGuestValidityMs: number,
): string | undefined {
  if (validUntilMs === undefined) return role === 'guest' ? 'is required for a guest pairing' : undefined;
  if (validUntilMs <= nowMs) return 'must be after the transaction time';
  if (role === 'guest' && validUntilMs - nowMs > maxGuestValidityMs) {
    return `a guest pairing may last at most ${maxGuestValidityMs} ms`;
  }
  return undefined;
}
