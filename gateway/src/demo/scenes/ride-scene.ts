import { newSecret } from '../../sdk/commitments';
import { acceptRideBody, draftRideRequest, draftRideResponse, pickupBody, requestRideBody, RideView } from '../../sdk/flows/rideshare';
import type { GatewayClient } from '../../sdk/gateway-client';
import { northOf } from '../demo-values';
import { StoryActor } from '../story-actor';
import type { StoryRecorder, StoryReport } from '../story-record';

const SCENE = 'ride';

export interface RideCast {
  readonly rider: StoryActor;
  readonly driver: StoryActor;
  readonly carHeadUnit: StoryActor;
}

/** Learns every notice of the ride an actor has received so far into its view. */
function catchUp(view: RideView, actor: StoryActor, types: readonly string[]): void {
  for (const type of types) for (const notice of actor.notices(type)) view.learn(notice);
}

/**
 * US 2020/0134763 A1: a rider requests a ride with a split key, the operator offers it to a driver
 * who accepts with its own split key; both parties check the key parts the ledger delivered,
 * reconcile their hashes with the ledger's, and the driver's car verifies the rider at pickup.
 */
export async function rideScene(
  mobility: GatewayClient,
  oem: GatewayClient,
  recorder: StoryRecorder,
  vin: string,
): Promise<{ cast: RideCast; report: StoryReport['ride'] }> {
  const cast: RideCast = {
    rider: new StoryActor('rider phone', 'rider-phone', mobility, 'MobilityMSP', recorder, SCENE),
    driver: new StoryActor('driver phone', 'driver-phone', mobility, 'MobilityMSP', recorder, SCENE),
    carHeadUnit: new StoryActor('driver’s car head unit', 'head-unit', mobility, 'MobilityMSP', recorder, SCENE),
  };
  await cast.rider.register();
  await cast.driver.register();
  // The automaker vouches for the car's head unit (bound to its VIN); it then talks to the operator's gateway.
  await cast.carHeadUnit.register({ vin, vouchedBy: oem });
  return { cast, report: await rideSceneBody(mobility, recorder, cast, vin) };
}

async function rideSceneBody(mobility: GatewayClient, recorder: StoryRecorder, cast: RideCast, vin: string): Promise<StoryReport['ride']> {
  const { rider, driver, carHeadUnit } = cast;
  const current = (await mobility.call('rideshare.getTerms', {}).catch(() => undefined))?.result as { version?: number } | undefined;
  const terms = { version: (current?.version ?? 0) + 1, documentHash: newSecret() };
  recorder.wrote(SCENE, `operator publishes ride terms v${terms.version}`, 'rideshare.publishTerms', await mobility.call('rideshare.publishTerms', terms));
  for (const party of [rider, driver]) {
    recorder.wrote(SCENE, `${party.label} accepts the terms`, 'rideshare.acceptTerms', await party.device.submit('rideshare.acceptTerms', terms));
  }
  const link = {
    driverRequest: await driver.device.sign('rideshare.linkVehicle', { vehicleDevice: carHeadUnit.address }),
    vehicleRequest: await carHeadUnit.device.sign('rideshare.linkDriver', { driver: driver.address }),
  };
  recorder.wrote(SCENE, 'driver phone and car head unit link, each signing for the other', 'rideshare.linkVehicle', await mobility.call('rideshare.linkVehicle', link));

  const pickup = { latE6: 48_137_150, lonE6: 11_575_450 };
  const request = draftRideRequest({ pickup, destination: { latE6: 48_353_750, lonE6: 11_786_080 } });
  const requested = await mobility.call('rideshare.requestRide', await requestRideBody(rider.device, request));
  const rideId = (requested.result as { rideId: string }).rideId;
  recorder.wrote(SCENE, 'rider requests a ride (first part of the request key stays on the phone)', 'rideshare.requestRide', requested, `ride ${rideId.slice(0, 12)}…`);
  const riderView = new RideView(rideId).withRequest(request);
  await rider.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.key === 'request');
  catchUp(riderView, rider, ['rideshare.RideRequested', 'rideshare.KeyPartDelivered']);

  recorder.wrote(SCENE, 'operator offers the ride to the driver', 'rideshare.offerRide', await mobility.call('rideshare.offerRide', { rideId, driver: driver.address }));
  await driver.notice('rideshare.RideOffered', (data) => data.rideId === rideId);
  await driver.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.part === 'first');
  await driver.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.part === 'second');
  const driverView = new RideView(rideId);
  catchUp(driverView, driver, ['rideshare.RideOffered', 'rideshare.KeyPartDelivered']);
  if (!driverView.keyValid('request')) throw new Error('the driver could not validate the ride request key');

  const response = draftRideResponse({ location: northOf(pickup, 400) });
  const responded = await mobility.call('rideshare.respondToRide', await acceptRideBody(driver.device, rideId, carHeadUnit.address, response));
  recorder.wrote(SCENE, 'driver accepts, naming the car that will verify the pickup', 'rideshare.respondToRide', responded, String((responded.result as { status: string }).status));
  driverView.withResponse(response);
  await driver.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.key === 'response');
  await rider.notice('rideshare.ResponseDelivered', (data) => data.rideId === rideId);
  await rider.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.key === 'response' && data.part === 'second');
  await rider.notice('rideshare.KeyPartDelivered', (data) => data.rideId === rideId && data.key === 'response' && data.part === 'first');
  catchUp(driverView, driver, ['rideshare.RideResponded', 'rideshare.KeyPartDelivered']);
  catchUp(riderView, rider, ['rideshare.RideResponded', 'rideshare.ResponseDelivered', 'rideshare.KeyPartDelivered']);

  // The rider reads its ride with a signed read: the rules (grid size) it hashes under.
  const asParty = (await rider.device.read('rideshare.getRideAsParty', { rideId })).result as { rules: { locationCellE6: number } };
  for (const [party, view] of [[rider, riderView], [driver, driverView]] as const) {
    const submitted = await mobility.call('rideshare.submitRideHashes', await view.hashesBody(party.device, asParty.rules.locationCellE6));
    recorder.wrote(SCENE, `${party.label} submits its request and response hashes`, 'rideshare.submitRideHashes', submitted, String((submitted.result as { status: string }).status));
  }
  await rider.notice('rideshare.RideAccepted', (data) => data.rideId === rideId);

  const pickupAnswer = await mobility.call(
    'rideshare.verifyPickup',
    await pickupBody(carHeadUnit.device, { rideId, position: northOf(pickup, 5), face: { score: 930, modelId: 'face-net-v3' }, voice: { score: 880, modelId: 'speaker-id-v2' } }),
  );
  const pickupRecord = pickupAnswer.result as Record<string, unknown>;
  recorder.wrote(SCENE, 'car verifies the rider at pickup (face + voice verdicts)', 'rideshare.verifyPickup', pickupAnswer, String(pickupRecord.status));
  const verified = await rider.notice('rideshare.RiderVerified', (data) => data.rideId === rideId);
  recorder.wrote(SCENE, 'driver completes the ride', 'rideshare.completeRide', await driver.device.submit('rideshare.completeRide', { rideId }));

  const ending = ['rideshare.RideAccepted', 'rideshare.RiderVerified', 'rideshare.RideCompleted'];
  await rider.settle(['devices.Registered', 'rideshare.TermsAccepted', 'rideshare.RideRequested', 'rideshare.RideResponded', 'rideshare.ResponseDelivered', ...Array<string>(3).fill('rideshare.KeyPartDelivered'), 'rideshare.HashesMatched', ...ending]);
  await driver.settle(['devices.Registered', 'rideshare.TermsAccepted', 'rideshare.VehicleLinked', 'rideshare.RideOffered', 'rideshare.RideResponded', ...Array<string>(3).fill('rideshare.KeyPartDelivered'), 'rideshare.HashesMatched', ...ending]);
  await carHeadUnit.settle(['devices.Registered', 'rideshare.VehicleLinked', 'rideshare.RideResponded', ...ending]);

  const history = (await mobility.call('rideshare.rideHistory', { rideId })).result as { txId: string; record: { status: string; lastChange?: { action: string } } }[];
  return {
    rideId,
    vin,
    ride: (await mobility.call('rideshare.getRide', { rideId })).result as Record<string, unknown>,
    history: history.map((entry) => ({ action: entry.record.lastChange?.action ?? 'request', status: entry.record.status, txId: entry.txId })),
    keysValidated: {
      rider: (['request', 'response'] as const).filter((kind) => riderView.keyValid(kind)),
      driver: (['request', 'response'] as const).filter((kind) => driverView.keyValid(kind)),
    },
    pickup: { ...verified.data },
  };
}
