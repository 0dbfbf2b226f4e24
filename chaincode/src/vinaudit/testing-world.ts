import { DeviceContract } from '../devices/device-contract';
import type { GeoPoint } from '../lib/geo';
import { sha256Hex } from '../lib/hash';
import { TestDevice, registerDevice } from '../testing/devices';
import { TestLedger, type InvokeOptions, type InvokeResult } from '../testing/test-ledger';
import { VinAuditContract } from './audit-contract';
import type { CaptureInput, SubmitAuditPayload } from './audit-types';
import { VinAuditCrowdContract } from './crowd-contract';
import { VinAuditHistoryContract } from './history-contract';
import { VinAuditLotsContract } from './lots-contract';
import { DEFAULT_AUDIT_POLICY } from './policy';
import type { AuditPolicy } from './policy-types';
import { lively } from './testing-records';

export const LENDER = { mspId: 'AuditMSP' } as const;
export const LOT_LOCATION: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
export const AUDITOR_PERSON = sha256Hex('person:auditor');

/** Where vehicle `index` of a lot is parked: rows 11 m apart north of the lot's centre. */
export function parking(index: number, center: GeoPoint = LOT_LOCATION): GeoPoint {
  return { latE6: center.latE6 + 100 * (index + 1), lonE6: center.lonE6 };
}

/**
 * A consortium with the VIN audit contracts, one auditor phone and a crowd of verifiers enrolled by
 * the auditor org, driven through the real contracts on the test ledger.
 */
export class VinAuditWorld {
  readonly ledger = new TestLedger();
  readonly devices = new DeviceContract();
  readonly lots = new VinAuditLotsContract();
  readonly audits = new VinAuditContract();
  readonly crowd = new VinAuditCrowdContract();
  readonly history = new VinAuditHistoryContract();
  readonly auditor = TestDevice.create('auditor-phone', 'auditor phone');
  readonly verifiers: TestDevice[];

  constructor(verifierCount = 4) {
    this.verifiers = Array.from({ length: verifierCount }, (_, index) => TestDevice.create('crowd-verifier', `verifier ${index}`));
  }

  async setUp(policy: Partial<AuditPolicy> = {}): Promise<this> {
    await registerDevice(this.ledger, this.devices, this.auditor);
    await this.lender(this.crowd, 'EnrollAuditor', { device: this.auditor.address, personRef: AUDITOR_PERSON });
    for (const [index, verifier] of this.verifiers.entries()) {
      await registerDevice(this.ledger, this.devices, verifier);
      await this.lender(this.crowd, 'EnrollVerifier', { device: verifier.address, personRef: sha256Hex(`person:verifier ${index}`) });
    }
    await this.lender(this.lots, 'SetPolicy', { ...DEFAULT_AUDIT_POLICY, ...policy });
    return this;
  }

  /** A transaction submitted by the lender org with a JSON argument. */
  async lender(contract: { getName(): string }, method: string, arg: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    return this.ledger.submit(contract as never, method, [JSON.stringify(arg)], { ...LENDER, ...options });
  }

  async query<T>(contract: { getName(): string }, method: string, ...args: string[]): Promise<T> {
    return JSON.parse(await this.ledger.evaluate(contract as never, method, args, LENDER)) as T;
  }

  /** Registers a lot and records one vehicle per VIN at `parking(i)`; returns the unit IDs. */
  async lotWith(lotId: string, vins: readonly string[], extra: Record<string, unknown> = {}, center: GeoPoint = LOT_LOCATION): Promise<string[]> {
    await this.lender(this.lots, 'RegisterLot', { lotId, name: `Lot ${lotId}`, dealerName: `Dealer ${lotId}`, location: center, radiusMm: 200_000, listMode: 'descriptions', ...extra });
    if (vins.length === 0) return [];
    const vehicles = vins.map((vin, index) => ({ vin, description: `car ${index}`, location: parking(index, center) }));
    const { result } = await this.lender(this.lots, 'RecordVehicles', { lotId, vehicles });
    return (JSON.parse(result) as { units: { unitId: string }[] }).units.map((unit) => unit.unitId);
  }

  async openAudit(lotId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { result } = await this.lender(this.audits, 'OpenAudit', { lotId, deadlineMs: this.ledger.clockMs + 3_600_000, ...extra });
    return (JSON.parse(result) as { auditId: string }).auditId;
  }

  async checkIn(auditId: string, gps: GeoPoint | null = LOT_LOCATION, device = this.auditor): Promise<InvokeResult> {
    return this.ledger.submit(this.audits, 'CheckIn', [await device.signJson('vinaudit.checkIn', { auditId, gps }, this.ledger)]);
  }

  async submit(payload: SubmitAuditPayload, options: InvokeOptions = {}, device = this.auditor): Promise<InvokeResult> {
    return this.ledger.submit(this.audits, 'SubmitAudit', [await device.signJson('vinaudit.submitAudit', payload, this.ledger)], options);
  }

  /** Every assigned verifier reads every open photo; `reading` decides what each one sees (undefined: no answer). */
  async answerAll(reading: (task: { captureIndex: number; verifier: TestDevice }) => string | null | undefined, clarity = 4): Promise<InvokeResult[]> {
    const results: InvokeResult[] = [];
    for (const verifier of this.verifiers) {
      const tasks = await this.query<{ auditId: string; captureIndex: number; attempt: number }[]>(this.crowd, 'ListTasks', verifier.address);
      for (const task of tasks) {
        const vin = reading({ captureIndex: task.captureIndex, verifier });
        if (vin === undefined) continue;
        const payload = { auditId: task.auditId, captureIndex: task.captureIndex, attempt: task.attempt, vin, clarity: vin ? clarity : 0 };
        const request = await verifier.signJson('vinaudit.verify', payload, this.ledger);
        results.push(await this.ledger.submit(this.crowd, 'SubmitVerification', [request]));
      }
    }
    return results;
  }
}

/** One photographed vehicle, parked where it was recorded, captured from 0.6 m away. */
export function photographed(index: number, label: string, extra: Partial<CaptureInput> = {}): CaptureInput {
  const at = parking(index);
  return {
    photoHash: sha256Hex(`photo:${label}`),
    manualEntry: false,
    vehicleGps: at,
    deviceGps: { latE6: at.latE6 + 5, lonE6: at.lonE6 },
    capturedAtMs: 1_000 * (index + 1),
    ...extra,
  };
}

/** A submission that walks past every vehicle and moves like a person doing it. */
export function walkthrough(auditId: string, vehicles: readonly CaptureInput[]): SubmitAuditPayload {
  return {
    auditId,
    captureDevice: { kind: 'smartphone', model: 'test phone' },
    startedAtMs: 0,
    finishedAtMs: 1_000 * (vehicles.length + 1),
    vehicles: [...vehicles],
    path: vehicles.map((vehicle, index) => ({ atMs: 1_000 * (index + 1), position: vehicle.vehicleGps })),
    motion: lively(vehicles.length),
  };
}

/** A verifier's signed reading of one photo attempt. */
export async function verification(world: VinAuditWorld, verifier: TestDevice, task: { auditId: string; captureIndex: number; attempt: number }, vin: string | null): Promise<string> {
  return verifier.signJson('vinaudit.verify', { ...task, vin, clarity: vin ? 4 : 0 }, world.ledger);
}
