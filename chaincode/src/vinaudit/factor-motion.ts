import type { MotionSample } from './audit-types';
import { finding } from './evaluation';
import type { AuditPolicy } from './policy-types';
import type { Finding } from './verdict-types';

export interface MotionResult {
  readonly passed: boolean;
  readonly changePoints: number;
  /** Share of consecutive samples that show a change, per mille. */
  readonly scorePermille: number;
  readonly findings: readonly Finding[];
}

const FULL_TURN_MDEG = 360_000;

/** Smallest angle between two angles, in millidegrees. */
export function angleBetweenMdeg(a: number, b: number): number {
  const difference = Math.abs(a - b) % FULL_TURN_MDEG;
  return Math.min(difference, FULL_TURN_MDEG - difference);
}

function changed(previous: MotionSample, current: MotionSample, policy: AuditPolicy): boolean {
  return (
    Math.abs(current.velocityMmS - previous.velocityMmS) >= policy.velocityChangeMmS ||
    Math.abs(current.accelerationMmS2 - previous.accelerationMmS2) >= policy.accelerationChangeMmS2 ||
    angleBetweenMdeg(current.pitchMdeg, previous.pitchMdeg) >= policy.orientationChangeMdeg ||
    angleBetweenMdeg(current.rollMdeg, previous.rollMdeg) >= policy.orientationChangeMdeg ||
    angleBetweenMdeg(current.yawMdeg, previous.yawMdeg) >= policy.orientationChangeMdeg
  );
}

/**
 * Fraud factor 3 (claim 15): to walk to vehicles and photograph them, the device's velocity,
 * acceleration or orientation must change; count the path points where it did.
 */
export function evaluateMotion(motion: readonly MotionSample[], policy: AuditPolicy): MotionResult {
  const points = new Set<number>();
  let changedPairs = 0;
  for (let index = 1; index < motion.length; index += 1) {
    const previous = motion[index - 1];
    const current = motion[index];
    if (previous && current && changed(previous, current, policy)) {
      changedPairs += 1;
      points.add(current.pathIndex);
    }
  }
  const changePoints = points.size;
  const passed = changePoints >= policy.minMotionChangePoints;
  const scorePermille = motion.length > 1 ? Math.floor((changedPairs * 1000) / (motion.length - 1)) : 0;
  const findings = passed
    ? []
    : [finding('motion-absent', 3, {}, `motion changed at ${changePoints} path points; at least ${policy.minMotionChangePoints} required`)];
  return { passed, changePoints, scorePermille, findings };
}
