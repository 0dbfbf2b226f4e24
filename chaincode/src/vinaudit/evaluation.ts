import type { CaptureRecord, CheckInRecord, MotionSample, PathPoint } from './audit-types';
import type { FinancingEntry, UnitRecord } from './lot-types';
import type { AuditPolicy } from './policy-types';
import { classOf, type Finding, type FindingType } from './verdict-types';

/** Everything a verdict depends on, read from the ledger by the caller: the rules are pure functions of it. */
export interface EvaluationInput {
  readonly policy: AuditPolicy;
  /** Transaction time of the submission: exceptions recorded later do not excuse a missing vehicle. */
  readonly submittedAtMs: number;
  /** Current records of the units expected when the audit was submitted. */
  readonly units: readonly UnitRecord[];
  /** Captures in index order, in their final state. */
  readonly captures: readonly CaptureRecord[];
  readonly path: readonly PathPoint[];
  readonly motion: readonly MotionSample[];
  /** Check-ins of the submitting device. */
  readonly checkIns: readonly CheckInRecord[];
  /** Per VIN of an expected unit: every unit financing it (this one included), from the VIN index. */
  readonly financing: ReadonlyMap<string, readonly FinancingEntry[]>;
}

/** The VIN a capture stands for at the end: the consensus VIN, or the VIN typed by hand. */
export function finalVin(capture: CaptureRecord): string | undefined {
  if (capture.state === 'manual') return capture.vinRead;
  if (capture.state === 'confirmed' || capture.state === 'mismatch') return capture.consensus?.vin;
  return undefined;
}

export function finding(
  type: FindingType,
  factor: number,
  about: { vin?: string | undefined; unitId?: string | undefined; captureIndex?: number | undefined },
  detail: string,
): Finding {
  const result: Finding = { type, factor, class: classOf(type), detail: detail.slice(0, 256) };
  if (about.vin !== undefined) result.vin = about.vin;
  if (about.unitId !== undefined) result.unitId = about.unitId;
  if (about.captureIndex !== undefined) result.captureIndex = about.captureIndex;
  return result;
}

/** Units still financed on the lot (released units no longer need to be there). */
export function activeUnits(units: readonly UnitRecord[]): UnitRecord[] {
  return units.filter((unit) => unit.status !== 'released');
}

/**
 * An exception excuses absence only when it was on record before the auditor submitted and had not
 * lapsed by then (a unit "in transit until" a date must be back after it).
 */
export function excusedBy(unit: UnitRecord, submittedAtMs: number): string | undefined {
  const exception = unit.status === 'exception' ? unit.exception : undefined;
  if (!exception || exception.recordedAtMs > submittedAtMs) return undefined;
  if (exception.untilMs !== undefined && exception.untilMs < submittedAtMs) return undefined;
  return exception.reason;
}
