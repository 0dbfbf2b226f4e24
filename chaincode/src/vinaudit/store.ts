import type { Static, TSchema } from '@sinclair/typebox';
import { ORG_MSP } from '../lib/access';
import type { LedgerContext } from '../lib/context';
import { createEndorsedBy, requireOrgEndorsement } from '../lib/key-endorsement';
import { CompositeIndex, RecordStore } from '../lib/state';
import { AuditRecord, CaptureRecord, CheckInRecord, PhotoUseRecord, SubmissionRecord } from './audit-types';
import { CrewRecord, ReadingRecord } from './crowd-types';
import { DoubleFlooringRecord, LotRecord, UnitRecord } from './lot-types';
import { AnomalyScoreRecord, FeatureVector, VerdictRecord } from './verdict-types';

/** Public state of the VIN audit contracts (composite keys; LevelDB range queries only). */
export const lots = new RecordStore('vinaudit-lot', LotRecord, 'lot');
/** [lotId, unitId] */
export const units = new RecordStore('vinaudit-unit', UnitRecord, 'unit');
/** [vin, lotId, unitId] for every unit still financed: the consortium-wide VIN index. */
export const vinIndex = new CompositeIndex('vinaudit-vin~unit');
/** [vin, findingId] */
export const doubleFloorings = new RecordStore('vinaudit-double-flooring', DoubleFlooringRecord, 'double flooring');

export const audits = new RecordStore('vinaudit-audit', AuditRecord, 'audit');
/** [lotId, auditId] */
export const auditsByLot = new CompositeIndex('vinaudit-audit~lot');
/** [auditId, reauditId] */
export const reaudits = new CompositeIndex('vinaudit-audit~reaudit');
/** [auditId, checkInId] */
export const checkIns = new RecordStore('vinaudit-checkin', CheckInRecord, 'check-in');
/** [auditId] */
export const submissions = new RecordStore('vinaudit-submission', SubmissionRecord, 'submission');
/** [auditId, indexKey] */
export const captures = new RecordStore('vinaudit-capture', CaptureRecord, 'capture');
/** [photoHash] */
export const photoUses = new RecordStore('vinaudit-photo', PhotoUseRecord, 'photo');

/** [device] */
export const crew = new RecordStore('vinaudit-crew', CrewRecord, 'crew member');
/** [device]: enrolled, active crowd verifiers */
export const verifierPool = new CompositeIndex('vinaudit-pool');
/** [auditId, indexKey, attempt, verifier] */
export const readings = new RecordStore('vinaudit-reading', ReadingRecord, 'reading');
/** [verifier, auditId, indexKey, attempt]: open verification tasks */
export const tasks = new CompositeIndex('vinaudit-task~verifier');

/** [auditId] */
export const verdicts = new RecordStore('vinaudit-verdict', VerdictRecord, 'verdict');
/** [auditId] */
export const featureVectors = new RecordStore('vinaudit-features', FeatureVector, 'feature vector');
/** [timeKey, auditId], [lotId, timeKey, auditId], [auditor, timeKey, auditId] */
export const featuresByTime = new CompositeIndex('vinaudit-features~time');
export const featuresByLot = new CompositeIndex('vinaudit-features~lot');
export const featuresByAuditor = new CompositeIndex('vinaudit-features~auditor');
/** [auditId, detector] */
export const anomalyScores = new RecordStore('vinaudit-anomaly', AnomalyScoreRecord, 'anomaly score');

/**
 * Key-level endorsement: whatever the chaincode-level policy, a later write to this key validates
 * only with an endorsement by an auditor-org peer.
 */
export async function requireAuditorEndorsement(ctx: LedgerContext, key: string): Promise<void> {
  await requireOrgEndorsement(ctx, key, ORG_MSP.auditor);
}

/** Creates a record that only the auditor org may ever change. */
export async function createAuditorEndorsed<S extends TSchema>(
  ctx: LedgerContext,
  store: RecordStore<S>,
  keyParts: readonly string[],
  record: Static<S>,
): Promise<void> {
  await createEndorsedBy(ctx, store, keyParts, record, ORG_MSP.auditor);
}
