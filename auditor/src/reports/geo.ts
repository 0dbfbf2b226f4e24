import type { GeoPoint } from './ledger-records';

/**
 * Off-chain geometry for display: the chaincode's equirectangular model (mean Earth radius
 * 6 371 008.8 m, so one microdegree of arc is 111.19508 mm) in floating point. It agrees with the
 * chaincode's integer distance to well under 0.1 % at lot scale; verdicts never depend on it.
 */
export const MM_PER_MICRODEGREE = 111.19508;

const cosDegrees = (degrees: number): number => Math.cos((degrees * Math.PI) / 180);

/** East and north offsets of `point` from `origin`, in millimetres. */
export function localOffsetMm(origin: GeoPoint, point: GeoPoint): { eastMm: number; northMm: number } {
  let dLon = point.lonE6 - origin.lonE6;
  if (dLon > 180_000_000) dLon -= 360_000_000;
  if (dLon < -180_000_000) dLon += 360_000_000;
  const meanLatDegrees = (origin.latE6 + point.latE6) / 2 / 1_000_000;
  return {
    eastMm: dLon * MM_PER_MICRODEGREE * cosDegrees(meanLatDegrees),
    northMm: (point.latE6 - origin.latE6) * MM_PER_MICRODEGREE,
  };
}

/** Distance in whole millimetres (rounded down, as the chaincode reports it). */
export function distanceMm(a: GeoPoint, b: GeoPoint): number {
  const { eastMm, northMm } = localOffsetMm(a, b);
  return Math.floor(Math.hypot(eastMm, northMm));
}

/** Length of a polyline in whole millimetres. */
export function polylineLengthMm(points: readonly GeoPoint[]): number {
  let total = 0;
  for (let index = 1; index < points.length; index += 1) {
    const previous = points[index - 1];
    const current = points[index];
    if (previous && current) {
      const { eastMm, northMm } = localOffsetMm(previous, current);
      total += Math.hypot(eastMm, northMm);
    }
  }
  return Math.floor(total);
}
