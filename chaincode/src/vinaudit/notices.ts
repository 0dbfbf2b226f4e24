import type { JsonValue } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { toDevice, toOrg, type Recipient } from '../lib/events';
import type { AuditRecord, CaptureRecord } from './audit-types';
import type { LotRecord } from './lot-types';
import type { Evaluation } from './verdict';

/**
 * Notices of the VIN audit contracts. Events are public to the channel: they carry identifiers,
 * VINs and lot positions (no personal data), and the device gateway routes each to its recipients.
 */
export type NoticeData = { [key: string]: JsonValue };

export function compact(data: { [key: string]: JsonValue | undefined }): NoticeData {
  const out: NoticeData = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out;
}

/** Claim 4: the lender, the dealer and every org subscribed to the lot. */
export function lotRecipients(lot: LotRecord): Recipient[] {
  const orgs = [lot.lenderMsp, ...(lot.dealerMsp ? [lot.dealerMsp] : []), ...lot.subscribers];
  return orgs.map(toOrg);
}

export function lenderOnly(lot: { lenderMsp: string }): Recipient[] {
  return [toOrg(lot.lenderMsp)];
}

export function lenderAndDealer(lot: LotRecord): Recipient[] {
  return [toOrg(lot.lenderMsp), ...(lot.dealerMsp ? [toOrg(lot.dealerMsp)] : [])];
}

/** Claim 1, second messages: one notice per verifier, naming only that verifier's photos. */
export function noticeVerificationRequests(ctx: LedgerContext, auditId: string, captures: readonly CaptureRecord[]): void {
  const byVerifier = new Map<string, { captureIndex: number; attempt: number; photoHash: string }[]>();
  for (const capture of captures) {
    if (capture.state !== 'verifying' || !capture.photoHash) continue;
    for (const verifier of capture.verifiers) {
      const list = byVerifier.get(verifier) ?? [];
      list.push({ captureIndex: capture.index, attempt: capture.attempt, photoHash: capture.photoHash });
      byVerifier.set(verifier, list);
    }
  }
  for (const verifier of [...byVerifier.keys()].sort()) {
    ctx.events.emit('vinaudit.VerificationRequested', [toDevice(verifier)], { auditId, tasks: byVerifier.get(verifier) ?? [] });
  }
}

/** Fraud notice in real time: a photo seen before. */
export function noticePhotoReuse(ctx: LedgerContext, lot: LotRecord, capture: CaptureRecord): void {
  for (const reuse of capture.photoReuse.filter((entry) => entry.attempt === capture.attempt)) {
    ctx.events.emit('vinaudit.PhotoReused', lotRecipients(lot), {
      auditId: capture.auditId,
      captureIndex: capture.index,
      photoHash: reuse.photoHash,
      firstAuditId: reuse.firstAuditId,
      firstCaptureIndex: reuse.firstCaptureIndex,
    });
  }
}

/** Claim 1, fourth messages in real time: one vehicle confirmed, or not, as soon as its consensus is fixed. */
export function noticeCaptureOutcome(ctx: LedgerContext, lot: LotRecord, audit: AuditRecord, capture: CaptureRecord, returnTo: JsonValue): void {
  const auditor = audit.auditor ? [toDevice(audit.auditor)] : [];
  const consensus = capture.consensus;
  const base = compact({
    auditId: capture.auditId,
    captureIndex: capture.index,
    attempt: capture.attempt,
    unitId: capture.unitId,
    consensusStatus: consensus?.status,
    certaintyPermille: consensus?.certaintyPermille,
    clarityPermille: consensus?.clarityPermille,
  });
  if (capture.state === 'confirmed') {
    ctx.events.emit('vinaudit.VehicleConfirmed', [...auditor, ...lotRecipients(lot)], compact({ ...base, vin: consensus?.vin }));
  } else if (capture.state === 'mismatch') {
    ctx.events.emit('vinaudit.VehicleNotConfirmed', [...auditor, ...lotRecipients(lot)], compact({ ...base, vin: consensus?.vin, vinCheck: consensus?.vinCheck }));
  } else if (capture.state === 'retake-requested') {
    ctx.events.emit('vinaudit.RetakeRequested', [...auditor, ...lenderOnly(lot)], compact({ ...base, returnTo }));
  }
}

/** Claim 1, fourth messages: the verdict with every VIN confirmation and every fraud type. */
export function noticeVerdict(ctx: LedgerContext, lot: LotRecord, audit: AuditRecord, evaluation: Evaluation): void {
  const auditor = audit.auditor ? [toDevice(audit.auditor)] : [];
  const confirmations = evaluation.confirmations.map((entry) => compact({ vin: entry.vin, unitId: entry.unitId, result: entry.result, reasons: entry.reasons }));
  const fraud = evaluation.fraud.map((entry) => ({ type: entry.type, vins: entry.vins }));
  ctx.events.emit('vinaudit.VerdictIssued', [...auditor, ...lotRecipients(lot)], compact({
    auditId: audit.auditId,
    lotId: lot.lotId,
    outcome: evaluation.outcome,
    reauditOf: audit.reauditOf,
    confirmations,
    fraud,
  }));
  if (evaluation.outcome === 'FAIL') {
    ctx.events.emit('vinaudit.FraudDetected', lotRecipients(lot), { auditId: audit.auditId, lotId: lot.lotId, fraud });
  }
}
