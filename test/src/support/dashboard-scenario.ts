import { canonicalJson, type GeoPoint } from '@mobility-ledger/chaincode';
import type { Contract } from '@hyperledger/fabric-gateway';
import { id } from 'ethers';
import { createHash } from 'node:crypto';
import { parking, sha256Label, shifted, type Capture } from './auditor-report-audits';
import { submitValid } from './committed-submission';
import { E2eDevice } from './e2e-devices';
import type { E2eNetwork, OrgName } from './e2e-network';

/**
 * Ledger history for the dashboard suite, produced through real transactions (fabric-gateway, real
 * shim): a VIN audit whose crowd verifies two photos and which finds fraud (a moved vehicle the
 * audit path never came near, no device motion), and a pairing of the same VIN. Every submitted
 * transaction ID is kept, so the page's trail can be checked against what was really submitted.
 */

export const DASHBOARD_LOT = 'lot-dashboard';
export const LOT_CENTER: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
/** The audited and paired VIN, and a second vehicle that was moved 200 µdeg (18.7 m) east of its recorded spot. */
export const VIN = { fusion: '1HGCM82633A004352', tundra: '1G4AH59H45G118341' } as const;
const VEHICLE = { vin: VIN.fusion, manufacturer: 'Ford', buildDate: '2025-11-03', plant: 'Hermosillo', options: ['moonroof'] };

const utf8 = new TextDecoder();

function commitmentOf(opening: unknown): string {
  return createHash('sha256').update(canonicalJson(opening as never)).digest('hex');
}

export interface DashboardLedger {
  /** Every transaction the scenario submitted, by what it did. */
  readonly submitted: Map<string, string>;
  readonly auditId: string;
  readonly unitIds: { fusion: string; tundra: string };
  readonly recordVehiclesTxId: string;
  readonly prePairTxId: string;
  readonly pairingId: string;
  readonly fraudTypes: string[];
  readonly outcome: string;
}

export class DashboardScenario {
  readonly submitted = new Map<string, string>();
  readonly fieldAuditor = E2eDevice.fromSeed('auditor-phone', 'dashboard field auditor');
  readonly verifiers = [0, 1, 2].map((index) => E2eDevice.fromSeed('crowd-verifier', `dashboard verifier ${index}`));
  readonly owner = E2eDevice.fromSeed('owner-phone', 'dashboard owner phone');
  readonly headUnit = E2eDevice.fromSeed('head-unit', 'dashboard head unit');
  readonly digitalKey = E2eDevice.fromSeed('digital-key-ecu', 'dashboard digital key');

  constructor(private readonly network: E2eNetwork) {}

  private contract(org: OrgName): Contract {
    return this.network.clients[org].contract();
  }

  /** Submits, waits for a valid commit, remembers the txID; returns the chaincode's JSON answer. */
  async submit<T>(org: OrgName, transaction: string, argument: unknown, options: { transientData?: Record<string, string>; endorsingOrganizations?: string[] } = {}): Promise<{ result: T; txId: string }> {
    const committed = await submitValid(this.contract(org), transaction, { arguments: [typeof argument === 'string' ? argument : JSON.stringify(argument)], ...options });
    this.submitted.set(committed.transactionId, transaction);
    return { result: JSON.parse(committed.result) as T, txId: committed.transactionId };
  }

  async query<T>(transaction: string, ...args: string[]): Promise<T> {
    return JSON.parse(utf8.decode(await this.contract('audit').evaluateTransaction(transaction, ...args))) as T;
  }

  /** Registers a device through the org that vouches for its type. */
  async register(device: E2eDevice, org: OrgName, extra: { vin?: string } = {}): Promise<void> {
    await this.submit(org, 'devices:Register', await device.signJson('devices.register', { publicKey: device.wallet.signingKey.publicKey, type: device.type, ...extra }));
  }

  async run(): Promise<DashboardLedger> {
    await this.register(this.fieldAuditor, 'audit');
    await this.submit('audit', 'vinaudit.crowd:EnrollAuditor', { device: this.fieldAuditor.address, personRef: sha256Label('person:dashboard auditor') });
    for (const [index, verifier] of this.verifiers.entries()) {
      await this.register(verifier, 'audit');
      await this.submit('audit', 'vinaudit.crowd:EnrollVerifier', { device: verifier.address, personRef: sha256Label(`person:dashboard verifier ${index}`) });
    }
    const spots = [parking(LOT_CENTER, 0), parking(LOT_CENTER, 1)] as const;
    await this.submit('audit', 'vinaudit.lots:RegisterLot', { lotId: DASHBOARD_LOT, name: 'Harbor Motors north yard', dealerName: 'Harbor Motors, LLC', location: LOT_CENTER, radiusMm: 200_000, listMode: 'descriptions' });
    const recorded = await this.submit<{ units: { unitId: string }[] }>('audit', 'vinaudit.lots:RecordVehicles', {
      lotId: DASHBOARD_LOT,
      vehicles: [
        { vin: VIN.fusion, description: 'blue Ford Fusion, 2 door', location: spots[0] },
        { vin: VIN.tundra, description: 'black Toyota Tundra, extended cab', location: spots[1] },
      ],
    });
    const [fusionUnit = '', tundraUnit = ''] = recorded.result.units.map((unit) => unit.unitId);

    const { result: opened } = await this.submit<{ auditId: string }>('audit', 'vinaudit:OpenAudit', { lotId: DASHBOARD_LOT, deadlineMs: Date.now() + 3_600_000 });
    const auditId = opened.auditId;
    await this.submit('audit', 'vinaudit:CheckIn', await this.fieldAuditor.signJson('vinaudit.checkIn', { auditId, gps: LOT_CENTER }));
    const moved = shifted(spots[1], 0, 200);
    const capture = (point: GeoPoint, index: number, extra: Partial<Capture>): Capture => ({ manualEntry: false, vehicleGps: point, deviceGps: shifted(point, 5), capturedAtMs: 10_000 * (index + 1), ...extra });
    const path = [LOT_CENTER, spots[0], moved, LOT_CENTER].map((position, index) => ({ atMs: 10_000 * index, position }));
    const submission = await this.fieldAuditor.signJson('vinaudit.submitAudit', {
      auditId,
      captureDevice: { kind: 'smartphone', model: 'dashboard e2e phone' },
      startedAtMs: 0,
      finishedAtMs: 40_000,
      vehicles: [capture(spots[0], 0, { unitId: fusionUnit, photoHash: sha256Label('dashboard photo fusion') }), capture(moved, 1, { unitId: tundraUnit, photoHash: sha256Label('dashboard photo tundra') })],
      path,
      motion: [],
    });
    await this.submit('audit', 'vinaudit:SubmitAudit', submission);
    // Each verifier reads both photos correctly.
    for (const verifier of this.verifiers) {
      const tasks = await this.query<{ auditId: string; captureIndex: number; attempt: number }[]>('vinaudit.crowd:ListTasks', verifier.address);
      for (const task of tasks) {
        const vin = task.captureIndex === 0 ? VIN.fusion : VIN.tundra;
        await this.submit('audit', 'vinaudit.crowd:SubmitVerification', await verifier.signJson('vinaudit.verify', { auditId: task.auditId, captureIndex: task.captureIndex, attempt: task.attempt, vin, clarity: 4 }));
      }
    }
    const verdict = await this.query<{ outcome: string; fraud: { type: string }[] }>('vinaudit.history:GetVerdict', auditId);

    // The same VIN gets paired: an owner phone and two vehicle components that agree on its ownership.
    await this.register(this.owner, 'oem');
    await this.register(this.headUnit, 'oem', { vin: VIN.fusion });
    await this.register(this.digitalKey, 'oem', { vin: VIN.fusion });
    const salt = (seed: string) => id(`dashboard salt:${seed}`).slice(2, 34);
    const owner = { ownerName: 'Dana Auditee', ownerAddress: '4 Harbor Way, San Diego CA', purchaseDate: '2026-01-01', purchasePlace: 'Harbor Motors' };
    const phoneOpening = { salt: salt('phone'), data: { ...owner, vins: [VIN.fusion], deviceIds: { imei: '356938035643809' } } };
    const vehicleOpening = { salt: salt('vehicle'), data: { ...owner, vin: VIN.fusion } };
    const device = await this.owner.sign('pairing.requestPrePairing', { vin: VIN.fusion, ownershipCommitment: commitmentOf(phoneOpening) });
    const reports = [
      await this.headUnit.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: this.owner.address }),
      await this.digitalKey.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: this.owner.address, ownershipCommitment: commitmentOf(vehicleOpening) }),
    ];
    const prePaired = await this.submit<{ outcome: string; pairingId: string }>('oem', 'pairing:PrePair', { device, reports }, {
      transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
      endorsingOrganizations: ['OemMSP', 'AuditMSP'],
    });
    if (prePaired.result.outcome !== 'pre-paired') throw new Error(`the pairing was not made: ${JSON.stringify(prePaired.result)}`);
    return {
      submitted: this.submitted,
      auditId,
      unitIds: { fusion: fusionUnit, tundra: tundraUnit },
      recordVehiclesTxId: recorded.txId,
      prePairTxId: prePaired.txId,
      pairingId: prePaired.result.pairingId,
      fraudTypes: verdict.fraud.map((entry) => entry.type).sort(),
      outcome: verdict.outcome,
    };
  }
}
