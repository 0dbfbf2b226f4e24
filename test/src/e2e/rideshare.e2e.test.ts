import { type GeoPoint } from '@mobility-ledger/chaincode';
import { firstHash, keyPartCommitment, openingCommitment, secondHash } from '@mobility-ledger/chaincode/dist/rideshare/ride-hashes';
import { expect } from 'chai';
import { id } from 'ethers';
import { BlockReader, blocksContaining, findTransaction } from '../support/block-scan';
import { chaincodeRefusal } from '../support/chaincode-error';
import { ChaincodeEventListener } from '../support/chaincode-event-listener';
import { submitValid, type CommittedTransaction } from '../support/committed-submission';
import { E2eNetwork } from '../support/e2e-network';
import { E2eDevice } from '../support/e2e-devices';
import { tearDownNetwork } from '../support/e2e-teardown';

const PORT_OFFSET = 10500;
const VIN = '1HGCM82633A004352';
const TERMS_HASH = id('ride-share terms v1').slice(2);
const PICKUP: GeoPoint = { latE6: 48_137_150, lonE6: 11_575_450 };
const DESTINATION: GeoPoint = { latE6: 48_353_750, lonE6: 11_786_080 };
const DRIVER_LOCATION: GeoPoint = { latE6: 48_140_020, lonE6: 11_580_030 };
/** The default ride-share rules (rideshare-config.ts): the grid the hashes quantise locations to. */
const CELL_E6 = 100;
/** Ride-share transactions carrying secrets are endorsed by the operator and one org it trusts. */
const TRUSTED_WITH_SECRETS = ['MobilityMSP', 'AuditMSP'];

/** A 256-bit hex secret (key parts, parameter hashes) or a 128-bit salt, derived from a label. */
const secret = (label: string): string => id(`rideshare e2e secret:${label}`).slice(2);
const salt = (label: string): string => secret(`salt:${label}`).slice(0, 32);

interface RideSecrets {
  readonly details: { salt: string; pickup: GeoPoint; destination: GeoPoint; riderParametersHash: string };
  readonly requestKey: { first: string; second: string };
  readonly response: { salt: string; location: GeoPoint; driverParametersHash: string; vehicleParametersHash: string };
  readonly responseKey: { first: string; second: string };
}

describe('end to end: ride-share with split keys and hash reconciliation through fabric-gateway', function () {
  this.timeout(180_000);
  let network: E2eNetwork;
  let blockReader: BlockReader;
  let lastBlock = 0n;
  const rider = E2eDevice.fromSeed('rider-phone', 'rideshare rider');
  const stranger = E2eDevice.fromSeed('rider-phone', 'rideshare rider without terms');
  const driver = E2eDevice.fromSeed('driver-phone', 'rideshare driver');
  const headUnit = E2eDevice.fromSeed('head-unit', 'rideshare head unit');
  const secrets: RideSecrets = {
    details: { salt: salt('request'), pickup: PICKUP, destination: DESTINATION, riderParametersHash: secret('rider parameters') },
    requestKey: { first: secret('rider key part'), second: secret('ledger request key part') },
    response: { salt: salt('response'), location: DRIVER_LOCATION, driverParametersHash: secret('driver parameters'), vehicleParametersHash: secret('vehicle parameters') },
    responseKey: { first: secret('driver key part'), second: secret('ledger response key part') },
  };
  const partySalts: string[] = [];
  let rideId: string;
  let requestTxId: string;
  let requestedAtMs: number;
  let respondedAtMs: number;

  const operator = () => network.clients.mobility.contract();
  const track = (committed: CommittedTransaction): CommittedTransaction => {
    if (committed.status.blockNumber > lastBlock) lastBlock = committed.status.blockNumber;
    return committed;
  };
  const submit = async (name: string, args: string[], transientData?: Record<string, string>): Promise<CommittedTransaction> =>
    track(await submitValid(operator(), `rideshare:${name}`, transientData ? { arguments: args, transientData, endorsingOrganizations: TRUSTED_WITH_SECRETS } : { arguments: args }));
  const evaluate = async <T>(name: string, ...args: string[]): Promise<T> => JSON.parse(new TextDecoder().decode(await operator().evaluateTransaction(`rideshare:${name}`, ...args))) as T;

  async function requestTransient(): Promise<{ request: string; transientData: Record<string, string> }> {
    return {
      request: await rider.signJson('rideshare.requestRide', {
        requestedAtMs,
        detailsCommitment: openingCommitment(secrets.details),
        keyPartCommitment: keyPartCommitment(secrets.requestKey.first),
      }),
      transientData: { rideRequest: JSON.stringify(secrets.details), riderKeyPart: secrets.requestKey.first, ledgerKeyPart: secrets.requestKey.second },
    };
  }

  /** What the operator's gateway reads back from its own peer to pass the ledger side's view in transient data. */
  async function ledgerViewFromOperatorPeer(): Promise<unknown> {
    const item = async <T>(name: string): Promise<T> => evaluate<T>('ReadPrivateItem', rideId, name);
    const part = async (name: string): Promise<string> => (await item<{ part: string }>(name)).part;
    return {
      request: await item('request-details'),
      requestKey: { first: await part('request-key-first'), second: await part('request-key-second') },
      response: await item('response-details'),
      responseKey: { first: await part('response-key-first'), second: await part('response-key-second') },
    };
  }

  /** The hashes an honest party computes from the raw locations it saw and both parts of both keys. */
  async function partyHashes(party: E2eDevice): Promise<{ request: string; transientData: Record<string, string> }> {
    const view = { salt: salt(`view ${party.address}`), requestLocation: PICKUP, responseLocation: DRIVER_LOCATION };
    partySalts.push(view.salt);
    const requestHash = firstHash({ requestedAtMs, details: secrets.details, key: secrets.requestKey }, CELL_E6);
    const responseHash = secondHash({ firstHash: requestHash, respondedAtMs, details: secrets.response, key: secrets.responseKey }, CELL_E6);
    const request = await party.signJson('rideshare.submitHashes', { rideId, requestHash, responseHash, viewCommitment: openingCommitment(view) });
    return { request, transientData: { partyView: JSON.stringify(view), ledgerView: JSON.stringify(await ledgerViewFromOperatorPeer()) } };
  }

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    blockReader = new BlockReader(network.clients.audit.gateway.getNetwork('mobility'));
    for (const device of [rider, stranger, driver]) await device.register(network.clients);
    await headUnit.register(network.clients, { vin: VIN });
    await submit('PublishTerms', [JSON.stringify({ version: 1, documentHash: TERMS_HASH })]);
    for (const party of [rider, driver]) await submit('AcceptTerms', [await party.signJson('rideshare.acceptTerms', { version: 1, documentHash: TERMS_HASH })]);
    const driverRequest = await driver.sign('rideshare.linkVehicle', { vehicleDevice: headUnit.address });
    const vehicleRequest = await headUnit.sign('rideshare.linkDriver', { driver: driver.address });
    await submit('LinkVehicle', [JSON.stringify({ driverRequest, vehicleRequest })]);
  });

  after(async () => {
    await tearDownNetwork(network, blockReader);
  });

  it('refuses a ride request from a rider who has not accepted the terms', async () => {
    requestedAtMs = Date.now();
    const request = await stranger.signJson('rideshare.requestRide', {
      requestedAtMs,
      detailsCommitment: openingCommitment(secrets.details),
      keyPartCommitment: keyPartCommitment(secrets.requestKey.first),
    });
    const refused = await chaincodeRefusal(
      operator().submit('rideshare:RequestRide', {
        arguments: [request],
        transientData: { rideRequest: JSON.stringify(secrets.details), riderKeyPart: secrets.requestKey.first, ledgerKeyPart: secrets.requestKey.second },
        endorsingOrganizations: TRUSTED_WITH_SECRETS,
      }),
    );
    expect([refused.code, refused.field]).to.deep.equal(['FAILED_PRECONDITION', 'request.device']);
    expect(refused.rule).to.contain('has not accepted');
    expect(await evaluate('RidesOfParty', stranger.address)).to.deep.equal([]);
  });

  it('records a request with split-key transient data, offers it, and records the driver’s response', async () => {
    requestedAtMs = Date.now();
    const { request, transientData } = await requestTransient();
    const listener = await ChaincodeEventListener.open(network.clients.mobility.gateway.getNetwork('mobility'));
    let requested: CommittedTransaction;
    try {
      requested = await submit('RequestRide', [request], transientData);
      // Step 406: the second part goes to the rider alone, as a reference to the operator's private item.
      const delivered = (await listener.eventOf(requested.transactionId)).payload.notices.find((notice) => notice.type === 'rideshare.KeyPartDelivered');
      expect(delivered?.to).to.deep.equal([`device:${rider.address}`]);
      expect(delivered?.data).to.include({ commitment: keyPartCommitment(secrets.requestKey.second) });
    } finally {
      listener.close();
    }
    const ride = JSON.parse(requested.result) as { rideId: string; status: string; request: { firstHash: string } };
    rideId = ride.rideId;
    requestTxId = requested.transactionId;
    expect(ride.status).to.equal('requested');
    expect(ride.request.firstHash).to.equal(firstHash({ requestedAtMs, details: secrets.details, key: secrets.requestKey }, CELL_E6));

    const offered = await submit('OfferRide', [JSON.stringify({ rideId, driver: driver.address })]);
    expect(JSON.parse(offered.result)).to.include({ rideId, status: 'requested' });

    respondedAtMs = Date.now();
    const response = await driver.signJson('rideshare.respond', {
      rideId,
      decision: 'accept',
      respondedAtMs,
      vehicleDevice: headUnit.address,
      detailsCommitment: openingCommitment(secrets.response),
      keyPartCommitment: keyPartCommitment(secrets.responseKey.first),
    });
    const responded = await submit('RespondToRide', [response], {
      rideResponse: JSON.stringify(secrets.response),
      driverKeyPart: secrets.responseKey.first,
      ledgerKeyPart: secrets.responseKey.second,
    });
    const record = JSON.parse(responded.result) as { status: string; response: { secondHash: string } };
    expect(record.status).to.equal('responded');
    expect(record.response.secondHash).to.equal(
      secondHash({ firstHash: ride.request.firstHash, respondedAtMs, details: secrets.response, key: secrets.responseKey }, CELL_E6),
    );
  });

  it('lets only the operator read the ledger-side key parts, from its own peer', async () => {
    expect(await evaluate('ReadPrivateItem', rideId, 'request-key-second')).to.deep.equal({ kind: 'rideshare.keyPart', part: secrets.requestKey.second });
    const auditor = await chaincodeRefusal(network.clients.audit.contract().evaluateTransaction('rideshare:ReadPrivateItem', rideId, 'request-key-second'));
    expect([auditor.code, auditor.field]).to.deep.equal(['PERMISSION_DENIED', 'caller']);
  });

  it('reconciles the rider’s and the driver’s hashes with the ledger’s, accepting the ride', async () => {
    const fromRider = await partyHashes(rider);
    const riderSettled = await submit('SubmitRideHashes', [fromRider.request], fromRider.transientData);
    expect(JSON.parse(riderSettled.result)).to.include({ status: 'responded' });
    const fromDriver = await partyHashes(driver);
    const bothSettled = await submit('SubmitRideHashes', [fromDriver.request], fromDriver.transientData);
    expect(JSON.parse(bothSettled.result)).to.include({ status: 'accepted' });
  });

  it('verifies the rider at pickup from the ride’s vehicle and completes the ride', async () => {
    const observation = { salt: salt('pickup observation'), position: PICKUP };
    const pickup = await headUnit.signJson('rideshare.verifyPickup', {
      rideId,
      observationCommitment: openingCommitment(observation),
      face: { score: 950, modelId: 'face-net-v3' },
      voice: { score: 900, modelId: 'speaker-id-v2' },
    });
    const verified = await submit('VerifyPickup', [pickup], { vehicleObservation: JSON.stringify(observation), rideRequest: JSON.stringify(secrets.details) });
    expect(JSON.parse(verified.result)).to.include({ status: 'picked-up' });

    const completed = await submit('CompleteRide', [await driver.signJson('rideshare.completeRide', { rideId })]);
    expect(JSON.parse(completed.result)).to.include({ status: 'completed' });
    const history = await evaluate<{ record: { status: string; lastChange?: { action: string } } }[]>('RideHistory', rideId);
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

  it('never puts a key part or a salt in any block, and the split-key request went only to the orgs named', async () => {
    const blocks = await blockReader.readUpTo(lastBlock);
    expect(blocksContaining(blocks, rideId)).to.have.length.above(0);
    const hidden = [secrets.requestKey.first, secrets.requestKey.second, secrets.responseKey.first, secrets.responseKey.second, secrets.details.salt, secrets.response.salt, ...partySalts];
    for (const value of hidden) expect(blocksContaining(blocks, value), value).to.deep.equal([]);
    expect(findTransaction(blocks, requestTxId)?.endorserMspIds).to.deep.equal([...TRUSTED_WITH_SECRETS].sort());
  });
});
