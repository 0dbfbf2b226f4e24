import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireActiveDevice, verifyDeviceRequestArgument } from '../devices/device-registry';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument } from '../lib/errors';
import { toDevice } from '../lib/events';
import { parseJsonArgument } from '../lib/validate';
import { AuditRefArgs, CheckInPayload, OpenAuditArgs, RetakePayload, SubmitAuditPayload, type AuditRecord } from './audit-types';
import { checkIn } from './check-in';
import { closeAudit } from './closing';
import { checksummedAddress, derivedId } from './ids';
import { lenderOnly } from './notices';
import { readPolicy } from './policy';
import { retake } from './retake';
import { audits, auditsByLot, captures, checkIns, createAuditorEndorsed, lots, reaudits, submissions, verdicts } from './store';
import { submitAudit } from './submission';
import { requireLotLender, requireReader } from './vinaudit-access';

/**
 * VIN audit, part 2: the audit itself. The lender opens an audit window; the auditor device checks
 * in (FIG. 10), submits the signed audit (claim 1, first messages) and retakes what the crowd could
 * not read; the verdict follows in real time or when the lender closes the audit after its deadline.
 */
@Info({ title: 'VIN audit', description: 'Audit windows, check-in, signed audit submissions, retakes, verdicts' })
export class VinAuditContract extends LedgerContract {
  constructor() {
    super('vinaudit');
  }

  @Transaction()
  @Returns('string')
  async OpenAudit(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(OpenAuditArgs, argJson, 'args');
    const lot = await lots.require(ctx, [args.lotId]);
    requireLotLender(ctx, lot, 'open audits');
    if (args.deadlineMs <= ctx.nowMs) throw invalidArgument('args.deadlineMs', 'must be after the transaction time');
    let assignedAuditor: string | undefined;
    if (args.auditor) {
      const device = await requireActiveDevice(ctx, checksummedAddress(args.auditor, 'args.auditor'), 'args.auditor');
      if (device.type !== 'auditor-phone') throw invalidArgument('args.auditor', `is a ${device.type}, not an auditor-phone`);
      assignedAuditor = device.address;
    }
    if (args.reauditOf) {
      const previous = await audits.require(ctx, [args.reauditOf]);
      if (previous.lotId !== lot.lotId) throw invalidArgument('args.reauditOf', 'is an audit of another lot');
      if (previous.status !== 'finalized' && previous.status !== 'expired') {
        throw failedPrecondition('args.reauditOf', `is ${previous.status}; only a finalized or expired audit is repeated`);
      }
    }
    const record: AuditRecord = {
      auditId: derivedId('audit', ctx.txId),
      lotId: lot.lotId,
      lenderMsp: lot.lenderMsp,
      status: 'open',
      policy: await readPolicy(ctx, lot.lenderMsp),
      openedAtMs: ctx.nowMs,
      openedTxId: ctx.txId,
      deadlineMs: args.deadlineMs,
      assignedAuditor,
      reauditOf: args.reauditOf,
      checkIns: 0,
      updatedAtMs: ctx.nowMs,
    };
    await createAuditorEndorsed(ctx, audits, [record.auditId], record);
    await auditsByLot.add(ctx, [lot.lotId, record.auditId]);
    if (record.reauditOf) await reaudits.add(ctx, [record.reauditOf, record.auditId]);
    // Not to the dealer: audits are unannounced.
    const to = [...lenderOnly(lot), ...(record.assignedAuditor ? [toDevice(record.assignedAuditor)] : [])];
    ctx.events.emit('vinaudit.AuditOpened', to, {
      auditId: record.auditId,
      lotId: lot.lotId,
      deadlineMs: record.deadlineMs,
      ...(record.reauditOf ? { reauditOf: record.reauditOf } : {}),
    });
    return canonicalJson(record);
  }

  /** FIG. 10: signed by the auditor device; returns the expected list. */
  @Transaction()
  @Returns('string')
  async CheckIn(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, { action: 'vinaudit.checkIn', payload: CheckInPayload, deviceTypes: ['auditor-phone'] });
    return canonicalJson(await checkIn(ctx, device, payload));
  }

  @Transaction()
  @Returns('string')
  async SubmitAudit(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, { action: 'vinaudit.submitAudit', payload: SubmitAuditPayload, deviceTypes: ['auditor-phone'] });
    return canonicalJson(await submitAudit(ctx, device, payload));
  }

  @Transaction()
  @Returns('string')
  async Retake(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, { action: 'vinaudit.retake', payload: RetakePayload, deviceTypes: ['auditor-phone'] });
    return canonicalJson(await retake(ctx, device, payload));
  }

  /** The lender closes the audit: a verdict, or `expired` when nothing was submitted in time. */
  @Transaction()
  @Returns('string')
  async FinalizeAudit(ctx: LedgerContext, argJson: string): Promise<string> {
    const { auditId } = parseJsonArgument(AuditRefArgs, argJson, 'args');
    const audit = await audits.require(ctx, [auditId]);
    requireLotLender(ctx, await lots.require(ctx, [audit.lotId]), 'finalize audits');
    return canonicalJson(await closeAudit(ctx, audit));
  }

  /** The whole audit: window, check-ins, evidence (path, motion), captures with consensus, verdict, re-audits. */
  @Transaction(false)
  @Returns('string')
  async GetAudit(ctx: LedgerContext, auditId: string): Promise<string> {
    requireReader(ctx, 'read audits');
    const audit = await audits.require(ctx, [auditId]);
    return canonicalJson({
      audit,
      checkIns: await checkIns.list(ctx, [auditId]),
      submission: (await submissions.get(ctx, [auditId])) ?? null,
      captures: await captures.list(ctx, [auditId]),
      verdict: (await verdicts.get(ctx, [auditId])) ?? null,
      reaudits: (await reaudits.list(ctx, [auditId])).map(([, reauditId]) => reauditId),
    });
  }

  @Transaction(false)
  @Returns('string')
  async ListAudits(ctx: LedgerContext, lotId: string): Promise<string> {
    requireReader(ctx, 'list audits');
    const records: AuditRecord[] = [];
    for (const [, auditId] of await auditsByLot.list(ctx, [lotId])) {
      if (auditId) records.push(await audits.require(ctx, [auditId]));
    }
    return canonicalJson(records.sort((a, b) => a.openedAtMs - b.openedAtMs || (a.auditId < b.auditId ? -1 : 1)));
  }
}
