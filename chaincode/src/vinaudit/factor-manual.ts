import type { CaptureRecord } from './audit-types';
import { finding } from './evaluation';
import type { AuditPolicy } from './policy-types';
import type { Finding } from './verdict-types';

export interface ManualResult {
  readonly passed: boolean;
  readonly count: number;
  readonly findings: readonly Finding[];
}

/** Claim 7 item 5: VINs typed by hand, at submission or when sent back to a vehicle. */
export function countManualEntries(captures: readonly CaptureRecord[]): number {
  return captures.filter((capture) => capture.manualEntry).length;
}

/** Fraud factor 4 (claim 16): hand-typed VINs against a limit that may not be exceeded. */
export function evaluateManualEntries(captures: readonly CaptureRecord[], policy: AuditPolicy): ManualResult {
  const count = countManualEntries(captures);
  const passed = count <= policy.manualEntryLimit;
  const findings = passed ? [] : [finding('manual-entry-limit', 4, {}, `${count} VINs typed by hand; the limit is ${policy.manualEntryLimit}`)];
  return { passed, count, findings };
}
