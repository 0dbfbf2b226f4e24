import { keyPartCommitment, openingCommitment } from '@mobility-ledger/chaincode/dist/rideshare/ride-hashes';
import type { DeviceType } from '@mobility-ledger/chaincode/dist/devices/device-types';
import { randomBytes } from 'node:crypto';
import { BenchDevice, randomHex64 } from './bench-device';
import type { OrgName } from './gateway-pool';
import type { TxKind, WorkItem } from './work-item';
import type { WorkloadWorld } from './workload-setup';

/**
 * The mix, repeated every ten transactions. Each kind commits VALID in steady state without
 * conflicting with the others or with itself, however many run in one block:
 * - pairing:VerifyMessage (3/10): a vehicle's head unit checks the pairing identifier of a message
 *   from the paired owner phone. Reads the pairing; writes only the request's nonce.
 * - rideshare:RequestRide (3/10): a registered rider who accepted the terms requests a ride, with
 *   transient details and key parts; writes a new ride, private data and one-use key-part claims.
 * - vinaudit.lots:RecordVehicles (3/10): the lender records two new VINs on one of its lots; the
 *   VIN-index range reads are per VIN, and every VIN is new.
 * - devices:Register (1/10): a new device (rider phone, owner phone or crowd verifier, in turn)
 *   registers, vouched for by its org.
 */
export const MIX_PATTERN: readonly TxKind[] = [
  'pairing:VerifyMessage',
  'rideshare:RequestRide',
  'vinaudit.lots:RecordVehicles',
  'pairing:VerifyMessage',
  'rideshare:RequestRide',
  'vinaudit.lots:RecordVehicles',
  'devices:Register',
  'pairing:VerifyMessage',
  'rideshare:RequestRide',
  'vinaudit.lots:RecordVehicles',
];

export const VEHICLES_PER_RECORDING = 2;

const REGISTERED_TYPES: readonly { type: DeviceType; org: OrgName }[] = [
  { type: 'rider-phone', org: 'mobility' },
  { type: 'owner-phone', org: 'oem' },
  { type: 'crowd-verifier', org: 'audit' },
];

const PICKUP = { latE6: 32_780_150, lonE6: -96_800_450 };
const DESTINATION = { latE6: 32_897_480, lonE6: -97_040_440 };

/** Builds and signs the workload's transactions in mix order; `sequence` continues across calls. */
export class WorkloadMix {
  private sequence = 0;
  private readonly perKind = new Map<TxKind, number>();

  constructor(private readonly world: WorkloadWorld) {}

  async nextItem(): Promise<WorkItem> {
    const kind = MIX_PATTERN[this.sequence % MIX_PATTERN.length] ?? 'pairing:VerifyMessage';
    this.sequence += 1;
    const index = this.perKind.get(kind) ?? 0;
    this.perKind.set(kind, index + 1);
    switch (kind) {
      case 'pairing:VerifyMessage':
        return this.verifyMessage(index);
      case 'rideshare:RequestRide':
        return this.requestRide(index);
      case 'vinaudit.lots:RecordVehicles':
        return this.recordVehicles(index);
      case 'devices:Register':
        return this.register(index);
    }
  }

  /** Signs `count` transactions ahead of time, as devices would have signed them before sending. */
  async presign(count: number): Promise<WorkItem[]> {
    const items: WorkItem[] = [];
    for (let index = 0; index < count; index++) items.push(await this.nextItem());
    return items;
  }

  private async verifyMessage(index: number): Promise<WorkItem> {
    const vehicle = pick(this.world.vehicles, index);
    const request = await vehicle.headUnit.signJson('pairing.checkMessage', {
      vin: vehicle.vin,
      device: vehicle.owner.address,
      pairingId: vehicle.pairingId,
      command: 'unlock',
      messageHash: randomHex64(),
    });
    return {
      kind: 'pairing:VerifyMessage',
      org: 'oem',
      args: [request],
      expect: (result) => (result as { outcome?: string }).outcome === 'verified',
    };
  }

  private async requestRide(index: number): Promise<WorkItem> {
    const rider = pick(this.world.riders, index);
    const details = { salt: randomBytes(16).toString('hex'), pickup: PICKUP, destination: DESTINATION, riderParametersHash: randomHex64() };
    const riderKeyPart = randomHex64();
    // The operator's gateway generates the ledger-side key part when it relays the request.
    const ledgerKeyPart = randomHex64();
    const request = await rider.signJson('rideshare.requestRide', {
      requestedAtMs: Date.now(),
      detailsCommitment: openingCommitment(details),
      keyPartCommitment: keyPartCommitment(riderKeyPart),
    });
    return {
      kind: 'rideshare:RequestRide',
      org: 'mobility',
      args: [request],
      transient: { rideRequest: JSON.stringify(details), riderKeyPart, ledgerKeyPart },
      // Transient data goes only to orgs the operator trusts with it: itself and the auditor.
      endorsingOrganizations: ['MobilityMSP', 'AuditMSP'],
      expect: (result) => (result as { status?: string }).status === 'requested',
    };
  }

  private async recordVehicles(index: number): Promise<WorkItem> {
    const lot = pick(this.world.lots, index);
    const vehicles = Array.from({ length: VEHICLES_PER_RECORDING }, (_, offset) => ({
      vin: this.world.inventoryVins.next(),
      description: 'bench sedan, silver',
      location: { latE6: lot.location.latE6 + offset * 20, lonE6: lot.location.lonE6 + offset * 20 },
    }));
    return {
      kind: 'vinaudit.lots:RecordVehicles',
      org: 'audit',
      args: [JSON.stringify({ lotId: lot.lotId, vehicles })],
      expect: (result) => (result as { units?: unknown[] }).units?.length === VEHICLES_PER_RECORDING,
    };
  }

  private async register(index: number): Promise<WorkItem> {
    const { type, org } = pick(REGISTERED_TYPES, index);
    const device = BenchDevice.create(type);
    return {
      kind: 'devices:Register',
      org,
      args: [await device.registrationJson()],
      expect: (result) => (result as { status?: string; address?: string }).status === 'active' && (result as { address?: string }).address === device.address,
    };
  }
}

function pick<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('the workload world has an empty list');
  return value;
}
