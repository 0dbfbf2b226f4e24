import { distanceMm, type GeoPoint } from '@mobility-ledger/chaincode';

/**
 * Two points on the microdegree grid whose integer distance, as the chaincode computes it, is
 * exactly `targetMm`: lets a test stand just inside or just outside a distance threshold.
 */
export function pointsAtDistance(targetMm: number, origin: GeoPoint = { latE6: 33_000_000, lonE6: -96_800_000 }): { vehicle: GeoPoint; device: GeoPoint } {
  for (let shift = 0; shift < 50; shift += 1) {
    const vehicle = { latE6: origin.latE6 + shift * 1000, lonE6: origin.lonE6 };
    for (let dLat = 0; dLat * 100 <= targetMm; dLat += 1) {
      for (let dLon = 0; dLon * 80 <= targetMm; dLon += 1) {
        const device = { latE6: vehicle.latE6 + dLat, lonE6: vehicle.lonE6 + dLon };
        if (distanceMm(vehicle, device) === targetMm) return { vehicle, device };
      }
    }
  }
  throw new Error(`no grid points ${targetMm} mm apart`);
}
