import { expect } from 'chai';
import { Wallet } from 'ethers';
import { signDeviceRequest } from '../devices/device-request';
import { TEST_CHANNEL } from '../testing/test-ledger';
import { commitmentOf } from './ownership';
import { pairingIdFor } from './pairing-ids';
import type { AttemptRecord, PairingRecord, VehicleRecord } from './pairing-record-types';
import type { PairingView } from './pairing-queries';
import { PairingScene, TestVehicle, VIN_A, VIN_B, identification, phoneOpening, rejection, vehicleOpening } from './testing/pairing-scene';

describe('PairingContract pre-pairing (claim 1)', () => {
  let scene: PairingScene;

  beforeEach(async () => {
    scene = await PairingScene.create();
  });

  it('pre-pairs the owner phone from two agreeing components and matching ownership data', async () => {
    const { invocation, outcome } = await scene.prePair();
    expect(outcome.outcome).to.equal('pre-paired');
    expect(outcome.pairingId).to.equal(pairingIdFor(invocation.txId, VIN_A, scene.owner.address));
    const pairing = await scene.query<PairingView>('GetPairing', [outcome.pairingId ?? '']);
    expect(pairing).to.include({ vin: VIN_A, device: scene.owner.address, role: 'owner', origin: 'pre-pairing', status: 'pre-paired', effectiveStatus: 'pre-paired' });
    expect(pairing.components).to.deep.equal([scene.vehicle.headUnit.address, scene.vehicle.digitalKey.address].sort());
    expect(pairing.deviceDataCommitment).to.equal(commitmentOf(phoneOpening([VIN_A])));
    const vehicle = await scene.query<VehicleRecord>('GetVehicle', [VIN_A]);
    expect(vehicle).to.include({ ownerDevice: scene.owner.address, ownerPairingId: outcome.pairingId, ownershipEpoch: 0 });
    const attempts = await scene.query<AttemptRecord[]>('AttemptsOfVehicle', [VIN_A]);
    expect(attempts.map((attempt) => attempt.outcome)).to.deep.equal(['pre-paired']);
  });

  it('sends the vehicle data to the phone and the device data to each reporting component', async () => {
    const { invocation, outcome } = await scene.prePair();
    expect(invocation.event?.name).to.equal('pairing.PrePaired');
    const [toPhone, toComponents] = invocation.event?.payload.notices ?? [];
    expect(toPhone?.to).to.deep.equal([`device:${scene.owner.address}`, 'org:OemMSP']);
    expect(toPhone?.data.vehicle).to.deep.equal(identification(VIN_A));
    expect(toPhone?.data.pairingId).to.equal(outcome.pairingId);
    expect(toComponents?.type).to.equal('pairing.DeviceDataDelivered');
    expect(toComponents?.to).to.deep.equal([scene.vehicle.digitalKey.address, scene.vehicle.headUnit.address].map((a) => `device:${a}`).sort());
    expect(toComponents?.data).to.include({ pairingId: outcome.pairingId, device: scene.owner.address, deviceDataCommitment: commitmentOf(phoneOpening([VIN_A])) });
  });

  it('accepts three components and options listed in another order', async () => {
    const ownership = vehicleOpening(VIN_A);
    const reports = [
      ...(await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership)),
      await scene.vehicle.report(scene.vehicle.ecu, scene.ledger, scene.owner.address, { vehicle: identification(VIN_A, { options: ['panoramic-roof', 'heated-seats'] }) }),
    ];
    const { outcome } = await scene.prePair({ reports });
    expect(outcome.outcome).to.equal('pre-paired');
  });

  describe('refused, nothing recorded', () => {
    it('refuses a single component', async () => {
      const ownership = vehicleOpening(VIN_A);
      const [, digitalKey] = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership);
      const before = new Map(scene.ledger.rawState());
      const error = await rejection(scene.prePair({ reports: [digitalKey] }));
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.field).to.equal('prePairing.reports');
      expect(new Map(scene.ledger.rawState())).to.deep.equal(before);
    });

    it('refuses the same component twice', async () => {
      const ownership = vehicleOpening(VIN_A);
      const [headUnit, digitalKey] = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership);
      const again = await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address);
      const error = await rejection(scene.prePair({ reports: [headUnit, again, digitalKey] }));
      expect(error.field).to.equal('prePairing.reports[1].device');
    });

    it('refuses reports without the digital key’s ownership data, or with it from another component', async () => {
      const plain = [
        await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address),
        await scene.vehicle.report(scene.vehicle.ecu, scene.ledger, scene.owner.address),
      ];
      expect((await rejection(scene.prePair({ reports: plain }))).rule).to.contain('digital-key-ecu');
      const commitment = commitmentOf(vehicleOpening(VIN_A));
      const misplaced = [
        await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address, { ownershipCommitment: commitment }),
        await scene.vehicle.report(scene.vehicle.digitalKey, scene.ledger, scene.owner.address, { ownershipCommitment: commitment }),
      ];
      expect((await rejection(scene.prePair({ reports: misplaced }))).field).to.equal('prePairing.reports[0].payload.ownershipCommitment');
    });

    it('refuses a forged phone signature and a forged component report', async () => {
      const phoneData = phoneOpening([VIN_A]);
      const intruder = Wallet.createRandom();
      const forged = await signDeviceRequest(intruder, { action: 'pairing.requestPrePairing', channel: TEST_CHANNEL, payload: { vin: VIN_A, ownershipCommitment: commitmentOf(phoneData) }, nonce: 'forged-000001', expiresAt: scene.ledger.clockMs + 60_000 });
      const reports = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, vehicleOpening(VIN_A));
      const transient = { deviceOwnership: JSON.stringify(phoneData), vehicleOwnership: JSON.stringify(vehicleOpening(VIN_A)) };
      const error = await rejection(scene.submit('PrePair', [JSON.stringify({ device: { ...forged, device: scene.owner.address }, reports })], { transient }));
      expect(error.code).to.equal('UNAUTHENTICATED');
      expect(error.field).to.equal('prePairing.device.signature');

      const fakeReport = await signDeviceRequest(intruder, { action: 'pairing.reportVehicle', channel: TEST_CHANNEL, payload: { vehicle: identification(VIN_A), powerState: 'on', forDevice: scene.owner.address }, nonce: 'forged-000002', expiresAt: scene.ledger.clockMs + 60_000 });
      const spoofed = { ...fakeReport, device: scene.vehicle.ecu.address };
      const reportError = await rejection(scene.prePair({ reports: [reports[1], spoofed] }));
      expect(reportError.code).to.equal('UNAUTHENTICATED');
      expect(reportError.field).to.equal('prePairing.reports[1].signature');
    });

    it('refuses an expired component report and a replayed phone request', async () => {
      const ownership = vehicleOpening(VIN_A);
      const expired = [
        await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address, {}, 500),
        (await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership))[1],
      ];
      const error = await rejection(scene.prePair({ reports: expired }));
      expect(error.field).to.equal('prePairing.reports[0].expiresAt');

      const phoneData = phoneOpening([VIN_A]);
      const device = await scene.owner.sign('pairing.requestPrePairing', { vin: VIN_A, ownershipCommitment: commitmentOf(phoneData) }, scene.ledger);
      const transient = { deviceOwnership: JSON.stringify(phoneData), vehicleOwnership: JSON.stringify(ownership) };
      const reports = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership);
      await scene.submit('PrePair', [JSON.stringify({ device, reports })], { transient });
      const fresh = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership);
      const replay = await rejection(scene.submit('PrePair', [JSON.stringify({ device, reports: fresh })], { transient }));
      expect(replay.code).to.equal('ALREADY_EXISTS');
      expect(replay.field).to.equal('prePairing.device.nonce');
    });

    it('refuses private data that does not match the signed commitment, or is missing', async () => {
      const phoneData = phoneOpening([VIN_A]);
      const vehicleData = vehicleOpening(VIN_A);
      const reports = await scene.vehicle.standardReports(scene.ledger, scene.owner.address, vehicleData);
      const tampered = { ...phoneData, data: { ...phoneData.data, ownerName: 'Mallory' } };
      const error = await rejection(scene.prePair({ phoneData, reports, transient: { deviceOwnership: JSON.stringify(tampered), vehicleOwnership: JSON.stringify(vehicleData) } }));
      expect(error.code).to.equal('UNAUTHENTICATED');
      expect(error.field).to.equal('transient.deviceOwnership');
      const missing = await rejection(scene.prePair({ transient: { deviceOwnership: JSON.stringify(phoneData) } }));
      expect(missing.code).to.equal('INVALID_ARGUMENT');
      expect(missing.field).to.equal('transient.vehicleOwnership');
    });

    it('refuses reports made for another device', async () => {
      const other = await scene.device('owner-phone', 'other phone');
      const reports = await scene.vehicle.standardReports(scene.ledger, other.address, vehicleOpening(VIN_A));
      const error = await rejection(scene.prePair({ reports }));
      expect(error.field).to.equal('prePairing.reports[0].payload.forDevice');
    });

    it('refuses revoked components and phones, and phones of the wrong type', async () => {
      await scene.ledger.submit(scene.devices, 'Revoke', [JSON.stringify({ address: scene.vehicle.headUnit.address, reason: 'replaced' })]);
      const error = await rejection(scene.prePair());
      expect(error.code).to.equal('PERMISSION_DENIED');
      expect(error.field).to.equal('prePairing.reports[0].device');
      expect(error.rule).to.contain('revoked');

      const driver = await scene.device('driver-phone', 'driver phone');
      expect((await rejection(scene.prePair({ phone: driver }))).field).to.equal('prePairing.device.device');
    });

    it('is submitted by the automaker’s server only', async () => {
      expect((await rejection(scene.prePair({ mspId: 'MobilityMSP' }))).code).to.equal('PERMISSION_DENIED');
    });

    it('refuses a second owner phone and pre-pairing the same phone twice', async () => {
      await scene.prePairOwner();
      expect((await rejection(scene.prePair())).code).to.equal('ALREADY_EXISTS');
      const other = await scene.device('owner-phone', 'other phone');
      const error = await rejection(scene.prePair({ phone: other }));
      expect(error.code).to.equal('FAILED_PRECONDITION');
      expect(error.field).to.equal('vehicle.owner');
    });
  });

  describe('recorded rejections', () => {
    async function rejected(options: Parameters<PairingScene['prePair']>[0]): Promise<{ reasons: string[]; details: string[]; eventTo: readonly string[] }> {
      const { invocation, outcome } = await scene.prePair(options);
      expect(outcome.outcome).to.equal('rejected');
      expect(invocation.event?.name).to.equal('pairing.AttemptRejected');
      const notice = invocation.event?.payload.notices[0];
      const attempts = await scene.query<AttemptRecord[]>('AttemptsOfVehicle', [options?.vin ?? VIN_A]);
      expect(attempts.at(-1)).to.include({ outcome: 'rejected', attemptId: outcome.attemptId });
      expect(await scene.query<unknown[]>('PairingsOfVehicle', [VIN_A])).to.deep.equal([]);
      return { reasons: outcome.reasons ?? [], details: outcome.details ?? [], eventTo: notice?.to ?? [] };
    }

    it('records mismatched component reports, tells the automaker, and consumes the nonces', async () => {
      const ownership = vehicleOpening(VIN_A);
      const reports = [
        await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address, { vehicle: identification(VIN_A, { plant: 'Tahara' }) }),
        (await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership))[1],
      ];
      const result = await rejected({ reports });
      expect(result.reasons).to.deep.equal(['component-mismatch']);
      expect(result.details).to.deep.equal(['reports[1]: disagrees with reports[0] on plant']);
      expect(result.eventTo).to.deep.equal([`device:${scene.owner.address}`, 'org:OemMSP']);
      const replay = await rejection(scene.prePair({ reports }));
      expect(replay.code).to.equal('ALREADY_EXISTS');
      expect(replay.field).to.equal('prePairing.reports[0].nonce');
    });

    it('records a component that reports a VIN other than the one it is bound to', async () => {
      const ownership = vehicleOpening(VIN_A);
      const reports = [
        await scene.vehicle.report(scene.vehicle.headUnit, scene.ledger, scene.owner.address, { vehicle: identification(VIN_B) }),
        (await scene.vehicle.standardReports(scene.ledger, scene.owner.address, ownership))[1],
      ];
      const result = await rejected({ reports });
      expect(result.reasons).to.deep.equal(['component-vin-binding', 'component-mismatch']);
    });

    it('records a vehicle that is off', async () => {
      const result = await rejected({ reportChanges: { powerState: 'off' } });
      expect(result.reasons).to.deep.equal(['vehicle-off']);
    });

    it('records mismatched ownership data, naming the fields but never the values', async () => {
      const result = await rejected({ vehicleData: vehicleOpening(VIN_A, { ownerName: 'Someone Else', purchaseDate: '2025-12-24' }) });
      expect(result.reasons).to.deep.equal(['ownership-mismatch']);
      expect(result.details).to.deep.equal(['common ownership fields differ: ownerName, purchaseDate']);
      const attempts = JSON.stringify(await scene.query<unknown>('AttemptsOfVehicle', [VIN_A]));
      expect(attempts).to.not.contain('Someone Else');
    });

    it('records a phone whose ownership data does not list the vehicle', async () => {
      const result = await rejected({ phoneData: phoneOpening([VIN_B]) });
      expect(result.details).to.deep.equal(['common ownership fields differ: vin']);
    });

    it('records components that report another vehicle than the phone asked for', async () => {
      const vehicleB = new TestVehicle(VIN_B);
      await vehicleB.register(scene.ledger, scene.devices, false);
      const result = await rejected({ vehicle: vehicleB, vin: VIN_A, vehicleData: vehicleOpening(VIN_A) });
      expect(result.reasons).to.deep.equal(['vin-mismatch']);
    });
  });

  it('lets an owner with a revoked (lost) phone pre-pair a new phone, superseding the old pairing', async () => {
    const oldPairing = await scene.prePairOwner();
    await scene.ledger.submit(scene.devices, 'RevokeOwn', [await scene.signed(scene.owner, 'devices.revokeOwn', { reason: 'phone lost' })]);
    const newPhone = await scene.device('owner-phone', 'new owner phone');
    const { invocation, outcome } = await scene.prePair({ phone: newPhone });
    expect(outcome.outcome).to.equal('pre-paired');
    expect((await scene.query<PairingRecord>('GetPairing', [oldPairing])).status).to.equal('revoked');
    expect(invocation.event?.payload.notices.map((notice) => notice.type)).to.deep.equal(['pairing.PrePaired', 'pairing.DeviceDataDelivered', 'pairing.Unpaired']);
  });
});
