import { distanceMm, type GeoPoint } from '../lib/geo';

/**
 * Freshness of GPS fixes, relative to the transaction time (the proposal timestamp, the same on
 * every endorser) and to each other: a fix may be at most FIX_MAX_AGE_MS old, at most
 * FIX_MAX_FUTURE_MS ahead (clock skew between device and client), and the vehicle's and the
 * device's fixes at most FIX_MAX_GAP_MS apart, so both positions describe the same moment.
 */
export const FIX_MAX_AGE_MS = 30_000;
export const FIX_MAX_FUTURE_MS = 5_000;
export const FIX_MAX_GAP_MS = 10_000;

export const DEFAULT_PROXIMITY_LIMIT_MM = 10_000;

export interface FixTimes {
  readonly vehicleFixMs: number;
  readonly deviceFixMs: number;
}

/** The first freshness rule the fixes break, as a field and rule, or undefined when they are fresh. */
export function fixTimingProblem(times: FixTimes, nowMs: number): { field: string; rule: string } | undefined {
  const checks: [string, number][] = [
    ['fixes.vehicle.payload.fixTimeMs', times.vehicleFixMs],
    ['fixes.device.payload.fixTimeMs', times.deviceFixMs],
  ];
  for (const [field, fixMs] of checks) {
    if (fixMs > nowMs + FIX_MAX_FUTURE_MS) return { field, rule: `is more than ${FIX_MAX_FUTURE_MS} ms after the transaction time` };
    if (nowMs - fixMs > FIX_MAX_AGE_MS) return { field, rule: `is more than ${FIX_MAX_AGE_MS} ms before the transaction time` };
  }
  if (Math.abs(times.vehicleFixMs - times.deviceFixMs) > FIX_MAX_GAP_MS) {
    return { field: 'fixes', rule: `vehicle and device fixes are more than ${FIX_MAX_GAP_MS} ms apart` };
  }
  return undefined;
}

/** Pairing is enabled when the distance is at most the limit (paragraph 54), in integer millimetres. */
export function proximityDecision(vehicle: GeoPoint, device: GeoPoint, limitMm: number): { distanceMm: number; enabled: boolean } {
  const distance = distanceMm(vehicle, device);
  return { distanceMm: distance, enabled: distance <= limitMm };
}
