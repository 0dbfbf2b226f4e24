import type { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { RecordStore } from '../lib/state';
import { AuditPolicy, PolicyRecord } from './policy-types';
import { NORTH_AMERICAN_PREFIXES } from './vin';

/** Thresholds until a lender sets its own: the patent's examples where it gives one. */
export const DEFAULT_AUDIT_POLICY: AuditPolicy = {
  vehicleLocationToleranceMm: 15_240, // 50 ft: a parking row
  pathProximityMm: 1_524, // five feet (patent, claim 14 example)
  captureDistanceLimitMm: 3_048, // 10 ft: through the windshield
  minMotionChangePoints: 3,
  velocityChangeMmS: 300,
  accelerationChangeMmS2: 500,
  orientationChangeMdeg: 20_000,
  manualEntryLimit: 5, // patent: five or fewer hand-entered VINs
  normalMaxDiscrepancies: 3, // patent: three or fewer discrepancies
  normalMaxManualEntries: 5,
  verifiersPerPhoto: 3,
  verifierQuorum: 3,
  checkDigitRequiredPrefixes: [...NORTH_AMERICAN_PREFIXES],
};

export const policies = new RecordStore('vinaudit-policy', PolicyRecord, 'policy');

export async function readPolicy(ctx: LedgerContext, lenderMsp: string): Promise<AuditPolicy> {
  return (await policies.get(ctx, [lenderMsp]))?.policy ?? DEFAULT_AUDIT_POLICY;
}

/** Rules across fields that a schema cannot express. */
export function checkPolicy(policy: AuditPolicy, field: string): void {
  if (policy.verifierQuorum > policy.verifiersPerPhoto) {
    throw invalidArgument(`${field}.verifierQuorum`, 'must not exceed verifiersPerPhoto');
  }
}
