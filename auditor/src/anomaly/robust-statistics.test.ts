import { expect } from 'chai';
import { MAD_TO_SD, median, medianAbsoluteDeviation } from './robust-statistics';

describe('anomaly: median and MAD', () => {
  it('median of odd and even counts, any order', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([7])).to.equal(7);
    expect(() => median([])).to.throw(RangeError);
  });

  it('MAD ignores one wild value where the standard deviation does not', () => {
    const values = [1, 2, 3, 4, 100];
    expect(median(values)).to.equal(3);
    // |x − 3| = 2, 1, 0, 1, 97
    expect(medianAbsoluteDeviation(values)).to.equal(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
    expect(sd).to.be.greaterThan(40);
  });

  it('1.4826 × MAD estimates the standard deviation of normal data', () => {
    // Quantiles of N(0, 1) at (i − 0.5)/n for n = 999: their MAD is Φ⁻¹(3/4) = 0.6745 up to discreteness.
    const n = 999;
    const quantiles = Array.from({ length: n }, (_, i) => inverseNormal((i + 0.5) / n));
    expect(MAD_TO_SD * medianAbsoluteDeviation(quantiles)).to.be.closeTo(1, 0.01);
  });
});

/** Acklam's rational approximation of Φ⁻¹ (relative error < 1.2e-9), for the test above. */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - 0.02425) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
