import { expect } from 'chai';
import fc from 'fast-check';
import { distanceMm } from './geo';

/** Haversine in floating point, only as a test oracle. */
function haversineMm(a: { latE6: number; lonE6: number }, b: { latE6: number; lonE6: number }): number {
  const rad = (microdegrees: number) => (microdegrees / 1e6) * (Math.PI / 180);
  const dLat = rad(b.latE6 - a.latE6);
  const dLon = rad(b.lonE6 - a.lonE6);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latE6)) * Math.cos(rad(b.latE6)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008_800 * Math.asin(Math.sqrt(h));
}

describe('distanceMm', () => {
  it('measures 0.00009 degrees of latitude as about 10 m', () => {
    expect(distanceMm({ latE6: 33_000_000, lonE6: -96_000_000 }, { latE6: 33_000_090, lonE6: -96_000_000 })).to.equal(10_007);
  });

  it('is symmetric, zero for identical points, and within 0.1 % + 1 mm of haversine up to 5 km', () => {
    const point = fc.record({ latE6: fc.integer({ min: -80_000_000, max: 80_000_000 }), lonE6: fc.integer({ min: -179_000_000, max: 179_000_000 }) });
    const offset = fc.integer({ min: -40_000, max: 40_000 });
    fc.assert(
      fc.property(point, offset, offset, (a, dLat, dLon) => {
        const b = { latE6: a.latE6 + dLat, lonE6: a.lonE6 + dLon };
        const measured = distanceMm(a, b);
        expect(measured).to.equal(distanceMm(b, a));
        expect(Number.isInteger(measured)).to.equal(true);
        expect(Math.abs(measured - haversineMm(a, b))).to.be.at.most(haversineMm(a, b) * 0.001 + 1);
      }),
    );
    expect(distanceMm({ latE6: 1, lonE6: 2 }, { latE6: 1, lonE6: 2 })).to.equal(0);
  });

  it('wraps around the antimeridian', () => {
    expect(distanceMm({ latE6: 0, lonE6: 179_999_990 }, { latE6: 0, lonE6: -179_999_990 })).to.equal(2_223);
  });
});
