import { expect } from 'chai';
import type { TestDevice } from '../testing/devices';
import { commitmentOf } from './ownership';
import type { SecondaryRequestRecord } from './pairing-record-types';
import type { PairingView } from './pairing-queries';
import { OWNER, PairingScene, VIN_A, holderOpening, identification, rejection } from './testing/pairing-scene';

const FINGERPRINT = { method: 'fingerprint', passed: true } as const;
const DAY = 24 * 3600 * 1000;

describe('PairingContract secondary devices (claim 6, paragraphs 62-64)', () => {
  let scene: PairingScene;
  let spouse: TestDevice;

  beforeEach(async () => {
    scene = await PairingScene.create();
    spouse = await scene.device('owner-phone', 'spouse phone');
  });

  async function request(device: TestDevice, payload: Record<string, unknown> = {}, transient?: Record<string, string>): Promise<{ requestId: string; status: string; ownerDevice?: string }> {
    const signed = await scene.signed(device, 'pairing.requestSecondary', { vin: VIN_A, role: 'driver', ...payload });
    return JSON.parse((await scene.submit('RequestSecondaryPairing', [signed], { transient })).result);
  }

  async function decide(approver: TestDevice, payload: Record<string, unknown>): Promise<{ requestId: string; status: string; pairingId?: string }> {
    return JSON.parse((await scene.submit('DecideSecondaryPairing', [await scene.signed(approver, 'pairing.decideSecondary', payload)])).result);
  }

  describe('with a pre-paired owner', () => {
    let ownerPairing: string;
    beforeEach(async () => {
      ownerPairing = await scene.prePairOwner();
    });

    it('notifies the owner phone, which approves after a biometric check; the device is pre-paired', async () => {
      const signed = await scene.signed(spouse, 'pairing.requestSecondary', { vin: VIN_A, role: 'driver' });
      const requested = await scene.submit('RequestSecondaryPairing', [signed]);
      const { requestId, ownerDevice } = JSON.parse(requested.result);
      expect(ownerDevice).to.equal(scene.owner.address);
      expect(requested.event?.name).to.equal('pairing.SecondaryRequested');
      expect(requested.event?.payload.notices[0]?.to).to.include(`device:${scene.owner.address}`);
      const waiting = await scene.query<{ pending: SecondaryRequestRecord[] }>('PendingRequestsForOwner', [scene.owner.address]);
      expect(waiting.pending.map((r) => r.requestId)).to.deep.equal([requestId]);

      const decided = await scene.submit('DecideSecondaryPairing', [await scene.signed(scene.owner, 'pairing.decideSecondary', { requestId, decision: 'approve', biometricCheck: FINGERPRINT })]);
      const { pairingId, status } = JSON.parse(decided.result);
      expect(status).to.equal('approved');
      const notices = decided.event?.payload.notices ?? [];
      expect(notices.map((n) => n.type)).to.deep.equal(['pairing.PrePaired', 'pairing.DeviceDataDelivered', 'pairing.SecondaryDecided']);
      expect(notices[0]?.to).to.include(`device:${spouse.address}`);
      expect(notices[0]?.data.vehicle).to.deep.equal(identification(VIN_A));
      expect(notices[1]?.to).to.deep.equal([scene.vehicle.digitalKey.address, scene.vehicle.headUnit.address].map((a) => `device:${a}`).sort());
      const pairing = await scene.query<PairingView>('GetPairing', [pairingId]);
      expect(pairing).to.include({ device: spouse.address, role: 'driver', origin: 'secondary-approval', approvedBy: scene.owner.address, ownerPairingId: ownerPairing, status: 'pre-paired' });
      expect(pairing.biometricCheck).to.deep.equal(FINGERPRINT);
      expect((await scene.query<{ pending: unknown[] }>('PendingRequestsForOwner', [scene.owner.address])).pending).to.deep.equal([]);
    });

    it('requires the biometric check to approve, records only its fact, and refuses biometric data', async () => {
      const { requestId } = await request(spouse);
      expect((await rejection(decide(scene.owner, { requestId, decision: 'approve' }))).field).to.equal('decision.payload.biometricCheck');
      expect((await rejection(decide(scene.owner, { requestId, decision: 'approve', biometricCheck: { method: 'face', passed: false } }))).field).to.equal('decision.payload.biometricCheck.passed');
      const smuggled = await rejection(decide(scene.owner, { requestId, decision: 'approve', biometricCheck: { ...FINGERPRINT, template: 'minutiae…' } }));
      expect(smuggled.field).to.equal('decision.payload.biometricCheck.template');
      expect(smuggled.rule).to.equal('is not an allowed field');
    });

    it('refuses an approval by a phone that is not the owner', async () => {
      const { requestId } = await request(spouse);
      const intruder = await scene.device('owner-phone', 'intruder phone');
      const error = await rejection(decide(intruder, { requestId, decision: 'approve', biometricCheck: FINGERPRINT }));
      expect(error.code).to.equal('PERMISSION_DENIED');
      expect(error.field).to.equal('decision.device');
      expect((await scene.query<SecondaryRequestRecord>('GetRequest', [requestId])).status).to.equal('pending');
    });

    it('lets the owner reject, and a decided request cannot be decided again', async () => {
      const { requestId } = await request(spouse);
      expect((await decide(scene.owner, { requestId, decision: 'reject' })).status).to.equal('rejected');
      const again = await rejection(decide(scene.owner, { requestId, decision: 'approve', biometricCheck: FINGERPRINT }));
      expect(again.code).to.equal('FAILED_PRECONDITION');
    });

    it('refuses a second open request, a request from a revoked device, and approving a since-revoked requester', async () => {
      const { requestId } = await request(spouse);
      expect((await rejection(request(spouse))).code).to.equal('ALREADY_EXISTS');
      await scene.ledger.submit(scene.devices, 'Revoke', [JSON.stringify({ address: spouse.address, reason: 'stolen' })]);
      expect((await rejection(request(spouse))).code).to.equal('PERMISSION_DENIED');
      const error = await rejection(decide(scene.owner, { requestId, decision: 'approve', biometricCheck: FINGERPRINT }));
      expect(error.code).to.equal('FAILED_PRECONDITION');
      expect(error.field).to.equal('request.device');
    });

    it('lets the owner narrow the role and set an end; guests always have one, at most 30 days', async () => {
      const { requestId } = await request(spouse);
      const validUntilMs = scene.ledger.clockMs + DAY;
      const { pairingId } = await decide(scene.owner, { requestId, decision: 'approve', biometricCheck: FINGERPRINT, role: 'guest', validUntilMs });
      expect(await scene.query<PairingView>('GetPairing', [pairingId ?? ''])).to.include({ role: 'guest', validUntilMs });
      const friend = await scene.device('rider-phone', 'friend phone');
      expect((await rejection(request(friend, { role: 'guest' }))).field).to.equal('request.payload.validUntilMs');
      const tooLong = await rejection(request(friend, { role: 'guest', validUntilMs: scene.ledger.clockMs + 31 * DAY }));
      expect(tooLong.rule).to.contain('at most');
    });

    it('stores the requester’s committed data privately and refuses data without a commitment', async () => {
      const opening = holderOpening();
      const withData = await request(spouse, { deviceDataCommitment: commitmentOf(opening) }, { deviceData: JSON.stringify(opening) });
      expect((await scene.query<SecondaryRequestRecord>('GetRequest', [withData.requestId])).deviceDataCommitment).to.equal(commitmentOf(opening));
      const stored = await scene.ledger.evaluate(scene.contract, 'GetPrivateData', [commitmentOf(opening)]);
      expect(JSON.parse(stored).data.holderName).to.equal(OWNER.holderName);
      const other = await scene.device('driver-phone', 'driver two');
      expect((await rejection(request(other, {}, { deviceData: JSON.stringify(opening) }))).field).to.equal('transient.deviceData');
      expect((await rejection(request(other, { deviceDataCommitment: commitmentOf(opening) }))).field).to.equal('transient.deviceData');
    });
  });

  describe('before the owner has pre-paired (paragraph 64)', () => {
    it('waits for the approving phone to pre-pair as owner, then completes automatically', async () => {
      const { requestId, ownerDevice } = await request(spouse);
      expect(ownerDevice).to.equal(undefined);
      const approve = await scene.submit('DecideSecondaryPairing', [await scene.signed(scene.owner, 'pairing.decideSecondary', { requestId, decision: 'approve', biometricCheck: FINGERPRINT })]);
      expect(JSON.parse(approve.result).status).to.equal('awaiting-owner-pre-pairing');
      expect(approve.event?.name).to.equal('pairing.OwnerPrePairingRequired');
      expect(approve.event?.payload.notices[0]?.to).to.include(`device:${scene.owner.address}`);
      const waiting = await scene.query<{ awaitingOwnerPrePairing: SecondaryRequestRecord[] }>('PendingRequestsForOwner', [scene.owner.address]);
      expect(waiting.awaitingOwnerPrePairing.map((r) => r.requestId)).to.deep.equal([requestId]);

      const { outcome } = await scene.prePair();
      expect(outcome.completedRequestPairings).to.have.length(1);
      const [spousePairing] = await scene.query<PairingView[]>('PairingsOfDevice', [spouse.address]);
      expect(spousePairing).to.include({ vin: VIN_A, role: 'driver', approvedBy: scene.owner.address, ownerPairingId: outcome.pairingId, pairingId: outcome.completedRequestPairings?.[0] });
      expect((await scene.query<SecondaryRequestRecord>('GetRequest', [requestId])).status).to.equal('approved');
      expect((await scene.query<{ awaitingOwnerPrePairing: unknown[] }>('PendingRequestsForOwner', [scene.owner.address])).awaitingOwnerPrePairing).to.deep.equal([]);
    });

    it('returns an approval by a phone that did not become the owner to the real owner', async () => {
      const { requestId } = await request(spouse);
      const impostor = await scene.device('owner-phone', 'impostor phone');
      await decide(impostor, { requestId, decision: 'approve', biometricCheck: FINGERPRINT });
      const { invocation, outcome } = await scene.prePair();
      expect(outcome.completedRequestPairings).to.deep.equal([]);
      const reopened = await scene.query<SecondaryRequestRecord>('GetRequest', [requestId]);
      expect(reopened.status).to.equal('pending');
      expect(reopened.approver).to.equal(undefined);
      const notice = invocation.event?.payload.notices.find((n) => n.type === 'pairing.SecondaryRequested');
      expect(notice?.to).to.include(`device:${scene.owner.address}`);
      expect(await scene.query<PairingView[]>('PairingsOfDevice', [spouse.address])).to.deep.equal([]);
    });

    it('refuses a rejection while there is no owner to make it', async () => {
      const { requestId } = await request(spouse);
      expect((await rejection(decide(scene.owner, { requestId, decision: 'reject' }))).field).to.equal('vehicle.owner');
    });
  });

  describe('time-limited pairings', () => {
    it('expire at their end: checks fail, queries say expired, and the expiry can be written down', async () => {
      await scene.prePairOwner();
      const start = scene.ledger.clockMs;
      const validUntilMs = start + 10 * 60_000;
      const { requestId } = await request(spouse, { role: 'guest', validUntilMs });
      const { pairingId = '' } = await decide(scene.owner, { requestId, decision: 'approve', biometricCheck: FINGERPRINT });
      expect((await rejection(scene.submit('ExpirePairing', [pairingId]))).code).to.equal('FAILED_PRECONDITION');
      const before = await scene.query<PairingView>('GetPairing', [pairingId], { timestampMs: validUntilMs - 1 });
      expect(before.effectiveStatus).to.equal('pre-paired');
      const after = await scene.query<PairingView>('GetPairing', [pairingId], { timestampMs: validUntilMs });
      expect(after).to.include({ status: 'pre-paired', effectiveStatus: 'expired' });
      scene.ledger.clockMs = validUntilMs;
      expect(JSON.parse(await scene.ledger.evaluate(scene.contract, 'CheckPairingId', [VIN_A, spouse.address, pairingId]))).to.deep.equal({ matches: false, status: 'expired' });
      const expired = await scene.submit('ExpirePairing', [pairingId]);
      expect(expired.event?.name).to.equal('pairing.Expired');
      expect((await scene.query<PairingView>('GetPairing', [pairingId])).status).to.equal('expired');
      // An expired guest can ask again.
      expect((await request(spouse, { role: 'guest', validUntilMs: scene.ledger.clockMs + DAY })).status).to.equal('pending');
    });
  });
});
