import { expect } from 'chai';
import type { TestDevice } from '../testing/devices';
import { commitmentOf } from './ownership';
import type { InvitationRecord, VehicleRecord } from './pairing-record-types';
import type { PairingView } from './pairing-queries';
import { OWNER, PairingScene, TestVehicle, VIN_A, VIN_B, VIN_C, identification, phoneOpening, rejection, saltFor, vehicleOpening, type Outcome } from './testing/pairing-scene';

describe('PairingContract other vehicles of the same owner (claim 7, paragraphs 65-68)', () => {
  let scene: PairingScene;
  let ownerPairing: string;
  let vehicleB: TestVehicle;
  let vehicleC: TestVehicle;

  beforeEach(async () => {
    scene = await PairingScene.create();
    vehicleB = new TestVehicle(VIN_B);
    vehicleC = new TestVehicle(VIN_C);
    await vehicleB.register(scene.ledger, scene.devices);
    await vehicleC.register(scene.ledger, scene.devices);
    // The phone's ownership data lists vehicles A and B, but not C (paragraph 67).
    ownerPairing = await scene.prePairOwner({ phoneData: ownerData });
  });

  /** The owner phone's ownership opening, stored at pre-pairing; the client sends it again to answer. */
  const ownerData = phoneOpening([VIN_A, VIN_B]);

  async function invite(vins: string[], phone: TestDevice = scene.owner, pairingId = ownerPairing): Promise<Map<string, string>> {
    const invocation = await scene.submit('InviteVehicles', [await scene.signed(phone, 'pairing.inviteVehicles', { pairingId, vins })]);
    const { invitations } = JSON.parse(invocation.result) as { invitations: { invitationId: string; vin: string }[] };
    return new Map(invitations.map((invitation) => [invitation.vin, invitation.invitationId]));
  }

  interface AnswerOptions {
    ownership?: ReturnType<typeof vehicleOpening>;
    vin?: string;
    /** The transient `ownerOwnership` value; undefined leaves it out. */
    ownerOwnership?: string | undefined;
  }

  async function answer(vehicle: TestVehicle, invitationId: string, options: AnswerOptions = {}): Promise<Outcome> {
    const vehicleData = { vehicle: identification(options.vin ?? vehicle.vin), forDevice: scene.owner.address, invitationId };
    const reports = [
      await vehicle.report(vehicle.headUnit, scene.ledger, scene.owner.address, vehicleData),
      options.ownership
        ? await vehicle.report(vehicle.digitalKey, scene.ledger, scene.owner.address, { ...vehicleData, ownershipCommitment: commitmentOf(options.ownership) })
        : await vehicle.report(vehicle.ecu, scene.ledger, scene.owner.address, vehicleData),
    ];
    const ownerOwnership = 'ownerOwnership' in options ? options.ownerOwnership : JSON.stringify(ownerData);
    const transient: Record<string, string> = {};
    if (ownerOwnership !== undefined) transient.ownerOwnership = ownerOwnership;
    if (options.ownership) transient.vehicleOwnership = JSON.stringify(options.ownership);
    return JSON.parse((await scene.submit('AnswerInvitation', [JSON.stringify({ invitationId, reports })], { transient })).result) as Outcome;
  }

  it('invites the listed vehicles and tells the phone and the automaker', async () => {
    const invocation = await scene.submit('InviteVehicles', [await scene.signed(scene.owner, 'pairing.inviteVehicles', { pairingId: ownerPairing, vins: [VIN_B, VIN_C] })]);
    expect(invocation.event?.payload.notices.map((n) => n.type)).to.deep.equal(['pairing.VehiclesInvited', 'pairing.VehicleInvited', 'pairing.VehicleInvited']);
    expect(invocation.event?.payload.notices[1]?.to).to.deep.equal(['org:OemMSP']);
    const { invitations } = JSON.parse(invocation.result) as { invitations: { invitationId: string }[] };
    const record = await scene.query<InvitationRecord>('GetInvitation', [invitations[0]?.invitationId ?? '']);
    expect(record).to.include({ vin: VIN_B, ownerDevice: scene.owner.address, ownerPairingId: ownerPairing, status: 'open' });
  });

  it('pre-pairs a vehicle in the owner’s committed VIN list from two components', async () => {
    const invitationId = (await invite([VIN_B])).get(VIN_B) ?? '';
    const outcome = await answer(vehicleB, invitationId);
    expect(outcome.outcome).to.equal('pre-paired');
    const pairing = await scene.query<PairingView>('GetPairing', [outcome.pairingId ?? '']);
    expect(pairing).to.include({ vin: VIN_B, device: scene.owner.address, role: 'owner', origin: 'invitation', invitationId, ownerPairingId: ownerPairing });
    expect((await scene.query<VehicleRecord>('GetVehicle', [VIN_B])).ownerDevice).to.equal(scene.owner.address);
    expect((await scene.query<InvitationRecord>('GetInvitation', [invitationId])).status).to.equal('accepted');
    expect((await scene.query<PairingView[]>('PairingsOfDevice', [scene.owner.address])).map((p) => p.vin)).to.deep.equal([VIN_A, VIN_B]);
  });

  it('records an unlisted vehicle that sends no ownership data, and pre-pairs it when its data names the owner', async () => {
    const invitationId = (await invite([VIN_C])).get(VIN_C) ?? '';
    const unverified = await answer(vehicleC, invitationId);
    expect(unverified).to.include({ outcome: 'rejected' });
    expect(unverified.reasons).to.deep.equal(['ownership-unverified']);
    const stranger = await answer(vehicleC, invitationId, { ownership: vehicleOpening(VIN_C, { ownerName: 'Somebody Else' }) });
    expect(stranger.reasons).to.deep.equal(['ownership-mismatch']);
    // Another vehicle was bought elsewhere and on another day: only the owner's identity must match.
    const owned = await answer(vehicleC, invitationId, { ownership: vehicleOpening(VIN_C, { purchaseDate: '2023-04-01', purchasePlace: 'Other Dealer' }) });
    expect(owned.outcome).to.equal('pre-paired');
  });

  it('records components that answer for a vehicle other than the invited one', async () => {
    const invitationId = (await invite([VIN_B])).get(VIN_B) ?? '';
    const unboundC = new TestVehicle(VIN_C, 'unbound c');
    await unboundC.register(scene.ledger, scene.devices, false);
    const outcome = await answer(unboundC, invitationId);
    expect(outcome.reasons).to.deep.equal(['vin-mismatch']);
  });

  it('refuses reports not bound to the invitation, and expired invitations', async () => {
    const invitationId = (await invite([VIN_B])).get(VIN_B) ?? '';
    const plain = [
      await vehicleB.report(vehicleB.headUnit, scene.ledger, scene.owner.address),
      await vehicleB.report(vehicleB.ecu, scene.ledger, scene.owner.address),
    ];
    const error = await rejection(scene.submit('AnswerInvitation', [JSON.stringify({ invitationId, reports: plain })]));
    expect(error.field).to.equal('answer.reports[0].payload.invitationId');
    scene.ledger.clockMs += 8 * 24 * 3600 * 1000;
    expect((await rejection(answer(vehicleB, invitationId))).field).to.equal('invitation.expiresAtMs');
  });

  it('needs the owner’s stored ownership data in transient data, checked against the invitation’s commitment', async () => {
    const invited = await invite([VIN_B, VIN_C]);
    const missing = await rejection(answer(vehicleB, invited.get(VIN_B) ?? '', { ownerOwnership: undefined }));
    expect([missing.code, missing.field]).to.deep.equal(['INVALID_ARGUMENT', 'transient.ownerOwnership']);
    const malformed = await rejection(answer(vehicleB, invited.get(VIN_B) ?? '', { ownerOwnership: '{"salt":' }));
    expect([malformed.code, malformed.field]).to.deep.equal(['INVALID_ARGUMENT', 'transient.ownerOwnership']);
    // A VIN list that names unlisted vehicle C, or the right data with another salt: not what the owner committed to.
    for (const forged of [phoneOpening([VIN_A, VIN_B, VIN_C]), { ...ownerData, salt: saltFor('other') }]) {
      const error = await rejection(answer(vehicleC, invited.get(VIN_C) ?? '', { ownerOwnership: JSON.stringify(forged) }));
      expect([error.code, error.field]).to.deep.equal(['UNAUTHENTICATED', 'transient.ownerOwnership']);
      expect(error.message).to.not.contain(OWNER.name);
    }
    expect((await answer(vehicleB, invited.get(VIN_B) ?? '')).outcome).to.equal('pre-paired');
  });

  it('refuses the owner’s data once oemPrivate no longer holds it (checked by its private-data hash)', async () => {
    const invitationId = (await invite([VIN_B])).get(VIN_B) ?? '';
    // Purged, as a collection's blockToLive would: the public commitment stays, the private data is gone.
    const oemPrivate = scene.ledger.world.collection('oemPrivate');
    const ownerKeys = [...oemPrivate].filter(([, value]) => Buffer.from(value).toString('utf8').includes(ownerData.salt)).map(([key]) => key);
    expect(ownerKeys).to.have.length(1);
    oemPrivate.delete(ownerKeys[0] ?? '');
    const error = await rejection(answer(vehicleB, invitationId));
    expect([error.code, error.field]).to.deep.equal(['FAILED_PRECONDITION', 'invitation.ownerCommitment']);
  });

  it('lets only the owner phone of a live owner pairing invite, and not its own vehicle', async () => {
    expect((await rejection(invite([VIN_A]))).field).to.equal('invitation.payload.vins[0]');
    const driver = await scene.device('owner-phone', 'driver phone');
    expect((await rejection(invite([VIN_B], driver))).code).to.equal('PERMISSION_DENIED');
    await invite([VIN_B]);
    expect((await rejection(invite([VIN_B]))).code).to.equal('ALREADY_EXISTS');
  });
});
