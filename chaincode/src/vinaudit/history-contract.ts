import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { failedPrecondition } from '../lib/errors';
import { parseJsonArgument } from '../lib/validate';
import { checksummedAddress } from './ids';
import { lenderOnly } from './notices';
import { anomalyScores, audits, featureVectors, featuresByAuditor, featuresByLot, featuresByTime, lots, verdicts } from './store';
import { requireLotLender, requireReader } from './vinaudit-access';
import { AnomalyScoreArgs, FeatureQueryArgs, type AnomalyScoreRecord, type FeatureVector } from './verdict-types';

const DEFAULT_FEATURE_LIMIT = 100;

/**
 * VIN audit, part 4: verdicts and the audit history for anomaly detection (claims 11-13). Feature
 * vectors are queryable so an off-chain detector can compare a new audit with past ones; its advisory
 * score is recorded next to the verdict, which it never changes.
 */
@Info({ title: 'VIN audit: history', description: 'Verdicts, feature vectors and advisory anomaly scores' })
export class VinAuditHistoryContract extends LedgerContract {
  constructor() {
    super('vinaudit.history');
  }

  @Transaction(false)
  @Returns('string')
  async GetVerdict(ctx: LedgerContext, auditId: string): Promise<string> {
    requireReader(ctx, 'read verdicts');
    return canonicalJson(await verdicts.require(ctx, [auditId]));
  }

  /** The most recent feature vectors (of one lot, one auditor device, or all), oldest first. */
  @Transaction(false)
  @Returns('string')
  async ListFeatureVectors(ctx: LedgerContext, argJson: string): Promise<string> {
    requireReader(ctx, 'read audit history');
    const args = parseJsonArgument(FeatureQueryArgs, argJson, 'args');
    const auditor = args.auditor ? checksummedAddress(args.auditor, 'args.auditor') : undefined;
    const entries = args.lotId
      ? await featuresByLot.list(ctx, [args.lotId])
      : auditor
        ? await featuresByAuditor.list(ctx, [auditor])
        : await featuresByTime.list(ctx, []);
    const recent = entries.slice(-(args.limit ?? DEFAULT_FEATURE_LIMIT));
    const vectors: FeatureVector[] = [];
    for (const entry of recent) {
      const auditId = entry[entry.length - 1];
      if (!auditId) continue;
      const vector = await featureVectors.require(ctx, [auditId]);
      // Both filters together: the lot index, narrowed to the auditor.
      if (!auditor || vector.auditor === auditor) vectors.push(vector);
    }
    return canonicalJson(vectors);
  }

  /** The lender records an off-chain detector's advisory score for a finalized audit. */
  @Transaction()
  @Returns('string')
  async RecordAnomalyScore(ctx: LedgerContext, argJson: string): Promise<string> {
    const args = parseJsonArgument(AnomalyScoreArgs, argJson, 'args');
    const audit = await audits.require(ctx, [args.auditId]);
    const lot = await lots.require(ctx, [audit.lotId]);
    requireLotLender(ctx, lot, 'record anomaly scores');
    if (audit.status !== 'finalized') throw failedPrecondition('audit.status', `is ${audit.status}; only finalized audits are scored`);
    const record: AnomalyScoreRecord = { ...args, recordedBy: ctx.callerMspId, recordedAtMs: ctx.nowMs, recordedTxId: ctx.txId };
    await anomalyScores.put(ctx, [args.auditId, args.detector], record);
    ctx.events.emit('vinaudit.AnomalyScoreRecorded', lenderOnly(lot), {
      auditId: args.auditId,
      detector: args.detector,
      scorePermille: args.scorePermille,
      flagged: args.flagged,
    });
    return canonicalJson(record);
  }

  @Transaction(false)
  @Returns('string')
  async ListAnomalyScores(ctx: LedgerContext, auditId: string): Promise<string> {
    requireReader(ctx, 'read anomaly scores');
    return canonicalJson(await anomalyScores.list(ctx, [auditId]));
  }
}
