import { expect } from 'chai';
import type { Notice } from '../lib/events';
import { firstHash, keyHash, keyPartCommitment, openingCommitment, secondHash } from './ride-hashes';
import { RideWorld, noticesOf, notice, rejection } from './rideshare-test-fixture';
import type { RequestDetails, ResponseDetails } from './rideshare-types';

/** What the operator's gateway does with a delivery notice: read the private item it names. */
async function resolve(world: RideWorld, delivered: Notice | undefined, name = 'details'): Promise<unknown> {
  const ref = (delivered?.data[name] ?? delivered?.data) as { item: string; commitment: string };
  const text = await world.evaluate('ReadPrivateItem', [String(delivered?.data.rideId), ref.item]);
  expect(openingCommitment(JSON.parse(text))).to.equal(ref.commitment);
  return JSON.parse(text);
}

function keyPartNotices(notices: readonly Notice[], to: string) {
  return notices.filter((candidate) => candidate.type === 'rideshare.KeyPartDelivered' && candidate.to.includes(`device:${to}`));
}

describe('RideshareContract: ride request, offer and response', () => {
  let world: RideWorld;
  beforeEach(async () => {
    world = await RideWorld.create();
  });

  describe('ride request', () => {
    it('records the first hash computed from the request fields and both parts of the ride request key', async () => {
      const { call, fixture } = await world.prepareRequest();
      const result = await world.call('RequestRide', call);
      const ride = JSON.parse(result.result);
      expect(ride.status).to.equal('requested');
      expect(ride.request.firstHash).to.equal(firstHash({ requestedAtMs: fixture.requestedAtMs, details: fixture.details, key: fixture.requestKey }, 100));
      expect(ride.request.keyHash).to.equal(keyHash('request', fixture.requestKey.first, fixture.requestKey.second));
      expect(ride.request.firstPartCommitment).to.equal(keyPartCommitment(fixture.requestKey.first));
      expect(ride.request.secondPartCommitment).to.equal(keyPartCommitment(fixture.requestKey.second));
      expect(result.event?.name).to.equal('rideshare.RideRequested');
      expect(notice(result, 'rideshare.RideRequested').to).to.deep.equal([`device:${world.rider.address}`, 'org:MobilityMSP']);
    });

    it('hands the second part of the ride request key to the rider only (step 406)', async () => {
      const { call, fixture } = await world.prepareRequest();
      const result = await world.call('RequestRide', call);
      const delivered = notice(result, 'rideshare.KeyPartDelivered');
      expect(delivered.to).to.deep.equal([`device:${world.rider.address}`]);
      expect(delivered.data).to.include({ key: 'request', part: 'second', collection: 'operatorPrivate', item: 'request-key-second' });
      expect(delivered.data.commitment).to.equal(keyPartCommitment(fixture.requestKey.second));
      expect(JSON.stringify(noticesOf(result))).to.not.contain(fixture.requestKey.second);
    });

    it('stores details and key parts in operatorPrivate, where Fabric’s private-data hash is the public commitment', async () => {
      const ride = await world.requestRide();
      const record = await world.ride(ride.rideId);
      const collection = world.ledger.world.collection('operatorPrivate');
      const stored = [...collection.keys()].filter((key) => key.includes(ride.rideId));
      expect(stored).to.have.length(3);
      const hashes = stored.map((key) => Buffer.from(world.ledger.world.privateHash('operatorPrivate', key)).toString('hex')).sort();
      expect(hashes).to.deep.equal([record.request.detailsCommitment, record.request.firstPartCommitment, record.request.secondPartCommitment].sort());
      expect(JSON.parse(await world.evaluate('ReadPrivateItem', [ride.rideId, 'request-details']))).to.deep.equal(ride.details);
      expect((await rejection(world.evaluate('ReadPrivateItem', [ride.rideId, 'request-details'], 'AuditMSP'))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.evaluate('ReadPrivateItem', [ride.rideId, 'pin-salt']))).code).to.equal('NOT_FOUND');
      expect((await rejection(world.evaluate('ReadPrivateItem', [ride.rideId, 'photo']))).code).to.equal('INVALID_ARGUMENT');
    });

    it('lets the rider validate the ride request key by hashing its part with the delivered part', async () => {
      const { call, fixture } = await world.prepareRequest();
      const result = await world.call('RequestRide', call);
      const ride = JSON.parse(result.result);
      const second = (await resolve(world, notice(result, 'rideshare.KeyPartDelivered'), 'none')) as { part: string };
      expect(keyHash('request', fixture.requestKey.first, second.part)).to.equal(ride.request.keyHash);
      expect(keyHash('request', world.secret('a guess'), second.part)).to.not.equal(ride.request.keyHash);
    });

    it('refuses a replayed request, and a new request that reuses either key part', async () => {
      const { call, fixture } = await world.prepareRequest();
      await world.call('RequestRide', call);
      const replay = await rejection(world.call('RequestRide', call));
      expect([replay.code, replay.field]).to.deep.equal(['ALREADY_EXISTS', 'request.nonce']);
      const riderReuse = await world.prepareRequest({ riderKeyPart: fixture.requestKey.first });
      expect((await rejection(world.call('RequestRide', riderReuse.call))).field).to.equal('request.payload.keyPartCommitment');
      const ledgerReuse = await world.prepareRequest({ ledgerKeyPart: fixture.requestKey.second });
      expect((await rejection(world.call('RequestRide', ledgerReuse.call))).field).to.equal('transient.ledgerKeyPart');
      expect(JSON.parse(await world.evaluate('RidesOfParty', [world.rider.address]))).to.have.length(1);
    });

    it('refuses transient data that does not open what the rider signed', async () => {
      const { call } = await world.prepareRequest();
      const moved = { ...(JSON.parse(call.transient.rideRequest ?? '{}') as RequestDetails), pickup: { latE6: 48_000_000, lonE6: 11_000_000 } };
      const tampered = await rejection(world.call('RequestRide', { ...call, transient: { ...call.transient, rideRequest: JSON.stringify(moved) } }));
      expect([tampered.code, tampered.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.rideRequest']);
      const swapped = await rejection(world.call('RequestRide', { ...call, transient: { ...call.transient, riderKeyPart: world.secret('other') } }));
      expect([swapped.code, swapped.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.riderKeyPart']);
      const { ledgerKeyPart: _dropped, ...withoutLedgerPart } = call.transient;
      expect((await rejection(world.call('RequestRide', { ...call, transient: withoutLedgerPart }))).field).to.equal('transient.ledgerKeyPart');
      const stray = await rejection(world.call('RequestRide', { ...call, transient: { ...call.transient, pinSalt: world.salt() } }));
      expect(stray.field).to.equal('transient.pinSalt');
    });

    it('refuses a request time beyond the clock skew or older than the message age', async () => {
      const ahead = await world.prepareRequest({ requestedAtMs: world.ledger.clockMs + 1000 + 60_001 });
      expect((await rejection(world.call('RequestRide', ahead.call))).code).to.equal('INVALID_ARGUMENT');
      const stale = await world.prepareRequest({ requestedAtMs: world.ledger.clockMs + 1000 - 300_001 });
      expect((await rejection(world.call('RequestRide', stale.call))).code).to.equal('FAILED_PRECONDITION');
      const edge = await world.prepareRequest({ requestedAtMs: world.ledger.clockMs + 1000 + 60_000 });
      await world.call('RequestRide', edge.call);
    });

    it('refuses a request signed by a driver phone, or submitted by another org', async () => {
      const { call } = await world.prepareRequest({ rider: world.driver });
      expect((await rejection(world.call('RequestRide', call))).code).to.equal('PERMISSION_DENIED');
      const own = await world.prepareRequest();
      const error = await rejection(world.call('RequestRide', own.call, 'OemMSP'));
      expect([error.code, error.field]).to.deep.equal(['PERMISSION_DENIED', 'caller']);
    });
  });

  describe('offer', () => {
    it('sends the request details and both request key parts to the offered driver only (steps 408-410)', async () => {
      const ride = await world.requestRide();
      const result = await world.offer(ride);
      const offered = notice(result, 'rideshare.RideOffered');
      expect(offered.to).to.deep.equal([`device:${world.driver.address}`]);
      expect(await resolve(world, offered)).to.deep.equal(ride.details);
      const parts = keyPartNotices(noticesOf(result), world.driver.address);
      expect(parts.map((part) => part.data.part)).to.deep.equal(['first', 'second']);
      const [first, second] = (await Promise.all(parts.map((part) => resolve(world, part, 'none')))) as { part: string }[];
      const record = await world.ride(ride.rideId);
      expect(record.offeredTo).to.equal(world.driver.address);
      // The driver validates the key and recomputes the first hash from what it was handed.
      expect(keyHash('request', first?.part ?? '', second?.part ?? '')).to.equal(record.request.keyHash);
      const details = (await resolve(world, offered)) as RequestDetails;
      const key = { first: first?.part ?? '', second: second?.part ?? '' };
      expect(firstHash({ requestedAtMs: Number(offered.data.requestedAtMs), details, key }, 100)).to.equal(record.request.firstHash);
    });

    it('refuses an offer to a non-driver device, to the same driver twice, or to a driver who declined', async () => {
      const ride = await world.requestRide();
      expect((await rejection(world.offer(ride, world.rider2))).code).to.equal('PERMISSION_DENIED');
      await world.offer(ride);
      expect((await rejection(world.offer(ride))).rule).to.contain('already offered');
      await world.decline(ride);
      expect((await rejection(world.offer(ride))).rule).to.contain('already declined');
      await world.offer(ride, world.driver2);
    });

    it('withdraws the previous offer when the operator offers the ride to another driver', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      const result = await world.offer(ride, world.driver2);
      expect(notice(result, 'rideshare.OfferWithdrawn').to).to.include(`device:${world.driver.address}`);
      const error = await rejection(world.accept(ride));
      expect([error.code, error.field]).to.deep.equal(['PERMISSION_DENIED', 'request.device']);
      await world.accept(ride, { driver: world.driver2, vehicle: world.otherHeadUnit });
    });
  });

  describe('response', () => {
    it('returns a declined ride to the operator, tells the rider, and refuses data that only an acceptance carries', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      const stray = await world.driver.signJson('rideshare.respond', { rideId: ride.rideId, decision: 'decline', respondedAtMs: world.ledger.clockMs }, world.ledger);
      expect((await rejection(world.submit('RespondToRide', [stray], { transient: { ledgerKeyPart: world.secret('x') } }))).field).to.equal('transient.ledgerKeyPart');
      const result = await world.decline(ride);
      expect(notice(result, 'rideshare.RideDeclined').to).to.include(`device:${world.rider.address}`);
      const record = await world.ride(ride.rideId);
      expect(record.status).to.equal('requested');
      expect(record.declinedBy).to.deep.equal([world.driver.address]);
      expect(record.offeredTo).to.equal(undefined);
    });

    it('records the second hash chained to the first and delivers the response and key parts as steps 506-510 name', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      const result = await world.accept(ride);
      const record = await world.ride(ride.rideId);
      const response = ride.response ?? { respondedAtMs: 0, details: {} as ResponseDetails, key: { first: '', second: '' } };
      expect(record.status).to.equal('responded');
      expect(record.response).to.include({ driver: world.driver.address, vehicleDevice: world.headUnit.address, vin: '1HGCM82633A004352' });
      expect(record.response?.secondHash).to.equal(
        secondHash({ firstHash: record.request.firstHash, respondedAtMs: response.respondedAtMs, details: response.details, key: response.key }, 100),
      );
      expect(notice(result, 'rideshare.RideResponded').to).to.include.members([`device:${world.rider.address}`, `device:${world.headUnit.address}`]);
      const delivered = notice(result, 'rideshare.ResponseDelivered');
      expect(delivered.to).to.deep.equal([`device:${world.rider.address}`]);
      expect(await resolve(world, delivered)).to.deep.equal(response.details);
      expect(keyPartNotices(noticesOf(result), world.driver.address).map((n) => n.data.part)).to.deep.equal(['second']);
      const riderParts = keyPartNotices(noticesOf(result), world.rider.address);
      expect(riderParts.map((n) => `${n.data.key}:${n.data.part}`)).to.deep.equal(['response:first', 'response:second']);
      const [first, second] = (await Promise.all(riderParts.map((part) => resolve(world, part, 'none')))) as { part: string }[];
      expect(keyHash('response', first?.part ?? '', second?.part ?? '')).to.equal(record.response?.keyHash);
      expect(keyHash('response', response.key.first, second?.part ?? '')).to.equal(record.response?.keyHash);
      expect(JSON.parse(await world.evaluate('RidesOfParty', [world.driver.address], 'AuditMSP'))).to.have.length(1);
    });

    it('refuses a response from a driver the ride is not offered to, from a rider phone, or before the request time', async () => {
      const ride = await world.requestRide();
      expect((await rejection(world.accept(ride))).field).to.equal('request.device');
      await world.offer(ride);
      expect((await rejection(world.accept(ride, { driver: world.driver2, vehicle: world.otherHeadUnit }))).code).to.equal('PERMISSION_DENIED');
      const riderPhone = await world.rider.signJson('rideshare.respond', { rideId: ride.rideId, decision: 'decline', respondedAtMs: world.ledger.clockMs }, world.ledger);
      expect((await rejection(world.submit('RespondToRide', [riderPhone]))).code).to.equal('PERMISSION_DENIED');
      const early = await rejection(world.accept(ride, { respondedAtMs: ride.requestedAtMs - 1 }));
      expect(early.field).to.equal('request.payload.respondedAtMs');
    });

    it('refuses an acceptance naming a vehicle of another driver, or without the driver’s commitments', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      expect((await rejection(world.accept(ride, { vehicle: world.otherHeadUnit }))).field).to.equal('request.payload.vehicleDevice');
      const bare = await world.driver.signJson('rideshare.respond', { rideId: ride.rideId, decision: 'accept', respondedAtMs: world.ledger.clockMs }, world.ledger);
      expect((await rejection(world.submit('RespondToRide', [bare]))).field).to.equal('request.payload.vehicleDevice');
      const prepared = await world.prepareAccept(ride);
      const wrongPart = { ...prepared.call, transient: { ...prepared.call.transient, driverKeyPart: world.secret('x') } };
      expect((await rejection(world.call('RespondToRide', wrongPart))).code).to.equal('UNAUTHENTICATED');
      expect((await world.ride(ride.rideId)).status).to.equal('requested');
    });
  });
});
