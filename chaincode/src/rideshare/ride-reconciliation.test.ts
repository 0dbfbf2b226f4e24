import { expect } from 'chai';
import { distanceMm, type GeoPoint } from '../lib/geo';
import { DRIVER_LOCATION, PICKUP, RideWorld, notice, rejection, type RideFixture } from './rideshare-test-fixture';

/** 60 µdeg north of the pickup: the next 100-µdeg grid cell, about 6.7 m away. */
const NEXT_CELL: GeoPoint = { latE6: PICKUP.latE6 + 60, lonE6: PICKUP.lonE6 };
const NEXT_CELL_MM = distanceMm(PICKUP, NEXT_CELL);
/** The driver's response location moved into the next cell east. */
const DRIVER_NEXT_CELL: GeoPoint = { latE6: DRIVER_LOCATION.latE6, lonE6: DRIVER_LOCATION.lonE6 + 80 };

describe('RideshareContract: hash reconciliation (FIG. 6)', () => {
  let world: RideWorld;
  let ride: RideFixture;

  async function setUp(config: Parameters<typeof RideWorld.create>[0] = {}): Promise<void> {
    world = await RideWorld.create(config);
    ride = await world.respondedRide();
  }

  it('accepts the ride once the rider’s and the driver’s hashes both match the ledger’s', async () => {
    await setUp();
    const riderResult = await world.submitHashes(ride, world.rider);
    expect(notice(riderResult, 'rideshare.HashesMatched').to).to.deep.equal([`device:${world.rider.address}`, 'org:MobilityMSP']);
    let record = await world.ride(ride.rideId);
    expect([record.status, record.reconciliation.rider.state, record.reconciliation.driver.state]).to.deep.equal(['responded', 'matched', 'pending']);
    expect(record.lastChange?.action).to.equal('reconcile-progress');
    const driverResult = await world.submitHashes(ride, world.driver);
    record = await world.ride(ride.rideId);
    expect(record.status).to.equal('accepted');
    expect(record.reconciliation.driver.last).to.include({ requestOutcome: 'match', responseOutcome: 'match' });
    expect(notice(driverResult, 'rideshare.RideAccepted').to).to.include.members([
      `device:${world.rider.address}`,
      `device:${world.driver.address}`,
      `device:${world.headUnit.address}`,
    ]);
  });

  it('accepts a pickup location in the next grid cell just inside the distance tolerance', async () => {
    await setUp({ locationToleranceMm: NEXT_CELL_MM });
    await world.submitHashes(ride, world.rider, { requestLocation: NEXT_CELL });
    const record = await world.ride(ride.rideId);
    expect(record.reconciliation.rider.state).to.equal('matched');
    expect(record.reconciliation.rider.last?.requestOutcome).to.equal('match-within-tolerance');
  });

  it('accepts the driver’s response location in the next cell within the tolerance, too', async () => {
    await setUp({ locationToleranceMm: distanceMm(DRIVER_LOCATION, DRIVER_NEXT_CELL) });
    await world.submitHashes(ride, world.driver, { responseLocation: DRIVER_NEXT_CELL });
    expect((await world.ride(ride.rideId)).reconciliation.driver.last?.responseOutcome).to.equal('match-within-tolerance');
  });

  it('asks once for an updated location just outside the tolerance, then accepts the updated location', async () => {
    await setUp({ locationToleranceMm: NEXT_CELL_MM - 1 });
    const first = await world.submitHashes(ride, world.rider, { requestLocation: NEXT_CELL });
    const asked = notice(first, 'rideshare.LocationUpdateRequested');
    expect(asked.to).to.deep.equal([`device:${world.rider.address}`, 'org:MobilityMSP']);
    expect(asked.data).to.deep.include({ requestOutcome: 'location-mismatch', responseOutcome: 'match', locations: ['request'] });
    let record = await world.ride(ride.rideId);
    expect([record.status, record.reconciliation.rider.state]).to.deep.equal(['responded', 'update-requested']);
    await world.submitHashes(ride, world.rider);
    record = await world.ride(ride.rideId);
    expect([record.reconciliation.rider.state, record.reconciliation.rider.submissions]).to.deep.equal(['matched', 2]);
  });

  it('records a failure and disputes the ride when the updated submission still mismatches (paragraph 66)', async () => {
    await setUp();
    const otherKeyHash = world.secret('hash from another key part');
    await world.submitHashes(ride, world.driver, { responseHash: otherKeyHash });
    expect((await world.ride(ride.rideId)).reconciliation.driver.last?.responseOutcome).to.equal('hash-mismatch');
    const result = await world.submitHashes(ride, world.driver, { responseHash: otherKeyHash });
    const record = JSON.parse(result.result);
    expect(record.status).to.equal('disputed');
    expect(record.failure).to.include({ code: 'reconciliation-failed', party: 'driver' });
    expect(record.reconciliation.driver.state).to.equal('failed');
    expect(notice(result, 'rideshare.ReconciliationFailed').to).to.include.members([
      `device:${world.rider.address}`,
      `device:${world.driver.address}`,
      'org:AuditMSP',
      'org:MobilityMSP',
    ]);
    expect((await world.ride(ride.rideId)).status).to.equal('disputed');
    expect((await rejection(world.submitHashes(ride, world.rider))).field).to.equal('ride.status');
  });

  it('treats a hash over another key part as a mismatch even at the exact location (paragraph 71)', async () => {
    await setUp();
    await world.submitHashes(ride, world.rider, { requestHash: world.secret('second rider on the account') });
    const record = await world.ride(ride.rideId);
    expect(record.reconciliation.rider.last).to.include({ requestOutcome: 'hash-mismatch', responseOutcome: 'match' });
    expect(record.reconciliation.rider.state).to.equal('update-requested');
  });

  it('refuses hashes from a non-party, a replay, a second submission after a match, and before the response', async () => {
    await setUp();
    expect((await rejection(world.submitHashes(ride, world.rider2))).code).to.equal('PERMISSION_DENIED');
    expect((await rejection(world.submitHashes(ride, world.driver2))).code).to.equal('PERMISSION_DENIED');
    const call = await world.prepareHashes(ride, world.rider);
    await world.call('SubmitRideHashes', call);
    expect((await rejection(world.call('SubmitRideHashes', call))).field).to.equal('request.nonce');
    expect((await rejection(world.submitHashes(ride, world.rider))).field).to.equal('reconciliation');
    const early = await world.requestRide({ rider: world.rider2 });
    await world.offer(early);
    const prepared = await world.prepareAccept(early);
    const pending = { ...early, response: prepared.response };
    expect((await rejection(world.submitHashes(pending, world.rider2))).field).to.equal('ride.status');
  });

  it('refuses a ledger view or a party view that does not open the ride’s commitments', async () => {
    await setUp();
    const wrongKey = { ...world.ledgerView(ride), requestKey: { ...ride.requestKey, second: world.secret('forged') } };
    const forged = await rejection(world.submitHashes(ride, world.rider, { ledgerView: wrongKey }));
    expect([forged.code, forged.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.ledgerView.requestKey.second']);
    const movedPickup = { ...world.ledgerView(ride), request: { ...ride.details, pickup: NEXT_CELL } };
    expect((await rejection(world.submitHashes(ride, world.rider, { ledgerView: movedPickup }))).field).to.equal('transient.ledgerView.request');
    const movedDriver = { ...world.ledgerView(ride), response: { ...world.ledgerView(ride).response, location: PICKUP } };
    expect((await rejection(world.submitHashes(ride, world.driver, { ledgerView: movedDriver }))).field).to.equal('transient.ledgerView.response');
    const wrongResponseKey = { ...world.ledgerView(ride), responseKey: { first: world.secret('forged'), second: world.ledgerView(ride).responseKey.second } };
    expect((await rejection(world.submitHashes(ride, world.driver, { ledgerView: wrongResponseKey }))).field).to.equal('transient.ledgerView.responseKey.first');
    const call = await world.prepareHashes(ride, world.rider);
    const view = JSON.parse(call.transient.partyView ?? '{}');
    const tampered = { ...call, transient: { ...call.transient, partyView: JSON.stringify({ ...view, requestLocation: NEXT_CELL }) } };
    expect((await rejection(world.call('SubmitRideHashes', tampered))).field).to.equal('transient.partyView');
    expect((await world.ride(ride.rideId)).reconciliation.rider.submissions).to.equal(0);
  });
});
