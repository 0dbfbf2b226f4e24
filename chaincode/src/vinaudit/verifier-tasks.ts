import type { AuditRecord, CaptureRecord } from './audit-types';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition } from '../lib/errors';
import { assignVerifiers, type Candidate } from './crowd-assignment';
import { indexKey } from './ids';
import { tasks } from './store';

function taskKey(verifier: string, capture: { auditId: string; index: number; attempt: number }): string[] {
  return [verifier, capture.auditId, indexKey(capture.index), String(capture.attempt)];
}

/** Claim 1, second messages: picks the photo's verifiers and opens a task for each. */
export async function openTasks(
  ctx: LedgerContext,
  audit: AuditRecord,
  capture: { auditId: string; index: number; attempt: number },
  candidates: readonly Candidate[],
): Promise<string[]> {
  const verifiers = assignVerifiers(candidates, {
    txId: ctx.txId,
    captureIndex: capture.index,
    attempt: capture.attempt,
    auditorPersonRef: audit.auditorPersonRef ?? '',
    count: audit.policy.verifiersPerPhoto,
  });
  if (verifiers.length < audit.policy.verifierQuorum) {
    throw failedPrecondition('crowd', `${verifiers.length} independent verifiers are enrolled; the quorum needs ${audit.policy.verifierQuorum}`);
  }
  for (const verifier of verifiers) await tasks.add(ctx, taskKey(verifier, capture));
  return verifiers;
}

/** Closes the tasks of a photo attempt (all of them once its consensus is fixed). */
export async function closeTasks(ctx: LedgerContext, capture: CaptureRecord, verifiers: readonly string[] = capture.verifiers): Promise<void> {
  for (const verifier of verifiers) await tasks.remove(ctx, taskKey(verifier, capture));
}

export interface OpenTask {
  readonly auditId: string;
  readonly captureIndex: number;
  readonly attempt: number;
}

export async function listTasks(ctx: LedgerContext, verifier: string): Promise<OpenTask[]> {
  const entries = await tasks.list(ctx, [verifier]);
  return entries.map(([, auditId, index, attempt]) => ({ auditId: auditId ?? '', captureIndex: Number(index), attempt: Number(attempt) }));
}
