import { expect } from 'chai';
import type { RecordVersion } from '../lib/state';
import type { TestDevice } from '../testing/devices';
import type { PairingRecord, SecondaryRequestRecord, TransferRecord, VehicleRecord } from './pairing-record-types';
import type { PairingView } from './pairing-queries';
import { PairingScene, TestVehicle, VIN_A, VIN_B, phoneOpening, pointsAtDistance, rejection, vehicleOpening } from './testing/pairing-scene';

const FINGERPRINT = { method: 'fingerprint', passed: true } as const;

describe('PairingContract lifecycle: revocation, ownership transfer, history', () => {
  let scene: PairingScene;
  let ownerPairing: string;
  let driver: TestDevice;
  let driverPairing: string;

  beforeEach(async () => {
    scene = await PairingScene.create();
    ownerPairing = await scene.prePairOwner();
    driver = await scene.device('driver-phone', 'driver phone');
    const requested = await scene.submit('RequestSecondaryPairing', [await scene.signed(driver, 'pairing.requestSecondary', { vin: VIN_A, role: 'driver' })]);
    const decision = { requestId: JSON.parse(requested.result).requestId, decision: 'approve', biometricCheck: FINGERPRINT };
    driverPairing = JSON.parse((await scene.submit('DecideSecondaryPairing', [await scene.signed(scene.owner, 'pairing.decideSecondary', decision)])).result).pairingId;
  });

  const revoke = async (signer: TestDevice, pairingId: string) =>
    scene.submit('RevokePairing', [await scene.signed(signer, 'pairing.revoke', { pairingId, reason: 'no longer drives the car' })]);
  const status = async (pairingId: string) => (await scene.query<PairingView>('GetPairing', [pairingId])).status;

  describe('revocation', () => {
    it('lets the owner revoke a secondary pairing and tells the device, the components and the owner', async () => {
      const invocation = await revoke(scene.owner, driverPairing);
      expect(invocation.event?.name).to.equal('pairing.Unpaired');
      const to = invocation.event?.payload.notices[0]?.to ?? [];
      expect(to).to.include(`device:${driver.address}`).and.include(`device:${scene.owner.address}`).and.include(`device:${scene.vehicle.headUnit.address}`);
      expect(await status(driverPairing)).to.equal('revoked');
      expect((await rejection(revoke(scene.owner, driverPairing))).code).to.equal('FAILED_PRECONDITION');
    });

    it('lets a device revoke its own pairing but not the owner’s', async () => {
      expect((await rejection(revoke(driver, ownerPairing))).code).to.equal('PERMISSION_DENIED');
      await revoke(driver, driverPairing);
      expect(await status(driverPairing)).to.equal('revoked');
    });

    it('ends the pairings the owner approved when the owner revokes the owner pairing', async () => {
      const result = JSON.parse((await revoke(scene.owner, ownerPairing)).result);
      expect(result.cascaded).to.deep.equal([driverPairing]);
      expect(await status(driverPairing)).to.equal('revoked');
      expect((await scene.query<VehicleRecord>('GetVehicle', [VIN_A])).ownerDevice).to.equal(undefined);
    });

    it('refuses every request of a device revoked in the registry', async () => {
      await scene.ledger.submit(scene.devices, 'Revoke', [JSON.stringify({ address: driver.address, reason: 'stolen' })], { mspId: 'MobilityMSP' });
      expect((await rejection(revoke(driver, driverPairing))).rule).to.contain('revoked');
      const points = pointsAtDistance(1_000);
      expect((await rejection(scene.reportProximity(driverPairing, scene.vehicle.headUnit, driver, points))).field).to.equal('fixes.device.device');
    });
  });

  describe('ownership transfer', () => {
    it('by the automaker revokes every pairing, cancels open requests, and lets the new owner pre-pair', async () => {
      const guest = await scene.device('rider-phone', 'guest phone');
      const pending = JSON.parse((await scene.submit('RequestSecondaryPairing', [await scene.signed(guest, 'pairing.requestSecondary', { vin: VIN_A, role: 'guest', validUntilMs: scene.ledger.clockMs + 3_600_000 })])).result);
      const transferArg = JSON.stringify({ vin: VIN_A, reason: 'sold to a new owner' });
      expect((await rejection(scene.submit('TransferOwnership', [transferArg], { mspId: 'MobilityMSP' }))).code).to.equal('PERMISSION_DENIED');
      const invocation = await scene.submit('TransferOwnership', [transferArg]);
      expect(invocation.event?.name).to.equal('pairing.OwnershipTransferred');
      const transfer = JSON.parse(invocation.result) as TransferRecord;
      expect(transfer).to.include({ status: 'completed', initiatedBy: 'automaker', initiator: 'OemMSP' });
      expect([...transfer.revokedPairingIds].sort()).to.deep.equal([ownerPairing, driverPairing].sort());
      expect(await status(ownerPairing)).to.equal('revoked');
      expect(await status(driverPairing)).to.equal('revoked');
      expect((await scene.query<SecondaryRequestRecord>('GetRequest', [pending.requestId])).status).to.equal('cancelled');
      const vehicle = await scene.query<VehicleRecord>('GetVehicle', [VIN_A]);
      expect(vehicle).to.include({ ownershipEpoch: 1 });
      expect(vehicle.ownerDevice).to.equal(undefined);

      const newOwner = await scene.device('owner-phone', 'new owner phone');
      const newOwnership = { ownerName: 'Grace Brewster Hopper', purchaseDate: '2026-03-01' };
      const newPairing = await scene.prePairOwner({
        phone: newOwner,
        phoneData: phoneOpening([VIN_A], newOwnership, 'new owner'),
        vehicleData: vehicleOpening(VIN_A, newOwnership, 'after sale'),
      });
      expect(await scene.query<PairingView>('GetPairing', [newPairing])).to.include({ ownershipEpoch: 1, device: newOwner.address });
      // The old owner is nobody's approver any more.
      const later = JSON.parse((await scene.submit('RequestSecondaryPairing', [await scene.signed(driver, 'pairing.requestSecondary', { vin: VIN_A, role: 'driver' })])).result);
      expect(later.ownerDevice).to.equal(newOwner.address);
      const decision = await scene.signed(scene.owner, 'pairing.decideSecondary', { requestId: later.requestId, decision: 'approve', biometricCheck: FINGERPRINT });
      expect((await rejection(scene.submit('DecideSecondaryPairing', [decision]))).code).to.equal('PERMISSION_DENIED');
    });

    it('by the old owner takes effect when two components of the vehicle confirm it', async () => {
      const stranger = await scene.device('owner-phone', 'stranger phone');
      const byStranger = await scene.signed(stranger, 'pairing.requestTransfer', { vin: VIN_A, reason: 'mine now' });
      expect((await rejection(scene.submit('RequestOwnershipTransfer', [byStranger]))).code).to.equal('PERMISSION_DENIED');
      const requested = await scene.submit('RequestOwnershipTransfer', [await scene.signed(scene.owner, 'pairing.requestTransfer', { vin: VIN_A, reason: 'selling privately' })]);
      const transfer = JSON.parse(requested.result) as TransferRecord;
      expect(transfer.status).to.equal('pending-confirmation');
      expect(await status(ownerPairing)).to.equal('pre-paired');

      const confirm = (component: TestDevice) => component.sign('pairing.confirmTransfer', { transferId: transfer.transferId, vin: VIN_A }, scene.ledger);
      const one = await rejection(scene.submit('ConfirmOwnershipTransfer', [JSON.stringify({ transferId: transfer.transferId, confirmations: [await confirm(scene.vehicle.headUnit)] })]));
      expect(one.field).to.equal('confirmation.confirmations');
      const other = new TestVehicle(VIN_B);
      await other.register(scene.ledger, scene.devices);
      const foreign = await rejection(scene.submit('ConfirmOwnershipTransfer', [JSON.stringify({ transferId: transfer.transferId, confirmations: [await confirm(scene.vehicle.headUnit), await confirm(other.ecu)] })]));
      expect(foreign.code).to.equal('PERMISSION_DENIED');
      expect(foreign.field).to.equal('confirmation.confirmations[1].device');

      const done = await scene.submit('ConfirmOwnershipTransfer', [JSON.stringify({ transferId: transfer.transferId, confirmations: [await confirm(scene.vehicle.headUnit), await confirm(scene.vehicle.ecu)] })]);
      const completed = JSON.parse(done.result) as TransferRecord;
      expect(completed.status).to.equal('completed');
      expect(completed.confirmedBy).to.deep.equal([scene.vehicle.ecu.address, scene.vehicle.headUnit.address].sort());
      expect(await status(ownerPairing)).to.equal('revoked');
      expect((await scene.query<TransferRecord>('GetTransfer', [transfer.transferId])).status).to.equal('completed');
    });

    it('refuses to confirm an owner transfer that expired or was overtaken by the automaker', async () => {
      const transfer = JSON.parse((await scene.submit('RequestOwnershipTransfer', [await scene.signed(scene.owner, 'pairing.requestTransfer', { vin: VIN_A, reason: 'selling' })])).result) as TransferRecord;
      expect((await rejection(scene.submit('RequestOwnershipTransfer', [await scene.signed(scene.owner, 'pairing.requestTransfer', { vin: VIN_A, reason: 'again' })]))).code).to.equal('ALREADY_EXISTS');
      await scene.submit('TransferOwnership', [JSON.stringify({ vin: VIN_A, reason: 'repossessed' })]);
      const confirmations = [
        await scene.vehicle.headUnit.sign('pairing.confirmTransfer', { transferId: transfer.transferId, vin: VIN_A }, scene.ledger),
        await scene.vehicle.ecu.sign('pairing.confirmTransfer', { transferId: transfer.transferId, vin: VIN_A }, scene.ledger),
      ];
      const error = await rejection(scene.submit('ConfirmOwnershipTransfer', [JSON.stringify({ transferId: transfer.transferId, confirmations })]));
      expect(error.field).to.equal('transfer.fromEpoch');
    });
  });

  it('keeps the full lifecycle of a pairing for auditors, oldest first', async () => {
    await scene.reportProximity(ownerPairing, scene.vehicle.headUnit, scene.owner, pointsAtDistance(10_001));
    await scene.reportProximity(ownerPairing, scene.vehicle.headUnit, scene.owner, pointsAtDistance(9_999));
    await scene.submit('TransferOwnership', [JSON.stringify({ vin: VIN_A, reason: 'sold' })]);
    const history = await scene.query<RecordVersion<PairingRecord>[]>('PairingHistory', [ownerPairing], { mspId: 'AuditMSP' });
    expect(history.map((version) => [version.record?.status, version.record?.pairingEnabled])).to.deep.equal([
      ['pre-paired', false],
      ['pre-paired', false],
      ['paired', true],
      ['revoked', false],
    ]);
    expect(history[3]?.record?.statusReason).to.equal('ownership of the vehicle was transferred');
  });
});
