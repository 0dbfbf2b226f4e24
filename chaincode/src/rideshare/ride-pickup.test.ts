import { expect } from 'chai';
import { distanceMm, type GeoPoint } from '../lib/geo';
import { PICKUP, RideWorld, notice, rejection, type RideFixture } from './rideshare-test-fixture';

/** About 60 m from the pickup point. */
const NEAR: GeoPoint = { latE6: PICKUP.latE6 + 400, lonE6: PICKUP.lonE6 + 500 };
const NEAR_MM = distanceMm(PICKUP, NEAR);
const PIN = '482913';
const face = (score: number) => ({ score, modelId: 'face-net-v3' });
const voice = (score: number) => ({ score, modelId: 'speaker-id-v2' });

describe('RideshareContract: pickup verification (claims 15, 19, 20)', () => {
  let world: RideWorld;
  let ride: RideFixture;

  async function setUp(config: Parameters<typeof RideWorld.create>[0] = {}, pin?: string): Promise<void> {
    world = await RideWorld.create(config);
    ride = await world.acceptedRide(pin ? { pin } : {});
  }

  it('confirms the rider just inside the pickup radius with both verdicts exactly at their thresholds', async () => {
    await setUp({ pickupRadiusMm: NEAR_MM + 1 });
    const result = await world.verifyPickup(ride, { position: NEAR, face: face(800), voice: voice(750) });
    const record = JSON.parse(result.result);
    expect(record.status).to.equal('picked-up');
    expect(record.pickup.last).to.include({ outcome: 'verified', method: 'biometrics', pinTyped: false, vehicleDevice: world.headUnit.address });
    expect(record.pickup.last.face).to.deep.equal(face(800));
    expect(notice(result, 'rideshare.RiderVerified').to).to.include.members([`device:${world.rider.address}`, `device:${world.driver.address}`]);
  });

  it('records a check just outside the pickup radius without counting it, and notifies both parties', async () => {
    await setUp({ pickupRadiusMm: NEAR_MM });
    const result = await world.verifyPickup(ride, { position: NEAR });
    const failed = notice(result, 'rideshare.PickupCheckFailed');
    expect(failed.to).to.include.members([`device:${world.rider.address}`, `device:${world.driver.address}`, `device:${world.headUnit.address}`]);
    expect(failed.data).to.include({ outcome: 'too-far', failedAttempts: 0, attemptsLeft: 3 });
    let record = await world.ride(ride.rideId);
    expect([record.status, record.pickup.failedAttempts, record.pickup.last?.outcome]).to.deep.equal(['accepted', 0, 'too-far']);
    await world.verifyPickup(ride, { position: PICKUP });
    record = await world.ride(ride.rideId);
    expect(record.status).to.equal('picked-up');
  });

  it('records a failed identity check for a face or voice verdict one point below its threshold', async () => {
    await setUp();
    const faceResult = await world.verifyPickup(ride, { face: face(799), voice: voice(750) });
    expect(notice(faceResult, 'rideshare.PickupCheckFailed').data).to.include({ outcome: 'identity-failed', reason: 'face below threshold', attemptsLeft: 2 });
    await world.verifyPickup(ride, { face: face(800), voice: voice(749) });
    const record = await world.ride(ride.rideId);
    expect([record.status, record.pickup.failedAttempts, record.pickup.last?.reason]).to.deep.equal(['accepted', 2, 'voice below threshold']);
  });

  it('disputes the ride with a recorded failure after the last allowed identity check', async () => {
    await setUp({ maxPickupAttempts: 2 });
    await world.verifyPickup(ride, { face: face(100) });
    const result = await world.verifyPickup(ride, { face: face(100) });
    const record = JSON.parse(result.result);
    expect(record.status).to.equal('disputed');
    expect(record.failure).to.include({ code: 'pickup-failed' });
    expect(record.failure.detail).to.contain('after 2 identity checks');
    expect(notice(result, 'rideshare.PickupFailed').to).to.include.members([`device:${world.rider.address}`, `device:${world.driver.address}`, 'org:AuditMSP']);
  });

  it('accepts a correct one-time PIN in place of one failed verdict (documented fallback)', async () => {
    await setUp({}, PIN);
    expect(JSON.parse(await world.evaluate('ReadPrivateItem', [ride.rideId, 'pin-salt'])).salt).to.equal(ride.pin?.salt);
    const result = await world.verifyPickup(ride, { face: face(799), voice: voice(900), pin: PIN });
    const record = JSON.parse(result.result);
    expect(record.status).to.equal('picked-up');
    expect(record.pickup.last).to.include({ outcome: 'verified', method: 'pin-fallback', pinTyped: true });
    expect(notice(result, 'rideshare.RiderVerified').data.method).to.equal('pin-fallback');
  });

  it('counts a wrong PIN as a failed identity check and never lets a PIN replace both verdicts', async () => {
    await setUp({}, PIN);
    await world.verifyPickup(ride, { face: face(799), pin: '000000' });
    let record = await world.ride(ride.rideId);
    expect([record.pickup.failedAttempts, record.pickup.last?.reason]).to.deep.equal([1, 'wrong PIN']);
    await world.verifyPickup(ride, { face: face(799), voice: voice(749), pin: PIN });
    record = await world.ride(ride.rideId);
    expect([record.status, record.pickup.failedAttempts]).to.deep.equal(['accepted', 2]);
  });

  it('refuses a PIN when the ride fixed none, when the fallback is disabled, or with a salt that is not the rider’s', async () => {
    await setUp();
    const noCommitment = await rejection(world.verifyPickup(ride, { face: face(799), pin: PIN, pinSalt: world.salt() }));
    expect(noCommitment.rule).to.contain('fixed no PIN');
    const disabled = await RideWorld.create({ pinFallback: false });
    const disabledRide = await disabled.acceptedRide({ pin: PIN });
    expect((await rejection(disabled.verifyPickup(disabledRide, { face: face(799), pin: PIN }))).rule).to.contain('disabled');
    const withPin = await world.acceptedRide({ rider: world.rider2, pin: PIN });
    const forged = await rejection(world.verifyPickup(withPin, { face: face(799), pin: PIN, pinSalt: world.salt() }));
    expect([forged.code, forged.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.pinSalt']);
  });

  it('refuses verdicts from a vehicle not linked to the ride’s driver and vehicle, and accepts another linked component', async () => {
    await setUp();
    const other = await rejection(world.verifyPickup(ride, { device: world.otherHeadUnit }));
    expect([other.code, other.field]).to.deep.equal(['PERMISSION_DENIED', 'request.device']);
    const riderPhone = await rejection(world.verifyPickup(ride, { device: world.rider }));
    expect(riderPhone.code).to.equal('PERMISSION_DENIED');
    const unlink = await world.driver.signJson('rideshare.unlinkVehicle', { driver: world.driver.address, vehicleDevice: world.headUnit.address }, world.ledger);
    await world.submit('UnlinkVehicle', [unlink]);
    expect((await rejection(world.verifyPickup(ride, { device: world.headUnit }))).code).to.equal('PERMISSION_DENIED');
    await world.verifyPickup(ride, { device: world.telematics });
    expect((await world.ride(ride.rideId)).pickup.last?.vehicleDevice).to.equal(world.telematics.address);
  });

  it('refuses openings that do not match the ride request or the signed observation', async () => {
    await setUp();
    const moved = await rejection(world.verifyPickup(ride, { position: NEAR, rideRequest: { ...ride.details, pickup: NEAR } }));
    expect([moved.code, moved.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.rideRequest']);
    const call = await world.preparePickup(ride, { position: NEAR });
    const observation = JSON.parse(call.transient.vehicleObservation ?? '{}');
    const tampered = { ...call, transient: { ...call.transient, vehicleObservation: JSON.stringify({ ...observation, position: PICKUP }) } };
    expect((await rejection(world.call('VerifyPickup', tampered))).field).to.equal('transient.vehicleObservation');
  });

  it('refuses verification before the hashes reconciled and after the rider was picked up', async () => {
    world = await RideWorld.create();
    const responded = await world.respondedRide();
    const early = await rejection(world.verifyPickup(responded, { device: world.headUnit }));
    expect([early.code, early.field]).to.deep.equal(['FAILED_PRECONDITION', 'ride.status']);
    const pickedUp = await world.pickedUpRide({ rider: world.rider2 });
    expect((await rejection(world.verifyPickup(pickedUp))).rule).to.contain('is picked-up');
  });
});
