import { DeviceContract } from '../../devices/device-contract';
import type { SignedDeviceRequest } from '../../devices/device-request';
import type { DeviceType } from '../../devices/device-types';
import type { GeoPoint } from '../../lib/geo';
import { distanceMm } from '../../lib/geo';
import { sha256Hex } from '../../lib/hash';
import { TestDevice, registerDevice } from '../../testing/devices';
import type { InvokeOptions, InvokeResult, TestLedger } from '../../testing/test-ledger';
import { commitmentOf } from '../ownership';
import type { Opening, PhoneOwnershipData, SecondaryDeviceData, VehicleOwnershipData } from '../ownership-types';
import { PairingContract } from '../pairing-contract';
import type { ComponentReportPayload, VehicleIdentification } from '../pairing-types';
import { TwoPeerLedger } from './two-peer-ledger';

/** Test fixtures for the pairing contract: a ledger with registered devices, vehicles and personal data. */
export const VIN_A = '1HGCM82633A004352';
export const VIN_B = '5YJ3E1EA7KF317000';
export const VIN_C = 'WVWZZZ1JZXW000001';

/** Distinctive personal values, so tests can scan the public ledger for them. */
export const OWNER = {
  name: 'Ada Quintessa Lovelace',
  address: '12 Marlow Lane, Plano TX',
  place: 'Sunrise Motors Plano',
  imei: '356938035643809',
  mac: 'A4:5E:60:C2:11:9F',
  holderName: 'Bertrand Quillfeather',
} as const;

export function saltFor(seed: string): string {
  return sha256Hex(`salt:${seed}`).slice(0, 32);
}

export function identification(vin: string, changes: Partial<VehicleIdentification> = {}): VehicleIdentification {
  return { vin, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: ['heated-seats', 'panoramic-roof'], ...changes };
}

export function phoneOpening(vins: string[], changes: Partial<PhoneOwnershipData> = {}, seed = 'phone'): Opening<PhoneOwnershipData> {
  return {
    salt: saltFor(seed),
    data: {
      ownerName: OWNER.name,
      ownerAddress: OWNER.address,
      purchaseDate: '2026-01-01',
      purchasePlace: OWNER.place,
      vins,
      deviceIds: { imei: OWNER.imei, mac: OWNER.mac },
      ...changes,
    },
  };
}

export function vehicleOpening(vin: string, changes: Partial<VehicleOwnershipData> = {}, seed = 'vehicle'): Opening<VehicleOwnershipData> {
  return {
    salt: saltFor(`${seed}:${vin}`),
    data: { ownerName: OWNER.name, ownerAddress: OWNER.address, purchaseDate: '2026-01-01', purchasePlace: OWNER.place, vin, ...changes },
  };
}

export function holderOpening(changes: Partial<SecondaryDeviceData> = {}): Opening<SecondaryDeviceData> {
  return { salt: saltFor('holder'), data: { holderName: OWNER.holderName, ...changes } };
}

export type ReportChanges = Partial<ComponentReportPayload>;

/** A vehicle's components, each with its own key, registered by the automaker. */
export class TestVehicle {
  readonly headUnit: TestDevice;
  readonly ecu: TestDevice;
  readonly digitalKey: TestDevice;
  readonly telematics: TestDevice;

  constructor(
    readonly vin: string,
    seed = vin,
  ) {
    this.headUnit = TestDevice.create('head-unit', `${seed} hu`);
    this.ecu = TestDevice.create('ecu', `${seed} ecu`);
    this.digitalKey = TestDevice.create('digital-key-ecu', `${seed} dk`);
    this.telematics = TestDevice.create('telematics-unit', `${seed} tcu`);
  }

  get components(): TestDevice[] {
    return [this.headUnit, this.ecu, this.digitalKey, this.telematics];
  }

  /** Registers every component; `bound` binds each to the vehicle's VIN in its device record. */
  async register(ledger: TestLedger, devicesContract: DeviceContract, bound = true): Promise<void> {
    for (const component of this.components) await registerDevice(ledger, devicesContract, component, bound ? { vin: this.vin } : {});
  }

  async report(component: TestDevice, ledger: TestLedger, forDevice: string, changes: ReportChanges = {}, validityMs?: number): Promise<SignedDeviceRequest<ComponentReportPayload>> {
    const payload: ComponentReportPayload = { vehicle: identification(this.vin), powerState: 'on', forDevice, ...changes };
    return component.sign('pairing.reportVehicle', payload, ledger, validityMs);
  }

  /** The usual pre-pairing reports: the head unit's, and the digital-key-ecu's with the ownership commitment. */
  async standardReports(ledger: TestLedger, forDevice: string, ownership: Opening<VehicleOwnershipData>, changes: ReportChanges = {}): Promise<SignedDeviceRequest<ComponentReportPayload>[]> {
    return [
      await this.report(this.headUnit, ledger, forDevice, changes),
      await this.report(this.digitalKey, ledger, forDevice, { ...changes, ownershipCommitment: commitmentOf(ownership) }),
    ];
  }
}

export interface PrePairOptions {
  readonly phone?: TestDevice;
  readonly vehicle?: TestVehicle;
  readonly vin?: string;
  readonly phoneData?: Opening<PhoneOwnershipData>;
  readonly vehicleData?: Opening<VehicleOwnershipData>;
  readonly reports?: unknown[];
  readonly reportChanges?: ReportChanges;
  readonly transient?: Record<string, string>;
  readonly mspId?: string;
}

export interface Outcome {
  readonly outcome: string;
  readonly pairingId?: string;
  readonly attemptId: string;
  readonly reasons?: string[];
  readonly details?: string[];
  readonly completedRequestPairings?: string[];
}

/**
 * A ledger with the pairing and device contracts, an owner phone and vehicle A registered. By default
 * every submitted transaction is first simulated as an OemMSP peer and as a peer outside `oemPrivate`
 * would, and fails unless both endorsements would be identical (TwoPeerLedger).
 */
export class PairingScene {
  readonly devices = new DeviceContract();
  readonly contract = new PairingContract();
  readonly owner = TestDevice.create('owner-phone', 'owner phone');
  readonly vehicle = new TestVehicle(VIN_A);

  private constructor(readonly ledger: TestLedger) {}

  static async create(ledger: TestLedger = new TwoPeerLedger()): Promise<PairingScene> {
    const scene = new PairingScene(ledger);
    await registerDevice(scene.ledger, scene.devices, scene.owner);
    await scene.vehicle.register(scene.ledger, scene.devices);
    return scene;
  }

  async device(type: DeviceType, seed: string): Promise<TestDevice> {
    const device = TestDevice.create(type, seed);
    await registerDevice(this.ledger, this.devices, device);
    return device;
  }

  submit(method: string, args: readonly string[], options: InvokeOptions = {}): Promise<InvokeResult> {
    return this.ledger.submit(this.contract, method, args, options);
  }

  async query<T>(method: string, args: readonly string[], options: InvokeOptions = {}): Promise<T> {
    return JSON.parse(await this.ledger.evaluate(this.contract, method, args, options)) as T;
  }

  async signed(device: TestDevice, action: string, payload: unknown, validityMs?: number): Promise<string> {
    return device.signJson(action, payload, this.ledger, validityMs);
  }

  /** Submits PrePair with everything valid unless the options say otherwise. */
  async prePair(options: PrePairOptions = {}): Promise<{ invocation: InvokeResult; outcome: Outcome }> {
    const phone = options.phone ?? this.owner;
    const vehicle = options.vehicle ?? this.vehicle;
    const vin = options.vin ?? vehicle.vin;
    const phoneData = options.phoneData ?? phoneOpening([vin]);
    const vehicleData = options.vehicleData ?? vehicleOpening(vehicle.vin);
    const reports = options.reports ?? (await vehicle.standardReports(this.ledger, phone.address, vehicleData, options.reportChanges));
    const device = await phone.sign('pairing.requestPrePairing', { vin, ownershipCommitment: commitmentOf(phoneData) }, this.ledger);
    const transient = options.transient ?? { deviceOwnership: JSON.stringify(phoneData), vehicleOwnership: JSON.stringify(vehicleData) };
    const invocation = await this.submit('PrePair', [JSON.stringify({ device, reports })], { transient, mspId: options.mspId });
    return { invocation, outcome: JSON.parse(invocation.result) as Outcome };
  }

  /** Pre-pairs and returns the pairing identifier, failing the test if it was rejected. */
  async prePairOwner(options: PrePairOptions = {}): Promise<string> {
    const { outcome } = await this.prePair(options);
    if (outcome.outcome !== 'pre-paired' || !outcome.pairingId) throw new Error(`pre-pairing rejected: ${JSON.stringify(outcome)}`);
    return outcome.pairingId;
  }

  /** Submits two signed GPS fixes in the transient map. */
  async reportProximity(
    pairingId: string,
    vehicleSigner: TestDevice,
    deviceSigner: TestDevice,
    positions: { vehicle: GeoPoint; device: GeoPoint },
    times: { vehicleFixMs?: number; deviceFixMs?: number } = {},
  ): Promise<InvokeResult> {
    const txTime = this.ledger.clockMs + 1000;
    const vehicleFix = await vehicleSigner.sign('pairing.reportFix', { pairingId, position: positions.vehicle, fixTimeMs: times.vehicleFixMs ?? txTime - 2000 }, this.ledger);
    const deviceFix = await deviceSigner.sign('pairing.reportFix', { pairingId, position: positions.device, fixTimeMs: times.deviceFixMs ?? txTime - 1000 }, this.ledger);
    return this.submit('ReportProximity', [pairingId], { transient: { fixes: JSON.stringify({ vehicle: vehicleFix, device: deviceFix }) } });
  }
}

export { rejection } from '../../testing/rejection';

/** A pair of points whose integer distance is exactly `targetMm`, found by search (microdegree grid). */
export function pointsAtDistance(targetMm: number): { vehicle: GeoPoint; device: GeoPoint } {
  for (let shift = 0; shift < 50; shift += 1) {
    const vehicle = { latE6: 33_000_000 + shift * 1000, lonE6: -96_800_000 };
    for (let dLat = 0; dLat <= 90; dLat += 1) {
      for (let dLon = 0; dLon <= 120; dLon += 1) {
        const device = { latE6: vehicle.latE6 + dLat, lonE6: vehicle.lonE6 + dLon };
        if (distanceMm(vehicle, device) === targetMm) return { vehicle, device };
      }
    }
  }
  throw new Error(`no grid points at ${targetMm} mm`);
}
