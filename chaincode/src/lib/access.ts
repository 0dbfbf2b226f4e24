import type { LedgerContext } from './context';
import { permissionDenied } from './errors';

/**
 * The consortium's org MSP IDs by role. They must match network/src/consortium/consortium.ts
 * (a network test checks this); the chaincode package cannot import the network package.
 */
export const ORG_MSP = {
  automaker: 'OemMSP',
  operator: 'MobilityMSP',
  auditor: 'AuditMSP',
} as const;

export const MEMBER_MSPS: readonly string[] = Object.values(ORG_MSP);

export function requireMsp(ctx: LedgerContext, allowed: readonly string[], action: string): void {
  const mspId = ctx.clientIdentity.getMSPID();
  if (!allowed.includes(mspId)) {
    throw permissionDenied('caller', `${mspId} may not ${action}; allowed: ${allowed.join(', ')}`);
  }
}

export function requireMember(ctx: LedgerContext, action: string): void {
  requireMsp(ctx, MEMBER_MSPS, action);
}

/** Certificate attribute check (Fabric CA `attrs`), e.g. role=lender-admin. */
export function requireAttribute(ctx: LedgerContext, name: string, value: string, action: string): void {
  if (!ctx.clientIdentity.assertAttributeValue(name, value)) {
    throw permissionDenied('caller', `needs certificate attribute ${name}=${value} to ${action}`);
  }
}
