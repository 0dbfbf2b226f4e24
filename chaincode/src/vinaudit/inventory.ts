import type { Static } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, invalidArgument } from '../lib/errors';
import { toOrg } from '../lib/events';
import { derivedId } from './ids';
import type { FinancingEntry, LotRecord, RecordVehiclesArgs, UnitRecord } from './lot-types';
import { lenderAndDealer } from './notices';
import { readPolicy } from './policy';
import { doubleFloorings, lots, units, vinIndex } from './store';
import { assessVin } from './vin';

/** Every unit, on any lot of any lender, that finances this VIN now (the consortium-wide VIN index). */
export async function financingOf(ctx: LedgerContext, vin: string): Promise<FinancingEntry[]> {
  const entries: FinancingEntry[] = [];
  for (const [, lotId, unitId] of await vinIndex.list(ctx, [vin])) {
    if (!lotId || !unitId) continue;
    entries.push(financingEntry(await lots.require(ctx, [lotId]), unitId));
  }
  return entries;
}

function financingEntry(lot: LotRecord, unitId: string): FinancingEntry {
  return { lotId: lot.lotId, unitId, lenderMsp: lot.lenderMsp, dealerMsp: lot.dealerMsp, dealerName: lot.dealerName };
}

export interface RecordedVehicles {
  readonly units: { unitId: string; vin: string; vinCheck: string }[];
  readonly doubleFlooring: { findingId: string; vin: string; lots: string[] }[];
}

/**
 * Records financed vehicles on a lot. A failed check digit and a VIN already financed elsewhere
 * (double flooring) are findings with notices, not refusals: the lender needs to see them.
 */
export async function recordVehicles(ctx: LedgerContext, lot: LotRecord, args: Static<typeof RecordVehiclesArgs>): Promise<RecordedVehicles> {
  const policy = await readPolicy(ctx, lot.lenderMsp);
  const seen = new Set<string>();
  const result: RecordedVehicles = { units: [], doubleFlooring: [] };
  // The event takes its name from the first notice: the recording itself, then any findings.
  const unitIds = args.vehicles.map((_vehicle, index) => derivedId('unit', ctx.txId, index));
  ctx.events.emit('vinaudit.VehiclesRecorded', lenderAndDealer(lot), { lotId: lot.lotId, unitIds });
  for (const [index, vehicle] of args.vehicles.entries()) {
    const field = `args.vehicles[${index}].vin`;
    if (seen.has(vehicle.vin)) throw invalidArgument(field, 'appears twice in this request');
    seen.add(vehicle.vin);
    const financing = await financingOf(ctx, vehicle.vin);
    const here = financing.find((entry) => entry.lotId === lot.lotId);
    if (here) throw alreadyExists(field, `is already financed on lot ${lot.lotId} as unit ${here.unitId}`);
    const assessment = assessVin(vehicle.vin, policy.checkDigitRequiredPrefixes);
    const unit: UnitRecord = {
      lotId: lot.lotId,
      unitId: unitIds[index] ?? derivedId('unit', ctx.txId, index),
      vin: vehicle.vin,
      vinCheck: assessment.check ?? 'invalid',
      description: vehicle.description,
      location: vehicle.location,
      status: 'financed',
      recordedBy: ctx.callerMspId,
      recordedAtMs: ctx.nowMs,
      recordedTxId: ctx.txId,
      updatedAtMs: ctx.nowMs,
    };
    await units.create(ctx, [lot.lotId, unit.unitId], unit);
    await vinIndex.add(ctx, [unit.vin, lot.lotId, unit.unitId]);
    result.units.push({ unitId: unit.unitId, vin: unit.vin, vinCheck: unit.vinCheck });
    if (unit.vinCheck === 'invalid') {
      ctx.events.emit('vinaudit.VinCheckFailed', lenderAndDealer(lot), {
        lotId: lot.lotId,
        unitId: unit.unitId,
        vin: unit.vin,
        expectedCheckDigit: assessment.expectedCheckDigit ?? '',
      });
    }
    if (financing.length > 0) {
      const findingId = derivedId('double-flooring', ctx.txId, index);
      const entries = [...financing, financingEntry(lot, unit.unitId)];
      await doubleFloorings.create(ctx, [unit.vin, findingId], { findingId, vin: unit.vin, entries, detectedAtMs: ctx.nowMs, detectedTxId: ctx.txId });
      const orgs = entries.flatMap((entry) => [entry.lenderMsp, ...(entry.dealerMsp ? [entry.dealerMsp] : [])]);
      ctx.events.emit('vinaudit.DoubleFlooring', orgs.map(toOrg), {
        findingId,
        vin: unit.vin,
        lots: entries.map((entry) => ({ lotId: entry.lotId, unitId: entry.unitId, lenderMsp: entry.lenderMsp })),
      });
      result.doubleFlooring.push({ findingId, vin: unit.vin, lots: entries.map((entry) => entry.lotId) });
    }
  }
  return result;
}
