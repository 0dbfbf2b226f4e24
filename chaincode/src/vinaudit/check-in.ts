import type { Static } from '@sinclair/typebox';
import type { DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition, permissionDenied } from '../lib/errors';
import { distanceMm, type GeoPoint } from '../lib/geo';
import type { AuditRecord, CheckInPayload, CheckInRecord } from './audit-types';
import { requireCrew } from './crew';
import { derivedId } from './ids';
import type { LotRecord, UnitRecord } from './lot-types';
import { lenderOnly } from './notices';
import { audits, checkIns, lots, units } from './store';

export interface ExpectedVehicle {
  readonly unitId: string;
  readonly description: string;
  readonly location: GeoPoint;
  readonly vin?: string;
}

/** The audit window is open to the auditor: before the deadline, not yet submitted. */
export function requireOpenWindow(ctx: LedgerContext, audit: AuditRecord, statuses: readonly AuditRecord['status'][]): void {
  if (!statuses.includes(audit.status)) throw failedPrecondition('audit.status', `is ${audit.status}; must be ${statuses.join(' or ')}`);
  if (ctx.nowMs > audit.deadlineMs) throw failedPrecondition('audit.deadlineMs', 'the audit window has closed');
}

/** Only the assigned auditor device, and after the first check-in only that device. */
export function requireAuditDevice(audit: AuditRecord, device: DeviceRecord): void {
  if (audit.assignedAuditor && audit.assignedAuditor !== device.address) {
    throw permissionDenied('request.device', 'this audit is assigned to another auditor device');
  }
  if (audit.auditor && audit.auditor !== device.address) {
    throw permissionDenied('request.device', 'another auditor device has checked in to this audit');
  }
}

/** FIG. 10 step 136: the vehicles that should be on the lot, by description only unless the lender shows VINs. */
export function expectedList(lot: LotRecord, lotUnits: readonly UnitRecord[]): ExpectedVehicle[] {
  return lotUnits
    .filter((unit) => unit.status === 'financed')
    .map((unit) => {
      const entry = { unitId: unit.unitId, description: unit.description, location: unit.location };
      return lot.listMode === 'descriptions-and-vins' ? { ...entry, vin: unit.vin } : entry;
    });
}

/**
 * FIG. 10 steps 134-136: the auditor device checks in by GPS (or without a fix) and receives the
 * expected list. The check-in is recorded: whether the device was on the lot is evidence later.
 */
export async function checkIn(ctx: LedgerContext, device: DeviceRecord, payload: Static<typeof CheckInPayload>): Promise<object> {
  const audit = await audits.require(ctx, [payload.auditId]);
  requireOpenWindow(ctx, audit, ['open', 'in-progress']);
  requireAuditDevice(audit, device);
  const member = await requireCrew(ctx, device.address, 'auditor', 'request.device');
  const lot = await lots.require(ctx, [audit.lotId]);
  const distanceToLotMm = payload.gps ? distanceMm(payload.gps, lot.location) : null;
  const record: CheckInRecord = {
    auditId: audit.auditId,
    checkInId: derivedId('check-in', ctx.txId),
    device: device.address,
    gps: payload.gps,
    distanceToLotMm,
    onSite: distanceToLotMm === null ? null : distanceToLotMm <= lot.radiusMm,
    atMs: ctx.nowMs,
    txId: ctx.txId,
  };
  await checkIns.create(ctx, [audit.auditId, record.checkInId], record);
  await audits.put(ctx, [audit.auditId], {
    ...audit,
    status: 'in-progress',
    auditor: device.address,
    auditorPersonRef: member.personRef,
    checkIns: audit.checkIns + 1,
    updatedAtMs: ctx.nowMs,
  });
  ctx.events.emit('vinaudit.CheckedIn', lenderOnly(lot), {
    auditId: audit.auditId,
    device: device.address,
    onSite: record.onSite,
    distanceToLotMm,
  });
  const lotUnits = await units.list(ctx, [lot.lotId]);
  return {
    checkInId: record.checkInId,
    auditId: audit.auditId,
    lot: { lotId: lot.lotId, name: lot.name, dealerName: lot.dealerName, location: lot.location },
    onSite: record.onSite,
    distanceToLotMm,
    deadlineMs: audit.deadlineMs,
    listMode: lot.listMode,
    expected: expectedList(lot, lotUnits),
    exceptions: lotUnits.filter((unit) => unit.status === 'exception').length,
  };
}
