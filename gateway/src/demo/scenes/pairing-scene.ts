import { commitmentOf, openingOf } from '../../sdk/commitments';
import { componentReport, prePairBody, proximityBody } from '../../sdk/flows/pairing';
import type { GatewayClient } from '../../sdk/gateway-client';
import { northOf } from '../demo-values';
import { StoryActor } from '../story-actor';
import type { StoryRecorder, StoryReport } from '../story-record';

const SCENE = 'pairing';

export interface PairingCast {
  readonly ownerPhone: StoryActor;
  readonly headUnit: StoryActor;
  readonly digitalKey: StoryActor;
  readonly spousePhone: StoryActor;
}

/**
 * US 12,389,469: two components of a car report the same vehicle for the owner's phone, the
 * ownership data of phone and car agree, so the automaker's server pre-pairs them; a proximity
 * report within 10 m pairs them; the owner approves a second phone after a fingerprint check.
 */
export async function pairingScene(oem: GatewayClient, recorder: StoryRecorder, vin: string): Promise<{ cast: PairingCast; report: StoryReport['pairing'] }> {
  const cast: PairingCast = {
    ownerPhone: new StoryActor('owner phone', 'owner-phone', oem, 'OemMSP', recorder, SCENE),
    headUnit: new StoryActor('head unit', 'head-unit', oem, 'OemMSP', recorder, SCENE),
    digitalKey: new StoryActor('digital key ECU', 'digital-key-ecu', oem, 'OemMSP', recorder, SCENE),
    spousePhone: new StoryActor('second phone', 'owner-phone', oem, 'OemMSP', recorder, SCENE),
  };
  await cast.ownerPhone.register();
  await cast.headUnit.register({ vin });
  await cast.digitalKey.register({ vin });
  await cast.spousePhone.register();

  const vehicle = { vin, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: ['heated-seats', 'digital-key'] };
  const owner = { ownerName: 'Ada Lovelace', ownerAddress: '12 Marlow Lane, Plano TX', purchaseDate: '2026-01-15', purchasePlace: 'Sunrise Motors Plano' };
  const phoneOwnership = openingOf({ ...owner, vins: [vin], deviceIds: { imei: '356938035643809' } });
  const vehicleOwnership = openingOf({ ...owner, vin });
  const reports = [
    await componentReport(cast.headUnit.device, vehicle, cast.ownerPhone.address),
    await componentReport(cast.digitalKey.device, vehicle, cast.ownerPhone.address, { ownership: vehicleOwnership }),
  ];
  const prePaired = await oem.call('pairing.prePair', await prePairBody({ phone: cast.ownerPhone.device, vin, phoneOwnership, vehicleOwnership, reports }));
  const outcome = prePaired.result as { outcome: string; pairingId: string };
  recorder.wrote(SCENE, 'pre-pair: head unit + digital key ECU reports, owner phone ownership data', 'pairing.prePair', prePaired, `${outcome.outcome}, pairing ${String(outcome.pairingId).slice(0, 12)}…`);
  if (outcome.outcome !== 'pre-paired') throw new Error(`pre-pairing was ${outcome.outcome}`);
  const ownerPairingId = outcome.pairingId;
  await cast.ownerPhone.notice('pairing.PrePaired', (data) => data.pairingId === ownerPairingId);

  const parking = { latE6: 33_019_800, lonE6: -96_698_800 };
  const proximity = await oem.call(
    'pairing.reportProximity',
    await proximityBody(ownerPairingId, {
      vehicle: { signer: cast.headUnit.device, position: parking, fixTimeMs: Date.now() - 1_000 },
      device: { signer: cast.ownerPhone.device, position: northOf(parking, 3), fixTimeMs: Date.now() - 500 },
    }),
  );
  const enabled = proximity.result as { status: string; distanceMm: number; pairingEnabled: boolean };
  recorder.wrote(SCENE, 'proximity: phone 3 m from the car → paired', 'pairing.reportProximity', proximity, `${enabled.distanceMm} mm, ${enabled.status}`);
  await cast.ownerPhone.notice('pairing.PairingEnabled', (data) => data.pairingId === ownerPairingId);

  const holder = openingOf({ holderName: 'Grace Hopper' });
  const requested = await cast.spousePhone.device.submit(
    'pairing.requestSecondaryPairing',
    { vin, role: 'driver', deviceDataCommitment: commitmentOf(holder) },
    { transient: { deviceData: holder } },
  );
  const { requestId } = requested.result as { requestId: string };
  recorder.wrote(SCENE, 'second phone asks to pair as a driver', 'pairing.requestSecondaryPairing', requested, `request ${requestId.slice(0, 12)}…`);
  // The owner's phone learns of the request from its event stream, and approves after a fingerprint check.
  await cast.ownerPhone.notice('pairing.SecondaryRequested', (data) => data.requestId === requestId);
  const decided = await cast.ownerPhone.device.submit('pairing.decideSecondaryPairing', { requestId, decision: 'approve', biometricCheck: { method: 'fingerprint', passed: true } });
  const decision = decided.result as { status: string; pairingId: string };
  recorder.wrote(SCENE, 'owner approves after a fingerprint check', 'pairing.decideSecondaryPairing', decided, decision.status);
  await cast.spousePhone.notice('pairing.SecondaryDecided', (data) => data.requestId === requestId);

  // Every device learns its part from its own stream: vehicle data to the phones, device data to the components.
  const componentNotices = ['devices.Registered', 'pairing.DeviceDataDelivered', 'pairing.PairingEnabled', 'pairing.DeviceDataDelivered'];
  await cast.ownerPhone.settle(['devices.Registered', 'pairing.PrePaired', 'pairing.PairingEnabled', 'pairing.SecondaryRequested', 'pairing.SecondaryDecided']);
  await cast.headUnit.settle(componentNotices);
  await cast.digitalKey.settle(componentNotices);
  await cast.spousePhone.settle(['devices.Registered', 'pairing.SecondaryRequested', 'pairing.PrePaired', 'pairing.SecondaryDecided']);

  const read = async (id: 'pairing.getPairing', pairingId: string) => (await oem.call(id, { pairingId })).result as Record<string, unknown>;
  return {
    cast,
    report: {
      vin,
      ownerPairingId,
      secondaryPairingId: decision.pairingId,
      ownerPairing: await read('pairing.getPairing', ownerPairingId),
      secondaryPairing: await read('pairing.getPairing', decision.pairingId),
      vehicle: (await oem.call('pairing.getVehicle', { vin })).result as Record<string, unknown>,
    },
  };
}
