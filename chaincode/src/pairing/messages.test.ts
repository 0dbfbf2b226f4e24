import { expect } from 'chai';
import { sha256Hex } from '../lib/hash';
import type { TestDevice } from '../testing/devices';
import type { MismatchRecord } from './pairing-record-types';
import type { PairingView } from './pairing-queries';
import { PairingScene, TestVehicle, VIN_A, VIN_B, rejection } from './testing/pairing-scene';

const WRONG_ID = 'f'.repeat(64);

describe('PairingContract paired communication (claim 5, paragraph 61)', () => {
  let scene: PairingScene;
  let pairingId: string;

  beforeEach(async () => {
    scene = await PairingScene.create();
    pairingId = await scene.prePairOwner();
  });

  async function check(claimedId: string, options: { reporter?: TestDevice; device?: string; command?: string; vin?: string } = {}) {
    const payload = {
      vin: options.vin ?? VIN_A,
      device: options.device ?? scene.owner.address,
      pairingId: claimedId,
      command: options.command ?? 'unlock',
      messageHash: sha256Hex('unlock the doors'),
    };
    const invocation = await scene.submit('VerifyMessage', [await scene.signed(options.reporter ?? scene.vehicle.headUnit, 'pairing.checkMessage', payload)]);
    return { invocation, outcome: JSON.parse(invocation.result) as { outcome: string; mismatchCount?: number; unpaired?: boolean; mismatchId?: string } };
  }

  it('verifies a message that carries the device’s pairing identifier, writing nothing but the nonce', async () => {
    const before = scene.ledger.rawState().size;
    const { invocation, outcome } = await check(pairingId);
    expect(outcome).to.deep.equal({ outcome: 'verified', pairingId, role: 'owner' });
    expect(invocation.event).to.equal(undefined);
    expect(scene.ledger.rawState().size).to.equal(before + 1);
    expect(JSON.parse(await scene.ledger.evaluate(scene.contract, 'CheckPairingId', [VIN_A, scene.owner.address, pairingId]))).to.deep.equal({ matches: true, status: 'pre-paired' });
  });

  it('records a mismatch and tells the automaker; the configured count un-pairs the device', async () => {
    const first = await check(WRONG_ID);
    expect(first.outcome).to.include({ outcome: 'mismatch', mismatchCount: 1, unpaired: false });
    expect(first.invocation.event?.name).to.equal('pairing.MessageMismatch');
    expect(first.invocation.event?.payload.notices[0]?.to).to.include('org:OemMSP');
    await check(WRONG_ID);
    const third = await check(WRONG_ID);
    expect(third.outcome).to.include({ mismatchCount: 3, unpaired: true });
    expect(third.invocation.event?.payload.notices.map((n) => n.type)).to.deep.equal(['pairing.MessageMismatch', 'pairing.Unpaired']);
    expect((await scene.query<PairingView>('GetPairing', [pairingId])).status).to.equal('revoked');
    const recorded = await scene.query<MismatchRecord[]>('MismatchesOfVehicle', [VIN_A]);
    expect(recorded.map((m) => [m.claimedPairingId, m.expectedPairingId, m.mismatchCount])).to.deep.equal([
      [WRONG_ID, pairingId, 1],
      [WRONG_ID, pairingId, 2],
      [WRONG_ID, pairingId, 3],
    ]);
    // The right identifier no longer opens anything once un-paired.
    expect((await check(pairingId)).outcome).to.include({ outcome: 'mismatch', mismatchCount: 0 });
  });

  it('never un-pairs when the automaker sets the count to 0', async () => {
    await scene.submit('SetConfig', [JSON.stringify({ proximityLimitMm: 10_000, mismatchUnpairThreshold: 0, maxGuestValidityMs: 86_400_000 })]);
    for (let i = 0; i < 4; i += 1) await check(WRONG_ID);
    expect((await scene.query<PairingView>('GetPairing', [pairingId])).status).to.equal('pre-paired');
  });

  it('records a message from a device with no pairing at all', async () => {
    const stranger = await scene.device('owner-phone', 'stranger phone');
    const { outcome } = await check(WRONG_ID, { device: stranger.address });
    expect(outcome).to.include({ outcome: 'mismatch', mismatchCount: 0, unpaired: false });
  });

  it('checks the command against the role', async () => {
    const guest = await scene.device('rider-phone', 'guest phone');
    const requested = await scene.submit('RequestSecondaryPairing', [await scene.signed(guest, 'pairing.requestSecondary', { vin: VIN_A, role: 'guest', validUntilMs: scene.ledger.clockMs + 3_600_000 })]);
    const decision = { requestId: JSON.parse(requested.result).requestId, decision: 'approve', biometricCheck: { method: 'iris', passed: true } };
    const { pairingId: guestPairing } = JSON.parse((await scene.submit('DecideSecondaryPairing', [await scene.signed(scene.owner, 'pairing.decideSecondary', decision)])).result);
    expect((await check(guestPairing, { device: guest.address, command: 'unlock' })).outcome.outcome).to.equal('verified');
    expect((await check(guestPairing, { device: guest.address, command: 'start' })).outcome.outcome).to.equal('forbidden');
  });

  it('accepts reports only from the vehicle’s own components', async () => {
    const other = new TestVehicle(VIN_B);
    await other.register(scene.ledger, scene.devices);
    const error = await rejection(check(pairingId, { reporter: other.headUnit }));
    expect(error.code).to.equal('PERMISSION_DENIED');
    expect(error.field).to.equal('check.device');
    const phoneAsReporter = await rejection(check(pairingId, { reporter: scene.owner }));
    expect(phoneAsReporter.code).to.equal('PERMISSION_DENIED');
  });
});
