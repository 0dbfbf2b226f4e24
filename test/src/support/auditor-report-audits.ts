import { type GeoPoint } from '@mobility-ledger/chaincode';
import { id } from 'ethers';
import { submitValid } from './committed-submission';
import type { E2eDevice } from './e2e-devices';
import type { E2eNetwork } from './e2e-network';

/**
 * VIN audits driven through the real gateway client for the auditor reports suite: the lender org
 * (AuditMSP) registers lots and opens audits, the auditor phone checks in and submits signed
 * payloads, crowd verifier phones read photos.
 */

const utf8 = new TextDecoder();

export const sha256Label = (label: string): string => id(label).slice(2);

/** Parking spot `row` of a lot: rows 11 m apart, north of the lot centre. */
export function parking(center: GeoPoint, row: number): GeoPoint {
  return { latE6: center.latE6 + 100 * (row + 1), lonE6: center.lonE6 };
}

export function shifted(point: GeoPoint, dLatE6: number, dLonE6 = 0): GeoPoint {
  return { latE6: point.latE6 + dLatE6, lonE6: point.lonE6 + dLonE6 };
}

/** Motion of a person walking a lot: stops and turns at every path point (fraud factor 3 passes). */
export function walkingMotion(pathLength: number): object[] {
  return Array.from({ length: pathLength }, (_, index) => [
    { pathIndex: index, velocityMmS: 0, accelerationMmS2: 0, pitchMdeg: 0, rollMdeg: 0, yawMdeg: (index * 90_000) % 360_000 },
    { pathIndex: index, velocityMmS: 1_200, accelerationMmS2: 0, pitchMdeg: 0, rollMdeg: 0, yawMdeg: (index * 90_000 + 45_000) % 360_000 },
  ]).flat();
}

export interface Capture {
  readonly unitId?: string;
  readonly photoHash?: string;
  readonly vinRead?: string;
  readonly manualEntry: boolean;
  readonly vehicleGps: GeoPoint;
  readonly deviceGps: GeoPoint;
  readonly capturedAtMs: number;
}

export class AuditDriver {
  constructor(
    private readonly network: E2eNetwork,
    private readonly auditor: E2eDevice,
  ) {}

  /** Submits as the lender org and waits for a valid commit; returns the chaincode's JSON answer. */
  async lender<T>(transaction: string, arg: unknown): Promise<T> {
    const committed = await submitValid(this.network.clients.audit.contract(), transaction, { arguments: [typeof arg === 'string' ? arg : JSON.stringify(arg)] });
    return JSON.parse(committed.result) as T;
  }

  async query<T>(transaction: string, ...args: string[]): Promise<T> {
    return JSON.parse(utf8.decode(await this.network.clients.oem.contract().evaluateTransaction(transaction, ...args))) as T;
  }

  /** Registers a lot and records its vehicles; returns the unit IDs in the order given. */
  async registerLot(lotId: string, location: GeoPoint, vehicles: readonly { vin: string; description: string; location: GeoPoint }[]): Promise<string[]> {
    await this.lender('vinaudit.lots:RegisterLot', { lotId, name: `Lot ${lotId}`, dealerName: 'Harbor Motors, LLC', location, radiusMm: 200_000, listMode: 'descriptions' });
    const { units } = await this.lender<{ units: { unitId: string }[] }>('vinaudit.lots:RecordVehicles', { lotId, vehicles });
    return units.map((unit) => unit.unitId);
  }

  /** Opens an audit window and checks the auditor in on the lot. */
  async openAndCheckIn(lotId: string, at: GeoPoint): Promise<string> {
    const { auditId } = await this.lender<{ auditId: string }>('vinaudit:OpenAudit', { lotId, deadlineMs: Date.now() + 3_600_000 });
    await this.lender('vinaudit:CheckIn', await this.auditor.signJson('vinaudit.checkIn', { auditId, gps: at }));
    return auditId;
  }

  async submit(auditId: string, payload: { captureDevice: { kind: string; model?: string }; vehicles: readonly Capture[]; path: readonly { atMs: number; position: GeoPoint }[]; motion: readonly object[] }): Promise<{ status: string; outcome?: string }> {
    const last = payload.path[payload.path.length - 1]?.atMs ?? 0;
    const signed = await this.auditor.signJson('vinaudit.submitAudit', { auditId, startedAtMs: 0, finishedAtMs: last + 1_000, ...payload });
    return this.lender('vinaudit:SubmitAudit', signed);
  }

  /**
   * An audit of the given units by typed VINs (no crowd needed, the verdict follows the submission):
   * the auditor walks past every vehicle, 10 s apart; without motion when `still`.
   */
  async typedAudit(lotId: string, center: GeoPoint, units: readonly { unitId: string; vin: string; location: GeoPoint }[], options: { still?: boolean } = {}): Promise<{ auditId: string; outcome?: string }> {
    const auditId = await this.openAndCheckIn(lotId, center);
    const vehicles = units.map((unit, index): Capture => ({ unitId: unit.unitId, vinRead: unit.vin, manualEntry: true, vehicleGps: unit.location, deviceGps: shifted(unit.location, 5), capturedAtMs: 10_000 * (index + 1) }));
    const path = [{ atMs: 0, position: center }, ...units.map((unit, index) => ({ atMs: 10_000 * (index + 1), position: unit.location })), { atMs: 10_000 * (units.length + 1), position: center }];
    const result = await this.submit(auditId, { captureDevice: { kind: 'smartphone', model: 'e2e phone' }, vehicles, path, motion: options.still ? [] : walkingMotion(path.length) });
    return { auditId, ...(result.outcome ? { outcome: result.outcome } : {}) };
  }
}
