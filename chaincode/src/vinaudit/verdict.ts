import { activeUnits, excusedBy, finding, type EvaluationInput } from './evaluation';
import { evaluateManualEntries } from './factor-manual';
import { evaluateMotion } from './factor-motion';
import { evaluatePath } from './factor-path';
import { evaluateVinAndLocation, type Match } from './factor-vin-location';
import type { Confirmation, FactorResults, Finding, FindingType, Outcome } from './verdict-types';

export interface Evaluation {
  readonly outcome: Outcome;
  readonly factors: FactorResults;
  readonly normalDataSet: { normal: boolean; discrepancies: number; maxDiscrepancies: number; manualEntries: number; maxManualEntries: number };
  readonly confirmations: Confirmation[];
  readonly findings: Finding[];
  readonly fraud: { type: FindingType; vins: string[] }[];
  readonly motionScorePermille: number;
}

/** Beyond the patent: the same VIN financed on another lot or by another lender. */
function doubleFlooring(input: EvaluationInput): Finding[] {
  const findings: Finding[] = [];
  for (const unit of activeUnits(input.units)) {
    const others = (input.financing.get(unit.vin) ?? []).filter((entry) => entry.unitId !== unit.unitId || entry.lotId !== unit.lotId);
    if (others.length === 0) continue;
    const where = others.slice(0, 3).map((entry) => `${entry.lotId} (${entry.lenderMsp})`).join(', ');
    findings.push(finding('double-flooring', 0, { vin: unit.vin, unitId: unit.unitId }, `also financed on ${others.length} other lot(s): ${where}`));
  }
  return findings;
}

function reasonsFor(findings: readonly Finding[], unitId: string | undefined, captureIndex: number | undefined): FindingType[] {
  const types = findings
    .filter((item) => item.class !== 'info')
    .filter((item) => (unitId !== undefined && item.unitId === unitId) || (captureIndex !== undefined && item.captureIndex === captureIndex))
    .map((item) => item.type);
  return [...new Set(types)].sort();
}

/** Claim 1, fourth messages: a PASS/FAIL VIN confirmation per recorded vehicle and per unrecorded VIN seen. */
function confirmations(input: EvaluationInput, matches: readonly Match[], findings: readonly Finding[]): Confirmation[] {
  const byUnit = new Map(matches.map((match) => [match.unit.unitId, match.capture]));
  const result: Confirmation[] = [];
  for (const unit of activeUnits(input.units)) {
    const capture = byUnit.get(unit.unitId);
    const reasons = reasonsFor(findings, unit.unitId, capture?.index);
    const entry: Confirmation = { vin: unit.vin, unitId: unit.unitId, result: reasons.length === 0 ? 'PASS' : 'FAIL', reasons };
    const excuse = capture ? undefined : excusedBy(unit, input.submittedAtMs);
    if (excuse) {
      entry.result = 'EXCEPTION';
      entry.exceptionReason = excuse;
    }
    if (capture) {
      entry.captureIndex = capture.index;
      entry.manualEntry = capture.manualEntry;
      if (capture.consensus) {
        entry.certaintyPermille = capture.consensus.certaintyPermille;
        entry.clarityPermille = capture.consensus.clarityPermille;
      }
    }
    result.push(entry);
  }
  for (const item of findings) {
    if (item.type === 'unrecorded-vin' && item.vin && item.captureIndex !== undefined) {
      result.push({ vin: item.vin, captureIndex: item.captureIndex, result: 'FAIL', reasons: reasonsFor(findings, undefined, item.captureIndex) });
    }
  }
  // A report reads best by VIN; unit IDs are opaque hashes.
  return result.sort((a, b) => (a.vin < b.vin ? -1 : a.vin > b.vin ? 1 : (a.captureIndex ?? -1) - (b.captureIndex ?? -1)));
}

function summarize(findings: readonly Finding[]): { type: FindingType; vins: string[] }[] {
  const byType = new Map<FindingType, Set<string>>();
  for (const item of findings) {
    if (item.class === 'info') continue;
    const vins = byType.get(item.type) ?? new Set<string>();
    if (item.vin) vins.add(item.vin);
    byType.set(item.type, vins);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([type, vins]) => ({ type, vins: [...vins].sort() }));
}

/**
 * FIG. 14D step 186: the four fraud factors, the "normal data set" rule and double flooring give the
 * per-VIN confirmations and the audit outcome: FAIL on any fraud finding (photo re-use, no motion,
 * too many typed VINs, an abnormal data set, double flooring), REVIEW on discrepancies within the
 * normal data set, PASS otherwise.
 */
export function evaluateAudit(input: EvaluationInput): Evaluation {
  const factor1 = evaluateVinAndLocation(input);
  const factor2 = evaluatePath(input, factor1.matches);
  const factor3 = evaluateMotion(input.motion, input.policy);
  const factor4 = evaluateManualEntries(input.captures, input.policy);
  const findings: Finding[] = [...factor1.findings, ...factor2.findings, ...factor3.findings, ...factor4.findings, ...doubleFlooring(input)];
  const countDiscrepancies = (factor: number) => findings.filter((item) => item.factor === factor && item.class === 'discrepancy').length;
  const discrepancies = findings.filter((item) => item.class === 'discrepancy').length;
  const normal = discrepancies <= input.policy.normalMaxDiscrepancies && factor4.count <= input.policy.normalMaxManualEntries;
  if (!normal) {
    findings.push(finding('abnormal-data-set', 0, {}, `${discrepancies} discrepancies and ${factor4.count} typed VINs exceed the normal data set (${input.policy.normalMaxDiscrepancies} / ${input.policy.normalMaxManualEntries})`));
  }
  const fraudFound = findings.some((item) => item.class === 'fraud');
  const outcome: Outcome = fraudFound ? 'FAIL' : discrepancies > 0 ? 'REVIEW' : 'PASS';
  const factor1Discrepancies = countDiscrepancies(1);
  const factor1Fraud = factor1.findings.some((item) => item.class === 'fraud');
  return {
    outcome,
    factors: {
      vinAndLocation: { passed: factor1Discrepancies === 0 && !factor1Fraud, discrepancies: factor1Discrepancies },
      path: { passed: factor2.findings.length === 0, discrepancies: countDiscrepancies(2), coveragePermille: factor2.coveragePermille },
      motion: { passed: factor3.passed, changePoints: factor3.changePoints, required: input.policy.minMotionChangePoints },
      manualEntries: { passed: factor4.passed, count: factor4.count, limit: input.policy.manualEntryLimit },
    },
    normalDataSet: {
      normal,
      discrepancies,
      maxDiscrepancies: input.policy.normalMaxDiscrepancies,
      manualEntries: factor4.count,
      maxManualEntries: input.policy.normalMaxManualEntries,
    },
    confirmations: confirmations(input, factor1.matches, findings),
    findings,
    fraud: summarize(findings),
    motionScorePermille: factor3.scorePermille,
  };
}

