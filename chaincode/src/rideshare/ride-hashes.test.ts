import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from '../lib/canonical-json';
import { sha256Hex } from '../lib/hash';
import { firstHash, floorDiv, gridCell, keyHash, keyPartCommitment, keyPartOpening, pinCommitment, secondHash } from './ride-hashes';

const part = (label: string) => sha256Hex(`part:${label}`);
const details = {
  salt: 'ab'.repeat(16),
  pickup: { latE6: 48_137_150, lonE6: 11_575_450 },
  destination: { latE6: 48_353_750, lonE6: 11_786_080 },
  riderParametersHash: sha256Hex('rider parameters'),
};
const request = { requestedAtMs: 1_767_225_600_000, details, key: { first: part('a'), second: part('b') } };

describe('ride-share hashes', () => {
  it('quantises to grid cells with floor division on both sides of zero', () => {
    expect(gridCell({ latE6: 48_137_150, lonE6: -11_575_450 }, 100)).to.deep.equal({ latCell: 481_371, lonCell: -115_755 });
    expect(gridCell({ latE6: -1, lonE6: 0 }, 100)).to.deep.equal({ latCell: -1, lonCell: 0 });
    fc.assert(
      fc.property(fc.integer({ min: -180_000_000, max: 180_000_000 }), fc.integer({ min: 1, max: 100_000 }), (value, divisor) => {
        const quotient = floorDiv(value, divisor);
        expect(quotient).to.equal(Math.floor(value / divisor));
        expect(value - quotient * divisor).to.be.within(0, divisor - 1);
      }),
    );
  });

  it('commits to a key part with the hash of the opening stored in operatorPrivate', () => {
    expect(keyPartCommitment(part('a'))).to.equal(sha256Hex(canonicalJson(keyPartOpening(part('a')))));
    expect(keyPartCommitment(part('a'))).to.not.equal(keyPartCommitment(part('b')));
  });

  it('validates a two-part key only with both parts, in order, for its kind', () => {
    const valid = keyHash('request', part('a'), part('b'));
    expect(keyHash('request', part('a'), part('b'))).to.equal(valid);
    expect(keyHash('request', part('b'), part('a'))).to.not.equal(valid);
    expect(keyHash('request', part('a'), part('c'))).to.not.equal(valid);
    expect(keyHash('response', part('a'), part('b'))).to.not.equal(valid);
  });

  it('gives the first hash the same value for locations in one cell and another value across cells', () => {
    const hash = firstHash(request, 100);
    const sameCell = { ...request, details: { ...details, pickup: { latE6: 48_137_199, lonE6: 11_575_401 } } };
    const nextCell = { ...request, details: { ...details, pickup: { latE6: 48_137_200, lonE6: 11_575_450 } } };
    expect(firstHash(sameCell, 100)).to.equal(hash);
    expect(firstHash(nextCell, 100)).to.not.equal(hash);
    expect(firstHash(request, 1000)).to.not.equal(hash);
  });

  it('changes the first hash with the time, each key part, the rider parameters and the destination, not the salt', () => {
    const hash = firstHash(request, 100);
    expect(firstHash({ ...request, requestedAtMs: request.requestedAtMs + 1 }, 100)).to.not.equal(hash);
    expect(firstHash({ ...request, key: { ...request.key, first: part('x') } }, 100)).to.not.equal(hash);
    expect(firstHash({ ...request, key: { ...request.key, second: part('x') } }, 100)).to.not.equal(hash);
    expect(firstHash({ ...request, details: { ...details, riderParametersHash: part('x') } }, 100)).to.not.equal(hash);
    expect(firstHash({ ...request, details: { ...details, destination: { latE6: 0, lonE6: 0 } } }, 100)).to.not.equal(hash);
    // The salt protects the details commitment; the hash itself is already protected by the secret key parts.
    expect(firstHash({ ...request, details: { ...details, salt: 'cd'.repeat(16) } }, 100)).to.equal(hash);
  });

  it('chains the second hash to the first hash it answers', () => {
    const response = {
      firstHash: firstHash(request, 100),
      respondedAtMs: request.requestedAtMs + 5000,
      details: { salt: 'ef'.repeat(16), location: { latE6: 48_140_020, lonE6: 11_580_030 }, driverParametersHash: part('d'), vehicleParametersHash: part('v') },
      key: { first: part('c'), second: part('d') },
    };
    const hash = secondHash(response, 100);
    expect(secondHash({ ...response, firstHash: part('other') }, 100)).to.not.equal(hash);
    expect(secondHash({ ...response, details: { ...response.details, vehicleParametersHash: part('w') } }, 100)).to.not.equal(hash);
    expect(hash).to.not.equal(response.firstHash);
  });

  it('binds a PIN to its salt', () => {
    expect(pinCommitment('ab'.repeat(16), '482913')).to.not.equal(pinCommitment('cd'.repeat(16), '482913'));
    expect(pinCommitment('ab'.repeat(16), '482913')).to.not.equal(pinCommitment('ab'.repeat(16), '482914'));
  });
});
