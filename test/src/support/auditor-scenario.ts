/**
 * Records of every entity kind an auditor can trail, produced through real transactions of the
 * embedded network (fabric-gateway + the real shim): a device registered and suspended, a pairing
 * pre-paired and revoked (its VIN also financed on a dealer lot), a ride requested and cancelled,
 * an audit opened and checked into. Each step keeps the transaction ID and the orgs that endorsed it.
 */
import { canonicalJson, type GeoPoint } from '@mobility-ledger/chaincode';
import { createHash } from 'node:crypto';
import { id } from 'ethers';
import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { submitAndCommit, submitValid, type CommittedTransaction } from './committed-submission';
import { E2eDevice } from './e2e-devices';
import type { E2eNetwork } from './e2e-network';
import { publishTerms, registerRider, rideRequest } from './ride-request';
import { signedRequest } from './e2e-network';

export const SCENARIO_VIN = '1HGCM82633A004352';
const VEHICLE = { vin: SCENARIO_VIN, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: ['heated-seats'] };
const LOT_ID = 'lot-auditor-evidence';
const LOT_LOCATION: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };

const salt = (seed: string): string => id(`auditor salt:${seed}`).slice(2, 34);
const commitmentOf = (opening: unknown): string => createHash('sha256').update(canonicalJson(opening as never)).digest('hex');

export interface RecordedStep {
  readonly label: string;
  readonly txId: string;
  readonly blockNumber: bigint;
  /** Devices whose signed requests the transaction carries. */
  readonly devices: readonly string[];
}

export interface EntityRecords {
  readonly id: string;
  /** The transactions that wrote the entity's keys, in submission (= ledger) order. */
  readonly steps: RecordedStep[];
}

export interface Scenario {
  readonly device: EntityRecords;
  readonly pairing: EntityRecords;
  readonly vin: EntityRecords;
  readonly ride: EntityRecords;
  readonly audit: EntityRecords;
  /** A revocation committed as ENDORSEMENT_POLICY_FAILURE: in a block, in no key history. */
  readonly invalidTxId: string;
}

/** Submits and waits for a VALID commit; a refusal names each endorsing peer's reason. */
async function committed(contract: Contract, name: string, options: ProposalOptions): Promise<CommittedTransaction> {
  try {
    return await submitValid(contract, name, options);
  } catch (error) {
    const details = (error as { details?: { mspId?: string; message?: string }[] }).details ?? [];
    if (details.length === 0) throw error;
    throw new Error(`${name}: ${(error as Error).message}\n${details.map((detail) => `  ${detail.mspId}: ${detail.message}`).join('\n')}`);
  }
}

function step(label: string, committed: CommittedTransaction, devices: readonly string[]): RecordedStep {
  return { label, txId: committed.transactionId, blockNumber: committed.status.blockNumber, devices };
}

export async function recordEveryKind(network: E2eNetwork): Promise<Scenario> {
  const oem = network.clients.oem.contract();
  const operator = network.clients.mobility.contract();
  const lender = network.clients.audit.contract();
  const owner = E2eDevice.fromSeed('owner-phone', 'auditor owner phone');
  const headUnit = E2eDevice.fromSeed('head-unit', 'auditor head unit');
  const digitalKey = E2eDevice.fromSeed('digital-key-ecu', 'auditor digital key');
  const auditorPhone = E2eDevice.fromSeed('auditor-phone', 'auditor phone');

  // Device: registered by OemMSP (signed by the phone), then suspended by OemMSP.
  const registerRequest = await owner.signJson('devices.register', { publicKey: owner.wallet.signingKey.publicKey, type: owner.type });
  const registered = await committed(oem, 'devices:Register', { arguments: [registerRequest] });
  for (const component of [headUnit, digitalKey]) await component.register(network.clients, { vin: SCENARIO_VIN });
  await auditorPhone.register(network.clients);

  // Pairing (and the VIN's vehicle record): pre-paired with two agreeing components, then revoked by the owner.
  const phoneOpening = { salt: salt('phone'), data: { ownerName: 'Ines Auditworth', purchaseDate: '2026-01-01', vins: [SCENARIO_VIN], deviceIds: { imei: '356938035643809' } } };
  const vehicleOpening = { salt: salt('vehicle'), data: { ownerName: 'Ines Auditworth', purchaseDate: '2026-01-01', vin: SCENARIO_VIN } };
  const reports = [
    await headUnit.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address }),
    await digitalKey.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address, ownershipCommitment: commitmentOf(vehicleOpening) }),
  ];
  const device = await owner.sign('pairing.requestPrePairing', { vin: SCENARIO_VIN, ownershipCommitment: commitmentOf(phoneOpening) });
  const prePaired = await committed(oem, 'pairing:PrePair', {
    arguments: [JSON.stringify({ device, reports })],
    transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
    endorsingOrganizations: ['OemMSP', 'AuditMSP'],
  });
  const pairingId = (JSON.parse(prePaired.result) as { pairingId: string }).pairingId;
  const revocation = await owner.signJson('pairing.revoke', { pairingId, reason: 'sold the car' });
  // The pairing record's key-level policy needs OemMSP: without it the revocation commits invalid.
  const invalid = await submitAndCommit(oem, 'pairing:RevokePairing', { arguments: [revocation], endorsingOrganizations: ['MobilityMSP', 'AuditMSP'] });
  const revoked = await committed(oem, 'pairing:RevokePairing', { arguments: [revocation] });
  const suspended = await committed(oem, 'devices:Suspend', { arguments: [JSON.stringify({ address: owner.address, reason: 'reported lost' })] });

  // The same VIN financed on a dealer lot, and an audit of that lot checked into by the auditor phone.
  await committed(lender, 'vinaudit.crowd:EnrollAuditor', { arguments: [JSON.stringify({ device: auditorPhone.address, personRef: id('auditor person').slice(2) })] });
  await committed(lender, 'vinaudit.lots:RegisterLot', {
    arguments: [JSON.stringify({ lotId: LOT_ID, name: 'Evidence Motors', dealerName: 'Evidence Motors LLC', location: LOT_LOCATION, radiusMm: 200_000, listMode: 'descriptions' })],
  });
  const financed = await committed(lender, 'vinaudit.lots:RecordVehicles', {
    arguments: [JSON.stringify({ lotId: LOT_ID, vehicles: [{ vin: SCENARIO_VIN, description: 'grey sedan', location: { latE6: LOT_LOCATION.latE6 + 100, lonE6: LOT_LOCATION.lonE6 } }] })],
  });
  const opened = await committed(lender, 'vinaudit:OpenAudit', { arguments: [JSON.stringify({ lotId: LOT_ID, deadlineMs: Date.now() + 3_600_000 })] });
  const auditId = (JSON.parse(opened.result) as { auditId: string }).auditId;
  const checkedIn = await committed(lender, 'vinaudit:CheckIn', { arguments: [await auditorPhone.signJson('vinaudit.checkIn', { auditId, gps: LOT_LOCATION })] });

  // Ride: requested by a rider phone (split-key openings as transient data), then cancelled by the rider.
  await publishTerms(operator);
  const rider = await registerRider(operator);
  const request = await rideRequest(rider);
  const requested = await committed(operator, 'rideshare:RequestRide', {
    arguments: [request.argument],
    transientData: request.transientData,
    endorsingOrganizations: ['MobilityMSP', 'AuditMSP'],
  });
  const rideId = (JSON.parse(requested.result) as { rideId: string }).rideId;
  const cancelled = await committed(operator, 'rideshare:CancelRide', { arguments: [JSON.stringify(await signedRequest(rider, 'rideshare.cancelRide', { rideId, reason: 'plans changed' }))] });

  const components = [owner.address, headUnit.address, digitalKey.address];
  return {
    device: { id: owner.address, steps: [step('register', registered, [owner.address]), step('pre-pair', prePaired, components), step('revoke', revoked, [owner.address]), step('suspend', suspended, [])] },
    pairing: { id: pairingId, steps: [step('pre-pair', prePaired, components), step('revoke', revoked, [owner.address])] },
    vin: { id: SCENARIO_VIN, steps: [step('pre-pair', prePaired, components), step('revoke', revoked, [owner.address]), step('record vehicles', financed, [])] },
    ride: { id: rideId, steps: [step('request', requested, [rider.address]), step('cancel', cancelled, [rider.address])] },
    audit: { id: auditId, steps: [step('open', opened, []), step('check in', checkedIn, [auditorPhone.address])] },
    invalidTxId: invalid.transactionId,
  };
}
