import { expect } from 'chai';
import { Wallet } from 'ethers';
import { signDeviceRequest } from '../devices/device-request';
import { TEST_CHANNEL } from '../testing/test-ledger';
import type { RideRecord } from './ride-record-types';
import { RideWorld, notice, rejection, type RideFixture } from './rideshare-test-fixture';

describe('RideshareContract: lifecycle and ride history', () => {
  let world: RideWorld;
  beforeEach(async () => {
    world = await RideWorld.create();
  });

  describe('completion, cancellation, disputes', () => {
    it('completes a picked-up ride by the ride’s vehicle or driver, never by the rider', async () => {
      const ride = await world.pickedUpRide();
      expect((await rejection(world.partyAction('CompleteRide', ride, world.rider))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.partyAction('CompleteRide', ride, world.driver2))).code).to.equal('PERMISSION_DENIED');
      const result = await world.partyAction('CompleteRide', ride, world.headUnit);
      expect(JSON.parse(result.result).status).to.equal('completed');
      expect(notice(result, 'rideshare.RideCompleted').to).to.include.members([`device:${world.rider.address}`, `device:${world.driver.address}`]);
    });

    it('lets the rider cancel a requested ride with a reason, but not the driver it is merely offered to', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      expect((await rejection(world.partyAction('CancelRide', ride, world.rider))).field).to.equal('request.payload.reason');
      expect((await rejection(world.partyAction('CancelRide', ride, world.driver, 'changed my mind'))).code).to.equal('PERMISSION_DENIED');
      const result = await world.partyAction('CancelRide', ride, world.rider, 'found a bus');
      expect(notice(result, 'rideshare.RideCancelled').data).to.include({ status: 'cancelled', reason: 'found a bus', by: world.rider.address });
      expect(notice(result, 'rideshare.RideCancelled').to).to.include(`device:${world.driver.address}`);
    });

    it('lets the responding driver cancel an accepted ride and the operator cancel any open ride', async () => {
      const accepted = await world.acceptedRide();
      await world.partyAction('CancelRide', accepted, world.driver, 'flat tyre');
      expect((await world.ride(accepted.rideId)).status).to.equal('cancelled');
      const responded = await world.respondedRide({ rider: world.rider2 });
      const arg = JSON.stringify({ rideId: responded.rideId, reason: 'fraud suspected' });
      expect((await rejection(world.submit('OperatorCancelRide', [arg], { mspId: 'AuditMSP' }))).code).to.equal('PERMISSION_DENIED');
      await world.submit('OperatorCancelRide', [arg]);
      expect((await world.ride(responded.rideId)).lastChange).to.include({ action: 'cancel', by: 'org:MobilityMSP', reason: 'fraud suspected' });
    });

    it('lets a party dispute a completed ride and the operator resolve it, with auditors informed', async () => {
      const ride = await world.pickedUpRide();
      await world.partyAction('CompleteRide', ride, world.driver);
      expect((await rejection(world.partyAction('DisputeRide', ride, world.rider))).field).to.equal('request.payload.reason');
      const disputed = await world.partyAction('DisputeRide', ride, world.rider, 'wrong destination');
      expect(notice(disputed, 'rideshare.RideDisputed').to).to.include('org:AuditMSP');
      const resolution = JSON.stringify({ rideId: ride.rideId, outcome: 'cancelled', reason: 'refunded' });
      expect((await rejection(world.submit('ResolveDispute', [resolution], { mspId: 'AuditMSP' }))).code).to.equal('PERMISSION_DENIED');
      const resolved = await world.submit('ResolveDispute', [resolution]);
      expect(notice(resolved, 'rideshare.DisputeResolved').data).to.include({ status: 'cancelled', outcome: 'cancelled' });
      expect(notice(resolved, 'rideshare.DisputeResolved').to).to.include('org:AuditMSP');
    });

    it('resolves a dispute as completed', async () => {
      const ride = await world.pickedUpRide();
      await world.partyAction('DisputeRide', ride, world.driver, 'rider refused to pay tolls');
      await world.submit('ResolveDispute', [JSON.stringify({ rideId: ride.rideId, outcome: 'completed', reason: 'tolls waived' })]);
      expect((await world.ride(ride.rideId)).status).to.equal('completed');
    });
  });

  describe('illegal transitions', () => {
    async function expectIllegal(promise: Promise<unknown>, status: string): Promise<void> {
      const error = await rejection(promise);
      expect([error.code, error.field], error.message).to.deep.equal(['FAILED_PRECONDITION', 'ride.status']);
      expect(error.rule).to.contain(`is ${status}`);
    }

    it('refuses every action its state does not allow, and changes nothing', async () => {
      const requested = await world.requestRide();
      await expectIllegal(world.partyAction('DisputeRide', requested, world.rider, 'too slow'), 'requested');
      await expectIllegal(world.submit('ResolveDispute', [JSON.stringify({ rideId: requested.rideId, outcome: 'completed', reason: 'x' })]), 'requested');

      const accepted = await world.acceptedRide({ rider: world.rider2 });
      await expectIllegal(world.partyAction('CompleteRide', accepted, world.driver), 'accepted');
      await expectIllegal(world.offer(accepted, world.driver2), 'accepted');
      await expectIllegal(world.submitHashes(accepted, accepted.rider), 'accepted');

      await world.partyAction('CancelRide', requested, world.rider, 'no longer needed');
      const before = new Map(world.ledger.rawState());
      await expectIllegal(world.partyAction('CancelRide', requested, world.rider, 'again'), 'cancelled');
      await expectIllegal(world.offer(requested), 'cancelled');
      await expectIllegal(world.submit('OperatorCancelRide', [JSON.stringify({ rideId: requested.rideId, reason: 'x' })]), 'cancelled');
      expect(new Map(world.ledger.rawState())).to.deep.equal(before);
    });

    it('refuses to cancel a picked-up or completed ride', async () => {
      const ride = await world.pickedUpRide();
      await expectIllegal(world.partyAction('CancelRide', ride, world.rider, 'changed my mind'), 'picked-up');
      await world.partyAction('CompleteRide', ride, world.driver);
      await expectIllegal(world.partyAction('CancelRide', ride, world.driver, 'late'), 'completed');
      await expectIllegal(world.partyAction('CompleteRide', ride, world.driver), 'completed');
    });

    it('refuses a response once the ride is no longer requested', async () => {
      const ride = await world.requestRide();
      await world.offer(ride);
      await world.submit('OperatorCancelRide', [JSON.stringify({ rideId: ride.rideId, reason: 'no drivers' })]);
      await expectIllegal(world.accept(ride), 'cancelled');
    });
  });

  describe('ride history and read access', () => {
    let ride: RideFixture;
    beforeEach(async () => {
      ride = await world.pickedUpRide();
      await world.partyAction('CompleteRide', ride, world.driver);
    });

    it('keeps every version of the ride, naming the action that made it', async () => {
      const history = JSON.parse(await world.evaluate('RideHistory', [ride.rideId], 'AuditMSP')) as { record: RideRecord }[];
      expect(history.map((entry) => `${entry.record.lastChange?.action ?? 'request'}:${entry.record.status}`)).to.deep.equal([
        'request:requested',
        'offer:requested',
        'respond-accept:responded',
        'reconcile-progress:responded',
        'reconcile-complete:accepted',
        'pickup-verified:picked-up',
        'complete:completed',
      ]);
    });

    it('lets the operator and auditors read by MSP, and refuses the automaker', async () => {
      expect((await world.ride(ride.rideId)).status).to.equal('completed');
      expect(JSON.parse(await world.evaluate('GetRide', [ride.rideId], 'AuditMSP')).status).to.equal('completed');
      expect((await rejection(world.evaluate('GetRide', [ride.rideId], 'OemMSP'))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.evaluate('RideHistory', [ride.rideId], 'OemMSP'))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.evaluate('RidesOfParty', [world.rider.address], 'OemMSP'))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.evaluate('GetRide', ['ab'.repeat(32)]))).code).to.equal('NOT_FOUND');
    });

    it('lets the rider, the driver and the ride’s vehicle read with a signed request relayed by any member', async () => {
      for (const device of [world.rider, world.driver, world.headUnit]) {
        const request = await device.signJson('rideshare.readRide', { rideId: ride.rideId }, world.ledger);
        expect(JSON.parse(await world.evaluate('GetRideAsParty', [request], 'OemMSP')).rideId).to.equal(ride.rideId);
        // Reads consume no nonce: the same signed read works until it expires.
        expect(JSON.parse(await world.evaluate('RideHistoryAsParty', [request], 'OemMSP'))).to.have.length(7);
      }
      const mine = await world.rider.signJson('rideshare.listRides', {}, world.ledger);
      expect((JSON.parse(await world.evaluate('MyRides', [mine], 'AuditMSP')) as RideRecord[]).map((r) => r.rideId)).to.deep.equal([ride.rideId]);
    });

    it('refuses reads by other devices, forged signatures and expired requests', async () => {
      for (const device of [world.rider2, world.driver2, world.otherHeadUnit]) {
        const request = await device.signJson('rideshare.readRide', { rideId: ride.rideId }, world.ledger);
        expect((await rejection(world.evaluate('GetRideAsParty', [request], 'OemMSP'))).code).to.equal('PERMISSION_DENIED');
      }
      const intruder = Wallet.createRandom();
      const forged = await signDeviceRequest(intruder, {
        action: 'rideshare.readRide',
        channel: TEST_CHANNEL,
        payload: { rideId: ride.rideId },
        nonce: 'forged-read-1',
        expiresAt: world.ledger.clockMs + 60_000,
      });
      const claimed = JSON.stringify({ ...forged, device: world.rider.address });
      expect((await rejection(world.evaluate('GetRideAsParty', [claimed]))).code).to.equal('UNAUTHENTICATED');
      const expired = await world.rider.signJson('rideshare.readRide', { rideId: ride.rideId }, world.ledger, 500);
      expect((await rejection(world.evaluate('GetRideAsParty', [expired]))).field).to.equal('request.expiresAt');
    });
  });
});
