import { Info, Returns, Transaction } from 'fabric-contract-api';
import { MEMBER_MSPS } from '../lib/access';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument } from '../lib/errors';
import { parseJsonArgument, validate } from '../lib/validate';
import { financingOf, recordVehicles } from './inventory';
import {
  LotRecord,
  NearbyArgs,
  RecordExceptionArgs,
  RecordVehiclesArgs,
  RegisterLotArgs,
  ReleaseArgs,
  UnitRefArgs,
  UpdateLotArgs,
  Vin,
  type UnitRecord,
} from './lot-types';
import { rankLots } from './nearby';
import { lenderAndDealer, lenderOnly, lotRecipients } from './notices';
import { DEFAULT_AUDIT_POLICY, checkPolicy, policies, readPolicy } from './policy';
import { AuditPolicy } from './policy-types';
import { audits, auditsByLot, doubleFloorings, lots, units, vinIndex } from './store';
import { requireLenderOrg, requireLotLender, requireLotLenderOrDealer, requireReader } from './vinaudit-access';
import { assessVin } from './vin';

function requireMembers(msps: readonly string[], field: string): void {
  for (const msp of msps) {
    if (!MEMBER_MSPS.includes(msp)) throw invalidArgument(field, `${msp} is not a member org of the consortium`);
  }
}

/**
 * VIN audit, part 1: lenders' thresholds, lots and their recorded inventory (the reference for
 * every audit), exceptions, the consortium-wide VIN index and double flooring.
 */
@Info({ title: 'VIN audit: lots', description: 'Lender thresholds, lots, recorded vehicles, exceptions, VIN index' })
export class VinAuditLotsContract extends LedgerContract {
  constructor() {
    super('vinaudit.lots');
  }

  /** A lender sets its audit thresholds; audits opened later use them. */
  @Transaction()
  @Returns('string')
  async SetPolicy(ctx: LedgerContext, policyJson: string): Promise<string> {
    requireLenderOrg(ctx, 'set audit thresholds');
    const policy = parseJsonArgument(AuditPolicy, policyJson, 'policy');
    checkPolicy(policy, 'policy');
    const record = { lenderMsp: ctx.callerMspId, policy, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId };
    await policies.put(ctx, [ctx.callerMspId], record);
    ctx.events.emit('vinaudit.PolicySet', lenderOnly(record), { lenderMsp: record.lenderMsp });
    return canonicalJson(record);
  }

  @Transaction(false)
  @Returns('string')
  async GetPolicy(ctx: LedgerContext, lenderMsp: string): Promise<string> {
    requireReader(ctx, 'read audit thresholds');
    const stored = await policies.get(ctx, [lenderMsp]);
    return canonicalJson({ lenderMsp, policy: stored?.policy ?? DEFAULT_AUDIT_POLICY, isDefault: !stored });
  }

  @Transaction()
  @Returns('string')
  async RegisterLot(ctx: LedgerContext, argJson: string): Promise<string> {
    requireLenderOrg(ctx, 'register lots');
    const args = parseJsonArgument(RegisterLotArgs, argJson, 'args');
    if (args.dealerMsp) requireMembers([args.dealerMsp], 'args.dealerMsp');
    requireMembers(args.subscribers ?? [], 'args.subscribers');
    const lot: LotRecord = {
      ...args,
      lenderMsp: ctx.callerMspId,
      subscribers: [...(args.subscribers ?? [])].sort(),
      createdAtMs: ctx.nowMs,
      createdTxId: ctx.txId,
      updatedAtMs: ctx.nowMs,
    };
    await lots.create(ctx, [lot.lotId], lot);
    ctx.events.emit('vinaudit.LotRegistered', lotRecipients(lot), { lotId: lot.lotId, lenderMsp: lot.lenderMsp, name: lot.name });
    return canonicalJson(lot);
  }

  @Transaction()
  @Returns('string')
  async UpdateLot(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(UpdateLotArgs, argJson, 'args');
    const lot = await lots.require(ctx, [args.lotId]);
    requireLotLender(ctx, lot, 'update the lot');
    if (args.dealerMsp) requireMembers([args.dealerMsp], 'args.dealerMsp');
    requireMembers(args.subscribers ?? [], 'args.subscribers');
    const { dealerMsp, subscribers, ...rest } = args;
    const updated: LotRecord = { ...lot, ...rest, updatedAtMs: ctx.nowMs };
    if (dealerMsp === null) delete updated.dealerMsp;
    else if (dealerMsp !== undefined) updated.dealerMsp = dealerMsp;
    if (subscribers) updated.subscribers = [...subscribers].sort();
    await lots.put(ctx, [lot.lotId], validate(LotRecord, updated, 'lot'));
    ctx.events.emit('vinaudit.LotUpdated', lotRecipients(updated), { lotId: lot.lotId });
    return canonicalJson(updated);
  }

  /** The lender or dealer records financed vehicles: recorded VIN, description, recorded GPS. */
  @Transaction()
  @Returns('string')
  async RecordVehicles(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(RecordVehiclesArgs, argJson, 'args');
    const lot = await lots.require(ctx, [args.lotId]);
    requireLotLenderOrDealer(ctx, lot, 'record vehicles');
    return canonicalJson(await recordVehicles(ctx, lot, args));
  }

  /** A unit absent for a recorded reason (sold, demo, repair, in transit): an exception, not fraud. */
  @Transaction()
  @Returns('string')
  async RecordException(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(RecordExceptionArgs, argJson, 'args');
    const { lot, unit } = await this.unitFor(ctx, args.lotId, args.unitId);
    requireLotLenderOrDealer(ctx, lot, 'record exceptions');
    if (unit.status === 'released') throw failedPrecondition('unit.status', 'is released');
    if (args.untilMs !== undefined && args.untilMs <= ctx.nowMs) throw invalidArgument('args.untilMs', 'must be after the transaction time');
    const exception = { reason: args.reason, note: args.note, untilMs: args.untilMs, recordedBy: ctx.callerMspId, recordedAtMs: ctx.nowMs };
    const updated: UnitRecord = { ...unit, status: 'exception', exception, updatedAtMs: ctx.nowMs };
    await units.put(ctx, [lot.lotId, unit.unitId], updated);
    ctx.events.emit('vinaudit.ExceptionRecorded', lenderAndDealer(lot), { lotId: lot.lotId, unitId: unit.unitId, reason: args.reason });
    return canonicalJson(updated);
  }

  @Transaction()
  @Returns('string')
  async ClearException(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(UnitRefArgs, argJson, 'args');
    const { lot, unit } = await this.unitFor(ctx, args.lotId, args.unitId);
    requireLotLenderOrDealer(ctx, lot, 'clear exceptions');
    if (unit.status !== 'exception') throw failedPrecondition('unit.status', `is ${unit.status}; must be exception`);
    const { exception: _cleared, ...rest } = unit;
    const updated: UnitRecord = { ...rest, status: 'financed', updatedAtMs: ctx.nowMs };
    await units.put(ctx, [lot.lotId, unit.unitId], updated);
    ctx.events.emit('vinaudit.ExceptionCleared', lenderAndDealer(lot), { lotId: lot.lotId, unitId: unit.unitId });
    return canonicalJson(updated);
  }

  /** The lender ends the financing of a unit (paid off, moved, recorded in error); only the lender may. */
  @Transaction()
  @Returns('string')
  async ReleaseVehicle(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(ReleaseArgs, argJson, 'args');
    const { lot, unit } = await this.unitFor(ctx, args.lotId, args.unitId);
    requireLotLender(ctx, lot, 'release vehicles');
    if (unit.status === 'released') throw failedPrecondition('unit.status', 'is already released');
    const updated: UnitRecord = { ...unit, status: 'released', releaseReason: args.reason, updatedAtMs: ctx.nowMs };
    await units.put(ctx, [lot.lotId, unit.unitId], updated);
    await vinIndex.remove(ctx, [unit.vin, lot.lotId, unit.unitId]);
    ctx.events.emit('vinaudit.VehicleReleased', lenderAndDealer(lot), { lotId: lot.lotId, unitId: unit.unitId, reason: args.reason });
    return canonicalJson(updated);
  }

  @Transaction(false)
  @Returns('string')
  async GetLot(ctx: LedgerContext, lotId: string): Promise<string> {
    requireReader(ctx, 'read lots');
    return canonicalJson(await lots.require(ctx, [lotId]));
  }

  @Transaction(false)
  @Returns('string')
  async ListUnits(ctx: LedgerContext, lotId: string): Promise<string> {
    requireReader(ctx, 'read lot inventory');
    await lots.require(ctx, [lotId]);
    return canonicalJson(await units.list(ctx, [lotId]));
  }

  /** FIG. 10: lots nearest the device first, and all lots as the fallback when GPS is off. */
  @Transaction(false)
  @Returns('string')
  async LotsNearby(ctx: LedgerContext, argJson: string): Promise<string> {
    requireReader(ctx, 'list lots');
    const args = parseJsonArgument(NearbyArgs, argJson, 'args');
    const all = await lots.list(ctx);
    const candidates = args.lenderMsp ? all.filter((lot) => lot.lenderMsp === args.lenderMsp) : all;
    const openAudits = new Map<string, string[]>();
    for (const lot of candidates) {
      const ids: string[] = [];
      for (const [, auditId] of await auditsByLot.list(ctx, [lot.lotId])) {
        const audit = auditId ? await audits.get(ctx, [auditId]) : undefined;
        if (audit && (audit.status === 'open' || audit.status === 'in-progress') && audit.deadlineMs >= ctx.nowMs) ids.push(audit.auditId);
      }
      openAudits.set(lot.lotId, ids);
    }
    return canonicalJson(rankLots(candidates, args.gps, openAudits));
  }

  /** The consortium-wide VIN index: where a VIN is financed, its check digit, and any double flooring. */
  @Transaction(false)
  @Returns('string')
  async GetVinIndex(ctx: LedgerContext, vin: string): Promise<string> {
    requireReader(ctx, 'read the VIN index');
    validate(Vin, vin, 'vin');
    const financing = await financingOf(ctx, vin);
    // One lender's rules when one lender finances it; the North American default otherwise.
    const lenders = [...new Set(financing.map((entry) => entry.lenderMsp))];
    const policy = lenders.length === 1 && lenders[0] ? await readPolicy(ctx, lenders[0]) : DEFAULT_AUDIT_POLICY;
    return canonicalJson({
      vin,
      check: assessVin(vin, policy.checkDigitRequiredPrefixes),
      financing,
      doubleFlooring: await doubleFloorings.list(ctx, [vin]),
    });
  }

  private async unitFor(ctx: LedgerContext, lotId: string, unitId: string): Promise<{ lot: LotRecord; unit: UnitRecord }> {
    const lot = await lots.require(ctx, [lotId]);
    return { lot, unit: await units.require(ctx, [lotId, unitId]) };
  }
}
