import { expect } from 'chai';
import { DESTINATION, DRIVER_LOCATION, PICKUP, RideWorld } from './rideshare-test-fixture';

const PIN = '482913';

describe('RideshareContract: secrets stay off the public ledger', () => {
  it('keeps key parts, salts, locations and the PIN out of public state, events, arguments and results', async () => {
    const world = await RideWorld.create();
    const ride = await world.acceptedRide({ pin: PIN });
    await world.verifyPickup(ride, { face: { score: 10, modelId: 'face-net-v3' }, pin: PIN });
    await world.partyAction('CompleteRide', ride, world.driver);
    const response = ride.response;
    if (!response || !ride.pin) throw new Error('fixture incomplete');

    const secrets: Record<string, string> = {
      'request key, first part': ride.requestKey.first,
      'request key, second part': ride.requestKey.second,
      'response key, first part': response.key.first,
      'response key, second part': response.key.second,
      'request details salt': ride.details.salt,
      'response details salt': response.details.salt,
      'PIN salt': ride.pin.salt,
      PIN: `"${PIN}"`,
      'pickup latitude': String(PICKUP.latE6),
      'pickup longitude': String(PICKUP.lonE6),
      'destination latitude': String(DESTINATION.latE6),
      'driver latitude': String(DRIVER_LOCATION.latE6),
    };
    const publicState = [...world.ledger.rawState()].map(([key, value]) => `${key}=${Buffer.from(value).toString('utf8')}`);
    const published = {
      'world state': publicState.join('\n'),
      events: JSON.stringify(world.events),
      'transaction arguments': world.publicArgs.join('\n'),
      'transaction results': world.results.join('\n'),
    };
    for (const [where, text] of Object.entries(published)) {
      expect(text.length, where).to.be.greaterThan(100);
      for (const [name, secret] of Object.entries(secrets)) {
        expect(text.includes(secret), `${name} found in ${where}`).to.equal(false);
      }
    }

    // The scan is not vacuous: the same values are in operatorPrivate.
    const privateText = [...world.ledger.world.collection('operatorPrivate').values()].map((value) => Buffer.from(value).toString('utf8')).join('\n');
    for (const name of ['request key, first part', 'request key, second part', 'response key, first part', 'response key, second part', 'PIN salt', 'pickup latitude']) {
      expect(privateText.includes(secrets[name] ?? '-'), `${name} in operatorPrivate`).to.equal(true);
    }
  });

  it('records only times, parties, hashes and commitments for the request and the response', async () => {
    const world = await RideWorld.create();
    const ride = await world.acceptedRide();
    const record = await world.ride(ride.rideId);
    expect(Object.keys(record.request).sort()).to.deep.equal(
      ['detailsCommitment', 'firstHash', 'firstPartCommitment', 'keyHash', 'requestedAtMs', 'secondPartCommitment', 'txId'].sort(),
    );
    expect(Object.keys(record.response ?? {}).sort()).to.deep.equal(
      [
        'detailsCommitment',
        'driver',
        'driverTermsVersion',
        'firstPartCommitment',
        'keyHash',
        'respondedAtMs',
        'secondHash',
        'secondPartCommitment',
        'txId',
        'vehicleDevice',
        'vin',
      ].sort(),
    );
  });
});
