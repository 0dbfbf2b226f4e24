import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition } from '../lib/errors';
import type { AuditRecord, CaptureRecord } from './audit-types';
import { captureStateFor, isResolved } from './capture-state';
import { decideConsensus } from './consensus';
import { issueVerdict, loadCaptures } from './finalize';
import { indexKey } from './ids';
import { lenderAndDealer } from './notices';
import { audits, captures, lots, readings } from './store';
import { expectedVins, readingKey } from './verification';
import { closeTasks } from './verifier-tasks';

/** At the deadline, every capture takes its final state: a consensus still short of quorum is `no-quorum`. */
async function closeCapture(ctx: LedgerContext, audit: AuditRecord, capture: CaptureRecord, vins: ReadonlySet<string>): Promise<CaptureRecord> {
  if (capture.state === 'retake-requested') return { ...capture, state: 'unresolved', updatedAtMs: ctx.nowMs };
  const all = await readings.list(ctx, readingKey(capture));
  const consensus = decideConsensus(all, {
    assigned: capture.verifiers.length,
    quorum: audit.policy.verifierQuorum,
    closing: true,
    checkDigitRequiredPrefixes: audit.policy.checkDigitRequiredPrefixes,
  });
  await closeTasks(ctx, capture);
  return { ...capture, consensus, state: captureStateFor(consensus, vins, true), updatedAtMs: ctx.nowMs };
}

/**
 * The lender closes an audit: before the deadline only when every capture is resolved; after it,
 * an audit never submitted expires and unresolved captures become findings in the verdict.
 */
export async function closeAudit(ctx: LedgerContext, audit: AuditRecord): Promise<object> {
  if (audit.status === 'finalized') throw alreadyExists('audit', `${audit.auditId} already has a verdict`);
  if (audit.status === 'expired') throw failedPrecondition('audit.status', 'is expired');
  const pastDeadline = ctx.nowMs > audit.deadlineMs;
  if (audit.status !== 'verifying') {
    if (!pastDeadline) throw failedPrecondition('audit.deadlineMs', 'the audit window is still open');
    const lot = await lots.require(ctx, [audit.lotId]);
    const expired: AuditRecord = { ...audit, status: 'expired', updatedAtMs: ctx.nowMs };
    await audits.put(ctx, [audit.auditId], expired);
    ctx.events.emit('vinaudit.AuditExpired', lenderAndDealer(lot), { auditId: audit.auditId, lotId: lot.lotId, deadlineMs: audit.deadlineMs });
    return { auditId: audit.auditId, status: 'expired' };
  }
  const current = await loadCaptures(ctx, audit.auditId);
  const open = current.filter((capture) => !isResolved(capture.state));
  if (open.length > 0 && !pastDeadline) {
    throw failedPrecondition('audit', `${open.length} capture(s) are not resolved; close after the deadline`);
  }
  const vins = open.length > 0 ? await expectedVins(ctx, audit) : new Set<string>();
  const closed: CaptureRecord[] = [];
  for (const capture of open) {
    const final = await closeCapture(ctx, audit, capture, vins);
    await captures.put(ctx, [audit.auditId, indexKey(capture.index)], final);
    closed.push(final);
  }
  const verdict = await issueVerdict(ctx, audit, await loadCaptures(ctx, audit.auditId, closed));
  return { auditId: audit.auditId, status: 'finalized', outcome: verdict.outcome };
}
