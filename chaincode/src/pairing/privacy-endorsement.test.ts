import { expect } from 'chai';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { sha256Hex } from '../lib/hash';
import type { InvokeResult } from '../testing/test-ledger';
import { commitmentOf } from './ownership';
import type { PairingView } from './pairing-queries';
import { OWNER, PairingScene, TestVehicle, VIN_A, VIN_B, VIN_C, holderOpening, identification, phoneOpening, pointsAtDistance, rejection, vehicleOpening } from './testing/pairing-scene';

const compositeKey = (type: string, ...parts: string[]) => `\u0000${type}\u0000${parts.map((part) => `${part}\u0000`).join('')}`;
const PERSONAL_VALUES = [OWNER.name, OWNER.name.toLowerCase(), OWNER.address, OWNER.place, OWNER.imei, OWNER.mac, OWNER.holderName, 'Somebody Else'];

describe('PairingContract privacy and key-level endorsement', () => {
  let scene: PairingScene;
  const events: InvokeResult[] = [];
  let ownerPairing: string;
  let spousePairing: string;
  let requestId: string;
  let invitationId: string;

  before(async () => {
    scene = await PairingScene.create();
    const spouse = await scene.device('owner-phone', 'spouse phone');
    const vehicleC = new TestVehicle(VIN_C);
    await vehicleC.register(scene.ledger, scene.devices);
    // A rejected attempt with somebody else's name, then the real pre-pairing.
    events.push((await scene.prePair({ vehicleData: vehicleOpening(VIN_A, { ownerName: 'Somebody Else' }) })).invocation);
    const ownerData = phoneOpening([VIN_A, VIN_B]);
    const { invocation, outcome } = await scene.prePair({ phoneData: ownerData });
    events.push(invocation);
    ownerPairing = outcome.pairingId ?? '';
    const holder = holderOpening();
    const requested = await scene.submit('RequestSecondaryPairing', [await scene.signed(spouse, 'pairing.requestSecondary', { vin: VIN_A, role: 'driver', deviceDataCommitment: commitmentOf(holder) })], { transient: { deviceData: JSON.stringify(holder) } });
    events.push(requested);
    requestId = JSON.parse(requested.result).requestId;
    const decided = await scene.submit('DecideSecondaryPairing', [await scene.signed(scene.owner, 'pairing.decideSecondary', { requestId, decision: 'approve', biometricCheck: { method: 'face', passed: true } })]);
    events.push(decided);
    spousePairing = JSON.parse(decided.result).pairingId;
    events.push(await scene.reportProximity(ownerPairing, scene.vehicle.headUnit, scene.owner, pointsAtDistance(9_999)));
    const invited = await scene.submit('InviteVehicles', [await scene.signed(scene.owner, 'pairing.inviteVehicles', { pairingId: ownerPairing, vins: [VIN_C] })]);
    events.push(invited);
    invitationId = JSON.parse(invited.result).invitations[0].invitationId;
    const ownershipC = vehicleOpening(VIN_C, { purchaseDate: '2024-02-02' });
    const base = { vehicle: identification(VIN_C), forDevice: scene.owner.address, invitationId };
    const reports = [
      await vehicleC.report(vehicleC.headUnit, scene.ledger, scene.owner.address, base),
      await vehicleC.report(vehicleC.digitalKey, scene.ledger, scene.owner.address, { ...base, ownershipCommitment: commitmentOf(ownershipC) }),
    ];
    events.push(await scene.submit('AnswerInvitation', [JSON.stringify({ invitationId, reports })], { transient: { ownerOwnership: JSON.stringify(ownerData), vehicleOwnership: JSON.stringify(ownershipC) } }));
  });

  it('writes no personal data anywhere in public state, keys or events', () => {
    const state = scene.ledger.rawState();
    expect(state.size).to.be.greaterThan(20);
    const publicText = [...state.entries()].map(([key, value]) => `${key}=${Buffer.from(value).toString('utf8')}`).join('\n');
    const eventText = JSON.stringify(events.map((invocation) => invocation.event));
    for (const value of PERSONAL_VALUES) {
      expect(publicText, value).to.not.contain(value);
      expect(eventText, value).to.not.contain(value);
    }
  });

  it('keeps the personal data in oemPrivate, where Fabric’s private-data hash equals the signed commitment', () => {
    const collection = scene.ledger.world.privateState.get('oemPrivate');
    const privateText = [...(collection?.values() ?? [])].map((value) => Buffer.from(value).toString('utf8')).join('\n');
    expect(privateText).to.contain(OWNER.name).and.contain(OWNER.imei).and.contain(OWNER.holderName);
    expect(privateText).to.not.contain('Somebody Else');
    const commitment = commitmentOf(phoneOpening([VIN_A, VIN_B]));
    const key = compositeKey('pairing-opening', commitment);
    expect(Buffer.from(scene.ledger.world.privateHash('oemPrivate', key)).toString('hex')).to.equal(commitment);
    expect(sha256Hex(Buffer.from(collection?.get(key) ?? []))).to.equal(commitment);
  });

  it('gives the private data back to automaker clients only', async () => {
    const commitment = commitmentOf(holderOpening());
    expect(JSON.parse(await scene.ledger.evaluate(scene.contract, 'GetPrivateData', [commitment])).data.holderName).to.equal(OWNER.holderName);
    expect((await rejection(scene.ledger.evaluate(scene.contract, 'GetPrivateData', [commitment], { mspId: 'AuditMSP' }))).code).to.equal('PERMISSION_DENIED');
    expect((await rejection(scene.ledger.evaluate(scene.contract, 'GetPrivateData', ['0'.repeat(64)]))).code).to.equal('NOT_FOUND');
  });

  it('puts pairing, vehicle, request and invitation records under the automaker’s key-level endorsement', async () => {
    const expected = new KeyEndorsementPolicy();
    expected.addOrgs('PEER', 'OemMSP');
    const pairingsOfOwner = await scene.query<PairingView[]>('PairingsOfDevice', [scene.owner.address]);
    const keys = [
      ...[...pairingsOfOwner.map((pairing) => pairing.pairingId), spousePairing].map((id) => compositeKey('pairing', id)),
      compositeKey('pairing-vehicle', VIN_A),
      compositeKey('pairing-vehicle', VIN_C),
      compositeKey('pairing-request', requestId),
      compositeKey('pairing-invitation', invitationId),
    ];
    expect(pairingsOfOwner).to.have.length(2);
    for (const key of keys) {
      expect(scene.ledger.rawState().has(key), key).to.equal(true);
      const policy = scene.ledger.world.validationParameters.get(key);
      expect(policy, key).to.not.equal(undefined);
      expect(new KeyEndorsementPolicy(policy).listOrgs()).to.deep.equal(['OemMSP']);
      expect(Buffer.from(policy ?? []).equals(Buffer.from(expected.getPolicy())), key).to.equal(true);
    }
  });
});
