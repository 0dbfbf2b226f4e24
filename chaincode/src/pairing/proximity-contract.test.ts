import { expect } from 'chai';
import type { PairingView } from './pairing-queries';
import { FIX_MAX_AGE_MS, FIX_MAX_GAP_MS } from './proximity';
import { PairingScene, TestVehicle, VIN_B, pointsAtDistance, rejection } from './testing/pairing-scene';

describe('PairingContract proximity pairing (claim 2, paragraph 54)', () => {
  let scene: PairingScene;
  let pairingId: string;

  beforeEach(async () => {
    scene = await PairingScene.create();
    pairingId = await scene.prePairOwner();
  });

  it('pairs at 9 999 mm and tells the phone and the components that pairing is enabled', async () => {
    const invocation = await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(9_999));
    expect(JSON.parse(invocation.result)).to.deep.equal({ pairingId, pairingEnabled: true, distanceMm: 9_999, limitMm: 10_000, status: 'paired' });
    const pairedAtMs = scene.ledger.clockMs;
    expect(invocation.event?.name).to.equal('pairing.PairingEnabled');
    const to = invocation.event?.payload.notices[0]?.to ?? [];
    expect(to).to.include(`device:${scene.owner.address}`).and.include(`device:${scene.vehicle.digitalKey.address}`);
    const pairing = await scene.query<PairingView>('GetPairing', [pairingId]);
    expect(pairing).to.include({ status: 'paired', pairingEnabled: true, lastDistanceMm: 9_999 });
    expect(pairing.pairedAtMs).to.equal(pairedAtMs);
  });

  it('pairs at exactly 10 000 mm', async () => {
    const result = JSON.parse((await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(10_000))).result);
    expect(result).to.include({ pairingEnabled: true, distanceMm: 10_000, status: 'paired' });
  });

  it('does not pair at 10 001 mm, and disables a paired device that moves away', async () => {
    const far = await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(10_001));
    expect(JSON.parse(far.result)).to.include({ pairingEnabled: false, distanceMm: 10_001, status: 'pre-paired' });
    expect(far.event?.name).to.equal('pairing.PairingDisabled');
    await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(9_999));
    const away = JSON.parse((await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(10_001))).result);
    expect(away).to.include({ pairingEnabled: false, status: 'paired' });
  });

  it('uses the distance the automaker configures', async () => {
    const config = { proximityLimitMm: 5_000, mismatchUnpairThreshold: 3, maxGuestValidityMs: 86_400_000 };
    expect((await rejection(scene.submit('SetConfig', [JSON.stringify(config)], { mspId: 'MobilityMSP' }))).code).to.equal('PERMISSION_DENIED');
    await scene.submit('SetConfig', [JSON.stringify(config)]);
    expect(await scene.query('GetConfig', [])).to.deep.equal(config);
    const result = JSON.parse((await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, pointsAtDistance(9_999))).result);
    expect(result).to.include({ pairingEnabled: false, limitMm: 5_000 });
  });

  it('refuses stale, future and too distant-in-time fixes', async () => {
    const points = pointsAtDistance(1_000);
    const txTime = () => scene.ledger.clockMs + 1000;
    const stale = await rejection(scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, points, { vehicleFixMs: txTime() - FIX_MAX_AGE_MS - 1 }));
    expect(stale.code).to.equal('FAILED_PRECONDITION');
    expect(stale.field).to.equal('fixes.vehicle.payload.fixTimeMs');
    const future = await rejection(scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, points, { deviceFixMs: txTime() + 60_000 }));
    expect(future.field).to.equal('fixes.device.payload.fixTimeMs');
    const apart = await rejection(scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, points, { vehicleFixMs: txTime() - FIX_MAX_GAP_MS - 2000, deviceFixMs: txTime() - 1000 }));
    expect(apart.field).to.equal('fixes');
  });

  it('accepts fixes only from the paired vehicle’s components and the paired device', async () => {
    const points = pointsAtDistance(1_000);
    const other = new TestVehicle(VIN_B);
    await other.register(scene.ledger, scene.devices);
    const wrongVehicle = await rejection(scene.reportProximity(pairingId, other.headUnit, scene.owner, points));
    expect(wrongVehicle.code).to.equal('PERMISSION_DENIED');
    expect(wrongVehicle.field).to.equal('fixes.vehicle.device');
    const stranger = await scene.device('owner-phone', 'stranger phone');
    const wrongDevice = await rejection(scene.reportProximity(pairingId, scene.vehicle.telematics, stranger, points));
    expect(wrongDevice.field).to.equal('fixes.device.device');
    // A VIN-bound component that did not report for the pre-pairing still speaks for its vehicle.
    expect(JSON.parse((await scene.reportProximity(pairingId, scene.vehicle.telematics, scene.owner, points)).result).pairingEnabled).to.equal(true);
  });

  it('requires the fixes in the transient map and keeps locations off the ledger', async () => {
    expect((await rejection(scene.submit('ReportProximity', [pairingId]))).field).to.equal('transient.fixes');
    const points = pointsAtDistance(9_999);
    const invocation = await scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, points);
    const publicText = [...scene.ledger.rawState().values()].map((value) => Buffer.from(value).toString('utf8')).join('\n') + JSON.stringify(invocation.event);
    expect(publicText).to.not.contain(String(points.vehicle.latE6));
    expect(publicText).to.not.contain('latE6');
  });

  it('refuses a replayed fix and a pairing that was revoked', async () => {
    const points = pointsAtDistance(1_000);
    const vehicleFix = await scene.vehicle.headUnit.sign('pairing.reportFix', { pairingId, position: points.vehicle, fixTimeMs: scene.ledger.clockMs }, scene.ledger);
    const deviceFix = await scene.owner.sign('pairing.reportFix', { pairingId, position: points.device, fixTimeMs: scene.ledger.clockMs }, scene.ledger);
    const transient = { fixes: JSON.stringify({ vehicle: vehicleFix, device: deviceFix }) };
    await scene.submit('ReportProximity', [pairingId], { transient });
    expect((await rejection(scene.submit('ReportProximity', [pairingId], { transient }))).field).to.equal('fixes.vehicle.nonce');
    await scene.submit('RevokePairing', [await scene.signed(scene.owner, 'pairing.revoke', { pairingId, reason: 'selling the car' })]);
    expect((await rejection(scene.reportProximity(pairingId, scene.vehicle.headUnit, scene.owner, points))).code).to.equal('FAILED_PRECONDITION');
  });
});
