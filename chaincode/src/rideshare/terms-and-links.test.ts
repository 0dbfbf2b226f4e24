import { expect } from 'chai';
import { TestDevice, registerDevice } from '../testing/devices';
import { DEFAULT_RIDESHARE_CONFIG } from './rideshare-config';
import { RideWorld, TERMS_V1, TERMS_V2, VIN_ONE, notice, rejection } from './rideshare-test-fixture';

describe('RideshareContract: terms, accounts, configuration, vehicle links', () => {
  let world: RideWorld;
  beforeEach(async () => {
    world = await RideWorld.create();
  });

  describe('ride agreement', () => {
    it('records the acceptance of the current terms on the account and tells the device', async () => {
      const account = JSON.parse(await world.evaluate('GetAccount', [world.rider.address]));
      expect(account).to.include({ address: world.rider.address, role: 'rider', termsVersion: 1, termsHash: TERMS_V1 });
      const driver = JSON.parse(await world.evaluate('GetAccount', [world.driver.address], 'AuditMSP'));
      expect(driver.role).to.equal('driver');
      const fresh = TestDevice.create('rider-phone', 'fresh rider');
      await registerDevice(world.ledger, world.devices, fresh);
      const result = await world.acceptTerms(fresh);
      expect(result.event?.name).to.equal('rideshare.TermsAccepted');
      expect(notice(result, 'rideshare.TermsAccepted').to).to.deep.equal([`device:${fresh.address}`, 'org:MobilityMSP']);
    });

    it('refuses a ride request from a rider who never accepted the terms', async () => {
      const stranger = TestDevice.create('rider-phone', 'rider without terms');
      await registerDevice(world.ledger, world.devices, stranger);
      const { call } = await world.prepareRequest({ rider: stranger });
      const error = await rejection(world.call('RequestRide', call));
      expect(error.code).to.equal('FAILED_PRECONDITION');
      expect(error.field).to.equal('request.device');
      expect(error.rule).to.contain('has not accepted');
    });

    it('refuses requests, offers and responses under terms superseded by a new version until accepted again', async () => {
      const offered = await world.requestRide();
      await world.offer(offered);
      await world.submit('PublishTerms', [JSON.stringify({ version: 2, documentHash: TERMS_V2 })]);
      expect(JSON.parse(await world.evaluate('GetTerms', [''], 'OemMSP'))).to.include({ version: 2, documentHash: TERMS_V2 });

      const { call } = await world.prepareRequest();
      const requestError = await rejection(world.call('RequestRide', call));
      expect(requestError.code).to.equal('FAILED_PRECONDITION');
      expect(requestError.rule).to.contain('superseded by version 2');
      const responseError = await rejection(world.accept(offered));
      expect(responseError.rule).to.contain('superseded by version 2');
      expect((await rejection(world.requestRide({ rider: world.rider2 }))).code).to.equal('FAILED_PRECONDITION');

      await world.acceptTerms(world.rider, 2, TERMS_V2);
      const ride = await world.requestRide();
      expect((await rejection(world.offer(ride))).field).to.equal('offer.driver');
      await world.acceptTerms(world.driver, 2, TERMS_V2);
      await world.offer(ride);
      await world.accept(ride);
      expect((await world.ride(ride.rideId)).response?.driverTermsVersion).to.equal(2);
      expect((await world.ride(ride.rideId)).riderTermsVersion).to.equal(2);
    });

    it('refuses acceptance of an old version, a wrong document hash, or by a device that is not a rider or driver phone', async () => {
      await world.submit('PublishTerms', [JSON.stringify({ version: 2, documentHash: TERMS_V2 })]);
      expect((await rejection(world.acceptTerms(world.rider, 1, TERMS_V1))).field).to.equal('request.payload.version');
      expect((await rejection(world.acceptTerms(world.rider, 2, TERMS_V1))).field).to.equal('request.payload.documentHash');
      const owner = TestDevice.create('owner-phone', 'an owner phone');
      await registerDevice(world.ledger, world.devices, owner);
      expect((await rejection(world.acceptTerms(owner, 2, TERMS_V2))).code).to.equal('PERMISSION_DENIED');
    });

    it('lets only the operator publish terms, with increasing versions', async () => {
      const arg = JSON.stringify({ version: 2, documentHash: TERMS_V2 });
      expect((await rejection(world.submit('PublishTerms', [arg], { mspId: 'OemMSP' }))).code).to.equal('PERMISSION_DENIED');
      expect((await rejection(world.submit('PublishTerms', [JSON.stringify({ version: 1, documentHash: TERMS_V2 })]))).field).to.equal('terms.version');
      await world.submit('PublishTerms', [arg]);
      expect(JSON.parse(await world.evaluate('GetTerms', ['1'], 'AuditMSP')).documentHash).to.equal(TERMS_V1);
      expect((await rejection(world.evaluate('GetTerms', ['3']))).code).to.equal('NOT_FOUND');
      expect(world.ledger.world.validationParameters.size).to.be.greaterThan(0);
    });

    it('refuses terms acceptance before the operator has published terms', async () => {
      const bare = new RideWorld();
      await registerDevice(bare.ledger, bare.devices, bare.rider);
      const error = await rejection(bare.acceptTerms(bare.rider));
      expect(error.field).to.equal('terms');
      expect(error.rule).to.contain('not published');
    });
  });

  describe('configuration', () => {
    it('is set by the operator only, validated field by field, and snapshotted on each ride', async () => {
      const config = { ...DEFAULT_RIDESHARE_CONFIG, pickupRadiusMm: 25_000 };
      expect((await rejection(world.submit('SetConfig', [JSON.stringify(config)], { mspId: 'AuditMSP' }))).code).to.equal('PERMISSION_DENIED');
      const invalid = await rejection(world.submit('SetConfig', [JSON.stringify({ ...config, faceThreshold: 1001 })]));
      expect(invalid.field).to.equal('config.faceThreshold');
      const before = await world.requestRide();
      await world.setConfig(config);
      expect(JSON.parse(await world.evaluate('GetConfig', [], 'OemMSP')).pickupRadiusMm).to.equal(25_000);
      const after = await world.requestRide({ rider: world.rider2 });
      expect((await world.ride(before.rideId)).rules.pickupRadiusMm).to.equal(DEFAULT_RIDESHARE_CONFIG.pickupRadiusMm);
      expect((await world.ride(after.rideId)).rules.pickupRadiusMm).to.equal(25_000);
    });
  });

  describe('driver and vehicle links', () => {
    it('links a driver account to a VIN-bound vehicle component when both sign', async () => {
      const links = JSON.parse(await world.evaluate('VehicleLinksOfDriver', [world.driver.address])) as { vehicleDevice: string; vin: string; status: string }[];
      expect(links.map((link) => link.vehicleDevice).sort()).to.deep.equal([world.headUnit.address, world.telematics.address].sort());
      expect(links.every((link) => link.vin === VIN_ONE && link.status === 'linked')).to.equal(true);
    });

    it('refuses a link whose two requests do not name each other, or a component without a VIN', async () => {
      const driverRequest = await world.driver2.sign('rideshare.linkVehicle', { vehicleDevice: world.headUnit.address }, world.ledger);
      const vehicleRequest = await world.headUnit.sign('rideshare.linkDriver', { driver: world.driver.address }, world.ledger);
      const error = await rejection(world.submit('LinkVehicle', [JSON.stringify({ driverRequest, vehicleRequest })]));
      expect(error.field).to.equal('link.vehicleRequest.payload.driver');
      const bare = TestDevice.create('telematics-unit', 'telematics without vin');
      await registerDevice(world.ledger, world.devices, bare);
      expect((await rejection(world.link(world.driver2, bare))).rule).to.contain('not bound to a VIN');
      expect((await rejection(world.link(world.driver, world.headUnit))).rule).to.contain('already linked');
    });

    it('lets either side unlink, after which the vehicle may no longer be named in a response', async () => {
      const unlink = await world.headUnit.signJson('rideshare.unlinkVehicle', { driver: world.driver.address, vehicleDevice: world.headUnit.address }, world.ledger);
      await world.submit('UnlinkVehicle', [unlink]);
      const stranger = await world.driver2.signJson('rideshare.unlinkVehicle', { driver: world.driver.address, vehicleDevice: world.telematics.address }, world.ledger);
      expect((await rejection(world.submit('UnlinkVehicle', [stranger]))).code).to.equal('PERMISSION_DENIED');
      const ride = await world.requestRide();
      await world.offer(ride);
      const error = await rejection(world.accept(ride, { vehicle: world.headUnit }));
      expect(error.field).to.equal('request.payload.vehicleDevice');
      await world.accept(ride, { vehicle: world.telematics });
    });

    it('refuses to offer a ride to a driver without a linked vehicle', async () => {
      const unlink = await world.driver2.signJson('rideshare.unlinkVehicle', { driver: world.driver2.address, vehicleDevice: world.otherHeadUnit.address }, world.ledger);
      await world.submit('UnlinkVehicle', [unlink]);
      const ride = await world.requestRide();
      expect((await rejection(world.offer(ride, world.driver2))).rule).to.contain('no linked vehicle');
    });
  });
});
