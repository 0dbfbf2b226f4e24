import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { expect } from 'chai';
import { commitmentOf, newSecret } from '../commitments';
import { DeviceKey } from '../device-key';
import { RequestSigner } from '../request-signing';
import { draftRideRequest, draftRideResponse, firstHash, keyHash, keyPartCommitment, requestRideBody, RideProtocolError, RideView, secondHash, type RideNotice } from './rideshare';

const rideId = 'a'.repeat(64);
const CELL = 100;

/** The notices the chaincode emits for one ride, with the private items the operator's gateway attaches. */
function ledgerNotices() {
  const request = draftRideRequest({ pickup: { latE6: 48_137_150, lonE6: 11_575_450 }, destination: { latE6: 48_353_750, lonE6: 11_786_080 } });
  const response = draftRideResponse({ location: { latE6: 48_140_000, lonE6: 11_580_000 } });
  const ledger = { request: newSecret(), response: newSecret() };
  const requestKeyHash = keyHash('request', request.riderKeyPart, ledger.request);
  const responseKeyHash = keyHash('response', response.driverKeyPart, ledger.response);
  const keyPart = (key: 'request' | 'response', part: 'first' | 'second', value: string): RideNotice => ({
    type: 'rideshare.KeyPartDelivered',
    data: { rideId, key, part, keyHash: key === 'request' ? requestKeyHash : responseKeyHash, item: `${key}-key-${part}`, commitment: keyPartCommitment(value) },
    private: { [`${key}-key-${part}`]: { kind: 'rideshare.keyPart', part: value } },
  });
  return {
    request,
    response,
    ledger,
    rider: [
      { type: 'rideshare.RideRequested', data: { rideId, requestedAtMs: request.requestedAtMs, keyHash: requestKeyHash } },
      keyPart('request', 'second', ledger.request),
      { type: 'rideshare.RideResponded', data: { rideId, respondedAtMs: response.respondedAtMs, keyHash: responseKeyHash } },
      { type: 'rideshare.ResponseDelivered', data: { rideId, respondedAtMs: response.respondedAtMs, details: { item: 'response-details', commitment: commitmentOf(response.details) } }, private: { 'response-details': response.details } },
      keyPart('response', 'first', response.driverKeyPart),
      keyPart('response', 'second', ledger.response),
    ] as RideNotice[],
    driver: [
      { type: 'rideshare.RideOffered', data: { rideId, requestedAtMs: request.requestedAtMs, rules: { locationCellE6: CELL }, details: { item: 'request-details', commitment: commitmentOf(request.details) } }, private: { 'request-details': request.details } },
      keyPart('request', 'first', request.riderKeyPart),
      keyPart('request', 'second', ledger.request),
      keyPart('response', 'second', ledger.response),
    ] as RideNotice[],
  };
}

describe('RideView (the device side of the split-key ride protocol)', () => {
  it('lets rider and driver validate both keys and compute the same hashes as the chaincode', () => {
    const world = ledgerNotices();
    const rider = new RideView(rideId).withRequest(world.request);
    const driver = new RideView(rideId).withResponse(world.response);
    for (const notice of world.rider) expect(rider.learn(notice), notice.type).to.equal(true);
    for (const notice of world.driver) driver.learn(notice);
    for (const view of [rider, driver]) {
      expect(view.keyValid('request')).to.equal(true);
      expect(view.keyValid('response')).to.equal(true);
    }
    const expectedFirst = firstHash({ requestedAtMs: world.request.requestedAtMs, details: world.request.details, key: { first: world.request.riderKeyPart, second: world.ledger.request } }, CELL);
    const expectedSecond = secondHash({ firstHash: expectedFirst, respondedAtMs: world.response.respondedAtMs, details: world.response.details, key: { first: world.response.driverKeyPart, second: world.ledger.response } }, CELL);
    expect(rider.hashes(CELL)).to.deep.equal({ requestHash: expectedFirst, responseHash: expectedSecond });
    expect(driver.hashes()).to.deep.equal({ requestHash: expectedFirst, responseHash: expectedSecond });
  });

  it('refuses a delivered secret that does not open the recorded commitment, and ignores other rides', () => {
    const world = ledgerNotices();
    const rider = new RideView(rideId).withRequest(world.request);
    const forged = world.rider[1] as RideNotice;
    expect(() => rider.learn({ ...forged, private: { 'request-key-second': { kind: 'rideshare.keyPart', part: newSecret() } } })).to.throw(RideProtocolError, 'does not open');
    const details = world.rider[3] as RideNotice;
    expect(() => rider.learn({ ...details, private: { 'response-details': { ...world.response.details, salt: '0'.repeat(32) } } })).to.throw(RideProtocolError, 'response-details');
    expect(rider.learn({ ...forged, data: { ...forged.data, rideId: 'b'.repeat(64) } })).to.equal(false);
    expect(() => rider.hashes(CELL)).to.throw(RideProtocolError, 'not fully known');
  });

  it('builds a ride request whose signed commitments open with the transient data', async () => {
    const key = DeviceKey.fromPrivateKey(`0x${'41'.repeat(32)}`);
    const draft = draftRideRequest({ pickup: { latE6: 1, lonE6: 2 }, destination: { latE6: 3, lonE6: 4 } });
    const body = await requestRideBody(new RequestSigner(key), draft);
    const { transient, ...request } = body;
    expect(recoverDeviceRequestSigner(request)).to.equal(key.address);
    expect(request.payload.detailsCommitment).to.equal(commitmentOf(transient.rideRequest));
    expect(request.payload.keyPartCommitment).to.equal(keyPartCommitment(transient.riderKeyPart));
    expect(transient.rideRequest.salt).to.match(/^[0-9a-f]{32}$/);
  });
});
