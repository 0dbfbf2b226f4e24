import type { Contract } from '@hyperledger/fabric-gateway';
import { commitmentOf } from '@mobility-ledger/chaincode/dist/pairing/ownership';
import { BenchDevice, randomHex64 } from './bench-device';
import type { GatewayPool } from './gateway-pool';
import { VinSource } from './vin-source';

const utf8 = new TextDecoder();

/** A vehicle whose owner phone is pre-paired: the head unit checks messages from that phone. */
export interface PairedVehicle {
  readonly vin: string;
  readonly owner: BenchDevice;
  readonly headUnit: BenchDevice;
  readonly digitalKey: BenchDevice;
  readonly pairingId: string;
}

export interface Lot {
  readonly lotId: string;
  readonly location: { latE6: number; lonE6: number };
}

/** Everything the steady-state workload relies on, created once through the gateway. */
export interface WorkloadWorld {
  readonly vehicles: readonly PairedVehicle[];
  readonly riders: readonly BenchDevice[];
  readonly termsVersion: number;
  readonly termsHash: string;
  readonly lots: readonly Lot[];
  /** VINs recorded on lots during the run; never repeated. */
  readonly inventoryVins: VinSource;
}

export interface SetupSize {
  readonly vehicles: number;
  readonly riders: number;
  readonly lots: number;
}

export interface SetupReport {
  readonly world: WorkloadWorld;
  readonly transactions: number;
  readonly ms: number;
}

/**
 * Registers the devices, pre-pairs the vehicles, publishes and accepts the ride-share terms and
 * registers the lots. Independent transactions are submitted together; each waits for its commit.
 */
export async function setUpWorld(pool: GatewayPool, size: SetupSize, tag: string): Promise<SetupReport> {
  const started = Date.now();
  let transactions = 0;
  const submit = async (contract: Contract, name: string, args: string[], options: { transient?: Record<string, string>; endorsers?: string[] } = {}): Promise<unknown> => {
    transactions += 1;
    const result = await contract.submit(name, {
      arguments: args,
      ...(options.transient ? { transientData: options.transient } : {}),
      ...(options.endorsers ? { endorsingOrganizations: options.endorsers } : {}),
    });
    return JSON.parse(utf8.decode(result)) as unknown;
  };

  // Separate VIN ranges for the paired vehicles and for lot inventory (the ledger is new each run).
  const vehicleVins = new VinSource('JT2BF22K', 0);
  const drafts = Array.from({ length: size.vehicles }, () => {
    const vin = vehicleVins.next();
    return { vin, owner: BenchDevice.create('owner-phone'), headUnit: BenchDevice.create('head-unit', vin), digitalKey: BenchDevice.create('digital-key-ecu', vin) };
  });
  const riders = Array.from({ length: size.riders }, () => BenchDevice.create('rider-phone'));
  const termsVersion = 1;
  const termsHash = randomHex64();
  const lots: Lot[] = Array.from({ length: size.lots }, (_, index) => ({
    lotId: `bench-${tag}-lot-${index}`,
    location: { latE6: 32_776_000 + index * 10_000, lonE6: -96_797_000 - index * 10_000 },
  }));

  // Step 1: devices, terms and lots do not touch each other's keys.
  await Promise.all([
    ...drafts.flatMap((draft) => [draft.owner, draft.headUnit, draft.digitalKey].map(async (device) => submit(pool.first('oem'), 'devices:Register', [await device.registrationJson()]))),
    ...riders.map(async (rider) => submit(pool.first('mobility'), 'devices:Register', [await rider.registrationJson()])),
    submit(pool.first('mobility'), 'rideshare:PublishTerms', [JSON.stringify({ version: termsVersion, documentHash: termsHash })]),
    ...lots.map((lot, index) =>
      submit(pool.first('audit'), 'vinaudit.lots:RegisterLot', [
        JSON.stringify({ lotId: lot.lotId, name: `Bench lot ${index}`, dealerName: `Bench Motors ${index}`, location: lot.location, radiusMm: 300_000, listMode: 'descriptions' }),
      ]),
    ),
  ]);

  // Step 2: each vehicle pre-pairs with its owner phone; riders accept the terms.
  const vehicles = await Promise.all(drafts.map(async (draft) => ({ ...draft, pairingId: await prePair(submit, pool, draft) })));
  await Promise.all(
    riders.map(async (rider) => submit(pool.first('mobility'), 'rideshare:AcceptTerms', [await rider.signJson('rideshare.acceptTerms', { version: termsVersion, documentHash: termsHash })])),
  );

  return {
    world: { vehicles, riders, termsVersion, termsHash, lots, inventoryVins: new VinSource('WBAVB135', 0) },
    transactions,
    ms: Date.now() - started,
  };
}

type Submit = (contract: Contract, name: string, args: string[], options?: { transient?: Record<string, string>; endorsers?: string[] }) => Promise<unknown>;

/** Claim 1 pre-pairing: the owner phone and two components (one the digital-key-ecu) agree. */
async function prePair(submit: Submit, pool: GatewayPool, draft: Omit<PairedVehicle, 'pairingId'>): Promise<string> {
  const owner = { ownerName: 'Bench Owner', purchaseDate: '2026-01-15' };
  const phoneOpening = { salt: randomHex64().slice(0, 32), data: { ...owner, vins: [draft.vin], deviceIds: { imei: '356938035643809' } } };
  const vehicleOpening = { salt: randomHex64().slice(0, 32), data: { ...owner, vin: draft.vin } };
  const vehicle = { vin: draft.vin, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: ['heated-seats'] };
  const reports = [
    await draft.headUnit.sign('pairing.reportVehicle', { vehicle, powerState: 'on', forDevice: draft.owner.address }),
    await draft.digitalKey.sign('pairing.reportVehicle', { vehicle, powerState: 'on', forDevice: draft.owner.address, ownershipCommitment: commitmentOf(vehicleOpening) }),
  ];
  const device = await draft.owner.sign('pairing.requestPrePairing', { vin: draft.vin, ownershipCommitment: commitmentOf(phoneOpening) });
  const outcome = (await submit(pool.first('oem'), 'pairing:PrePair', [JSON.stringify({ device, reports })], {
    transient: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
    endorsers: ['OemMSP', 'AuditMSP'],
  })) as { outcome?: string; pairingId?: string; reasons?: string[] };
  if (outcome.outcome !== 'pre-paired' || !outcome.pairingId) throw new Error(`pre-pairing ${draft.vin} was rejected: ${JSON.stringify(outcome)}`);
  return outcome.pairingId;
}
