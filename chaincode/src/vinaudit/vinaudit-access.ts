import { ORG_MSP, requireMember, requireMsp } from '../lib/access';
import type { LedgerContext } from '../lib/context';
import { permissionDenied } from '../lib/errors';
import type { LotRecord } from './lot-types';

/** Orgs that may act as lenders (floor-plan financiers); in this consortium the auditor org. */
export const LENDER_MSPS: readonly string[] = [ORG_MSP.auditor];

/**
 * Certificate attribute that narrows what a caller of its org may do. A certificate without it has
 * every right of its org; one with it has only the rights of the named role.
 */
export const ROLE_ATTRIBUTE = 'vinaudit.role';
export type VinAuditRole = 'lender-admin' | 'inventory-clerk' | 'viewer';

function requireRole(ctx: LedgerContext, allowed: readonly VinAuditRole[], action: string): void {
  const role = ctx.clientIdentity.getAttributeValue(ROLE_ATTRIBUTE);
  if (role === null || role === undefined) return;
  if (!(allowed as readonly string[]).includes(role)) {
    throw permissionDenied('caller', `role ${role} may not ${action}; allowed roles: ${allowed.join(', ')}`);
  }
}

/** Lender-level administration (policy, lots, crew): a lender org, admin role if narrowed. */
export function requireLenderOrg(ctx: LedgerContext, action: string): void {
  requireMsp(ctx, LENDER_MSPS, action);
  requireRole(ctx, ['lender-admin'], action);
}

/** Only the lot's own lender. */
export function requireLotLender(ctx: LedgerContext, lot: LotRecord, action: string): void {
  if (ctx.callerMspId !== lot.lenderMsp) {
    throw permissionDenied('caller', `only ${lot.lenderMsp}, the lender of lot ${lot.lotId}, may ${action}`);
  }
  requireRole(ctx, ['lender-admin'], action);
}

/** The lot's lender or its dealer org: inventory and exceptions. */
export function requireLotLenderOrDealer(ctx: LedgerContext, lot: LotRecord, action: string): void {
  const caller = ctx.callerMspId;
  if (caller !== lot.lenderMsp && caller !== lot.dealerMsp) {
    const allowed = [lot.lenderMsp, lot.dealerMsp].filter((msp) => msp !== undefined).join(', ');
    throw permissionDenied('caller', `${caller} may not ${action} on lot ${lot.lotId}; allowed: ${allowed}`);
  }
  requireRole(ctx, ['lender-admin', 'inventory-clerk'], action);
}

/** Reads: any consortium member. */
export function requireReader(ctx: LedgerContext, action: string): void {
  requireMember(ctx, action);
}
