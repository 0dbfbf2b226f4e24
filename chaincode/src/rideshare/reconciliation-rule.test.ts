import { expect } from 'chai';
import { distanceMm, type GeoPoint } from '../lib/geo';
import { sha256Hex } from '../lib/hash';
import { assessHash, isMatch, nextPartyState } from './reconciliation-rule';

const ledgerLocation: GeoPoint = { latE6: 48_137_150, lonE6: 11_575_450 };
/** A stand-in for the ledger hash with the location replaced: depends on the location's 100-µdeg cell. */
const hashAt = (location: GeoPoint) => sha256Hex(`${Math.floor(location.latE6 / 100)}:${Math.floor(location.lonE6 / 100)}`);
const across: GeoPoint = { latE6: 48_137_210, lonE6: 11_575_450 };
const acrossMm = distanceMm(ledgerLocation, across);

function assess(submittedHash: string, partyLocation: GeoPoint, toleranceMm: number) {
  return assessHash({ ledgerHash: hashAt(ledgerLocation), submittedHash, ledgerLocation, partyLocation, toleranceMm, recomputeWith: hashAt });
}

describe('hash reconciliation rule', () => {
  it('matches an identical hash whatever raw location the party reports', () => {
    expect(assess(hashAt(ledgerLocation), { latE6: 0, lonE6: 0 }, 0)).to.equal('match');
  });

  it('accepts a hash from the next cell when the raw location is just inside the tolerance', () => {
    expect(acrossMm).to.be.greaterThan(0);
    expect(assess(hashAt(across), across, acrossMm)).to.equal('match-within-tolerance');
  });

  it('refuses the same hash when the raw location is just outside the tolerance', () => {
    expect(assess(hashAt(across), across, acrossMm - 1)).to.equal('location-mismatch');
  });

  it('reports a hash mismatch when the location is fine but something else differs', () => {
    expect(assess(sha256Hex('another key part'), across, acrossMm)).to.equal('hash-mismatch');
    expect(assess(sha256Hex('another key part'), ledgerLocation, 0)).to.equal('hash-mismatch');
  });

  it('settles on a match, asks for an updated location once, then fails', () => {
    expect(nextPartyState('pending', true)).to.equal('matched');
    expect(nextPartyState('pending', false)).to.equal('update-requested');
    expect(nextPartyState('update-requested', true)).to.equal('matched');
    expect(nextPartyState('update-requested', false)).to.equal('failed');
    expect(['match', 'match-within-tolerance', 'location-mismatch', 'hash-mismatch'].map((o) => isMatch(o as never))).to.deep.equal([true, true, false, false]);
  });
});
